import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { googleFailure } from '../../activities/providers/google-oauth.js';
import { createGscAdapter } from '../../activities/providers/gsc/adapter.js';
import { gscRateLimitExceeded, startFakeGoogle, type FakeGoogle, type GscRow } from '../fakes/google.js';
import { byKey, startDataStack, type DataStack } from './data-stack.js';

const ACCESS = 'ya29.gsc-test-access-token';

function rows(site: string, n: number, seed = 1): GscRow[] {
  return Array.from({ length: n }, (_, i) => ({ page: `${site}page-${i}`, clicks: 10 * seed + i, impressions: 400 * seed + i, ctr: 0.025 + i / 1000, position: 3.5 + i }));
}

function expectedValues(data: readonly GscRow[]): Record<string, number> {
  return Object.fromEntries(data.flatMap((r) => (['clicks', 'impressions', 'ctr', 'position'] as const).map((m) => [`${r.page}|${m}`, r[m]])));
}

describe('gsc sync (API → workflow → worker → fake Search Console API)', () => {
  let google: FakeGoogle;
  let stack: DataStack;
  const siteRequests = (site: string) => google.gscRequests().filter((r) => r.path === `/webmasters/v3/sites/${encodeURIComponent(site)}/searchAnalytics/query`);
  const connectSite = async (project: string, data: GscRow[] | undefined, extra: Record<string, unknown> = {}) => {
    const site = `https://${project}.example.com/`;
    if (data) google.gsc.set(site, data);
    await stack.connect(project, 'gsc', { site_url: site, access_token: ACCESS, base_url: google.url, ...extra });
    return site;
  };

  beforeAll(async () => {
    google = await startFakeGoogle({ accessToken: ACCESS });
    // Two rows a page: five rows take three pages, the last one short.
    stack = await startDataStack([createGscAdapter({ pageSize: 2, timeoutMs: 1000 })]);
  });
  afterAll(async () => {
    await stack?.close();
    await google?.close();
  });

  it('queries clicks, impressions, ctr and position by page for the last 28 days, paging by startRow', async () => {
    const site = 'https://first.example.com/';
    const data = rows(site, 5);
    await connectSite('first', data);
    const { status, run } = await stack.sync('first', 'gsc');
    expect(status).toBe('connected');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 20 });
    const calls = siteRequests(site);
    expect(calls.map((r) => (r.body as { startRow: number }).startRow)).toEqual([0, 2, 4]);
    for (const c of calls) {
      expect(c.method).toBe('POST');
      expect(c.headers.authorization).toBe(`Bearer ${ACCESS}`);
      expect(c.body).toMatchObject({ dimensions: ['page'], rowLimit: 2 });
    }
    expect(byKey(await stack.metrics('first', 'provider=gsc'))).toEqual(expectedValues(data));
    expect(google.violations).toEqual([]);
  });

  it('stops after an empty page when the row count is a multiple of the page size', async () => {
    const site = await connectSite('even', rows('https://even.example.com/', 4));
    await stack.sync('even', 'gsc');
    expect(siteRequests(site).map((r) => (r.body as { startRow: number }).startRow)).toEqual([0, 2, 4]);
    expect(await stack.metrics('even', 'provider=gsc')).toHaveLength(16);
  });

  it('replaces the period on a second sync instead of adding rows', async () => {
    await connectSite('again', rows('https://again.example.com/', 3));
    await stack.sync('again', 'gsc');
    const second = await stack.sync('again', 'gsc');
    expect(second.run).toMatchObject({ outcome: 'succeeded', items_pulled: 0, items_updated: 0 });
    expect(await stack.metrics('again', 'provider=gsc&period=all')).toHaveLength(12);
  });

  it('carries new values over', async () => {
    const site = await connectSite('changes', rows('https://changes.example.com/', 3));
    await stack.sync('changes', 'gsc');
    const next = rows(site, 3, 2);
    google.gsc.set(site, next);
    const { run } = await stack.sync('changes', 'gsc');
    expect(run).toMatchObject({ items_pulled: 0, items_updated: 6 });
    expect(byKey(await stack.metrics('changes', 'provider=gsc'))).toEqual(expectedValues(next));
  });

  it('fails with ProviderAuthFailed on a rejected token and does not retry', async () => {
    const site = await connectSite('badtoken', rows('https://badtoken.example.com/', 1), { access_token: 'ya29.expired' });
    const { status, run } = await stack.sync('badtoken', 'gsc');
    expect(status).toBe('error');
    expect(run.error_code).toBe('ProviderAuthFailed');
    expect(siteRequests(site)).toHaveLength(1);
  });

  it('waits out a 403 rateLimitExceeded quota error, then succeeds', async () => {
    const site = await connectSite('quota', rows('https://quota.example.com/', 1));
    google.fail({ ...gscRateLimitExceeded('1'), match: (r) => r.path.includes(encodeURIComponent(site)) });
    const { status } = await stack.sync('quota', 'gsc');
    expect(status).toBe('connected');
    const [first, second] = siteRequests(site);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 500 and a 429, then succeeds', async () => {
    const site = await connectSite('flaky', rows('https://flaky.example.com/', 3));
    const match = (r: { path: string }) => r.path.includes(encodeURIComponent(site));
    google.fail({ status: 500, body: { error: { code: 500, message: 'Backend Error', status: 'INTERNAL' } }, match });
    google.fail({ status: 429, body: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }, headers: { 'retry-after': '0' }, match });
    const { status } = await stack.sync('flaky', 'gsc');
    expect(status).toBe('connected');
    expect(siteRequests(site)).toHaveLength(4);
  });
});

describe('googleFailure', () => {
  const classify = (status: number, body: unknown, headers: Record<string, string> = {}) => googleFailure(Response.json(body, { status, headers }), 'Search Console', []);

  it('treats quota errors as rate limits, waiting a minute when Google gives no Retry-After', async () => {
    expect(await classify(403, gscRateLimitExceeded().body)).toMatchObject({ type: 'ProviderRateLimited', nonRetryable: false, nextRetryDelay: 60_000 });
    expect(await classify(429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Exhausted property tokens per hour.' } }, { 'retry-after': '7' })).toMatchObject({
      type: 'ProviderRateLimited',
      nextRetryDelay: 7000,
    });
  });

  it('keeps other 403s permanent auth failures and names the provider message', async () => {
    const failure = await classify(403, { error: { code: 403, status: 'PERMISSION_DENIED', message: 'User does not have sufficient permission for site.' } });
    expect(failure).toMatchObject({ type: 'ProviderAuthFailed', nonRetryable: true, message: 'Search Console answered 403: User does not have sufficient permission for site.' });
  });
});
