import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, vi } from 'vitest';
import { INBOUND_SCHEMES } from '../../api/inbound/index.js';
import { STAND_IN_SECRET } from '../../api/inbound/signatures.js';
import type { InboundProvider } from '../../db/inbound-hooks.js';
import { expectError, headerOf, rawRequest } from '../api/raw-http.js';
import { stackTest } from '../helpers/fixture.js';
import { startTestApi } from '../helpers/stack.js';
import { deliveriesOf, deliver, findingStatus, githubIssues, gitlabIssue, jiraIssue, linearIssue, seed, sentryIssue, type Delivery } from './support.js';

/** The receiving side alone: no worker, so a stored delivery stays in the inbox where the test can see it. */
const test = stackTest({ worker: false });

const T0 = Date.parse('2025-06-10T14:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A closing delivery of each provider, signed with `secret`, for the issue each seed links. */
const CLOSE: Record<InboundProvider, { ref: string; make: (secret: string) => Delivery }> = {
  github: { ref: '7', make: (s) => githubIssues(s, { action: 'closed', number: 7, updatedAt: iso(T0) }) },
  gitlab: { ref: '12', make: (s) => gitlabIssue(s, { action: 'close', iid: 12, updatedAt: iso(T0) }) },
  jira: { ref: 'AUD-7', make: (s) => jiraIssue(s, { event: 'jira:issue_updated', key: 'AUD-7', category: 'done', timestamp: T0 }) },
  linear: { ref: 'lin-7', make: (s) => linearIssue(s, { action: 'update', id: 'lin-7', stateType: 'completed', updatedAt: iso(T0), webhookTimestamp: Date.now() }) },
  sentry: { ref: '4711', make: (s) => sentryIssue(s, { action: 'resolved', issueId: '4711', timestampSeconds: nowSeconds() }) },
};

/** The error envelope without its request id: what two refusals must have in common. */
const sameness = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), meta: null });

