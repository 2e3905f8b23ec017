import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { PROVIDERS } from '../../activities/providers/catalog.js';
import { OAUTH_PROVIDERS } from '../../api/oauth-config.js';
import { stackTest } from '../helpers/fixture.js';
import { call, type TestApi } from '../helpers/stack.js';

interface Entry {
  id: string;
  kind: string;
  credentials: { key: string; required: boolean; secret: boolean; link: string | null; format: string | null }[];
  oauth: { configured: boolean; fields: string[] } | null;
}

const orgId = randomUUID();
const test = stackTest({ worker: false, orgId, api: { oauth: { stateSecret: randomBytes(32), apps: { sentry: { ...OAUTH_PROVIDERS.sentry!, clientId: 'catalog-test-client' } } } } });

describe('GET /api/v1/providers and the strict connect body', () => {
  let api: TestApi;
  let readOnly: string;
  let writer: string;
  const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;

  test.beforeAll(async ({ stack }) => {
    api = stack.api;
    readOnly = await api.createKey(orgId, ['audit:read']);
    writer = await api.createKey(orgId);
  });

  test('lists every provider with its credential keys and whether OAuth is configured here, to any valid key', async () => {
    const res = await call(api.baseUrl, 'GET', '/api/v1/providers', { token: readOnly });
    expect(res.status).toBe(200);
    const data = res.json.data as Entry[];
    expect(data.map((e) => e.id)).toEqual([...PROVIDERS]);
    const github = data.find((e) => e.id === 'github')!;
    expect(github.kind).toBe('tracker');
    expect(github.credentials).toEqual([
      // Not required by the schema alone: "Connect with GitHub" stores an OAuth token instead.
      expect.objectContaining({ key: 'token', required: false, secret: true, link: expect.stringMatching(/^https:\/\/github\.com\//) }),
      expect.objectContaining({ key: 'repository', required: true, secret: false, format: 'owner/name' }),
      expect.objectContaining({ key: 'base_url', required: false, secret: false, format: 'url' }),
    ]);
    expect(github.oauth).toEqual({ configured: false, fields: ['repository', 'base_url'] });
    expect(data.find((e) => e.id === 'cloudflare')!.oauth).toBeNull();
    expect(data.find((e) => e.id === 'sentry')!.oauth).toEqual({ configured: true, fields: ['organization', 'project', 'base_url'] });
    expect(data.find((e) => e.id === 'ga4')!.oauth).toMatchObject({ configured: false });
    // Keys only the OAuth flow or the worker write are not offered.
    expect(data.flatMap((e) => e.credentials.map((c) => c.key))).not.toContain('auth_code');
    expect((await call(api.baseUrl, 'GET', '/api/v1/providers')).status).toBe(401);
  });

  test('answers 422 validation_failed naming an unknown top-level field, and stores nothing', async () => {
    const typo = await call(api.baseUrl, 'POST', `${base}/github/connect`, { token: writer, body: { credential: { token: 'ghp_typo', repository: 'acme/web' } } });
    expect(typo.status).toBe(422);
    expect(typo.json.error).toEqual({ code: 'validation_failed', message: 'body has an unknown field: credential; expected credentials and/or auth_code' });
    const pasted = await call(api.baseUrl, 'POST', `${base}/github/connect`, { token: writer, body: { credentials: {}, 'ghp_pasted secret': 'x' } });
    expect(pasted.status).toBe(422);
    expect(pasted.text).not.toContain('ghp_pasted');
    const [row] = await api.db.sql`select count(*)::int as n from audit_integrations where org_id = ${orgId}`;
    expect(row!.n).toBe(0);
    // The credentials map itself stays opaque, as the spec says.
    const ok = await call(api.baseUrl, 'POST', `${base}/github/connect`, { token: writer, body: { credentials: { anything: 'goes' } } });
    expect(ok.status).toBe(200);
  });
});
