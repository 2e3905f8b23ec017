import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertIntegration, type IntegrationKey } from '../../db/integrations.js';
import { upsertMetrics, type MetricValue } from '../../db/metrics.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';

const DAY = 86_400_000;
const OLD = { start: new Date('2025-05-12T00:00:00Z'), end: new Date('2025-06-09T00:00:00Z') };
const NEW = { start: new Date(OLD.start.getTime() + DAY), end: new Date(OLD.end.getTime() + DAY) };

describe('GET …/audit/metrics', () => {
  let api: TestApi;
  const orgId = randomUUID();
  let token: string;
  const path = (project = 'web', query = '') => `/api/v1/orgs/${orgId}/projects/${project}/audit/metrics${query ? `?${query}` : ''}`;

  async function seed(key: IntegrationKey, period: { start: Date; end: Date }, pulledAt: Date, rows: MetricValue[]): Promise<void> {
    const row = await upsertIntegration(api.db.sql, key, api.cipher.encrypt({}, key));
    await upsertMetrics(api.db.sql, { integrationId: row.id, ...key }, period, pulledAt, rows);
  }

  beforeAll(async () => {
    api = await startTestApi({ temporalAddress: '127.0.0.1:1' });
    token = await api.createKey(orgId);
    const ga4 = { orgId, projectId: 'web', provider: 'ga4' as const };
    await seed(ga4, OLD, new Date('2025-06-09T06:00:00.123Z'), [{ dimension: '/', metric: 'sessions', value: 10 }]);
    await seed(ga4, NEW, new Date('2025-06-10T06:00:00.456Z'), [
      { dimension: '/', metric: 'sessions', value: 12 },
      { dimension: '/', metric: 'bounceRate', value: 0.4375 },
      { dimension: '/pricing', metric: 'sessions', value: 3 },
    ]);
    await seed({ orgId, projectId: 'web', provider: 'gsc' }, NEW, new Date('2025-06-10T07:00:00Z'), [
      { dimension: 'https://example.com/', metric: 'clicks', value: 40 },
      { dimension: 'https://example.com/', metric: 'position', value: 3.25 },
    ]);
    await seed({ orgId, projectId: 'other', provider: 'ga4' }, NEW, new Date('2025-06-10T06:00:00Z'), [{ dimension: '/', metric: 'sessions', value: 999 }]);
  });
  afterAll(() => api.close());

  it('lists the newest pull of each provider, with numbers as numbers and UTC second-precision timestamps', async () => {
    const res = await call(api.baseUrl, 'GET', path('web', 'provider=ga4'), { token });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual([
      { provider: 'ga4', dimension: '/', metric: 'bounceRate', value: 0.4375, period_start: '2025-05-13T00:00:00Z', period_end: '2025-06-10T00:00:00Z', pulled_at: '2025-06-10T06:00:00Z' },
      { provider: 'ga4', dimension: '/', metric: 'sessions', value: 12, period_start: '2025-05-13T00:00:00Z', period_end: '2025-06-10T00:00:00Z', pulled_at: '2025-06-10T06:00:00Z' },
      { provider: 'ga4', dimension: '/pricing', metric: 'sessions', value: 3, period_start: '2025-05-13T00:00:00Z', period_end: '2025-06-10T00:00:00Z', pulled_at: '2025-06-10T06:00:00Z' },
    ]);
    expect(res.json.meta).toMatchObject({ total: 3, next_cursor: null });
  });

  it('includes every stored period with period=all, and filters by metric', async () => {
    const all = await call(api.baseUrl, 'GET', path('web', 'provider=ga4&period=all&metric=sessions'), { token });
    expect((all.json.data as { value: number }[]).map((m) => m.value)).toEqual([10, 12, 3]);
  });

  it('lists every provider of the project when no provider is given, and nothing of other projects', async () => {
    const res = await call(api.baseUrl, 'GET', path(), { token });
    const data = res.json.data as { provider: string; value: number }[];
    expect(data.map((m) => m.provider)).toEqual(['ga4', 'ga4', 'ga4', 'gsc', 'gsc']);
    expect(data.some((m) => m.value === 999)).toBe(false);
  });

  it('pages with limit and next_cursor without repeating or skipping rows', async () => {
    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(api.baseUrl, 'GET', path('web', `period=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`), { token });
      expect(res.status).toBe(200);
      expect((res.json.data as unknown[]).length).toBeLessThanOrEqual(2);
      seen.push(...(res.json.data as unknown[]));
      cursor = res.json.meta.next_cursor as string | null;
    } while (cursor);
    const full = await call(api.baseUrl, 'GET', path('web', 'period=all'), { token });
    expect(seen).toEqual(full.json.data);
    expect(seen).toHaveLength(6);
  });

  it('answers an empty list for a known provider that has no metrics', async () => {
    const res = await call(api.baseUrl, 'GET', path('web', 'provider=github'), { token });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual([]);
  });

  it('returns 422 invalid_provider for an unknown provider', async () => {
    const res = await call(api.baseUrl, 'GET', path('web', 'provider=bing'), { token });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ data: null, error: { code: 'invalid_provider' } });
  });

  it('returns 422 validation_failed for a bad limit, period or cursor', async () => {
    for (const query of ['limit=0', 'limit=abc', 'period=week', 'cursor=not-a-cursor', 'provider=ga4&provider=gsc']) {
      const res = await call(api.baseUrl, 'GET', path('web', query), { token });
      expect(res.status, query).toBe(422);
      expect(res.json.error?.code, query).toBe('validation_failed');
    }
  });

  it('requires a key with audit:read on this org', async () => {
    expect((await call(api.baseUrl, 'GET', path())).status).toBe(401);
    const writeOnly = await api.createKey(orgId, ['audit:write']);
    expect((await call(api.baseUrl, 'GET', path(), { token: writeOnly })).json.error?.code).toBe('forbidden');
    const otherOrg = await api.createKey(randomUUID());
    expect((await call(api.baseUrl, 'GET', path(), { token: otherOrg })).status).toBe(403);
    expect((await call(api.baseUrl, 'GET', `/api/v1/orgs/not-a-uuid/projects/web/audit/metrics`, { token })).status).toBe(404);
  });
});
