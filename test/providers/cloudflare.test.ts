import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudflareAdapter, graphqlFailure } from '../../activities/providers/cloudflare/adapter.js';
import { dailyRollups, startFakeCloudflare, type FakeCloudflare } from '../fakes/cloudflare.js';
import { startDataStack, type DataStack } from './data-stack.js';

const TOKEN = 'cf-analytics-read-token-0123456789';

const zoneId = (name: string) => createHash('md5').update(name).digest('hex');

describe('cloudflare sync (API → workflow → worker → fake GraphQL Analytics API)', () => {
  let cloudflare: FakeCloudflare;
  let stack: DataStack;
  const zoneRequests = (zone: string) => cloudflare.graphqlRequests().filter((r) => (r.body as { variables?: { zoneTag?: string } }).variables?.zoneTag === zone);
  const connectZone = async (project: string, days = 28, extra: Record<string, unknown> = {}) => {
    // Zone ids are 32 hexadecimal characters (the definition's schema checks it).
    const zone = zoneId(project);
    cloudflare.zones.set(zone, dailyRollups(new Date(), days));
    cloudflare.tokens.get(TOKEN)!.add(zone);
    await stack.connect(project, 'cloudflare', { api_token: TOKEN, zone_id: zone, base_url: `${cloudflare.url}/client/v4`, ...extra });
    return zone;
  };

  beforeAll(async () => {
    cloudflare = await startFakeCloudflare();
    cloudflare.tokens.set(TOKEN, new Set());
    // Ten days a page: 28 days take three pages.
    stack = await startDataStack([createCloudflareAdapter({ pageSize: 10, timeoutMs: 1000 })]);
  });
  afterAll(async () => {
    await stack?.close();
    await cloudflare?.close();
  });

  it('pulls the daily rollups of the last 28 days, page by page, one period per day', async () => {
    const zone = await connectZone('first');
    const { status, run } = await stack.sync('first', 'cloudflare');
    expect(status).toBe('connected');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 28 * 4 });
    const calls = zoneRequests(zone);
    expect(calls).toHaveLength(3);
    const days = cloudflare.zones.get(zone)!;
    const since = calls.map((c) => (c.body as { variables: { since: string; until: string } }).variables.since);
    expect(since).toEqual([days[0]!.date, days[10]!.date, days[20]!.date]);
    for (const c of calls) {
      expect(c.method).toBe('POST');
      expect(c.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect((c.body as { variables: { until: string } }).variables.until).toBe(days[27]!.date);
    }
    const metrics = await stack.metrics('first', 'provider=cloudflare');
    expect(metrics).toHaveLength(112);
    const day = days[5]!;
    const ofDay = metrics.filter((m) => m.period_start === `${day.date}T00:00:00Z`);
    expect(Object.fromEntries(ofDay.map((m) => [m.metric, m.value]))).toEqual({ requests: day.requests, cachedRequests: day.cachedRequests, threats: day.threats, bytes: day.bytes });
    expect(ofDay.every((m) => m.dimension === zone && m.period_end === new Date(Date.parse(`${day.date}T00:00:00Z`) + 86_400_000).toISOString().replace('.000', ''))).toBe(true);
    expect(cloudflare.violations).toEqual([]);
  });

  it('replaces each day on a second sync instead of adding rows, and carries changed numbers over', async () => {
    const zone = await connectZone('again');
    await stack.sync('again', 'cloudflare');
    const second = await stack.sync('again', 'cloudflare');
    expect(second.run).toMatchObject({ outcome: 'succeeded', items_pulled: 0, items_updated: 0 });
    expect(await stack.metrics('again', 'provider=cloudflare&period=all')).toHaveLength(112);

    const last = cloudflare.zones.get(zone)!.at(-1)!;
    last.requests += 500;
    last.threats += 1;
    const third = await stack.sync('again', 'cloudflare');
    expect(third.run).toMatchObject({ items_pulled: 0, items_updated: 2 });
    const latest = (await stack.metrics('again', 'provider=cloudflare')).filter((m) => m.period_start === `${last.date}T00:00:00Z`);
    expect(latest.find((m) => m.metric === 'requests')?.value).toBe(last.requests);
  });

  it('fails with ProviderAuthFailed on a rejected API token (HTTP 401) and does not retry', async () => {
    const zone = await connectZone('badtoken', 28, { api_token: 'cf-revoked-token' });
    const { status, run } = await stack.sync('badtoken', 'cloudflare');
    expect(status).toBe('error');
    expect(run.error_code).toBe('ProviderAuthFailed');
    expect(run.error_message).not.toContain('cf-revoked-token');
    expect(zoneRequests(zone)).toHaveLength(1);
  });

  it('fails with ProviderAuthFailed on a GraphQL authz error in a 200 answer, without retrying', async () => {
    const zone = zoneId('someone-else');
    cloudflare.zones.set(zone, dailyRollups(new Date(), 3));
    await stack.connect('authz', 'cloudflare', { api_token: TOKEN, zone_id: zone, base_url: `${cloudflare.url}/client/v4` });
    const { run } = await stack.sync('authz', 'cloudflare');
    expect(run).toMatchObject({ outcome: 'failed', error_code: 'ProviderAuthFailed' });
    expect(run.error_message).toContain('not authorized');
    expect(zoneRequests(zone)).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const zone = await connectZone('limited', 5);
    cloudflare.fail({ status: 429, body: { success: false, errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }] }, headers: { 'retry-after': '1' }, match: (r) => JSON.stringify(r.body).includes(zone) });
    const { status, run } = await stack.sync('limited', 'cloudflare');
    expect(status).toBe('connected');
    expect(run.items_pulled).toBe(20);
    const [first, second] = zoneRequests(zone);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 500 and a slow response, then succeeds', async () => {
    const zone = await connectZone('flaky', 15);
    const match = (r: { body: unknown }) => JSON.stringify(r.body).includes(zone);
    cloudflare.fail({ status: 500, body: { data: null, errors: [{ message: 'unable to execute query, please try again later' }] }, match });
    cloudflare.fail({ delayMs: 1500, match });
    const { status } = await stack.sync('flaky', 'cloudflare');
    expect(status).toBe('connected');
    expect(await stack.metrics('flaky', 'provider=cloudflare')).toHaveLength(60);
  });
});

describe('graphqlFailure', () => {
  const classify = (message: string, code?: string) => graphqlFailure([{ message, ...(code ? { extensions: { code } } : {}) }], [TOKEN]);

  it('classifies the documented error families', () => {
    expect(classify('rate limiter budget depleted, try again after 5 minutes')).toMatchObject({ type: 'ProviderRateLimited', nextRetryDelay: 300_000 });
    expect(classify('quota exceeded, please repeat your request in the next minute')).toMatchObject({ type: 'ProviderRateLimited', nextRetryDelay: 60_000 });
    expect(classify('not authorized for that account', 'authz')).toMatchObject({ type: 'ProviderAuthFailed', nonRetryable: true });
    expect(classify('unable to execute query, please try again later')).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(classify('error parsing args: unknown field')).toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
  });

  it('never repeats the API token', () => {
    expect(classify(`bad token ${TOKEN}`).message).not.toContain(TOKEN);
  });
});
