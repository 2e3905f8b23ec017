import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { ensureInboundHook } from '../../db/inbound-hooks.js';
import { SENTRY_SECRET_REASON } from '../../db/inbound-registration.js';
import { stackTest } from '../helpers/fixture.js';
import { call } from '../helpers/stack.js';
import { createAuditClient } from '../../api/sdk/src/index.js';

const test = stackTest({ worker: false });
const SENTRY_CREDENTIALS = { token: `sntrys_${randomUUID().replace(/-/g, '')}`, organization: 'acme', project: 'web' };

describe('PUT …/integrations/:provider/realtime', () => {
  test("stores Sentry's client secret encrypted, audits it, and answers the detail view without it", async ({ stack: { api, token, orgId } }) => {
    const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;
    expect((await call(api.baseUrl, 'POST', `${base}/sentry/connect`, { token, body: { credentials: SENTRY_CREDENTIALS } })).status).toBe(200);
    const secret = randomBytes(32).toString('hex');
    const res = await call(api.baseUrl, 'PUT', `${base}/sentry/realtime`, { token, body: { secret } });
    expect(res.status, res.text).toBe(200);
    const data = res.json.data as { id: string; provider: string; realtime: Record<string, unknown> };
    expect(data.provider).toBe('sentry');
    expect(data.realtime).toEqual({ state: 'manual', reason: SENTRY_SECRET_REASON, url: expect.stringMatching(new RegExp(`^${api.baseUrl}/api/v1/inbound/sentry/[A-Za-z0-9_-]{22}$`)) as unknown, secret: null });
    expect(res.text).not.toContain(secret);
    // The GET shows the same; the receiver reads the secret back decrypted; the column holds no plaintext.
    expect(((await call(api.baseUrl, 'GET', `${base}/sentry`, { token })).json.data as { realtime: unknown }).realtime).toEqual(data.realtime);
    const stored = await ensureInboundHook(api.db.sql, api.cipher, { integrationId: data.id, orgId, projectId: 'web', provider: 'sentry' });
    expect(stored.secret).toBe(secret);
    const [raw] = await api.db.sql<{ secret: string }[]>`select secret from inbound_hooks where integration_id = ${data.id}`;
    expect(raw!.secret).not.toContain(secret);
    // Audited as settings changes are: ids and the action, never the value.
    const log = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/audit-log?action=realtime_secret_set`, { token });
    expect(log.status).toBe(200);
    expect((log.json.data as { action: string; target_id: string; provider: string }[]).map((e) => [e.action, e.provider, e.target_id])).toEqual([['realtime_secret_set', 'sentry', data.id]]);
    expect(log.text).not.toContain(secret);
    expect(api.logs.join('\n')).not.toContain(secret);

    // The SDK's call for it: a new secret replaces the stored one, the answer is the same view.
    const client = createAuditClient({ baseUrl: api.baseUrl, token, org: orgId });
    const next = randomBytes(32).toString('hex');
    const viaSdk = await client.integrations.setRealtimeSecret('web', 'sentry', next);
    expect(viaSdk.realtime).toEqual(data.realtime);
    expect((await ensureInboundHook(api.db.sql, api.cipher, { integrationId: data.id, orgId, projectId: 'web', provider: 'sentry' })).secret).toBe(next);
  });

  test('refuses providers whose secret we choose or that send no webhooks, a disconnected or unknown Sentry, a bad body and a read-only key', async ({ stack: { api, token, orgId } }) => {
    const base = `/api/v1/orgs/${orgId}/projects/refusals/audit/integrations`;
    const secret = randomBytes(32).toString('hex');
    const put = (provider: string, body: unknown, key = token) => call(api.baseUrl, 'PUT', `${base}/${provider}/realtime`, { token: key, body });

    const github = await put('github', { secret });
    expect([github.status, github.json.error?.code]).toEqual([422, 'validation_failed']);
    expect(github.json.error?.message).toMatch(/github takes no realtime secret: its webhooks are signed with a secret this service generates/);
    const cloudflare = await put('cloudflare', { secret });
    expect([cloudflare.status, cloudflare.json.error?.code, cloudflare.json.error?.message]).toEqual([422, 'validation_failed', expect.stringContaining('it sends no webhooks') as unknown]);
    expect((await put('nope', { secret })).json.error?.code).toBe('invalid_provider');

    const notConnected = await put('sentry', { secret });
    expect([notConnected.status, notConnected.json.error?.code]).toEqual([422, 'not_connected']);
    expect((await call(api.baseUrl, 'POST', `${base}/sentry/connect`, { token, body: { credentials: SENTRY_CREDENTIALS } })).status).toBe(200);

    for (const body of [{}, { secret: 'short' }, { secret: `${secret} with spaces` }, { secret: 42 }, { secret, extra: true }]) {
      const bad = await put('sentry', body);
      expect([bad.status, bad.json.error?.code]).toEqual([422, 'validation_failed']);
      expect(bad.text).not.toContain(secret);
    }
    const readOnly = await api.createKey(orgId, ['audit:read']);
    expect((await put('sentry', { secret }, readOnly)).status).toBe(403);

    expect((await call(api.baseUrl, 'POST', `${base}/sentry/disconnect`, { token })).status).toBe(200);
    expect((await put('sentry', { secret })).json.error?.code).toBe('not_connected');
  });
});
