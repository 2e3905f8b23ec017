import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/openapi/document.js';
import { responseChecker } from '../deploy/openapi-check.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { apiFor } from '../sync/support.js';
import { startReceiver, type Receiver } from './receiver.js';
import { webhooksFor } from './support.js';

const WEBHOOKS = '/api/v1/orgs/{org_id}/webhooks';
const ONE = `${WEBHOOKS}/{webhook_id}`;

describe('/api/v1/orgs/:org_id/webhooks', () => {
  let api: TestApi;
  let production: TestApi;
  let worker: TestWorker;
  let receiver: Receiver;
  const orgId = randomUUID();
  let token: string;
  const checker = responseChecker(openApiDocument() as never);

  /** Every answer is checked against the OpenAPI document (status, envelope, exact fields). */
  async function request(method: string, template: string, path: string, opts: { token?: string; body?: unknown; base?: string } = {}) {
    const res = await fetch(`${opts.base ?? api.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${opts.token ?? token}`, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const checked = await checker.check(res, method, template);
    return checked as { status: number; text: string; json: { data: Record<string, unknown> & Record<string, unknown>[]; meta: Record<string, unknown>; error: { code: string; message: string } | null } };
  }
  const base = (org = orgId) => `/api/v1/orgs/${org}/webhooks`;

  beforeAll(async () => {
    receiver = await startReceiver();
    api = await startTestApi({ webhooks: { maxPerOrg: 3 } });
    production = await startTestApi({ webhooks: { httpsOnly: true } });
    // The production egress default: nothing private allowed, so a delivery to 127.0.0.1 is refused.
    worker = await startTestWorker(api, { egressAllow: '', housekeeping: {}, webhooks: { retry: { initialIntervalMs: 200, maxIntervalMs: 200, windowMs: 500 } } });
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await production?.close();
    await receiver?.close();
  });

  it('creates, lists, gets, updates and deletes an endpoint; the secret is answered once', async () => {
    const created = await request('POST', WEBHOOKS, base(), { body: { url: 'http://127.0.0.1:1/a', events: ['sync.failed'] } });
    expect(created.status).toBe(201);
    const hook = created.json.data;
    expect(hook).toEqual(expect.objectContaining({ org_id: orgId, url: 'http://127.0.0.1:1/a', events: ['sync.failed'], project_id: null, enabled: true, secret: expect.stringMatching(/^whsec_/) }));
    const listed = await request('GET', WEBHOOKS, base());
    expect(listed.json.data).toEqual([expect.objectContaining({ id: hook.id })]);
    expect(listed.text).not.toContain('whsec_');
    expect((await request('GET', ONE, `${base()}/${String(hook.id)}`)).text).not.toContain('whsec_');

    const updated = await request('PATCH', ONE, `${base()}/${String(hook.id)}`, { body: { url: 'http://127.0.0.1:1/b', events: ['sync.failed', 'sync.succeeded'], enabled: false } });
    expect(updated.json.data).toEqual(expect.objectContaining({ url: 'http://127.0.0.1:1/b', events: ['sync.failed', 'sync.succeeded'], enabled: false }));
    expect((await request('DELETE', ONE, `${base()}/${String(hook.id)}`)).json.data).toEqual({ id: hook.id, deleted: true });
    expect((await request('GET', ONE, `${base()}/${String(hook.id)}`)).status).toBe(404);
    expect((await request('DELETE', ONE, `${base()}/${String(hook.id)}`)).status).toBe(404);
  });

  it('answers 422 naming the field, never the value', async () => {
    const cases: [unknown, string][] = [
      [{ events: ['sync.failed'] }, 'url is required'],
      [{ url: 'ftp://example.com/x', events: ['sync.failed'] }, 'url must be an http(s) URL'],
      [{ url: 'https://user:hunter2@example.com/x', events: ['sync.failed'] }, 'url must be an http(s) URL'],
      [{ url: 'https://example.com/x', events: [] }, 'events must name at least one'],
      [{ url: 'https://example.com/x', events: ['sync.exploded'] }, 'events.0 must each be one of'],
      [{ url: 'https://example.com/x', events: ['sync.failed', 'sync.failed'] }, 'events must not repeat'],
      [{ url: 'https://example.com/x', events: ['sync.failed'], project_id: 'Not A Slug' }, 'project_id must be a project id'],
      [{ url: 'https://example.com/x', events: ['sync.failed'], secret: 'whsec_mine' }, 'body'],
      [[1, 2], 'body'],
    ];
    for (const [body, message] of cases) {
      const res = await request('POST', WEBHOOKS, base(), { body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error?.code).toBe('validation_failed');
      expect(res.json.error?.message).toContain(message);
      expect(res.json.error?.message).not.toContain('hunter2');
    }
    const hook = await webhooksFor(api, token, orgId).create({ url: 'https://example.com/x', events: ['sync.failed'] });
    const empty = await request('PATCH', ONE, `${base()}/${hook.id}`, { body: {} });
    expect(empty.json.error).toEqual({ code: 'validation_failed', message: 'body must change url, events or enabled' });
    await request('DELETE', ONE, `${base()}/${hook.id}`);
  });

  it('requires https with NODE_ENV=production', async () => {
    const prodToken = await production.createKey(orgId);
    const plain = await request('POST', WEBHOOKS, base(), { base: production.baseUrl, token: prodToken, body: { url: 'http://example.com/x', events: ['sync.failed'] } });
    expect(plain.json.error).toEqual({ code: 'validation_failed', message: 'url must be an https URL without credentials' });
    expect((await request('POST', WEBHOOKS, base(), { base: production.baseUrl, token: prodToken, body: { url: 'https://example.com/x', events: ['sync.failed'] } })).status).toBe(201);
  });

  it('bounds endpoints per org (ORG_MAX_WEBHOOKS) and checks org and scope', async () => {
    const org = randomUUID();
    const own = await api.createKey(org);
    for (let i = 0; i < 3; i++) expect((await request('POST', WEBHOOKS, base(org), { token: own, body: { url: `https://example.com/${i}`, events: ['sync.failed'] } })).status).toBe(201);
    const over = await request('POST', WEBHOOKS, base(org), { token: own, body: { url: 'https://example.com/4', events: ['sync.failed'] } });
    expect(over.status).toBe(422);
    expect(over.json.error).toEqual({ code: 'quota_exceeded', message: expect.stringContaining('org_max_webhooks (3)') });

    const [first] = (await request('GET', WEBHOOKS, base(org), { token: own })).json.data as unknown as { id: string }[];
    expect((await request('GET', WEBHOOKS, base(org))).status).toBe(403);
    expect((await request('GET', ONE, `${base(org)}/${first!.id}`)).status).toBe(403);
    // Another org's id under our org: not found, never theirs.
    expect((await request('GET', ONE, `${base()}/${first!.id}`)).status).toBe(404);
    const readOnly = await api.createKey(org, ['audit:read']);
    expect((await request('GET', WEBHOOKS, base(org), { token: readOnly })).status).toBe(200);
    expect((await request('POST', `${ONE}/rotate-secret`, `${base(org)}/${first!.id}/rotate-secret`, { token: readOnly })).status).toBe(403);
    expect((await call(api.baseUrl, 'GET', `${base(org)}/not-a-uuid`, { token: own })).status).toBe(404);
  });

  it('pages deliveries newest first; a private address is refused unless PROVIDER_EGRESS_ALLOW allows it', async () => {
    const hooks = webhooksFor(api, token, orgId);
    const hook = await hooks.create({ url: receiver.url, events: ['integration.connected'], project_id: 'paging' });
    const p = apiFor(api, token, orgId, 'paging');
    for (const provider of ['github', 'gitlab', 'linear']) expect((await p.connect(provider, { token: 'not-used' })).status).toBe(200);
    const failed = await hooks.deliveryWhen(hook.id, (d) => d.status === 'failed', 'the refused delivery to give up');
    expect(failed.last_error).toBe('Webhook endpoint could not be reached from this deployment (the address is refused, does not resolve, or did not answer)');
    expect(failed.last_status_code).toBeNull();
    expect(receiver.received).toEqual([]);

    const all = (await request('GET', `${ONE}/deliveries`, `${base()}/${hook.id}/deliveries`)).json.data as unknown as { id: string; event_type: string }[];
    expect(all).toHaveLength(3);
    const first = await request('GET', `${ONE}/deliveries`, `${base()}/${hook.id}/deliveries?limit=2`);
    expect((first.json.data as unknown as { id: string }[]).map((d) => d.id)).toEqual(all.slice(0, 2).map((d) => d.id));
    const second = await request('GET', `${ONE}/deliveries`, `${base()}/${hook.id}/deliveries?limit=2&cursor=${String(first.json.meta.next_cursor)}`);
    expect((second.json.data as unknown as { id: string }[]).map((d) => d.id)).toEqual([all[2]!.id]);
    expect(second.json.meta.next_cursor).toBeNull();
    expect((await request('GET', `${ONE}/deliveries`, `${base()}/${hook.id}/deliveries?cursor=bm9wZQ`)).status).toBe(422);
    expect((await request('POST', `${ONE}/deliveries/{delivery_id}/retry`, `${base()}/${hook.id}/deliveries/${randomUUID()}/retry`)).status).toBe(404);
  });
});
