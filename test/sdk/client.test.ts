import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import { AuditApiError, createAuditClient, type AuditClient, type Finding } from '../../api/sdk/src/index.js';
import { TEST_EGRESS_ALLOW } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { githubStackTest } from '../sync/support.js';
import { startReceiver } from '../webhooks/receiver.js';
import { TEST_WEBHOOK_RETRY } from '../webhooks/support.js';

// The real stack (API, worker with the housekeeping loop that delivers webhooks) and the one fake GitHub, which takes
// only this token for this repository. The API's verify may reach the fake on loopback, as the worker's syncs may.
const GOOD = `ghp_${randomUUID().replace(/-/g, '')}`;
const apiOutbound = createOutboundClient({ allow: parseAllowList(TEST_EGRESS_ALLOW) });
afterAll(() => apiOutbound.close());
const test = githubStackTest({ token: GOOD, repository: 'acme/web' }, { api: { outbound: apiOutbound }, worker: { housekeeping: {}, webhooks: { retry: TEST_WEBHOOK_RETRY } } });

/** A client of the stack's key, recording the URL of each request it sends and the x-request-id of each answer. */
function clientOf(baseUrl: string, token: string | (() => string | null), extra: Partial<Parameters<typeof createAuditClient>[0]> = {}) {
  const sent: string[] = [];
  const requestIds: (string | null)[] = [];
  const client = createAuditClient({
    baseUrl,
    token,
    fetch: async (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input));
      const res = await fetch(input, init);
      requestIds.push(res.headers.get('x-request-id'));
      return res;
    },
    ...extra,
  });
  return { client, sent, requestIds };
}

