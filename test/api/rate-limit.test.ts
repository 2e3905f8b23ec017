import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';

/** RateLimit: "name";r=<remaining>;t=<seconds> (draft-ietf-httpapi-ratelimit-headers-10). */
function remaining(headers: Headers): number {
  const match = /^"([\w-]+)";r=(\d+);t=(\d+)$/.exec(headers.get('ratelimit') ?? '');
  expect(match, `RateLimit header: ${headers.get('ratelimit')}`).not.toBeNull();
  return Number(match![2]);
}

const unknownToken = () => `kr_live_${randomUUID().replace(/-/g, '')}${randomUUID().replace(/-/g, '')}`;

describe('rate limits (RATE_LIMIT_PER_MINUTE / RATE_LIMIT_BURST)', () => {
  let api: TestApi;
  const orgId = randomUUID();
  const otherOrgId = randomUUID();
  const list = (org = orgId) => `/api/v1/orgs/${org}/projects/web/audit/integrations`;
  let keyA: string;
  let keyA2: string;
  let keyB: string;

  beforeAll(async () => {
    // 30 a minute with a burst of 5: 5 requests per 10-second window (the window starts at a key's first request).
    api = await startTestApi({ limits: { rateLimit: { perMinute: 30, burst: 5, unauthenticatedPerMinute: 1000 } } });
    [keyA, keyA2, keyB] = [await api.createKey(orgId), await api.createKey(orgId), await api.createKey(otherOrgId)];
  });
  afterAll(() => api.close());

  it('answers 429 rate_limited with Retry-After past the burst of one key, while other keys keep getting 200; the bucket refills', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(api.baseUrl, 'GET', list(), { token: keyA });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toBe('"api-key";q=5;w=10');
      seen.push(remaining(res.headers));
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);

    const limited = await call(api.baseUrl, 'GET', list(), { token: keyA });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ data: null, meta: { request_id: expect.any(String) }, error: { code: 'rate_limited', message: expect.any(String) } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(remaining(limited.headers)).toBe(0);
    expect(limited.headers.get('ratelimit-policy')).toBe('"api-key";q=5;w=10');
    // Writes are refused the same way, before anything is written.
    const connect = await call(api.baseUrl, 'POST', `${list()}/jira/connect`, { token: keyA, body: { credentials: { api_token: 'x' } } });
    expect(connect.status).toBe(429);
    expect((await api.db.sql`select 1 from audit_integrations where org_id = ${orgId}`).length).toBe(0);

    // Another key of the same org, and a key of another org: their own buckets.
    for (let i = 0; i < 3; i++) {
      expect((await call(api.baseUrl, 'GET', list(), { token: keyA2 })).status).toBe(200);
      expect((await call(api.baseUrl, 'GET', list(otherOrgId), { token: keyB })).status).toBe(200);
    }

    // Waiting as told (plus a stated tolerance of one second for the window edge) refills the bucket.
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 1000));
    const again = await call(api.baseUrl, 'GET', list(), { token: keyA });
    expect(again.status).toBe(200);
    expect(remaining(again.headers)).toBe(4);
  });

  it('puts no rate-limit headers on unauthenticated probes outside /api/v1', async () => {
    const res = await call(api.baseUrl, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit')).toBeNull();
  });
});

