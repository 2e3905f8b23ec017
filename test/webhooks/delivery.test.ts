import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-ids.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { apiFor } from '../sync/support.js';
import { startReceiver, type Receiver } from './receiver.js';
import { waitFor } from '../helpers/wait.js';
import { TEST_WEBHOOK_RETRY, webhooksFor } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';

describe('webhook delivery', () => {
  let api: TestApi;
  let worker: TestWorker;
  let github: FakeGithub;
  const receivers: Receiver[] = [];
  const orgId = randomUUID();
  let token: string;
  let hooks: ReturnType<typeof webhooksFor>;

  async function receiver(): Promise<Receiver> {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  }
  const githubCredentials = () => ({ token: TOKEN, repository: REPOSITORY, base_url: github.url });

  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
    api = await startTestApi();
    // The housekeeping loop dispatches the outbox every second in tests (SYNC_SWEEP_INTERVAL).
    worker = await startTestWorker(api, { adapters: [githubAdapter], housekeeping: {}, webhooks: { retry: TEST_WEBHOOK_RETRY } });
    token = await api.createKey(orgId);
    hooks = webhooksFor(api, token, orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await github?.close();
    for (const r of receivers) await r.close();
  });

  it('delivers sync.succeeded and findings.pushed after a sync, signed with the endpoint secret', async () => {
    const r = await receiver();
    const hook = await hooks.create({ url: r.url, events: ['sync.succeeded', 'findings.pushed'], project_id: 'website' });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    r.secrets.push(hook.secret);
    const finding = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/website/audit/findings`, { token, body: { title: 'Missing alt text', severity: 'high' } });
    expect(finding.status).toBe(201);
    const p = apiFor(api, token, orgId, 'website');
    expect((await p.connect('github', githubCredentials())).status).toBe(200);
    expect((await p.sync('github')).status).toBe(202);

    const succeeded = await waitFor(async () => r.received.find((h) => h.payload.type === 'sync.succeeded'), 'sync.succeeded at the receiver');
    // Verified by the Standard Webhooks library with the secret the API answered once.
    expect(succeeded.verifiedWith).toEqual([hook.secret]);
    expect(() => new Webhook(hook.secret).verify(succeeded.raw, { 'webhook-id': succeeded.id, 'webhook-timestamp': succeeded.timestamp, 'webhook-signature': succeeded.signature })).not.toThrow();
    expect(succeeded.payload).toEqual({
      id: succeeded.id,
      type: 'sync.succeeded',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      data: expect.objectContaining({ org_id: orgId, project_id: 'website', provider: 'github', error_code: null, error_message: null, items_pulled: expect.any(Number) }),
    });
    expect(succeeded.headers['content-type']).toBe('application/json');

    const pushed = await waitFor(async () => r.received.find((h) => h.payload.type === 'findings.pushed'), 'findings.pushed at the receiver');
    expect(pushed.payload.data).toEqual(expect.objectContaining({ tracker: 'github', count: 1, project_id: 'website' }));
    expect(pushed.verifiedWith).toEqual([hook.secret]);
    // Neither the credentials nor the secret travel in a payload.
    for (const h of r.received) {
      expect(h.raw).not.toContain(TOKEN);
      expect(h.raw).not.toContain(hook.secret);
    }

    const delivery = await hooks.deliveryWhen(hook.id, (d) => d.event_id === succeeded.id && d.status === 'delivered', 'the delivery recorded delivered');
    expect(delivery).toEqual(expect.objectContaining({ event_type: 'sync.succeeded', attempts: 1, last_status_code: 204, next_attempt_at: null }));
    // Only ids crossed into Temporal: no secret, no credential in the delivery workflow's history.
    const history = JSON.stringify(await api.client.workflow.getHandle(webhookDeliveryWorkflowId(String(delivery.id))).fetchHistory());
    expect(history).toContain(String(delivery.id));
    expect(history).not.toContain(hook.secret);
    expect(history).not.toContain(hook.secret.slice('whsec_'.length));
    expect(history).not.toContain(TOKEN);
  });

  it('retries with backoff: a receiver failing three attempts gets the event on the fourth, same webhook-id', async () => {
    const r = await receiver();
    const hook = await hooks.create({ url: r.url, events: ['integration.connected'], project_id: 'flaky' });
    r.secrets.push(hook.secret);
    r.answer(500, 503, 429);
    expect((await apiFor(api, token, orgId, 'flaky').connect('github', githubCredentials())).status).toBe(200);

    const delivered = await hooks.deliveryWhen(hook.id, (d) => d.status === 'delivered', 'the fourth attempt to succeed');
    expect(delivered).toEqual(expect.objectContaining({ event_type: 'integration.connected', attempts: 4, last_status_code: 204, last_error: null }));
    expect(r.received).toHaveLength(4);
    expect(new Set(r.received.map((h) => h.id)).size).toBe(1);
    expect(r.received.every((h) => h.verifiedWith.length === 1)).toBe(true);
    expect(r.accepted.size).toBe(1);
    expect(r.received[0]!.payload.data).toEqual(expect.objectContaining({ provider: 'github', project_id: 'flaky', status: 'connected' }));
    // The waits double (300 ms, 600 ms, 1.2 s): each gap is at least its backoff (timestamps are whole seconds, so
    // only the total is checked, with a second of tolerance).
    const first = Number(r.received[0]!.timestamp);
    const last = Number(r.received[3]!.timestamp);
    expect(last - first).toBeGreaterThanOrEqual(1);
  });

  it('disables the endpoint on 410 Gone; re-enabled, a manual retry delivers', async () => {
    const r = await receiver();
    const hook = await hooks.create({ url: r.url, events: ['integration.connected', 'integration.disconnected'], project_id: 'gone' });
    r.secrets.push(hook.secret);
    r.answer(410);
    const p = apiFor(api, token, orgId, 'gone');
    expect((await p.connect('github', githubCredentials())).status).toBe(200);

    const gone = await hooks.deliveryWhen(hook.id, (d) => d.status === 'failed', 'the 410 to fail the delivery');
    expect(gone).toEqual(expect.objectContaining({ attempts: 1, last_status_code: 410, next_attempt_at: null }));
    const endpoint = (await hooks.get(hook.id)).json.data as Record<string, unknown>;
    expect(endpoint).toEqual(expect.objectContaining({ enabled: false, disabled_reason: expect.stringContaining('410') }));
    // Disabled: later events are not even queued for it.
    expect((await p.disconnect('github')).status).toBe(200);
    expect((await hooks.deliveries(hook.id)).json.data).toHaveLength(1);
    expect(r.received).toHaveLength(1);

    expect((await hooks.update(hook.id, { enabled: true })).json.data).toEqual(expect.objectContaining({ enabled: true, disabled_reason: null }));
    const retried = await hooks.retry(hook.id, String(gone.id));
    expect(retried.status).toBe(202);
    expect(retried.json.data).toEqual(expect.objectContaining({ id: gone.id, status: 'pending' }));
    const delivered = await hooks.deliveryWhen(hook.id, (d) => d.id === gone.id && d.status === 'delivered', 'the retried delivery');
    expect(delivered).toEqual(expect.objectContaining({ attempts: 2, last_status_code: 204 }));
    expect(r.received.map((h) => h.id)).toEqual([gone.event_id, gone.event_id]);
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const r = await receiver();
    const hook = await hooks.create({ url: r.url, events: ['integration.connected'], project_id: 'rotate' });
    const rotated = await hooks.rotate(hook.id);
    expect(rotated.status).toBe(200);
    const fresh = rotated.json.data as { secret: string; previous_secret_expires_at: string };
    expect(fresh.secret).not.toBe(hook.secret);
    const overlapH = (Date.parse(fresh.previous_secret_expires_at) - Date.now()) / 3_600_000;
    expect(overlapH).toBeGreaterThan(23.9);
    expect(overlapH).toBeLessThanOrEqual(24);
    // The secret is shown on create and rotate only.
    expect(JSON.stringify((await hooks.get(hook.id)).json)).not.toContain('whsec_');
    r.secrets.push(hook.secret, fresh.secret);

    const p = apiFor(api, token, orgId, 'rotate');
    expect((await p.connect('github', githubCredentials())).status).toBe(200);
    const during = await waitFor(async () => r.received[0], 'the delivery during the overlap');
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(during.verifiedWith.sort()).toEqual([hook.secret, fresh.secret].sort());

    // Once the overlap is over (moved into the past here), only the new secret signs.
    await api.db.sql`update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = ${hook.id}`;
    expect((await p.connect('github', githubCredentials())).status).toBe(200);
    const after = await waitFor(async () => r.received[1], 'the delivery after the overlap');
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(after.verifiedWith).toEqual([fresh.secret]);
  });
});