async function rejection(promise: Promise<unknown>): Promise<AuditApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuditApiError);
  return err as AuditApiError;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('createAuditClient against the real API', () => {
  let client: AuditClient;
  test.beforeAll(async ({ stack }) => {
    client = clientOf(stack.api.baseUrl, stack.token).client;
    // 105 findings a second apart (every tenth resolved): more than one page of 100.
    await stack.api.db.sql`
      insert into findings (org_id, project_id, title, severity, status, created_at, updated_at)
      select ${stack.orgId}, 'many', 'F' || n, 'low', case when n % 10 = 0 then 'resolved' else 'open' end,
             '2030-01-01T00:00:00Z'::timestamptz + n * interval '1 second', '2030-01-01T00:00:00Z'::timestamptz + n * interval '1 second'
      from generate_series(1, 105) n
    `;
  });

  test('me, the catalog and the project list come back as the envelope’s data', async ({ stack }) => {
    expect(await client.me()).toMatchObject({ org_id: stack.orgId, scopes: ['audit:read', 'audit:write'] });
    const catalog = await client.providers.list();
    expect(catalog.map((p) => p.id)).toEqual(['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare']);
    const rows = await client.integrations.list('fresh');
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.id === null && r.status === 'disconnected')).toBe(true);
    expect(await client.integrations.get('fresh', 'github')).toMatchObject({ id: null, provider: 'github', settings: { paused: false }, health: { state: 'unknown' } });
  });

  test('verify reports problems per key without storing; connect stores and answers the row', async ({ github }) => {
    const missing = await client.integrations.verify('web', 'github', { token: GOOD });
    expect(missing).toMatchObject({ ok: false, checked: 'schema', problems: [expect.objectContaining({ key: 'repository' })] });
    const credentials = { token: GOOD, repository: 'acme/web', base_url: github.url };
    expect(await client.integrations.verify('web', 'github', credentials)).toMatchObject({ ok: true, checked: 'provider', problems: [] });
    expect((await client.integrations.list('web')).find((r) => r.provider === 'github')?.id).toBeNull();
    const row = await client.integrations.connect('web', 'github', credentials);
    expect(row).toMatchObject({ provider: 'github', status: 'connected', project_id: 'web' });
    expect(JSON.stringify(row)).not.toContain(GOOD);
    expect((await client.integrations.get('web', 'github')).id).toBe(row.id);
    const org = await collect(client.integrations.listOrg({ project_id: ['web'], provider: 'github' }));
    expect(org.map((r) => [r.project_id, r.provider])).toEqual([['web', 'github']]);
  });

  test('sync({wait}) resolves with the final row once the sync succeeded', async ({ github }) => {
    await client.integrations.connect('waits', 'github', { token: GOOD, repository: 'acme/web', base_url: github.url });
    const seen: string[] = [];
    const row = await client.integrations.sync('waits', 'github', { wait: true, timeoutMs: 45_000, onProgress: (r) => seen.push(r.status) });
    expect(row).toMatchObject({ provider: 'github', status: 'connected', health: { state: 'ok' } });
    expect(row.last_sync_at).not.toBeNull();
    expect(seen.at(-1)).toBe('connected');
    const [run] = await collect(client.syncRuns.list('waits', 'github'));
    expect(run).toMatchObject({ outcome: 'succeeded' });
  });

  test('sync({wait}) rejects with the failed run’s code and message', async ({ github }) => {
    await client.integrations.connect('refused', 'github', { token: 'ghp_refused', repository: 'acme/web', base_url: github.url });
    const err = await rejection(client.integrations.sync('refused', 'github', { wait: true, timeoutMs: 45_000 }));
    const run = (await client.syncRuns.list('refused', 'github').page()).items[0]!;
    expect(run).toMatchObject({ outcome: 'failed', error_code: 'ProviderAuthFailed' });
    expect({ status: err.status, code: err.code, message: err.message }).toEqual({ status: 0, code: 'ProviderAuthFailed', message: run.error_message });
    expect(err.message).not.toContain('ghp_refused');
  });

  test('sync({wait}) rejects with timeout while the sync still runs', async ({ stack }) => {
    // A GitHub that accepts the connection and never answers: the sync stays running.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => void sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      await client.integrations.connect('silent', 'github', { token: GOOD, repository: 'acme/web', base_url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
      const err = await rejection(client.integrations.sync('silent', 'github', { wait: true, timeoutMs: 1500 }));
      expect([err.status, err.code]).toEqual([0, 'timeout']);
      expect((await client.integrations.get('silent', 'github')).status).toBe('syncing');
    } finally {
      await stack.api.client.workflow.getHandle(`audit-sync/${stack.orgId}/silent/github`).terminate('test over').catch(() => undefined);
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  test('findings.list walks every page with for-await, newest first, one request per page', async ({ stack }) => {
    const { client: counting, sent } = clientOf(stack.api.baseUrl, stack.token, { org: stack.orgId });
    const all: Finding[] = await collect(counting.findings.list('many'));
    expect(all.map((f) => f.title)).toEqual(Array.from({ length: 105 }, (_, i) => `F${105 - i}`));
    expect(sent.filter((u) => u.includes('/findings'))).toHaveLength(2);
    // Small pages, a filter, and stopping early: no page past the break is asked for.
    const high = await collect(counting.findings.list('many', { status: 'resolved', pageSize: 3 }));
    expect(high.map((f) => f.title)).toEqual(['F100', 'F90', 'F80', 'F70', 'F60', 'F50', 'F40', 'F30', 'F20', 'F10']);
    const before = sent.length;
    for await (const f of counting.findings.list('many', { pageSize: 2 })) if (f.title === 'F104') break;
    expect(sent.length - before).toBe(1);
    const page = await counting.findings.list('many', { pageSize: 100 }).page();
    expect([page.items.length, page.meta.total, typeof page.nextCursor]).toEqual([100, 105, 'string']);
  });

  test('findings.list({updatedSince}) answers only what changed since, resolved ones included', async () => {
    const changed = await collect(client.findings.list('many', { updatedSince: '2030-01-01T00:01:40Z' }));
    expect(changed.map((f) => f.title)).toEqual(['F105', 'F104', 'F103', 'F102', 'F101', 'F100']);
    expect(changed.find((f) => f.title === 'F100')?.status).toBe('resolved');
    expect((await collect(client.findings.list('many', { updatedSince: new Date('2030-01-01T00:01:44Z') }))).map((f) => f.title)).toEqual(['F105', 'F104']);
  });

  test('AuditApiError carries status, code, message and the request id of 401, 403 and 422', async ({ stack }) => {
    let unauthorized = 0;
    const { client: revoked, requestIds } = clientOf(stack.api.baseUrl, 'kr_live_' + 'x'.repeat(40), { onUnauthorized: () => (unauthorized += 1) });
    const e401 = await rejection(revoked.me());
    expect(e401).toMatchObject({ status: 401, code: 'unauthorized', name: 'AuditApiError' });
    // The id the server logged the request under, to quote to an operator.
    expect(e401.requestId).toMatch(/\S+/);
    expect(e401.requestId).toBe(requestIds[0]);
    expect(unauthorized).toBe(1);

    const reader = createAuditClient({ baseUrl: stack.api.baseUrl, token: await stack.api.createKey(stack.orgId, ['audit:read']) });
    const e403 = await rejection(reader.integrations.disconnect('web', 'github'));
    expect([e403.status, e403.code]).toEqual([403, 'forbidden']);
    // The org option is the org of the call: another org's path is the key's 403.
    const e403org = await rejection(client.integrations.list('web', { org: randomUUID() }));
    expect([e403org.status, e403org.code]).toEqual([403, 'forbidden']);

    const e422 = await rejection(client.findings.list('web').page('not-a-cursor'));
    expect(e422).toMatchObject({ status: 422, code: 'validation_failed', message: 'cursor is invalid' });
    const bad = await rejection(client.findings.list('web', { updatedSince: 'yesterday' }).page());
    expect(bad).toMatchObject({ status: 422, code: 'validation_failed', message: expect.stringMatching(/^updated_since /) });
  });

  test('a fetch that fails is network_error with status 0 and the cause kept', async () => {
    const closed: Server = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const offline = createAuditClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'kr_live_x', org: randomUUID() });
    const err = await rejection(offline.integrations.list('web'));
    expect(err).toMatchObject({ status: 0, code: 'network_error', requestId: null });
    expect(err.cause).toBeInstanceOf(Error);
  });

  test('the org comes from the key, asked once per token: a token function that changes keys changes orgs', async ({ stack }) => {
    const otherOrg = randomUUID();
    const other = await stack.api.createKey(otherOrg);
    let current = stack.token;
    const { client: switching, sent } = clientOf(stack.api.baseUrl, () => current);
    await switching.integrations.list('web');
    await switching.integrations.list('web');
    current = other;
    await switching.integrations.list('web');
    const lists = sent.filter((u) => u.endsWith('/audit/integrations'));
    expect(lists.map((u) => new URL(u).pathname.split('/')[4])).toEqual([stack.orgId, stack.orgId, otherOrg]);
    expect(sent.filter((u) => u.endsWith('/api/v1/me'))).toHaveLength(2);
  });

  test('connect sessions: created with the key, used with their token (org from introspection), revoked', async ({ stack }) => {
    const created = await client.connectSessions.create({ project_id: 'embed', providers: ['github'] });
    expect(created).toMatchObject({ project_id: 'embed', providers: ['github'], token: expect.stringMatching(/^cs_/) });
    expect(created.url).toContain(`#session=${created.token}`);
    const session = createAuditClient({ baseUrl: stack.api.baseUrl, token: created.token });
    expect(await session.connectSession()).toMatchObject({ id: created.id, org_id: stack.orgId, project_id: 'embed', providers: ['github'] });
    expect((await session.integrations.list('embed')).map((r) => r.provider)).toEqual(['github']);
    const denied = await rejection(session.findings.list('embed').page());
    expect([denied.status, denied.code]).toEqual([403, 'forbidden']);
    expect(await client.connectSessions.get(created.id)).toMatchObject({ id: created.id, state: 'active', revoked_at: null });
    expect(JSON.stringify(await client.connectSessions.get(created.id))).not.toContain(created.token);
    await client.connectSessions.revoke(created.id);
    expect((await client.connectSessions.get(created.id)).state).toBe('revoked');
    const revoked = await rejection(session.connectSession());
    expect([revoked.status, revoked.code]).toEqual([401, 'unauthorized']);
  });

  test('webhooks.verify accepts a real delivery and refuses a tampered body or an old timestamp', async ({ github }) => {
    const receiver = await startReceiver();
    try {
      const hook = await client.webhooks.create({ url: receiver.url, events: ['integration.connected'], project_id: 'hooked' });
      expect(hook.secret).toMatch(/^whsec_/);
      await client.integrations.connect('hooked', 'github', { token: GOOD, repository: 'acme/web', base_url: github.url });
      const delivery = await waitFor(async () => receiver.received.find((h) => h.payload.type === 'integration.connected'), 'integration.connected at the receiver');
      const headers = { 'webhook-id': delivery.id, 'webhook-timestamp': delivery.timestamp, 'webhook-signature': delivery.signature };

      expect(await client.webhooks.verify(hook.secret, delivery.headers as Record<string, string>, delivery.raw)).toBe(true);
      expect(await client.webhooks.verify(hook.secret, new Headers(headers), new TextEncoder().encode(delivery.raw))).toBe(true);
      expect(await client.webhooks.verify(hook.secret, headers, delivery.raw.replace('hooked', 'hacked'))).toBe(false);
      expect(await client.webhooks.verify(hook.secret, { ...headers, 'webhook-timestamp': String(Number(delivery.timestamp) - 1) }, delivery.raw)).toBe(false);
      const tenMinutesLater = () => Number(delivery.timestamp) * 1000 + 10 * 60_000;
      expect(await client.webhooks.verify(hook.secret, headers, delivery.raw, { now: tenMinutesLater })).toBe(false);
      // The scheme's own library agrees on both sides of the tolerance, and on a rotation's two signatures.
      const body = JSON.stringify({ id: 'evt', type: 'x' });
      const stale = new Date(Date.now() - 6 * 60_000);
      const signed = { 'webhook-id': 'evt', 'webhook-timestamp': String(Math.floor(stale.getTime() / 1000)), 'webhook-signature': new Webhook(hook.secret).sign('evt', stale, body) };
      expect(await client.webhooks.verify(hook.secret, signed, body)).toBe(false);
      const now = new Date();
      const rotated = (await client.webhooks.rotate(hook.id)).secret;
      const both = [hook.secret, rotated].map((s) => new Webhook(s).sign('evt', now, body)).join(' ');
      const fresh = { 'webhook-id': 'evt', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': both };
      expect(await client.webhooks.verify(hook.secret, fresh, body)).toBe(true);
      expect(await client.webhooks.verify(rotated, fresh, body)).toBe(true);
      expect(await client.webhooks.verify(`whsec_${btoa('another secret of 24 byte')}`, fresh, body)).toBe(false);
      await expect(client.webhooks.verify('not a secret!', fresh, body)).rejects.toThrow(TypeError);

      const deliveries = await waitFor(async () => {
        const list = await collect(client.webhooks.deliveries(hook.id));
        return list.some((d) => d.status === 'delivered') ? list : undefined;
      }, 'the delivery recorded');
      expect(deliveries[0]).toMatchObject({ event_type: 'integration.connected', event_id: delivery.id });
      expect((await client.webhooks.list()).map((w) => w.id)).toContain(hook.id);
      const audit = await collect(client.auditLog.list({ action: 'webhook_secret_rotated' }));
      expect(audit.map((e) => e.target_id)).toEqual([hook.id]);
    } finally {
      await receiver.close();
    }
  });
});