describe('rate limit of requests without a valid key (per client address)', () => {
  let api: TestApi;
  const orgId = randomUUID();
  const list = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;

  beforeAll(async () => {
    api = await startTestApi({ limits: { rateLimit: { perMinute: 600, burst: 100, unauthenticatedPerMinute: 5 } } });
  });
  afterAll(() => api.close());

  it('counts failed authentications per address, then refuses that address without a key lookup unless its token is shaped like a key', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await call(api.baseUrl, 'GET', list, { token: unknownToken() });
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-policy')).toBe('"unauthenticated";q=5;w=60');
      expect(remaining(res.headers)).toBe(4 - i);
    }
    // With api_keys locked, a key lookup would hang: the 429s come at once, so no lookup was made for a request without
    // a token or with one that cannot be a key.
    const locker = await api.db.sql.reserve();
    try {
      await locker`begin`;
      await locker`lock table api_keys in access exclusive mode`;
      const started = Date.now();
      for (const headers of [{}, { authorization: 'Bearer kr_live_short' }, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: `Bearer ${'x'.repeat(40)}` }]) {
        const refused = await call(api.baseUrl, 'GET', list, { headers });
        expect(refused.status).toBe(429);
        expect(refused.json.error?.code).toBe('rate_limited');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      // Generous tolerance: a lookup would wait for the lock (held for the whole block).
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await locker`rollback`;
      locker.release();
    }
    // A token shaped like a key is looked up (it might be valid); unknown, it is refused as rate-limited, not 401.
    const unknown = await call(api.baseUrl, 'GET', list, { token: unknownToken() });
    expect(unknown.status).toBe(429);
    expect(unknown.json.error?.code).toBe('rate_limited');
    expect(Number(unknown.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('serves a valid key from an address that has spent its budget, and its requests neither use nor refill that budget', async () => {
    // Behind a trusted proxy, so this test has addresses of its own.
    const proxied = await startTestApi({ limits: { rateLimit: { perMinute: 600, burst: 100, unauthenticatedPerMinute: 5 }, trustProxy: true } });
    try {
      const key = await proxied.createKey(orgId);
      const from = (address: string, token?: string) => ({ headers: { 'x-forwarded-for': address }, ...(token ? { token } : {}) });
      const shared = '203.0.113.50';
      const addressLeft = (res: { headers: Headers }) => {
        expect(res.headers.get('ratelimit-policy')).toBe('"unauthenticated";q=5;w=60');
        return remaining(res.headers);
      };

      // Four of five failures, then valid requests: each answered from the key's bucket, none counted for the address.
      for (let i = 0; i < 4; i++) {
        const bad = await call(proxied.baseUrl, 'GET', list, from(shared, i % 2 === 0 ? unknownToken() : 'not-a-key'));
        expect(bad.status).toBe(401);
        expect(addressLeft(bad)).toBe(4 - i);
      }
      for (let i = 0; i < 8; i++) {
        const ok = await call(proxied.baseUrl, 'GET', list, from(shared, key));
        expect(ok.status).toBe(200);
        expect(ok.headers.get('ratelimit-policy')).toBe('"api-key";q=100;w=10');
      }
      const last = await call(proxied.baseUrl, 'GET', list, from(shared, unknownToken()));
      expect(last.status).toBe(401);
      expect(addressLeft(last)).toBe(0);

      // Spent: the valid key is still served; without a valid key the answer is 429 with Retry-After.
      for (let round = 0; round < 3; round++) {
        const ok = await call(proxied.baseUrl, 'GET', list, from(shared, key));
        expect(ok.status).toBe(200);
        expect(ok.headers.get('ratelimit-policy')).toBe('"api-key";q=100;w=10');
        for (const token of [undefined, 'not-a-key', unknownToken()]) {
          const refused = await call(proxied.baseUrl, 'GET', list, from(shared, token));
          expect(refused.status).toBe(429);
          expect(refused.json).toEqual({ data: null, meta: { request_id: expect.any(String) }, error: { code: 'rate_limited', message: expect.any(String) } });
          const retryAfter = Number(refused.headers.get('retry-after'));
          expect(retryAfter).toBeGreaterThanOrEqual(1);
          expect(retryAfter).toBeLessThanOrEqual(60);
          expect(addressLeft(refused)).toBe(0);
        }
      }
      // Another address has its own budget.
      expect((await call(proxied.baseUrl, 'GET', list, from('203.0.113.51', unknownToken()))).status).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('takes the address from X-Forwarded-For only with TRUST_PROXY=true', async () => {
    const limits = { rateLimit: { perMinute: 600, burst: 100, unauthenticatedPerMinute: 2 } };
    const direct = await startTestApi({ limits: { ...limits, trustProxy: false } });
    const proxied = await startTestApi({ limits: { ...limits, trustProxy: true } });
    try {
      const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
      // Not trusted: the header is ignored, every request is the socket's address.
      for (const address of ['203.0.113.1', '203.0.113.2']) expect((await call(direct.baseUrl, 'GET', list, from(address))).status).toBe(401);
      expect((await call(direct.baseUrl, 'GET', list, from('203.0.113.3'))).status).toBe(429);
      // Trusted: the last hop (the one the proxy appended) is the client; a client-written first entry changes nothing.
      for (let i = 0; i < 2; i++) expect((await call(proxied.baseUrl, 'GET', list, from(`198.51.100.${i}, 203.0.113.1`))).status).toBe(401);
      expect((await call(proxied.baseUrl, 'GET', list, from('198.51.100.9, 203.0.113.1'))).status).toBe(429);
      expect((await call(proxied.baseUrl, 'GET', list, from('203.0.113.2'))).status).toBe(401);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });
});
