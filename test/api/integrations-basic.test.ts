import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';

describe('GET …/integrations', () => {
  let api: TestApi;
  const orgId = randomUUID();
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    token = await api.createKey(orgId);
  });
  afterAll(() => api.close());

  it('lists one placeholder per provider for a new project', async () => {
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token });
    expect(res.status).toBe(200);
    const data = res.json.data as Record<string, unknown>[];
    expect(data.map((d) => d.provider)).toEqual(['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare']);
    expect(data[0]).toEqual({ id: null, provider: 'ga4', status: 'disconnected', credentials: {}, last_sync_at: null, inserted_at: null, updated_at: null });
  });

  it('connects and then lists the row first', async () => {
    const c = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/web/audit/integrations/jira/connect`, { token, body: { credentials: { api_token: 'x' } } });
    expect(c.status).toBe(200);
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token });
    const data = res.json.data as Record<string, unknown>[];
    expect(Object.keys(data[0]!).sort()).toEqual(['created_at', 'id', 'last_sync_at', 'org_id', 'project_id', 'provider', 'status', 'updated_at']);
    expect(data[0]!.provider).toBe('jira');
  });
});
