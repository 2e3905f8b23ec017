import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { AUDIT_EVENTS_CHANNEL } from '../../db/events.js';
import type { Sql } from '../../db/sql.js';
import { stackTest } from '../helpers/fixture.js';
import { startWakeupListener } from '../sync/support.js';
import { waitFor } from '../helpers/wait.js';
import { deliver, findingStatus, githubIssues, gitlabIssue, jiraBody, jiraIssue, jiraJwt, linearIssue, seed, sentryIssue, taskOf, type Delivery } from './support.js';

const JIRA_APP_SECRET = `jira-app-${randomUUID()}`;
const SENTRY_CLIENT_SECRET = randomUUID().replace(/-/g, '');
const T0 = Date.parse('2025-06-10T14:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Provider → signed webhook → API (stored) → NOTIFY → the worker's LISTEN → housekeeping pass → finding. The periodic
 * sweep is an hour away and no integration is due, so a finding that changes at all was changed by the delivery.
 */
const test = stackTest({ api: { inbound: { jiraAppSecret: JIRA_APP_SECRET } }, worker: { housekeeping: { sweepIntervalMs: 3_600_000 } } }).extend(
  'listener',
  { scope: 'file' },
  async ({ stack: { api } }, { onCleanup }) => (await startWakeupListener(api, onCleanup)).wakeups,
).extend('eventNotices', { scope: 'file' }, async ({ stack: { api } }, { onCleanup }) => {
  // What an API process's live-event hub hears (api/events-hub.ts): the worker's NOTIFY after it applied a delivery.
  const heard = { count: 0 };
  const listening = await api.db.sql.listen(AUDIT_EVENTS_CHANNEL, () => heard.count++);
  onCleanup(() => listening.unlisten());
  return heard;
});

const statusBecomes = (sql: Sql, findingId: string, status: string) =>
  waitFor(async () => ((await findingStatus(sql, findingId)) === status ? status : undefined), `the finding to be ${status}`, 20_000);

describe('inbound webhooks: a signed delivery changes the finding within seconds (real worker and housekeeping loop)', () => {
  const trackers: { provider: 'github' | 'gitlab' | 'jira' | 'linear'; ref: string; close: (secret: string) => Delivery; reopen: (secret: string) => Delivery }[] = [
    {
      provider: 'github',
      ref: '7',
      close: (s) => githubIssues(s, { action: 'closed', number: 7, updatedAt: iso(T0) }),
      reopen: (s) => githubIssues(s, { action: 'reopened', number: 7, updatedAt: iso(T0 + 60_000) }),
    },
    {
      provider: 'gitlab',
      ref: '12',
      close: (s) => gitlabIssue(s, { action: 'close', iid: 12, updatedAt: iso(T0) }),
      reopen: (s) => gitlabIssue(s, { action: 'reopen', iid: 12, updatedAt: iso(T0 + 60_000) }),
    },
    {
      provider: 'jira',
      ref: 'AUD-7',
      close: (s) => jiraIssue(s, { event: 'jira:issue_updated', key: 'AUD-7', category: 'done', timestamp: T0 }),
      reopen: (s) => jiraIssue(s, { event: 'jira:issue_updated', key: 'AUD-7', category: 'indeterminate', timestamp: T0 + 60_000 }),
    },
    {
      provider: 'linear',
      ref: '2f6d5c1e-8d1b-4b7a-9f3e-0c1d2e3f4a5b',
      close: (s) => linearIssue(s, { action: 'update', id: '2f6d5c1e-8d1b-4b7a-9f3e-0c1d2e3f4a5b', stateType: 'completed', updatedAt: iso(T0), webhookTimestamp: Date.now() }),
      reopen: (s) => linearIssue(s, { action: 'update', id: '2f6d5c1e-8d1b-4b7a-9f3e-0c1d2e3f4a5b', stateType: 'started', updatedAt: iso(T0 + 60_000), webhookTimestamp: Date.now() }),
    },
  ];

  for (const t of trackers) {
    test(`${t.provider}: closed there → task closed and finding resolved; reopened there → both open again`, async ({ stack: { api, orgId }, listener, eventNotices }) => {
      const s = await seed(api.db.sql, api.cipher, { orgId, projectId: `p-${t.provider}`, provider: t.provider, ref: t.ref });
      const signalsBefore = listener.signals;
      const noticesBefore = eventNotices.count;
      const closed = await deliver(api.baseUrl, t.provider, s.hookId, t.close(s.secret));
      expect(closed.status).toBe(202);
      expect(closed.json.data).toEqual({ status: 'accepted' });
      await statusBecomes(api.db.sql, s.findingId, 'resolved');
      expect(await taskOf(api.db.sql, s.findingId)).toMatchObject({ state: 'closed', external_id: t.ref });
      // The worker was woken for it (the hour-long sweep interval never came round).
      expect(listener.signals).toBeGreaterThan(signalsBefore);
      // And once it applied the change, it woke the live-event hubs (the inbound route itself sends no such NOTIFY).
      await waitFor(async () => (eventNotices.count > noticesBefore ? true : undefined), 'the live-event NOTIFY');

      expect((await deliver(api.baseUrl, t.provider, s.hookId, t.reopen(s.secret))).status).toBe(202);
      await statusBecomes(api.db.sql, s.findingId, 'open');
      expect(await taskOf(api.db.sql, s.findingId)).toMatchObject({ state: 'open', external_id: t.ref });
    });
  }

  test('sentry: resolved there → finding resolved; unresolved there → open again', async ({ stack: { api, orgId }, listener }) => {
    const signalsBefore = listener.signals;
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'p-sentry', provider: 'sentry', ref: '4711', secret: SENTRY_CLIENT_SECRET });
    const now = () => Math.floor(Date.now() / 1000);
    expect((await deliver(api.baseUrl, 'sentry', s.hookId, sentryIssue(SENTRY_CLIENT_SECRET, { action: 'resolved', issueId: '4711', timestampSeconds: now() }))).status).toBe(202);
    await statusBecomes(api.db.sql, s.findingId, 'resolved');
    expect((await deliver(api.baseUrl, 'sentry', s.hookId, sentryIssue(SENTRY_CLIENT_SECRET, { action: 'unresolved', issueId: '4711', timestampSeconds: now() }))).status).toBe(202);
    await statusBecomes(api.db.sql, s.findingId, 'open');
    expect(listener.signals).toBeGreaterThan(signalsBefore);
  });

  test('github: deleted there → the task is unlinked, the finding keeps its status', async ({ stack: { api, orgId }, listener }) => {
    const signalsBefore = listener.signals;
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'p-deleted', provider: 'github', ref: '9' });
    expect((await deliver(api.baseUrl, 'github', s.hookId, githubIssues(s.secret, { action: 'deleted', number: 9, updatedAt: iso(T0) }))).status).toBe(202);
    await waitFor(async () => ((await taskOf(api.db.sql, s.findingId)) === undefined ? true : undefined), 'the task unlinked', 20_000);
    expect(await findingStatus(api.db.sql, s.findingId)).toBe('open');
    expect(listener.signals).toBeGreaterThan(signalsBefore);
  });

  test('jira: a dynamic webhook of the OAuth app, authenticated by its JWT, closes the finding; a JWT under another key is refused', async ({ stack: { api, orgId }, listener }) => {
    const signalsBefore = listener.signals;
    const s = await seed(api.db.sql, api.cipher, { orgId, projectId: 'p-jira-oauth', provider: 'jira', ref: 'OPS-3' });
    const body = jiraBody({ event: 'jira:issue_updated', key: 'OPS-3', category: 'done', timestamp: T0 });
    const headers = (jwt: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${jwt}`, 'x-atlassian-webhook-identifier': randomUUID() });
    const exp = Math.floor(Date.now() / 1000) + 300;
    const forged = await deliver(api.baseUrl, 'jira', s.hookId, { body, headers: headers(jiraJwt('another-app-secret', { exp })) });
    expect(forged.status).toBe(401);
    expect(forged.json.error?.code).toBe('invalid_signature');
    const expired = await deliver(api.baseUrl, 'jira', s.hookId, { body, headers: headers(jiraJwt(JIRA_APP_SECRET, { exp: exp - 3600 })) });
    expect(expired.status).toBe(401);
    expect(await findingStatus(api.db.sql, s.findingId)).toBe('open');

    expect((await deliver(api.baseUrl, 'jira', s.hookId, { body, headers: headers(jiraJwt(JIRA_APP_SECRET, { exp, iss: 'jira' })) })).status).toBe(202);
    await statusBecomes(api.db.sql, s.findingId, 'resolved');
    expect(listener.signals).toBeGreaterThan(signalsBefore);
  });
});
