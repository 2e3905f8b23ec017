import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../db/api-keys.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { expectError } from './raw-http.js';

describe('authentication and authorization', () => {
  let api: TestApi;
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const keys: Record<'full' | 'readOnly' | 'writeOnly' | 'otherOrg' | 'revoked', string> = { full: '', readOnly: '', writeOnly: '', otherOrg: '', revoked: '' };
  const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;

  const endpoints = [
    { name: 'list', method: 'GET', path: base, scope: 'audit:read' },
    { name: 'connect', method: 'POST', path: `${base}/github/connect`, scope: 'audit:write' },
    { name: 'sync', method: 'POST', path: `${base}/github/sync`, scope: 'audit:write' },
  ] as const;

  beforeAll(async () => {
    api = await startTestApi();
    keys.full = await api.createKey(orgId);
    keys.readOnly = await api.createKey(orgId, ['audit:read']);
    keys.writeOnly = await api.createKey(orgId, ['audit:write']);
    keys.otherOrg = await api.createKey(otherOrgId);
    const revoked = await createApiKey(api.db.sql, { orgId, scopes: ['audit:read', 'audit:write'] });
    expect(await revokeApiKey(api.db.sql, revoked.key.id)).toBe(true);
    keys.revoked = revoked.token;
  });
  afterAll(() => api.close());

  const rowCount = async () =>
    (await api.db.sql<{ count: number }[]>`select count(*)::int as count from audit_integrations where org_id = ${orgId}`)[0]!.count;

  const unauthorized: [string, (token: string) => Record<string, string>][] = [
    ['no Authorization header', () => ({})],
    ['an empty Authorization header', () => ({ authorization: '' })],
    ['the Basic scheme', (t) => ({ authorization: `Basic ${Buffer.from(`user:${t}`).toString('base64')}` })],
    ['Bearer without a token', () => ({ authorization: 'Bearer' })],
    ['a token without the Bearer scheme', (t) => ({ authorization: t })],
    ['a token with a wrong prefix', (t) => ({ authorization: `Bearer ${t.replace('kr_live_', 'kr_test_')}` })],
    ['a truncated token', (t) => ({ authorization: `Bearer ${t.slice(0, 20)}` })],
    ['a token with trailing garbage', (t) => ({ authorization: `Bearer ${t} extra` })],
    ['a token with a non-base62 character', (t) => ({ authorization: `Bearer ${t.slice(0, -1)}!` })],
    ['an unknown well-formed token', () => ({ authorization: `Bearer kr_live_${'A'.repeat(40)}` })],
  ];

  for (const endpoint of endpoints) {
    describe(`${endpoint.method} ${endpoint.name}`, () => {
      it.each(unauthorized)('returns 401 unauthorized for %s', async (_label, headers) => {
        const res = await call(api.baseUrl, endpoint.method, endpoint.path, { headers: headers(keys.full) });
        expectError(res, 401, 'unauthorized');
        expect(res.text).not.toContain(keys.full.slice(8));
      });

      it('returns 401 unauthorized for a revoked key', async () => {
        expectError(await call(api.baseUrl, endpoint.method, endpoint.path, { token: keys.revoked }), 401, 'unauthorized');
      });

      it('returns 403 forbidden for a valid key of another org', async () => {
        expectError(await call(api.baseUrl, endpoint.method, endpoint.path, { token: keys.otherOrg }), 403, 'forbidden');
      });

      it(`returns 403 forbidden for a key without ${endpoint.scope}`, async () => {
        const token = endpoint.scope === 'audit:read' ? keys.writeOnly : keys.readOnly;
        expectError(await call(api.baseUrl, endpoint.method, endpoint.path, { token }), 403, 'forbidden');
      });
    });
  }

  it('accepts a read-only key on list and the scheme in any case', async () => {
    expect((await call(api.baseUrl, 'GET', base, { token: keys.readOnly })).status).toBe(200);
    expect((await call(api.baseUrl, 'GET', base, { headers: { authorization: `bearer ${keys.readOnly}` } })).status).toBe(200);
    expect((await call(api.baseUrl, 'GET', base, { headers: { authorization: `BEARER ${keys.readOnly}` } })).status).toBe(200);
  });

  it('authenticates before reading the body: 401, not 400, for an unauthenticated malformed body', async () => {
    const res = await call(api.baseUrl, 'POST', `${base}/github/connect`, { rawBody: '{broken', headers: { 'content-type': 'application/json' } });
    expectError(res, 401, 'unauthorized');
  });

  it('authorizes before looking at the provider or the body: 403, not 422 or 415', async () => {
    expectError(await call(api.baseUrl, 'POST', `${base}/bitbucket/connect`, { token: keys.readOnly }), 403, 'forbidden');
    expectError(await call(api.baseUrl, 'POST', `${base}/github/connect`, { token: keys.otherOrg, rawBody: 'x', headers: { 'content-type': 'text/plain' } }), 403, 'forbidden');
  });

  it('authenticates before validating path ids: 401 for a bad org id without a token', async () => {
    expectError(await call(api.baseUrl, 'GET', '/api/v1/orgs/not-a-uuid/projects/web/audit/integrations'), 401, 'unauthorized');
  });

  it('writes nothing for rejected connects and syncs', async () => {
    for (const token of [undefined, keys.revoked, keys.otherOrg, keys.readOnly]) {
      await call(api.baseUrl, 'POST', `${base}/github/connect`, { ...(token ? { token } : {}), body: { credentials: { token: 'x' } } });
    }
    expect(await rowCount()).toBe(0);

    expect((await call(api.baseUrl, 'POST', `${base}/jira/connect`, { token: keys.full, body: {} })).status).toBe(200);
    for (const token of [undefined, keys.revoked, keys.otherOrg, keys.readOnly]) {
      await call(api.baseUrl, 'POST', `${base}/jira/sync`, token ? { token } : {});
    }
    const [row] = await api.db.sql<{ status: string }[]>`select status from audit_integrations where org_id = ${orgId} and provider = 'jira'`;
    expect(row!.status).toBe('connected');
  });

  it('stops accepting a key once it is revoked', async () => {
    const { key, token } = await createApiKey(api.db.sql, { orgId, scopes: ['audit:read'] });
    expect((await call(api.baseUrl, 'GET', base, { token })).status).toBe(200);
    await revokeApiKey(api.db.sql, key.id);
    // The key cache hears the revocation by NOTIFY: within a second (test/api/key-cache.test.ts across processes).
    const refused = await waitFor(async () => {
      const res = await call(api.baseUrl, 'GET', base, { token });
      return res.status === 401 ? res : undefined;
    }, 'the revoked key to be refused', 1000);
    expectError(refused, 401, 'unauthorized');
  });

  it('stores only a hash of the token', async () => {
    const rows = await api.db.sql<{ token_hash: string; token_prefix: string }[]>`select token_hash, token_prefix from api_keys`;
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const row of rows) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const all = JSON.stringify(rows);
    for (const token of Object.values(keys)) expect(all).not.toContain(token);
    // The hash is plain SHA-256 (hex) of the token, as keys stored by earlier releases have it: they keep working.
    const hashes = new Set(rows.map((row) => row.token_hash));
    for (const token of Object.values(keys)) expect(hashes).toContain(createHash('sha256').update(token, 'utf8').digest('hex'));
  });
});
