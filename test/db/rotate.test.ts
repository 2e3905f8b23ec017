import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../db/config.js';
import { createCredentialCipher, type CredentialCipher } from '../../db/crypto.js';
import { upsertIntegration } from '../../db/integrations.js';
import { PROVIDERS } from '../../db/providers.js';
import { countCredentialsByKeyId, rotateCredentials } from '../../db/rotate-credentials.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { entryBundle } from '../helpers/entry-bundle.js';
import { PROJECT_ROOT } from '../helpers/services.js';

const run = promisify(execFile);

interface StoredRow {
  id: string;
  org_id: string;
  project_id: string;
  provider: string;
  credentials: string | null;
  updated_at: Date;
}

describe('credential key rotation', () => {
  let db: TestDatabase;
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  const strayKey = randomBytes(32).toString('base64');
  const oldOnly = createCredentialCipher(env.credentialsKeys.parse(`old:${oldKey}`));
  const both = createCredentialCipher(env.credentialsKeys.parse(`new:${newKey},old:${oldKey}`));
  const newOnly = createCredentialCipher(env.credentialsKeys.parse(`new:${newKey}`));
  const orgId = randomUUID();
  const plaintext = (provider: string) => ({ token: `secret-${provider}`, provider_note: provider });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const rows = async (project: string) =>
    db.sql<StoredRow[]>`
      select id, org_id, project_id, provider, credentials, updated_at from audit_integrations
      where org_id = ${orgId} and project_id = ${project} order by provider
    `;

  const scopeOf = (row: StoredRow) => ({ orgId: row.org_id, projectId: row.project_id, provider: row.provider });

  async function seed(project: string, cipher: CredentialCipher, providers: readonly (typeof PROVIDERS)[number][]) {
    for (const provider of providers) {
      const key = { orgId, projectId: project, provider };
      await upsertIntegration(db.sql, key, cipher.encrypt(plaintext(provider), key));
    }
  }

  it('decrypts old-key rows before rotation, re-encrypts every row in batches, and is a no-op when re-run', async () => {
    await seed('rot', oldOnly, PROVIDERS.slice(0, 5));
    await seed('rot', both, PROVIDERS.slice(5, 7));
    // A wiped (disconnected) row has nothing to rotate.
    await seed('rot', oldOnly, PROVIDERS.slice(7));
    await db.sql`update audit_integrations set credentials = null, status = 'disconnected' where org_id = ${orgId} and provider = ${PROVIDERS[7]}`;
    const before = await rows('rot');
    for (const row of before.filter((r) => r.credentials !== null)) expect(both.decrypt(row.credentials!, scopeOf(row))).toEqual(plaintext(row.provider));
    expect(before.filter((r) => r.credentials && both.keyIdOf(r.credentials) === 'old')).toHaveLength(5);

    const first = await rotateCredentials(db.sql, both, { batchSize: 2 });
    expect(first).toEqual({ rotated: 5, failedIds: [], batches: 3 });
    const after = await rows('rot');
    for (const row of after) {
      const previous = before.find((r) => r.id === row.id)!;
      expect(row.updated_at).toEqual(previous.updated_at);
      if (row.credentials === null) continue;
      expect(both.keyIdOf(row.credentials)).toBe('new');
      // The old key can go: the new key alone reads everything.
      expect(newOnly.decrypt(row.credentials, scopeOf(row))).toEqual(plaintext(row.provider));
      expect(() => oldOnly.decrypt(row.credentials!, scopeOf(row))).toThrow();
    }
    // Rows already under the new key were not rewritten.
    for (const provider of PROVIDERS.slice(5, 7)) {
      expect(after.find((r) => r.provider === provider)!.credentials).toBe(before.find((r) => r.provider === provider)!.credentials);
    }

    expect(await rotateCredentials(db.sql, both, { batchSize: 2 })).toEqual({ rotated: 0, failedIds: [], batches: 0 });
    expect((await rows('rot')).map((r) => r.credentials)).toEqual(after.map((r) => r.credentials));
    expect(await countCredentialsByKeyId(db.sql)).toEqual({ new: 7 });
  });

  it('reports rows no configured key can decrypt, leaves them untouched, and still rotates the rest', async () => {
    const stray = createCredentialCipher(env.credentialsKeys.parse(`stray:${strayKey}`));
    await seed('mixed', oldOnly, ['ga4', 'gsc']);
    await seed('mixed', stray, ['jira']);
    const strayRow = (await rows('mixed')).find((r) => r.provider === 'jira')!;

    const result = await rotateCredentials(db.sql, both, { batchSize: 1 });
    expect(result.rotated).toBe(2);
    expect(result.failedIds).toEqual([strayRow.id]);
    const after = await rows('mixed');
    expect(after.find((r) => r.provider === 'jira')!.credentials).toBe(strayRow.credentials);
    for (const row of after.filter((r) => r.provider !== 'jira')) expect(newOnly.decrypt(row.credentials!, scopeOf(row))).toEqual(plaintext(row.provider));
    await db.sql`delete from audit_integrations where id = ${strayRow.id}`;
  });

  describe('npm run credentials:rotate', () => {
    const rotate = (extraEnv: Record<string, string>) =>
      run(process.execPath, [entryBundle('db/rotate-main.ts')], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, ...extraEnv },
      });

    it('rotates in batches, prints counts only, and finds nothing to do the second time', async () => {
      await seed('cli', oldOnly, ['github', 'gitlab', 'linear']);
      const { stdout } = await rotate({ CREDENTIALS_KEYS: `new:${newKey},old:${oldKey}`, ROTATE_BATCH_SIZE: '2' });
      expect(stdout).toContain('credentials: 3 rotated to key new in 2 batch(es), 0 failed');
      expect(stdout).toContain('credentials by key id: new=');
      expect(stdout).not.toContain('secret-');
      for (const row of await rows('cli')) expect(newOnly.decrypt(row.credentials!, scopeOf(row))).toEqual(plaintext(row.provider));

      const again = await rotate({ CREDENTIALS_KEYS: `new:${newKey},old:${oldKey}`, ROTATE_BATCH_SIZE: '2' });
      expect(again.stdout).toContain('credentials: 0 rotated to key new in 0 batch(es), 0 failed');
    });

    it('exits 1 naming the variable, never its value, when the keys are invalid', async () => {
      const bad = `new:${newKey.slice(0, 10)}`;
      const err = (await rotate({ CREDENTIALS_KEYS: bad }).then(
        () => undefined,
        (e: unknown) => e,
      )) as { code: number; stderr: string; stdout: string } | undefined;
      expect(err?.code).toBe(1);
      expect(err?.stderr).toMatch(/CREDENTIALS_KEYS/);
      expect(`${err?.stderr}${err?.stdout}`).not.toContain(newKey.slice(0, 10));
    });

    it('exits 1 and lists the ids of rows it could not decrypt', async () => {
      const stray = createCredentialCipher(env.credentialsKeys.parse(`stray:${strayKey}`));
      await seed('cli-stray', stray, ['cloudflare']);
      const [row] = await rows('cli-stray');
      const err = (await rotate({ CREDENTIALS_KEYS: `new:${newKey}` }).then(
        () => undefined,
        (e: unknown) => e,
      )) as { code: number; stderr: string; stdout: string } | undefined;
      expect(err?.code).toBe(1);
      expect(err?.stdout).toContain('1 failed');
      expect(err?.stderr).toContain(row!.id);
    });
  });
});