describe('POST /api/v1/inbound/:provider/:hook_id', () => {
  for (const provider of Object.keys(CLOSE) as InboundProvider[]) {
    test(`${provider}: a correctly signed delivery is stored (202 accepted) as the reduced change only; a wrong signature is 401 invalid_signature and stores nothing`, async ({ stack: { api, orgId } }) => {
      const { ref, make } = CLOSE[provider];
      const s = await seed(api.db.sql, api.cipher, { orgId, projectId: `r-${provider}`, provider, ref, ...(provider === 'sentry' ? { secret: randomUUID() } : {}) });

      const forged = make(`not-${s.secret}`);
      const refused = await rawRequest(api.baseUrl, 'POST', `/api/v1/inbound/${provider}/${s.hookId}`, { headers: forged.headers, body: forged.body });
      expectError(refused, 401, 'invalid_signature');
      expect(await deliveriesOf(api.db.sql, s.integrationId)).toEqual([]);

      const ok = await deliver(api.baseUrl, provider, s.hookId, make(s.secret));
      expect(ok.status).toBe(202);
      expect(ok.json.data).toEqual({ status: 'accepted' });
      const [stored] = await deliveriesOf(api.db.sql, s.integrationId);
      expect(stored!.change).toEqual({ kind: provider === 'sentry' ? 'resolved' : 'closed', ref, at: provider === 'sentry' ? null : iso(T0) });
      expect(stored!.outcome).toBeNull();
      // Nothing applies it here (no worker): the finding is untouched by the request itself.
      expect(await findingStatus(api.db.sql, s.findingId)).toBe('open');
      expect(api.logs.join('\n')).not.toContain(s.secret);
    });
  }

  test('a repeated delivery id, or the same signed body under a new id (a replay), is 200 duplicate and stores nothing more', async ({ stack: { api, orgId } }) => {
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'replay', provider: 'github', ref: '7' });
    const first = githubIssues(s.secret, { action: 'closed', number: 7, updatedAt: iso(T0), deliveryId: randomUUID() });
    expect((await deliver(api.baseUrl, 'github', s.hookId, first)).status).toBe(202);
    const again = await deliver(api.baseUrl, 'github', s.hookId, first);
    expect([again.status, again.json.data]).toEqual([200, { status: 'duplicate' }]);
    const newId = await deliver(api.baseUrl, 'github', s.hookId, { ...first, headers: { ...first.headers, 'x-github-delivery': randomUUID() } });
    expect([newId.status, newId.json.data]).toEqual([200, { status: 'duplicate' }]);
    expect(await deliveriesOf(api.db.sql, s.integrationId)).toHaveLength(1);
  });

  test('outside the timestamp window (Linear 60 s, Sentry 5 min) is 200 stale and stores nothing', async ({ stack: { api, orgId } }) => {
    const l = await seed(api.db.sql, api.cipher, { orgId, projectId: 'stale-l', provider: 'linear', ref: 'lin-9' });
    const old = linearIssue(l.secret, { action: 'update', id: 'lin-9', stateType: 'completed', updatedAt: iso(T0), webhookTimestamp: Date.now() - 5 * 60_000 });
    const lr = await deliver(api.baseUrl, 'linear', l.hookId, old);
    expect([lr.status, lr.json.data]).toEqual([200, { status: 'stale' }]);
    const secret = randomUUID();
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'stale-s', provider: 'sentry', ref: '99', secret });
    const sr = await deliver(api.baseUrl, 'sentry', s.hookId, sentryIssue(secret, { action: 'resolved', issueId: '99', timestampSeconds: nowSeconds() - 3600 }));
    expect([sr.status, sr.json.data]).toEqual([200, { status: 'stale' }]);
    expect(await deliveriesOf(api.db.sql, l.integrationId)).toEqual([]);
    expect(await deliveriesOf(api.db.sql, s.integrationId)).toEqual([]);
  });

  test('events that do not matter are 200 ignored and not stored (another action, another event type)', async ({ stack: { api, orgId } }) => {
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'ignored', provider: 'github', ref: '7' });
    const labeled = await deliver(api.baseUrl, 'github', s.hookId, githubIssues(s.secret, { action: 'labeled', number: 7, updatedAt: iso(T0) }));
    expect([labeled.status, labeled.json.data]).toEqual([200, { status: 'ignored' }]);
    const ping = githubIssues(s.secret, { action: 'closed', number: 7, updatedAt: iso(T0) });
    const pinged = await deliver(api.baseUrl, 'github', s.hookId, { ...ping, headers: { ...ping.headers, 'x-github-event': 'ping' } });
    expect([pinged.status, pinged.json.data]).toEqual([200, { status: 'ignored' }]);
    expect(await deliveriesOf(api.db.sql, s.integrationId)).toEqual([]);
  });

  test('an unknown hook, a malformed one and another provider\'s are the same 401 invalid_signature', async ({ stack: { api, orgId } }) => {
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'unknown', provider: 'github', ref: '7' });
    const d = githubIssues(s.secret, { action: 'closed', number: 7, updatedAt: iso(T0) });
    for (const path of [`/api/v1/inbound/github/${randomBytes(16).toString('base64url')}`, '/api/v1/inbound/github/x', `/api/v1/inbound/gitlab/${s.hookId}`]) {
      expectError(await rawRequest(api.baseUrl, 'POST', path, { headers: d.headers, body: d.body }), 401, 'invalid_signature');
    }
    expect(await deliveriesOf(api.db.sql, s.integrationId)).toEqual([]);
  });

  test('the 401s run one code path: the same check (a stand-in secret for an unknown hook) and the same answer', async ({ stack: { api, orgId } }) => {
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'oracle', provider: 'github', ref: '7' });
    const forged = githubIssues(`wrong-${s.secret}`, { action: 'closed', number: 7, updatedAt: iso(T0) });
    const verify = vi.spyOn(INBOUND_SCHEMES.github, 'verify');
    try {
      const known = await rawRequest(api.baseUrl, 'POST', `/api/v1/inbound/github/${s.hookId}`, { headers: forged.headers, body: forged.body });
      const unknown = await rawRequest(api.baseUrl, 'POST', `/api/v1/inbound/github/${randomBytes(16).toString('base64url')}`, { headers: forged.headers, body: forged.body });
      expect(verify).toHaveBeenCalledTimes(2);
      // The known hook's check ran under its secret, the unknown one's under the stand-in: both returned false.
      expect(verify.mock.calls.map((c) => c[1].secret === STAND_IN_SECRET)).toEqual([false, true]);
      expect(verify.mock.results.map((r) => r.value)).toEqual([false, false]);
      expect(sameness(unknown.text)).toEqual(sameness(known.text));
      expect([unknown.status, headerOf(unknown, 'content-type')]).toEqual([known.status, headerOf(known, 'content-type')]);
    } finally {
      verify.mockRestore();
    }
  });

  test('a body over 1 MiB is 413 payload_too_large, declared or chunked, and stores nothing', async ({ stack: { api, orgId } }) => {
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'big', provider: 'github', ref: '7' });
    const big = githubIssues(s.secret, { action: 'closed', number: 7, updatedAt: iso(T0) });
    const body = JSON.stringify({ ...(JSON.parse(big.body) as object), padding: 'x'.repeat(1024 * 1024) });
    const path = `/api/v1/inbound/github/${s.hookId}`;
    expectError(await rawRequest(api.baseUrl, 'POST', path, { headers: big.headers, body }), 413, 'payload_too_large');
    expectError(await rawRequest(api.baseUrl, 'POST', path, { headers: { ...big.headers, 'transfer-encoding': 'chunked' }, body }), 413, 'payload_too_large');
    expect(await deliveriesOf(api.db.sql, s.integrationId)).toEqual([]);
  });

  test('a provider without inbound webhooks is 404 not_found in the envelope; another method is 405', async ({ stack: { api } }) => {
    expectError(await rawRequest(api.baseUrl, 'POST', `/api/v1/inbound/cloudflare/${randomBytes(16).toString('base64url')}`, { headers: { 'content-type': 'application/json' }, body: '{}' }), 404, 'not_found');
    expectError(await rawRequest(api.baseUrl, 'GET', `/api/v1/inbound/github/${randomBytes(16).toString('base64url')}`), 405, 'method_not_allowed');
  });

  test('refusals are limited per client address (INBOUND_FAILURES_PER_MINUTE): past it 429, other addresses unaffected', async ({ stack: { api, orgId } }) => {
    // Its own app on the same database: the limit and a trusted proxy, so X-Forwarded-For names the client address.
    const limited = await startTestApi({ db: api.db, limits: { inboundFailuresPerMinute: 3, trustProxy: true } });
    try {
      const s = await seed(limited.db.sql, limited.cipher, { orgId, projectId: 'limited', provider: 'github', ref: '7' });
      const path = `/api/v1/inbound/github/${s.hookId}`;
      const forged = githubIssues('wrong', { action: 'closed', number: 7, updatedAt: iso(T0) });
      const from = (ip: string, d: Delivery) => rawRequest(limited.baseUrl, 'POST', path, { headers: { ...d.headers, 'x-forwarded-for': ip }, body: d.body });
      for (let i = 0; i < 3; i++) expectError(await from('203.0.113.7', forged), 401, 'invalid_signature');
      const over = await from('203.0.113.7', forged);
      expectError(over, 429, 'rate_limited');
      expect(Number(headerOf(over, 'retry-after'))).toBeGreaterThan(0);
      // Spent: answered before the body is read or the hook looked up, whatever it carries.
      expectError(await from('203.0.113.7', githubIssues(s.secret, { action: 'closed', number: 7, updatedAt: iso(T0) })), 429, 'rate_limited');
      // Another address is counted on its own.
      expectError(await from('198.51.100.9', forged), 401, 'invalid_signature');
      expect((await from('198.51.100.9', githubIssues(s.secret, { action: 'reopened', number: 7, updatedAt: iso(T0) }))).status).toBe(202);
    } finally {
      await limited.close();
    }
  });
});
