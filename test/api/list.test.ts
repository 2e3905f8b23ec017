import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { stackTest } from '../helpers/fixture.js';
import { call, type TestApi } from '../helpers/stack.js';
import { DISCONNECTED_ROW_KEYS, PLACEHOLDER_KEYS, PROVIDER_ORDER, ROW_KEYS, TIMESTAMP } from './raw-http.js';

type Entry = Record<string, unknown>;

const orgId = randomUUID();
const test = stackTest({ worker: false, orgId });

describe('GET …/integrations', () => {
  let api: TestApi;
  let token: string;
  const path = (project: string, org: string = orgId) => `/api/v1/orgs/${org}/projects/${project}/audit/integrations`;

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
  });

  async function connect(project: string, provider: string, org: string = orgId, key = token) {
    const res = await call(api.baseUrl, 'POST', `${path(project, org)}/${provider}/connect`, { token: key, body: { credentials: { token: `secret-${provider}` } } });
    expect(res.status).toBe(200);
    return res.json.data as Entry;
  }

  test('returns exactly one placeholder per provider, in provider order, for a new project', async () => {
    const res = await call(api.baseUrl, 'GET', path('fresh'), { token });
    expect(res.status).toBe(200);
    expect(res.json.error).toBeNull();
    const data = res.json.data as Entry[];
    expect(data.map((d) => d.provider)).toEqual(PROVIDER_ORDER);
    for (const entry of data) {
      expect(Object.keys(entry).sort()).toEqual(PLACEHOLDER_KEYS);
      expect(entry).toEqual({ id: null, provider: entry.provider, status: 'disconnected', credentials: {}, last_sync_at: null, inserted_at: null, updated_at: null });
    }
  });

  test('is not paginated: meta holds only request_id', async () => {
    const res = await call(api.baseUrl, 'GET', path('fresh'), { token });
    expect(Object.keys(res.json.meta)).toEqual(['request_id']);
    expect(Object.keys(res.json).sort()).toEqual(['data', 'error', 'meta']);
  });

  test('lists existing rows oldest first with exactly the row fields, then placeholders in provider order', async () => {
    const jira = await connect('ordered', 'jira');
    const github = await connect('ordered', 'github');
    const cloudflare = await connect('ordered', 'cloudflare');
    // Creation times set apart explicitly, in an order that is neither connect order nor provider order.
    await api.db.sql`update audit_integrations set created_at = '2025-06-02T11:00:00Z' where id = ${jira.id as string}`;
    await api.db.sql`update audit_integrations set created_at = '2025-06-01T10:00:00Z' where id = ${cloudflare.id as string}`;
    await api.db.sql`update audit_integrations set created_at = '2025-06-03T09:00:00Z' where id = ${github.id as string}`;

    const res = await call(api.baseUrl, 'GET', path('ordered'), { token });
    const data = res.json.data as Entry[];
    expect(data).toHaveLength(8);
    expect(data.map((d) => d.provider)).toEqual(['cloudflare', 'jira', 'github', 'ga4', 'gsc', 'sentry', 'gitlab', 'linear']);
    for (const row of data.slice(0, 3)) {
      expect(Object.keys(row).sort()).toEqual(ROW_KEYS);
      expect(row).toMatchObject({ org_id: orgId, project_id: 'ordered', status: 'connected' });
      for (const field of ['last_sync_at', 'created_at', 'updated_at']) expect(row[field]).toMatch(TIMESTAMP);
    }
    expect(data[0]!.created_at).toBe('2025-06-01T10:00:00Z');
    for (const placeholder of data.slice(3)) expect(Object.keys(placeholder).sort()).toEqual(PLACEHOLDER_KEYS);
    expect(res.text).not.toContain('secret-');
  });

  test('shows syncing, error and previously connected rows in the row shape, never as placeholders', async () => {
    const rows = { ga4: await connect('states', 'ga4'), gsc: await connect('states', 'gsc'), sentry: await connect('states', 'sentry') };
    await api.db.sql`update audit_integrations set status = 'syncing' where id = ${rows.ga4.id as string}`;
    await api.db.sql`update audit_integrations set status = 'error' where id = ${rows.gsc.id as string}`;
    await api.db.sql`update audit_integrations set status = 'disconnected', credentials = null where id = ${rows.sentry.id as string}`;

    const data = (await call(api.baseUrl, 'GET', path('states'), { token })).json.data as Entry[];
    const byProvider = new Map(data.map((d) => [d.provider, d]));
    expect(byProvider.get('ga4')).toMatchObject({ id: rows.ga4.id, status: 'syncing' });
    expect(byProvider.get('gsc')).toMatchObject({ id: rows.gsc.id, status: 'error' });
    expect(byProvider.get('sentry')).toMatchObject({ id: rows.sentry.id, status: 'disconnected' });
    for (const provider of ['ga4', 'gsc']) expect(Object.keys(byProvider.get(provider)!).sort()).toEqual(ROW_KEYS);
    expect(Object.keys(byProvider.get('sentry')!).sort()).toEqual(DISCONNECTED_ROW_KEYS);
    expect(byProvider.get('sentry')).toMatchObject({ credentials: {} });
    expect(data.filter((d) => d.id === null)).toHaveLength(5);
  });

  test('shows only the path project of the path org', async () => {
    const otherOrg = randomUUID();
    await connect('scoped', 'github');
    await connect('scoped-other', 'jira');
    await connect('scoped', 'linear', otherOrg, await api.createKey(otherOrg));

    const data = (await call(api.baseUrl, 'GET', path('scoped'), { token })).json.data as Entry[];
    expect(data.filter((d) => d.id !== null).map((d) => d.provider)).toEqual(['github']);
    expect(data.map((d) => d.provider).sort()).toEqual([...PROVIDER_ORDER].sort());
  });

  test('accepts an upper-case org id and answers with the canonical lower-case one', async () => {
    await connect('casing', 'gitlab');
    const data = (await call(api.baseUrl, 'GET', path('casing', orgId.toUpperCase()), { token })).json.data as Entry[];
    expect(data[0]).toMatchObject({ provider: 'gitlab', org_id: orgId });
  });

  test('answers HEAD with the headers of GET and no body', async () => {
    const res = await fetch(`${api.baseUrl}${path('fresh')}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).toBe('');
  });
});
