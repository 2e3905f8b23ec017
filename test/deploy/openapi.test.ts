import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from '@temporalio/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { createApp } from '../../api/app.js';
import { ListQuerySchema } from '../../api/routes/findings.js';
import { OAUTH_PROVIDERS } from '../../api/oauth-config.js';
import { createSyncControl } from '../../api/sync-control.js';
import { createSyncStarter } from '../../api/sync-starter.js';
import { connectApiToTemporal, HEALTH_TIMEOUT_MS, type ApiTemporal } from '../../api/temporal-calls.js';
import { createApiKey } from '../../db/api-keys.js';
import { createCredentialCipher } from '../../db/crypto.js';
import { ensureInboundHook } from '../../db/inbound-hooks.js';
import { upsertIntegration } from '../../db/integrations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { PROJECT_ROOT } from '../helpers/services.js';
import { randomKey, startTestWorker, type TestWorker } from '../helpers/stack.js';
import { launchBrowser } from '../dashboard/support.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { appRoutes, documentedRoutes, responseChecker, validateOpenApiDocument, type OpenApiDoc } from './openapi-check.js';

describe('OpenAPI document and /docs', () => {
  let db: TestDatabase;
  let server: Server;
  let temporal: ApiTemporal;
  let worker: TestWorker;
  let fake: FakeGithub;
  let app: ReturnType<typeof createApp>;
  let baseUrl: string;
  let doc: OpenApiDoc;
  let checker: ReturnType<typeof responseChecker>;
  let cipher: ReturnType<typeof createCredentialCipher>;
  const orgId = randomUUID();
  let token: string;
  let readOnly: string;
  const taskQueue = `openapi-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeGithub({ token: 'ghp_openapi_good' });
    cipher = createCredentialCipher([randomKey()]);
    temporal = connectApiToTemporal({ address: inject('temporalAddress') }, { callMs: 3000, healthMs: HEALTH_TIMEOUT_MS });
    const client = new Client({ connection: temporal.connection });
    app = createApp({
      sql: db.sql,
      cipher,
      logger: pino({ level: 'silent' }),
      startSync: createSyncStarter(client, { taskQueue, startTimeoutMs: 3000 }),
      syncControl: createSyncControl(client, { timeoutMs: 3000 }),
      pingTemporal: temporal.ping,
      oauth: { stateSecret: randomBytes(32), apps: { sentry: { ...OAUTH_PROVIDERS.sentry!, clientId: 'openapi-test-client' } } },
    });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    worker = await startTestWorker({ db, cipher, taskQueue }, { adapters: [githubAdapter] });
    token = (await createApiKey(db.sql, { orgId, scopes: ['audit:read', 'audit:write'] })).token;
    readOnly = (await createApiKey(db.sql, { orgId, scopes: ['audit:read'] })).token;
  });
  afterAll(async () => {
    await worker.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await temporal.close();
    await fake.close();
    await db.drop();
  });

  it('serves an OpenAPI 3.1 document without an API key, valid against the official schema', async () => {
    const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDoc;
    checker = responseChecker(doc);
    expect(doc.openapi).toBe('3.1.0');
    const result = validateOpenApiDocument(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // The check has teeth: a document without `info`, or with a broken schema, is refused.
    expect(validateOpenApiDocument({ ...doc, info: undefined } as unknown as OpenApiDoc).valid).toBe(false);
    expect(validateOpenApiDocument({ ...doc, components: { schemas: { Broken: { type: 'objekt' } } } }).valid).toBe(false);
  });

  it('response schemas are strict: a field the document does not promise (credentials above all) fails', async () => {
    const row = { id: randomUUID(), org_id: orgId, project_id: 'web', provider: 'github', status: 'connected', last_sync_at: null, created_at: '2025-06-10T14:00:00Z', updated_at: '2025-06-10T14:00:00Z' };
    const respond = (data: unknown) => new Response(JSON.stringify({ data, meta: { request_id: 'r1' }, error: null }), { status: 200, headers: { 'content-type': 'application/json' } });
    const template = '/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/connect';
    await expect(checker.check(respond(row), 'POST', template)).resolves.toMatchObject({ status: 200 });
    await expect(checker.check(respond({ ...row, credentials: { token: 'x' } }), 'POST', template)).rejects.toThrow(/does not match/);
    await expect(checker.check(respond({ ...row, status: 'sleeping' }), 'POST', template)).rejects.toThrow(/does not match/);
    checker.succeeded.clear();
  });

  it('documents every route the app registers, and nothing else', () => {
    expect(documentedRoutes(doc)).toEqual(appRoutes(app));
  });

  it('request schemas are the ones the routes validate with', () => {
    const connect = doc.paths['/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/connect']!.post as unknown as {
      requestBody: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } };
    };
    expect(Object.keys(connect.requestBody.content['application/json'].schema.properties).sort()).toEqual(['auth_code', 'credentials']);
    const findings = doc.paths['/api/v1/orgs/{org_id}/projects/{project_id}/audit/findings']!.get as unknown as { parameters: { name: string; in: string }[] };
    expect(findings.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(Object.keys(ListQuerySchema.shape).sort());
    expect(Object.keys(ListQuerySchema.shape)).toContain('updated_since');
  });

  it('declares every bound, format and state-dependent failure the server enforces', () => {
    type Param = { name: string; in: string; schema: Record<string, unknown> };
    type Op = { parameters?: Param[]; requestBody?: { content: { 'application/json': { schema: { properties: Record<string, Record<string, unknown>> } } } }; responses: Record<string, { content?: { 'application/json': { schema: { properties: { error: { properties: { code: { enum?: string[] } } } } } } } }> };
    const P = '/api/v1/orgs/{org_id}/projects/{project_id}/audit';
    const op = (path: string, method: string) => doc.paths[path]![method] as unknown as Op;
    const query = (o: Op, name: string) => o.parameters!.find((p) => p.in === 'query' && p.name === name)!.schema;
    const codes = (o: Op, status: string) => o.responses[status]?.content?.['application/json'].schema.properties.error.properties.code.enum;

    expect(query(op(`${P}/findings`, 'get'), 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(query(op(`${P}/metrics`, 'get'), 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 1000 });
    expect(query(op(`${P}/metrics`, 'get'), 'provider')).toMatchObject({ enum: expect.arrayContaining(['github', 'cloudflare']) });
    expect(query(op(`${P}/integrations/{provider}/syncs`, 'get'), 'limit')).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    const finding = op(`${P}/findings`, 'post').requestBody!.content['application/json'].schema.properties;
    expect(finding.url).toMatchObject({ format: 'uri', maxLength: 2048, pattern: expect.stringMatching(/^\^\[Hh\]/) });
    expect(finding.title).toMatchObject({ minLength: 1, maxLength: 300, pattern: expect.any(String) });
    const connect = op(`${P}/integrations/{provider}/connect`, 'post').requestBody!.content['application/json'].schema.properties;
    expect(connect.credentials).toMatchObject({ maxProperties: 50, propertyNames: { minLength: 1, maxLength: 200, not: { const: '__proto__' } } });
    expect(connect.auth_code).toMatchObject({ maxLength: 16384 });

    expect(codes(op(`${P}/integrations/{provider}/sync`, 'post'), '422')).toEqual(['invalid_provider', 'not_connected', 'request_failed']);
    expect(codes(op(`${P}/integrations/{provider}/resync`, 'post'), '422')).toEqual(['invalid_provider', 'not_connected', 'request_failed']);
    expect(codes(op(`${P}/integrations/{provider}/disconnect`, 'post'), '422')).toEqual(['invalid_provider', 'not_connected', 'request_failed']);
    expect(codes(op(`${P}/integrations/{provider}/oauth/start`, 'post'), '422')).toEqual(['invalid_provider', 'oauth_not_configured', 'validation_failed']);
    expect(codes(op(`${P}/integrations/{provider}/connect`, 'post'), '422')).toEqual(['invalid_provider', 'validation_failed', 'quota_exceeded']);
    expect(codes(op(`${P}/findings`, 'post'), '422')).toEqual(['validation_failed', 'quota_exceeded']);
    // Every /api/v1 operation may be rate limited or find the database stalled; every failure is the envelope.
    for (const [path, ops] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/v1/') && p !== '/api/v1/openapi.json')) {
      for (const [method, o] of Object.entries(ops)) {
        // Provider webhooks carry the provider's signature, not a key: their 401 is invalid_signature.
        expect(codes(o as unknown as Op, '401'), `${method} ${path}`).toEqual([path.startsWith('/api/v1/inbound/') ? 'invalid_signature' : 'unauthorized']);
        expect(codes(o as unknown as Op, '429'), `${method} ${path}`).toEqual(['rate_limited']);
        expect(codes(o as unknown as Op, '503'), `${method} ${path}`).toEqual(['unavailable']);
      }
    }
    const callback = op('/oauth/{provider}/callback', 'get');
    expect(callback.parameters!.find((p) => p.name === 'provider')!.schema).toEqual({ $ref: '#/components/schemas/Provider' });
    expect(codes(callback, '404')).toEqual(['not_found']);
  });

  it('real responses of every endpoint validate against the document', async () => {
    const call = async (method: string, template: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${baseUrl}${path}`, { method, headers, redirect: 'manual', ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
      return checker.check(res, method, template);
    };
    const P = '/api/v1/orgs/{org_id}/projects/{project_id}/audit';
    const p = `/api/v1/orgs/${orgId}/projects/web/audit`;
    const I = `${P}/integrations`;
    const i = `${p}/integrations`;

    await call('GET', '/healthz', '/healthz');
    expect((await call('GET', '/readyz', '/readyz')).status).toBe(200);
    await call('GET', '/api/v1/openapi.json', '/api/v1/openapi.json');
    await call('GET', '/docs', '/docs');
    for (const asset of ['init.js', 'swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) expect((await call('GET', '/docs/{asset}', `/docs/${asset}`)).status).toBe(200);
    expect((await call('GET', '/docs/{asset}', '/docs/package.json')).status).toBe(404);
    for (const path of ['/dashboard', '/dashboard/']) expect([200, 503]).toContain((await call('GET', path, path)).status);
    expect([200, 404]).toContain((await call('GET', '/dashboard/{name}', '/dashboard/favicon.svg')).status);
    for (const path of ['/connect', '/connect/']) expect([200, 503]).toContain((await call('GET', path, path)).status);
    expect([200, 404]).toContain((await call('GET', '/connect/{name}', '/connect/favicon.svg')).status);
    expect((await call('GET', '/oauth/{provider}/callback', '/oauth/sentry/callback?state=forged&code=x')).status).toBe(303);
    // A provider outside the enum is no callback at all.
    expect((await call('GET', '/oauth/{provider}/callback', '/oauth/myspace/callback?state=forged&code=x')).status).toBe(404);

    expect((await call('GET', `${V1('me')}`, '/api/v1/me', { token })).status).toBe(200);
    expect((await call('GET', '/api/v1/me', '/api/v1/me')).status).toBe(401);
    expect((await call('GET', '/api/v1/oauth/providers', '/api/v1/oauth/providers', { token })).status).toBe(200);
    expect((await call('GET', '/api/v1/providers', '/api/v1/providers', { token })).status).toBe(200);
    // A schema problem answers before any provider read (this app's outbound client allows no loopback address).
    expect((await call('POST', `${I}/{provider}/verify`, `${i}/github/verify`, { token, body: { credentials: { repository: 'acme/web' } } })).status).toBe(200);
    expect((await call('POST', `${I}/{provider}/verify`, `${i}/github/verify`, { token, body: { credential: {} } })).status).toBe(422);
    expect((await call('POST', `${I}/{provider}/oauth/start`, `${i}/sentry/oauth/start`, { token, body: { credentials: { organization: 'acme' } } })).status).toBe(200);
    expect((await call('POST', `${I}/{provider}/oauth/start`, `${i}/github/oauth/start`, { token })).status).toBe(422);

    expect((await call('GET', I, i, { token })).status).toBe(200);
    expect((await call('GET', I, `/api/v1/orgs/${randomUUID()}/projects/web/audit/integrations`, { token })).status).toBe(403);
    const credentials = { token: 'ghp_openapi_good', repository: 'acme/web', base_url: fake.url };
    expect((await call('POST', `${I}/{provider}/connect`, `${i}/github/connect`, { token, body: { credentials } })).status).toBe(200);
    expect((await call('POST', `${I}/{provider}/connect`, `${i}/myspace/connect`, { token, body: {} })).status).toBe(422);
    expect((await call('POST', `${I}/{provider}/connect`, `${i}/github/connect`, { token: readOnly, body: {} })).status).toBe(403);
    expect((await call('GET', I, i, { token })).status).toBe(200);

    const finding = await call('POST', `${P}/findings`, `${p}/findings`, { token, body: { title: 'Broken link', severity: 'high', url: 'https://example.com/a' } });
    expect(finding.status).toBe(201);
    expect((await call('POST', `${P}/findings`, `${p}/findings`, { token, body: { title: '' } })).status).toBe(422);
    expect((await call('POST', `${I}/{provider}/sync`, `${i}/github/sync`, { token })).status).toBe(202);
    expect((await call('POST', `${I}/{provider}/sync`, `${i}/jira/sync`, { token })).status).toBe(422);
    await waitFor(async () => {
      const rows = (await call('GET', I, i, { token })).json as { data: { provider: string; status: string }[] };
      return rows.data.find((r) => r.provider === 'github' && r.status === 'connected');
    }, 'sync finished');
    expect((await call('GET', `${I}/{provider}/syncs`, `${i}/github/syncs?limit=5`, { token })).status).toBe(200);
    expect((await call('GET', `${I}/{provider}/syncs`, `${i}/github/syncs?limit=0`, { token })).status).toBe(422);
    // Full resync (issue 26): answered as sync; its run (trigger full_resync) is listed by the syncs page below.
    expect((await call('POST', `${I}/{provider}/resync`, `${i}/github/resync`, { token })).status).toBe(202);
    expect((await call('POST', `${I}/{provider}/resync`, `${i}/jira/resync`, { token })).status).toBe(422);
    expect((await call('POST', `${I}/{provider}/resync`, `${i}/github/resync`, { token: readOnly })).status).toBe(403);
    await waitFor(async () => {
      const runs = (await call('GET', `${I}/{provider}/syncs`, `${i}/github/syncs?limit=5`, { token })).json as { data: { trigger: string; outcome: string }[] };
      return runs.data.find((r) => r.trigger === 'full_resync' && r.outcome === 'succeeded');
    }, 'resync finished');
    // Settings, the single GET and the org-wide list (issue 26): a row, a placeholder, and their failures.
    expect((await call('GET', `${I}/{provider}`, `${i}/github`, { token })).status).toBe(200);
    expect((await call('GET', `${I}/{provider}`, `${i}/jira`, { token })).status).toBe(200);
    expect((await call('PATCH', `${I}/{provider}/settings`, `${i}/github/settings`, { token, body: { sync_interval_seconds: 3600, paused: true } })).status).toBe(200);
    expect((await call('PATCH', `${I}/{provider}/settings`, `${i}/github/settings`, { token, body: { paused: false, sync_interval_seconds: null } })).status).toBe(200);
    expect((await call('PATCH', `${I}/{provider}/settings`, `${i}/github/settings`, { token, body: { sync_interval_seconds: 299 } })).status).toBe(422);
    expect((await call('PATCH', `${I}/{provider}/settings`, `${i}/jira/settings`, { token, body: {} })).status).toBe(422);
    expect((await call('PATCH', `${I}/{provider}/settings`, `${i}/github/settings`, { token: readOnly, body: {} })).status).toBe(403);
    expect((await call('GET', '/api/v1/orgs/{org_id}/integrations', `/api/v1/orgs/${orgId}/integrations?limit=1&provider=github,jira`, { token })).status).toBe(200);
    expect((await call('GET', '/api/v1/orgs/{org_id}/integrations', `/api/v1/orgs/${orgId}/integrations?health=fine`, { token })).status).toBe(422);
    expect((await call('GET', '/api/v1/orgs/{org_id}/integrations', `/api/v1/orgs/${randomUUID()}/integrations`, { token })).status).toBe(403);

    // The documented bounds are the server's, on both sides of each.
    expect((await call('GET', `${P}/findings`, `${p}/findings?limit=100`, { token })).status).toBe(200);
    expect((await call('GET', `${P}/findings`, `${p}/findings?limit=101`, { token })).status).toBe(422);
    expect((await call('GET', `${P}/metrics`, `${p}/metrics?limit=1000`, { token })).status).toBe(200);
    expect((await call('GET', `${P}/metrics`, `${p}/metrics?limit=1001`, { token })).status).toBe(422);
    expect((await call('GET', `${I}/{provider}/syncs`, `${i}/github/syncs?limit=100`, { token })).status).toBe(200);
    expect((await call('GET', `${I}/{provider}/syncs`, `${i}/github/syncs?limit=101`, { token })).status).toBe(422);
    expect((await call('POST', `${P}/findings`, `${p}/findings`, { token, body: { title: 'x', severity: 'low', url: 'ftp://example.com/a' } })).status).toBe(422);
    expect((await call('POST', `${P}/findings`, `${p}/findings`, { token, body: { title: ' \u3000 ', severity: 'low' } })).status).toBe(422);

    const listed = await call('GET', `${P}/findings`, `${p}/findings?status=open`, { token });
    expect((listed.json as { data: { tasks: unknown[] }[] }).data[0]!.tasks).toHaveLength(1);
    const id = (finding.json as { data: { id: string } }).data.id;
    expect((await call('PATCH', `${P}/findings/{id}`, `${p}/findings/${id}`, { token, body: { status: 'resolved' } })).status).toBe(200);
    expect((await call('PATCH', `${P}/findings/{id}`, `${p}/findings/${randomUUID()}`, { token, body: { status: 'resolved' } })).status).toBe(404);
    expect((await call('GET', `${P}/metrics`, `${p}/metrics?period=all`, { token })).status).toBe(200);
    expect((await call('POST', `${I}/{provider}/disconnect`, `${i}/github/disconnect`, { token })).status).toBe(200);
    expect((await call('GET', I, i, { token })).status).toBe(200);
    expect((await call('GET', `${I}/{provider}`, `${i}/github`, { token })).status).toBe(200);

    // Webhooks and the audit log (issue 15): a reconnect queues an integration.connected delivery for the endpoint.
    const W = '/api/v1/orgs/{org_id}/webhooks';
    const w = `/api/v1/orgs/${orgId}/webhooks`;
    const hook = await call('POST', W, w, { token, body: { url: 'http://127.0.0.1:9/hooks', events: ['integration.connected'] } });
    expect(hook.status).toBe(201);
    const hookId = (hook.json as { data: { id: string } }).data.id;
    expect((await call('POST', W, w, { token, body: { url: 'ftp://example.com', events: [] } })).status).toBe(422);
    expect((await call('GET', W, w, { token })).status).toBe(200);
    expect((await call('GET', `${W}/{webhook_id}`, `${w}/${hookId}`, { token })).status).toBe(200);
    expect((await call('PATCH', `${W}/{webhook_id}`, `${w}/${hookId}`, { token, body: { events: ['integration.connected', 'sync.failed'] } })).status).toBe(200);
    expect((await call('POST', `${W}/{webhook_id}/rotate-secret`, `${w}/${hookId}/rotate-secret`, { token })).status).toBe(200);
    expect((await call('POST', `${I}/{provider}/connect`, `${i}/github/connect`, { token, body: { credentials } })).status).toBe(200);
    const deliveries = await call('GET', `${W}/{webhook_id}/deliveries`, `${w}/${hookId}/deliveries?limit=5`, { token });
    const [delivery] = (deliveries.json as { data: { id: string }[] }).data;
    expect((await call('POST', `${W}/{webhook_id}/deliveries/{delivery_id}/retry`, `${w}/${hookId}/deliveries/${delivery!.id}/retry`, { token })).status).toBe(202);
    expect((await call('GET', '/api/v1/orgs/{org_id}/audit-log', `/api/v1/orgs/${orgId}/audit-log?limit=5`, { token })).status).toBe(200);
    expect((await call('GET', '/api/v1/orgs/{org_id}/audit-log', `/api/v1/orgs/${orgId}/audit-log?action=nope`, { token })).status).toBe(422);
    expect((await call('DELETE', `${W}/{webhook_id}`, `${w}/${hookId}`, { token })).status).toBe(200);

    // Connect sessions (issue 27): created with the key, used and introspected with the token, revoked.
    const S = '/api/v1/orgs/{org_id}/connect-sessions';
    const s = `/api/v1/orgs/${orgId}/connect-sessions`;
    const created = await call('POST', S, s, { token, body: { project_id: 'web', providers: ['github'], expires_in_seconds: 600 } });
    expect(created.status).toBe(201);
    const session = (created.json as { data: { id: string; token: string } }).data;
    expect((await call('POST', S, s, { token, body: { project_id: 'web', return_url: 'https://app.example/' } })).status).toBe(422);
    expect((await call('GET', `${S}/{session_id}`, `${s}/${session.id}`, { token })).status).toBe(200);
    expect((await call('GET', '/api/v1/connect-session', '/api/v1/connect-session', { token: session.token })).status).toBe(200);
    expect((await call('GET', '/api/v1/connect-session', '/api/v1/connect-session', { token })).status).toBe(403);
    expect((await call('GET', I, i, { token: session.token })).status).toBe(200);
    expect((await call('POST', `${I}/{provider}/connect`, `${i}/github/connect`, { token: session.token, body: { credentials } })).status).toBe(200);
    const byPath = (await call('GET', '/api/v1/orgs/{org_id}/audit-log', `/api/v1/orgs/${orgId}/audit-log?limit=1&action=reconnect`, { token })).json;
    expect((byPath as { data: { actor: { type: string } }[] }).data[0]!.actor.type).toBe('connect_session');
    expect((await call('GET', '/api/v1/me', '/api/v1/me', { token: session.token })).status).toBe(403);
    expect((await call('GET', `${P}/findings`, `${p}/findings`, { token: session.token })).status).toBe(403);
    expect((await call('DELETE', `${S}/{session_id}`, `${s}/${session.id}`, { token })).status).toBe(204);
    expect((await call('GET', '/api/v1/providers', '/api/v1/providers', { token: session.token })).status).toBe(401);
    expect((await call('GET', '/api/v1/orgs/{org_id}/audit-log', `/api/v1/orgs/${orgId}/audit-log?action=connect_session_revoked`, { token })).status).toBe(200);

    // Live events (issue 28): the stream never ends by itself, so its status and content type are checked, then it is dropped.
    const abort = new AbortController();
    const live = await fetch(`${baseUrl}${p}/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
    expect((await checker.check(new Response(null, { status: live.status, headers: live.headers }), 'GET', `${P}/events`)).status).toBe(200);
    abort.abort();
    expect((await call('GET', `${P}/events`, `/api/v1/orgs/${randomUUID()}/projects/web/audit/events`, { token })).status).toBe(403);

    // Inbound provider webhooks (issue 28): a GitHub delivery signed with the hook's secret, then a forged one.
    const hooked = await upsertIntegration(db.sql, { orgId, projectId: 'inbound', provider: 'github' }, 'not-used');
    await db.sql`update audit_integrations set next_sync_at = null where id = ${hooked.id}`;
    const inboundHook = await ensureInboundHook(db.sql, cipher, { integrationId: hooked.id, orgId, projectId: 'inbound', provider: 'github' });
    const IN = '/api/v1/inbound/{provider}/{hook_id}';
    const inboundBody = JSON.stringify({ action: 'closed', issue: { number: 1, updated_at: '2025-06-10T14:00:00Z' } });
    const signed = (secret: string) => ({ 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(inboundBody).digest('hex')}` });
    const inbound = (headers: Record<string, string>) => fetch(`${baseUrl}/api/v1/inbound/github/${inboundHook.hookId}`, { method: 'POST', headers, body: inboundBody }).then((res) => checker.check(res, 'POST', IN));
    expect((await inbound(signed(inboundHook.secret!))).status).toBe(202);
    expect((await inbound(signed('forged'))).status).toBe(401);

    // Sentry's webhook signing secret (issue 28): given for a connected Sentry; refused for a tracker (we choose theirs).
    const sentryCredentials = { token: 'sntrys_openapi', organization: 'acme', project: 'web' };
    expect((await call('POST', `${I}/{provider}/connect`, `${i}/sentry/connect`, { token, body: { credentials: sentryCredentials } })).status).toBe(200);
    expect((await call('PUT', `${I}/{provider}/realtime`, `${i}/sentry/realtime`, { token, body: { secret: 'a'.repeat(64) } })).status).toBe(200);
    expect((await call('PUT', `${I}/{provider}/realtime`, `${i}/github/realtime`, { token, body: { secret: 'a'.repeat(64) } })).status).toBe(422);

    // Every documented operation answered successfully at least once.
    expect([...checker.succeeded].sort()).toEqual(documentedRoutes(doc));
  });

  it('serves the reference page and its assets from node_modules, with no third-party origin', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(ref.startsWith('/docs/'), ref).toBe(true);
      expect((await fetch(`${baseUrl}${ref}`)).status, ref).toBe(200);
    }
    expect(await (await fetch(`${baseUrl}/docs/init.js`)).text()).toContain('"/api/v1/openapi.json"');
  });

  it('renders in a browser: every operation listed, no errors, nothing fetched from elsewhere', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const urls: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${baseUrl}/docs`);
      await page.waitForSelector('.opblock');
      const operations = await page.locator('.opblock').count();
      expect(operations).toBe(documentedRoutes(doc).length);
      expect(await page.locator('.info .title').innerText()).toContain('Audit Integrations API');
      await mkdir(path.join(PROJECT_ROOT, 'test-artifacts/docs'), { recursive: true });
      await page.screenshot({ path: path.join(PROJECT_ROOT, 'test-artifacts/docs/api-docs.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(urls.filter((u) => !u.startsWith(baseUrl) && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

function V1(path: string): string {
  return `/api/v1/${path}`;
}
