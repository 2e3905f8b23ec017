import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGa4Adapter } from '../../activities/providers/ga4/adapter.js';
import { ga4QuotaExhausted, startFakeGoogle, type FakeGoogle, type Ga4Row } from '../fakes/google.js';
import { byKey, startDataStack, type DataStack } from './data-stack.js';

const ACCESS = 'ya29.ga4-test-access-token';

function rows(n: number, seed = 1): Ga4Row[] {
  return Array.from({ length: n }, (_, i) => ({ pagePath: `/page-${i}`, sessions: 100 * seed + i, screenPageViews: 250 * seed + i, bounceRate: 0.25 + i / 100 }));
}

function expectedValues(data: readonly Ga4Row[]): Record<string, number> {
  return Object.fromEntries(data.flatMap((r) => [[`${r.pagePath}|sessions`, r.sessions], [`${r.pagePath}|screenPageViews`, r.screenPageViews], [`${r.pagePath}|bounceRate`, r.bounceRate]]));
}

describe('ga4 sync (API → workflow → worker → fake GA4 Data API)', () => {
  let google: FakeGoogle;
  let stack: DataStack;
  let nextProperty = 5000;
  const connectProperty = async (project: string, data: Ga4Row[] | undefined, extra: Record<string, unknown> = {}) => {
    const property = String(nextProperty++);
    if (data) google.ga4.set(property, data);
    await stack.connect(project, 'ga4', { property_id: property, access_token: ACCESS, base_url: google.url, ...extra });
    return property;
  };

  beforeAll(async () => {
    // The fake caps rows per call like the API does, so five rows take three calls.
    google = await startFakeGoogle({ accessToken: ACCESS, maxRowsPerCall: 2 });
    stack = await startDataStack([createGa4Adapter({ timeoutMs: 1000 })]);
  });
  afterAll(async () => {
    await stack?.close();
    await google?.close();
  });

  it('runs the report over the last 28 days, pages by offset until rowCount, and stores every metric', async () => {
    const data = rows(5);
    const property = await connectProperty('first', data);
    const { status, run } = await stack.sync('first', 'ga4');
    expect(status).toBe('connected');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 15, items_updated: 0 });

    const calls = google.ga4Requests().filter((r) => r.path === `/v1beta/properties/${property}:runReport`);
    expect(calls.map((r) => (r.body as { offset: number }).offset)).toEqual([0, 2, 4]);
    for (const c of calls) {
      expect(c.method).toBe('POST');
      expect(c.headers.authorization).toBe(`Bearer ${ACCESS}`);
      expect(c.body).toMatchObject({ dimensions: [{ name: 'pagePath' }], metrics: [{ name: 'sessions' }, { name: 'screenPageViews' }, { name: 'bounceRate' }] });
    }
    const range = (calls[0]!.body as { dateRanges: { startDate: string; endDate: string }[] }).dateRanges[0]!;
    const metrics = await stack.metrics('first', 'provider=ga4');
    expect(byKey(metrics)).toEqual(expectedValues(data));
    expect(metrics[0]).toMatchObject({ provider: 'ga4', period_start: `${range.startDate}T00:00:00Z` });
    const end = new Date(Date.parse(`${range.endDate}T00:00:00Z`) + 86_400_000).toISOString().replace('.000', '');
    expect(metrics.every((m) => m.period_end === end && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(m.pulled_at) && typeof m.value === 'number')).toBe(true);
    expect(google.violations).toEqual([]);
  });

  it('replaces the period on a second sync instead of adding rows', async () => {
    await connectProperty('again', rows(3));
    await stack.sync('again', 'ga4');
    const second = await stack.sync('again', 'ga4');
    expect(second.run).toMatchObject({ outcome: 'succeeded', items_pulled: 0, items_updated: 0 });
    expect(await stack.metrics('again', 'provider=ga4&period=all')).toHaveLength(9);
  });

  it('carries new values over: changed values replace old ones, vanished pages go, new pages come', async () => {
    const property = await connectProperty('changes', rows(3));
    await stack.sync('changes', 'ga4');
    const next = rows(3);
    next[0]!.sessions = 999;
    next.splice(1, 1);
    next.push({ pagePath: '/new', sessions: 7, screenPageViews: 9, bounceRate: 0.5 });
    google.ga4.set(property, next);
    const { run } = await stack.sync('changes', 'ga4');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 3, items_updated: 1 + 3 });
    expect(byKey(await stack.metrics('changes', 'provider=ga4&period=all'))).toEqual(expectedValues(next));
  });

  it('fails with ProviderAuthFailed on a rejected access token and does not retry', async () => {
    const property = await connectProperty('badtoken', rows(1), { access_token: 'ya29.revoked' });
    const { status, run } = await stack.sync('badtoken', 'ga4');
    expect(status).toBe('error');
    expect(run.error_code).toBe('ProviderAuthFailed');
    expect(run.error_message).not.toContain('ya29.revoked');
    expect(google.ga4Requests().filter((r) => r.path.includes(property))).toHaveLength(1);
  });

  it('fails with ProviderAuthFailed when the property is not readable (403 PERMISSION_DENIED)', async () => {
    await connectProperty('noaccess', undefined);
    const { run } = await stack.sync('noaccess', 'ga4');
    expect(run.error_code).toBe('ProviderAuthFailed');
  });

  it('waits out a RESOURCE_EXHAUSTED 429 with Retry-After, then succeeds', async () => {
    const property = await connectProperty('quota', rows(2));
    google.fail({ ...ga4QuotaExhausted('1'), match: (r) => r.path.includes(property) });
    const { status, run } = await stack.sync('quota', 'ga4');
    expect(status).toBe('connected');
    expect(run.items_pulled).toBe(6);
    const [first, second] = google.ga4Requests().filter((r) => r.path.includes(property));
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 500 and a slow response, then succeeds', async () => {
    const property = await connectProperty('flaky', rows(4));
    google.fail({ status: 500, body: { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } }, match: (r) => r.path.includes(property) });
    google.fail({ delayMs: 1500, match: (r) => r.path.includes(property) && (r.body as { offset?: number }).offset === 2 });
    const { status } = await stack.sync('flaky', 'ga4');
    expect(status).toBe('connected');
    expect(await stack.metrics('flaky', 'provider=ga4')).toHaveLength(12);
  });

  it('rejects a property_id that is not numeric without calling Google', async () => {
    const before = google.requests.length;
    await stack.connect('badconfig', 'ga4', { property_id: 'G-ABC123', access_token: ACCESS, base_url: google.url });
    const { run } = await stack.sync('badconfig', 'ga4');
    expect(run.error_code).toBe('ProviderConfigInvalid');
    expect(google.requests.length).toBe(before);
  });
});
