import { describe, expect } from 'vitest';
import { stackTest } from '../helpers/fixture.js';
import { call } from '../helpers/stack.js';

const test = stackTest({ worker: false });

describe('GET …/integrations', () => {
  test('lists one placeholder per provider for a new project', async ({ stack: { api, orgId, token } }) => {
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token });
    expect(res.status).toBe(200);
    const data = res.json.data as Record<string, unknown>[];
    expect(data.map((d) => d.provider)).toEqual(['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare']);
    expect(data[0]).toEqual({ id: null, provider: 'ga4', status: 'disconnected', credentials: {}, last_sync_at: null, inserted_at: null, updated_at: null });
  });

  test('connects and then lists the row first', async ({ stack: { api, orgId, token } }) => {
    const c = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/web/audit/integrations/jira/connect`, { token, body: { credentials: { api_token: 'x' } } });
    expect(c.status).toBe(200);
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token });
    const data = res.json.data as Record<string, unknown>[];
    expect(Object.keys(data[0]!).sort()).toEqual(['created_at', 'id', 'last_sync_at', 'org_id', 'project_id', 'provider', 'status', 'updated_at']);
    expect(data[0]!.provider).toBe('jira');
  });
});
