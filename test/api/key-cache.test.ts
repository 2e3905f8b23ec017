import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../db/api-keys.js';
import { startRole, type RoleProcess } from '../deploy/processes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { entryBundle } from '../helpers/entry-bundle.js';
import { freePort, PROJECT_ROOT } from '../helpers/services.js';
import { call } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);

describe('API-key cache across API processes (LISTEN/NOTIFY on revoke)', () => {
  let db: TestDatabase;
  const apis: { role: RoleProcess; url: string }[] = [];
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const list = (org: string) => `/api/v1/orgs/${org}/projects/web/audit/integrations`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, TEMPORAL_ADDRESS: inject('temporalAddress'), CREDENTIALS_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'info', HOST: '127.0.0.1' };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const role = startRole(['--import', 'tsx', 'api/main.ts'], { ...env, PORT: String(port) });
      apis.push({ role, url: `http://127.0.0.1:${port}` });
    }
    await Promise.all(apis.map((a) => a.role.waitForLog((l) => l.msg === 'api key cache on (revocations heard)', 'the key cache to listen')));
  });
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.role.stop()));
    await db?.drop();
  });

  /** Polls every API process until each answers 401; returns how long each took after `since`. */
  async function untilRefusedEverywhere(token: string, since: number): Promise<number[]> {
    return Promise.all(
      apis.map((a) =>
        waitFor(async () => ((await call(a.url, 'GET', list(orgId), { token })).status === 401 ? Date.now() - since : undefined), 'a 401', 5000),
      ),
    );
  }

  async function cachedKey(scopes: ('audit:read' | 'audit:write')[] = ['audit:read']) {
    const { key, token } = await createApiKey(db.sql, { orgId, scopes });
    // Twice per process: the first lookup fills its cache, the second is served from it.
    for (const a of apis) for (let i = 0; i < 2; i++) expect((await call(a.url, 'GET', list(orgId), { token })).status).toBe(200);
    return { key, token };
  }

  it('refuses a key revoked with `npm run keys -- revoke <id>` in both processes within a second', async () => {
    const { key, token } = await cachedKey();
    const { stdout } = await run(process.execPath, [entryBundle('api/keys-main.ts'), 'revoke', key.id], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: db.url } });
    const revokedAt = Date.now();
    expect(stdout).toContain(`revoked ${key.id}`);
    const delays = await untilRefusedEverywhere(token, revokedAt);
    // Measured from the CLI's exit, after its commit; tolerance is the guarantee itself.
    for (const ms of delays) expect(ms).toBeLessThan(1000);
  });

  it('still answers 403 to a cached key for another org and for a scope it lacks', async () => {
    const { token } = await cachedKey(['audit:read']);
    for (const a of apis) {
      const otherOrg = await call(a.url, 'GET', list(otherOrgId), { token });
      expect(otherOrg.status).toBe(403);
      expect(otherOrg.json.error?.code).toBe('forbidden');
      const write = await call(a.url, 'POST', `${list(orgId)}/github/sync`, { token });
      expect(write.status).toBe(403);
      expect(write.json.error?.code).toBe('forbidden');
    }
  });

  it('refuses a key revoked while the listen connections were cut, within a second', async () => {
    const { key, token } = await cachedKey();
    // Cut every process's LISTEN connection, then revoke at once: the NOTIFY may go unheard, the cache must not win.
    const cut = await db.sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${db.name} and query ilike 'listen%'`;
    expect(cut.length).toBeGreaterThanOrEqual(2);
    await db.sql`update api_keys set revoked_at = now() where id = ${key.id}`;
    const delays = await untilRefusedEverywhere(token, Date.now());
    for (const ms of delays) expect(ms).toBeLessThan(1000);
    // And both processes listen again (postgres.js reconnects and re-issues LISTEN; the cache restarts empty).
    await waitFor(async () => {
      const rows = await db.sql`select pid from pg_stat_activity where datname = ${db.name} and query ilike 'listen%'`;
      return rows.length >= 2 ? true : undefined;
    }, 'the LISTEN connections back', 10_000);
    const again = await cachedKey();
    expect(await revokeApiKey(db.sql, again.key.id)).toBe(true);
    for (const ms of await untilRefusedEverywhere(again.token, Date.now())) expect(ms).toBeLessThan(1000);
  });

  it('`npm run keys` answers an unknown or incomplete option with one line and the usage, never a stack trace', async () => {
    for (const args of [['--help'], ['create', '--org']]) {
      const failed = await run(process.execPath, [entryBundle('api/keys-main.ts'), ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: db.url } }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/^(Unknown option '--help'|Option '--org <value>' argument missing)\nusage:\n/);
      expect(failed?.stderr).not.toMatch(/\bat .+:\d+:\d+|ERR_PARSE_ARGS/);
    }
  });
});
