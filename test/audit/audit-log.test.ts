import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, type Scope } from '../../db/api-keys.js';
import { createCredentialCipher } from '../../db/crypto.js';
import { decryptWebhookSecret } from '../../db/webhook-secrets.js';
import { responseChecker } from '../deploy/openapi-check.js';
import { openApiDocument } from '../../api/openapi/document.js';
import { entryBundle } from '../helpers/entry-bundle.js';
import { PROJECT_ROOT } from '../helpers/services.js';
import { call, randomKey, startTestApi, type TestApi } from '../helpers/stack.js';
import { webhooksFor } from '../webhooks/support.js';

const run = promisify(execFile);
const GITHUB_TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const GITLAB_TOKEN = `glpat-${randomUUID().replace(/-/g, '')}`;

type Entry = { id: string; action: string; project_id: string | null; provider: string | null; target_id: string | null; request_id: string | null; client_request_id: string | null; client_address: string | null; actor: { type: string; api_key_id: string | null; api_key_name: string | null; name: string | null } };

describe('GET /api/v1/orgs/:org_id/audit-log', () => {
  const oldKey = randomKey('old');
  let api: TestApi;
  const orgId = randomUUID();
  const otherOrg = randomUUID();
  let writer: { id: string; token: string };
  const checker = responseChecker(openApiDocument() as never);
  const LOG = '/api/v1/orgs/{org_id}/audit-log';

  async function key(org: string, scopes: Scope[], name: string) {
    const { key: row, token } = await createApiKey(api.db.sql, { orgId: org, scopes, name });
    return { id: row.id, token };
  }
  async function log(query = '', token = writer.token, org = orgId) {
    const res = await fetch(`${api.baseUrl}/api/v1/orgs/${org}/audit-log${query}`, { headers: { authorization: `Bearer ${token}` } });
    const checked = await checker.check(res, 'GET', LOG);
    return { status: checked.status, json: checked.json as { data: Entry[]; meta: { next_cursor: string | null }; error: { code: string; message: string } | null } };
  }
  const integration = (provider: string, action: string) => `/api/v1/orgs/${orgId}/projects/website/audit/integrations/${provider}/${action}`;

  beforeAll(async () => {
    // No worker: the sync request only has to be accepted (Temporal takes the start), which is what the log records.
    api = await startTestApi({ keys: [oldKey] });
    writer = await key(orgId, ['audit:read', 'audit:write'], 'ci-writer');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('records connect, reconnect, sync and disconnect with the acting key, request id and client address, newest first', async () => {
    const ids: string[] = [];
    const clientIds: string[] = [];
    const step = async (path: string, body?: unknown) => {
      const clientId = `client-${clientIds.length}-${randomUUID()}`;
      const res = await call(api.baseUrl, 'POST', path, { token: writer.token, headers: { 'x-request-id': clientId }, ...(body ? { body } : {}) });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
      // The server's own id, never the client's.
      expect(res.json.meta.request_id).toMatch(/^[A-Za-z0-9_-]{20}$/);
      ids.push(res.json.meta.request_id);
      clientIds.push(clientId);
    };
    await step(integration('github', 'connect'), { credentials: { token: GITHUB_TOKEN, repository: 'acme/web' } });
    await step(integration('github', 'connect'), { credentials: { token: GITHUB_TOKEN, repository: 'acme/site' } });
    await step(integration('github', 'sync'));
    await step(integration('github', 'disconnect'));

    const page = await log('?provider=github');
    expect(page.status).toBe(200);
    expect(page.json.data.map((e) => e.action)).toEqual(['disconnect', 'sync_requested', 'reconnect', 'connect']);
    expect(page.json.data.map((e) => e.request_id)).toEqual([...ids].reverse());
    expect(page.json.data.map((e) => e.client_request_id)).toEqual([...clientIds].reverse());
    for (const e of page.json.data) {
      expect(e).toEqual(expect.objectContaining({ project_id: 'website', provider: 'github', actor: { type: 'api_key', api_key_id: writer.id, api_key_name: 'ci-writer', name: null } }));
      expect(e.client_address).toMatch(/127\.0\.0\.1$/);
    }
    expect(new Set(page.json.data.map((e) => e.target_id)).size).toBe(1);
  });

  it('filters by project, provider, action and time range, and pages with a cursor', async () => {
    await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/shop/audit/integrations/gitlab/connect`, { token: writer.token, body: { credentials: { token: GITLAB_TOKEN, project: 'acme/shop' } } });
    expect((await log('?project_id=shop')).json.data.map((e) => [e.action, e.provider])).toEqual([['connect', 'gitlab']]);
    expect((await log('?action=connect')).json.data.map((e) => e.provider)).toEqual(['gitlab', 'github']);
    expect((await log('?project_id=website&action=disconnect')).json.data).toHaveLength(1);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await log(`?since=${future}`)).json.data).toEqual([]);
    expect((await log(`?until=${encodeURIComponent('2020-01-01T00:00:00Z')}`)).json.data).toEqual([]);
    // Valid ISO 8601 that Postgres cannot read as such (year 0000, an offset past ±15:59): clamped, never a 500.
    expect((await log(`?limit=100&since=${encodeURIComponent('0000-01-01T00:00:00Z')}`)).json.data).toEqual((await log('?limit=100')).json.data);
    expect((await log(`?until=${encodeURIComponent('2020-01-01T00:00:00+23:59')}`)).json.data).toEqual([]);

    const all = (await log('?limit=100')).json.data;
    const first = await log('?limit=2');
    expect(first.json.data).toEqual(all.slice(0, 2));
    expect(first.json.meta.next_cursor).toEqual(expect.any(String));
    const second = await log(`?limit=2&cursor=${first.json.meta.next_cursor}`);
    expect(second.json.data).toEqual(all.slice(2, 4));
    const rest = await log(`?limit=100&cursor=${second.json.meta.next_cursor}`);
    expect(rest.json.data).toEqual(all.slice(4));
    expect(rest.json.meta.next_cursor).toBeNull();
  });

  it('answers 422 naming the field for bad filters, 403 to another org and to a key without audit:read, 404 for a non-UUID org', async () => {
    for (const [query, field] of [['?action=drop_tables', 'action'], ['?provider=myspace', 'provider'], ['?since=yesterday', 'since'], ['?limit=0', 'limit'], ['?cursor=bm9wZQ', 'cursor']] as const) {
      const res = await log(query);
      expect(res.status).toBe(422);
      expect(res.json.error).toEqual({ code: 'validation_failed', message: expect.stringMatching(new RegExp(`^${field} `)) });
    }
    const stranger = await key(otherOrg, ['audit:read', 'audit:write'], 'stranger');
    expect((await log('', stranger.token)).json.error?.code).toBe('forbidden');
    expect((await log('', stranger.token)).status).toBe(403);
    // The other org's own log holds nothing of ours.
    expect((await log('', stranger.token, otherOrg)).json.data).toEqual([]);
    const writeOnly = await key(orgId, ['audit:write'], 'write-only');
    expect((await log('', writeOnly.token)).status).toBe(403);
    const readOnly = await key(orgId, ['audit:read'], 'read-only');
    expect((await log('', readOnly.token)).status).toBe(200);
    expect((await call(api.baseUrl, 'GET', '/api/v1/orgs/not-a-uuid/audit-log', { token: writer.token })).status).toBe(404);
  });

  it('keeps only a bounded, printable, not secret-shaped X-Request-Id as client_request_id', async () => {
    const cases: [string, string | null][] = [
      ['x'.repeat(200), 'x'.repeat(200)],
      ['x'.repeat(201), null],
      ['has space', null],
      ['caf\u00e9-id', null],
      [`kr_live_${'a'.repeat(40)}`, null],
    ];
    for (const [incoming, kept] of cases) {
      const res = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/client-ids/audit/integrations/github/connect`, {
        token: writer.token,
        headers: { 'x-request-id': incoming },
        body: { credentials: { token: GITHUB_TOKEN, repository: 'acme/ids' } },
      });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
      expect(res.json.meta.request_id).not.toBe(incoming);
      const [entry] = (await log('?project_id=client-ids&limit=1')).json.data;
      expect(entry).toMatchObject({ request_id: res.json.meta.request_id, client_request_id: kept });
    }
  });

  it('records webhook changes, the keys CLI and credentials:rotate, and never holds a credential or secret', async () => {
    const hooks = webhooksFor(api, writer.token, orgId);
    const hook = await hooks.create({ url: 'http://127.0.0.1:9/hooks', events: ['sync.failed'] });
    expect((await hooks.update(hook.id, { events: ['sync.failed', 'sync.succeeded'] })).status).toBe(200);
    const rotated = (await hooks.rotate(hook.id)).json.data as { secret: string };
    const webhookActions = (await log(`?action=webhook_created`)).json.data.concat((await log('?action=webhook_updated')).json.data, (await log('?action=webhook_secret_rotated')).json.data);
    expect(webhookActions.map((e) => [e.action, e.target_id, e.actor.api_key_id])).toEqual([
      ['webhook_created', hook.id, writer.id],
      ['webhook_updated', hook.id, writer.id],
      ['webhook_secret_rotated', hook.id, writer.id],
    ]);

    // The keys CLI (an operator, no API key): its create and revoke are in the org's log.
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: api.db.url };
    const created = await run(process.execPath, [entryBundle('api/keys-main.ts'), 'create', '--org', orgId, '--scopes', 'audit:read', '--name', 'cli-made'], { cwd: PROJECT_ROOT, env });
    const keyId = /created key ([0-9a-f-]{36})/.exec(created.stdout)![1]!;
    await run(process.execPath, [entryBundle('api/keys-main.ts'), 'revoke', keyId], { cwd: PROJECT_ROOT, env });
    const keyEntries = (await log('?action=key_created')).json.data.concat((await log('?action=key_revoked')).json.data);
    expect(keyEntries.map((e) => [e.action, e.target_id, e.actor.type])).toEqual([
      ['key_created', keyId, 'cli'],
      ['key_revoked', keyId, 'cli'],
    ]);
    // The command only: who ran it and on which machine is the operator's (the CLI's stderr), not the org's to read.
    expect(keyEntries.map((e) => e.actor.name)).toEqual(['npm run keys -- create', 'npm run keys -- revoke']);
    const operator = `${userInfo().username}@${hostname()}`;
    expect(created.stderr).toContain(`audit: key_created ${keyId} recorded, run by ${operator}`);

    // credentials:rotate re-encrypts the webhook secret too, and records the rotation for the org.
    const newKey = randomKey('new');
    const keys = `new:${newKey.key.toString('base64')},old:${oldKey.key.toString('base64')}`;
    const rotatedRun = await run(process.execPath, [entryBundle('db/rotate-main.ts')], { cwd: PROJECT_ROOT, env: { ...env, CREDENTIALS_KEYS: keys } });
    expect(rotatedRun.stdout).toContain('webhook secrets: 1 rotated to key new, 0 failed');
    expect((await log('?action=credentials_rotated')).json.data).toEqual([
      expect.objectContaining({ target_id: 'new', actor: { type: 'cli', api_key_id: null, api_key_name: null, name: 'npm run credentials:rotate' } }),
    ]);
    expect(rotatedRun.stderr).toContain(`run by ${operator}`);
    const [stored] = await api.db.sql<{ secret: string; previous_secret: string }[]>`select secret, previous_secret from webhook_endpoints where id = ${hook.id}`;
    const newOnly = createCredentialCipher([newKey]);
    expect(decryptWebhookSecret(newOnly, orgId, hook.id, stored!.secret)).toBe(rotated.secret);
    expect(decryptWebhookSecret(newOnly, orgId, hook.id, stored!.previous_secret)).toBe(hook.secret);

    // The scan: no credential value or secret anywhere in the audit log, as stored or as served.
    const table = JSON.stringify(await api.db.sql`select * from audit_log`);
    const served = JSON.stringify((await log('?limit=100')).json);
    for (const text of [table, served]) {
      for (const secret of [GITHUB_TOKEN, GITLAB_TOKEN, hook.secret, rotated.secret, writer.token]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/whsec_|kr_live_|ghp_|glpat-/);
      expect(text).not.toContain(`@${hostname()}`);
      expect(text).not.toContain(operator);
    }
  });
});
