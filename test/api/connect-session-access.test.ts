import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect } from 'vitest';
import { createApp } from '../../api/app.js';
import { SESSION_ROUTES } from '../../api/middleware/connect-session-gate.js';
import { OAUTH_PROVIDERS, type OAuthConfig } from '../../api/oauth-config.js';
import type { SyncControl } from '../../api/sync-control.js';
import type { CredentialCipher } from '../../db/crypto.js';
import type { Sql } from '../../db/sql.js';
import { appRoutes } from '../deploy/openapi-check.js';
import { stackTest, type Stack } from '../helpers/fixture.js';
import { call, startTestApi } from '../helpers/stack.js';
import { expectError } from './raw-http.js';

const oauth: OAuthConfig = {
  stateSecret: randomBytes(32),
  apps: { ga4: { ...OAUTH_PROVIDERS.ga4!, clientId: 'access-test.apps.example', authorizeUrl: 'https://accounts.example/o/oauth2/auth' } },
};
const test = stackTest({ api: { oauth }, worker: false });

const PROJECT = 'web';
const PROVIDERS = ['github', 'ga4'] as const;
const INTEGRATIONS = (orgId: string, project = PROJECT) => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`;
const GITHUB = { credentials: { token: 'ghp_session_test', repository: 'acme/web' } };

/** The org's integration rows as a connect would change them. */
const integrationsOf = (stack: Stack, ...orgIds: string[]) =>
  stack.api.db.sql`select id, project_id, provider, status, credentials, updated_at from audit_integrations where org_id in ${stack.api.db.sql([stack.orgId, ...orgIds])} order by id`;

async function createSession({ api, orgId, token }: Stack, body: Record<string, unknown> = { project_id: PROJECT, providers: PROVIDERS }) {
  const res = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/connect-sessions`, { token, body });
  expect(res.status, res.text).toBe(201);
  return res.json.data as { id: string; token: string };
}

/**
 * The route table of an app built as the stack's is (with sync control, so disconnect is in it, and an OAuth app): the
 * same createApp, so a route added later is in the matrix below without anyone listing it.
 */
function routeTable(): string[] {
  const app = createApp({
    sql: {} as Sql,
    cipher: {} as CredentialCipher,
    startSync: () => Promise.reject(new Error('not in this test')),
    pingTemporal: () => Promise.resolve(),
    logger: pino({ level: 'silent' }),
    syncControl: {} as SyncControl,
    oauth,
  });
  return appRoutes(app);
}

/** A concrete path for a route template: the session's own org, project and a provider it has; fresh ids elsewhere. */
function concrete(template: string, orgId: string): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    name === 'org_id' ? orgId : name === 'project_id' ? PROJECT : name === 'provider' ? 'github' : name === 'asset' || name === 'name' ? 'x' : randomUUID(),
  );
}

/** What an allowed route is called with to succeed, and what it answers (`stream`: an endless event stream). */
const ALLOWED_CALLS: Record<string, { route: string; body?: unknown; provider?: string; stream?: true }> = {
  'GET /api/v1/providers': { route: '/api/v1/providers' },
  'GET /api/v1/connect-session': { route: '/api/v1/connect-session' },
  'GET /api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations': { route: '' },
  'POST /api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/verify': { route: '/github/verify', body: { credentials: { repository: 'acme/web' } } },
  'POST /api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/connect': { route: '/github/connect', body: GITHUB },
  'POST /api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/oauth/start': { route: '/ga4/oauth/start', body: {} },
  'GET /api/v1/orgs/{org_id}/projects/{project_id}/audit/events': { route: '/audit/events', stream: true },
};
/** An ALLOWED_CALLS route as a path: absolute, under the project (`/audit/…`), or under its integrations. */
const allowedPath = (orgId: string, suffix: string) =>
  suffix.startsWith('/api/v1/') ? suffix : suffix.startsWith('/audit/') ? INTEGRATIONS(orgId).replace(/\/audit\/integrations$/, suffix) : `${INTEGRATIONS(orgId)}${suffix}`;
const asTemplate = (gateRoute: string) => gateRoute.replace(/:(\w+)/g, '{$1}');
/** Provider webhooks: authenticated by the provider's signature, never by a token (test/inbound/receive.test.ts). */
const providerSigned = (template: string) => template.startsWith('/api/v1/inbound/');

describe('what a connect session token may call', () => {
  test('every authenticated route of the app answers a session 403 forbidden, except the seven the contract allows', async ({ stack }) => {
    const session = await createSession(stack);
    const before = await integrationsOf(stack);
    const routes = routeTable();
    const allowed = [...SESSION_ROUTES].map(asTemplate).sort();
    expect(allowed).toEqual(Object.keys(ALLOWED_CALLS).sort());
    const checked: string[] = [];
    for (const route of routes) {
      const [method, template] = route.split(' ') as [string, string];
      if (providerSigned(template)) continue;
      const path = concrete(template, stack.orgId);
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      // A route that answers without any token is not governed by tokens (health, docs, pages, the OAuth callback).
      const anonymous = await call(stack.api.baseUrl, method, path, body === undefined ? {} : { body });
      if (anonymous.status !== 401) {
        expect(template.startsWith('/api/v1/') && template !== '/api/v1/openapi.json', `${route} answers without a token`).toBe(false);
        continue;
      }
      checked.push(route);
      if (allowed.includes(route)) continue;
      const res = await call(stack.api.baseUrl, method, path, { token: session.token, ...(body === undefined ? {} : { body }) });
      expect({ route, status: res.status, code: res.json?.error?.code }).toEqual({ route, status: 403, code: 'forbidden' });
      // HEAD goes with GET.
      if (method === 'GET') expect((await fetch(`${stack.api.baseUrl}${path}`, { method: 'HEAD', headers: { authorization: `Bearer ${session.token}` } })).status, route).toBe(403);
    }
    // The matrix covered every /api/v1 route but the document itself.
    expect(checked.sort()).toEqual(routes.filter((r) => r.split(' ')[1]!.startsWith('/api/v1/') && !r.endsWith('/openapi.json') && !providerSigned(r.split(' ')[1]!)).sort());
    for (const route of allowed) expect(checked, route).toContain(route);
    // Nothing the session was refused changed anything.
    expect(await integrationsOf(stack)).toEqual(before);
  });

  test('the seven allowed routes answer a session for its own org, project and providers', async ({ stack }) => {
    const session = await createSession(stack);
    for (const [route, { route: suffix, body, stream }] of Object.entries(ALLOWED_CALLS)) {
      const [method] = route.split(' ') as [string];
      const path = allowedPath(stack.orgId, suffix);
      if (stream) {
        // The stream's headers are the answer; it never ends by itself.
        const abort = new AbortController();
        const res = await fetch(`${stack.api.baseUrl}${path}`, { headers: { authorization: `Bearer ${session.token}` }, signal: abort.signal });
        expect({ route, status: res.status, type: res.headers.get('content-type') }).toEqual({ route, status: 200, type: 'text/event-stream; charset=utf-8' });
        abort.abort();
        continue;
      }
      const res = await call(stack.api.baseUrl, method, path, { token: session.token, ...(body === undefined ? {} : { body }) });
      expect({ route, status: res.status }).toEqual({ route, status: 200 });
    }
  });

  test('the allowed routes refuse another org, another project and another provider with 403; an unknown provider is 422', async ({ stack }) => {
    const session = await createSession(stack);
    const otherOrg = randomUUID();
    const before = await integrationsOf(stack, otherOrg);
    const refused: [string, string, unknown][] = [
      ['GET', INTEGRATIONS(otherOrg), undefined],
      ['GET', INTEGRATIONS(stack.orgId, 'other-project'), undefined],
      ['POST', `${INTEGRATIONS(stack.orgId, 'other-project')}/github/connect`, GITHUB],
      ['POST', `${INTEGRATIONS(otherOrg)}/github/connect`, GITHUB],
      ['POST', `${INTEGRATIONS(stack.orgId)}/jira/connect`, { credentials: { token: 'x' } }],
      ['POST', `${INTEGRATIONS(stack.orgId)}/jira/verify`, { credentials: { token: 'x' } }],
      ['POST', `${INTEGRATIONS(otherOrg)}/github/verify`, { credentials: { token: 'x' } }],
      ['POST', `${INTEGRATIONS(stack.orgId)}/gsc/oauth/start`, {}],
      ['POST', `${INTEGRATIONS(stack.orgId, 'other-project')}/ga4/oauth/start`, {}],
      ['GET', INTEGRATIONS(stack.orgId, 'other-project').replace(/\/integrations$/, '/events'), undefined],
      ['GET', INTEGRATIONS(otherOrg).replace(/\/integrations$/, '/events'), undefined],
    ];
    for (const [method, path, body] of refused) {
      expectError(await call(stack.api.baseUrl, method, path, { token: session.token, ...(body === undefined ? {} : { body }) }), 403, 'forbidden');
    }
    expectError(await call(stack.api.baseUrl, 'POST', `${INTEGRATIONS(stack.orgId)}/myspace/connect`, { token: session.token, body: GITHUB }), 422, 'invalid_provider');
    expect(await integrationsOf(stack, otherOrg)).toEqual(before);
  });

  test('a session of org A never reaches org B, and org B\'s key never reaches org A\'s sessions', async ({ stack }) => {
    const orgB = randomUUID();
    const keyB = await stack.api.createKey(orgB);
    const sessionA = await createSession(stack);
    const sessionB = await createSession({ ...stack, orgId: orgB, token: keyB });
    const pathsB = [
      ['GET', INTEGRATIONS(orgB)],
      ['POST', `${INTEGRATIONS(orgB)}/github/connect`],
      ['POST', `${INTEGRATIONS(orgB)}/github/verify`],
      ['POST', `${INTEGRATIONS(orgB)}/ga4/oauth/start`],
      ['GET', `/api/v1/orgs/${orgB}/connect-sessions/${sessionB.id}`],
      ['DELETE', `/api/v1/orgs/${orgB}/connect-sessions/${sessionB.id}`],
    ] as const;
    for (const [method, path] of pathsB) {
      expectError(await call(stack.api.baseUrl, method, path, { token: sessionA.token, ...(method === 'POST' ? { body: GITHUB } : {}) }), 403, 'forbidden');
    }
    expectError(await call(stack.api.baseUrl, 'GET', `/api/v1/orgs/${stack.orgId}/connect-sessions/${sessionA.id}`, { token: keyB }), 403, 'forbidden');
    expectError(await call(stack.api.baseUrl, 'DELETE', `/api/v1/orgs/${orgB}/connect-sessions/${sessionA.id}`, { token: keyB }), 404, 'not_found');
    expect((await call(stack.api.baseUrl, 'GET', '/api/v1/connect-session', { token: sessionB.token })).json.data).toMatchObject({ org_id: orgB });
  });

  test('an expired, revoked or unknown session token is 401 unauthorized on every allowed route', async ({ stack }) => {
    const expired = await createSession(stack);
    const revoked = await createSession(stack);
    await stack.api.db.sql`update connect_sessions set expires_at = now() - interval '1 second' where id = ${expired.id}`;
    expect((await call(stack.api.baseUrl, 'DELETE', `/api/v1/orgs/${stack.orgId}/connect-sessions/${revoked.id}`, { token: stack.token })).status).toBe(204);
    const unknown = `cs_${randomBytes(32).toString('base64url')}`;
    const before = await integrationsOf(stack);
    for (const token of [expired.token, revoked.token, unknown]) {
      for (const [route, { route: suffix, body }] of Object.entries(ALLOWED_CALLS)) {
        const [method] = route.split(' ') as [string];
        const path = allowedPath(stack.orgId, suffix);
        const res = await call(stack.api.baseUrl, method, path, { token, ...(body === undefined ? {} : { body }) });
        expectError(res, 401, 'unauthorized');
      }
    }
    expect(await integrationsOf(stack)).toEqual(before);
  });
});

describe('the list and connect with a session', () => {
  test('the list shows only the session\'s providers: their rows and placeholders', async ({ stack }) => {
    const project = 'listed';
    for (const provider of ['github', 'jira']) {
      expect((await call(stack.api.baseUrl, 'POST', `${INTEGRATIONS(stack.orgId, project)}/${provider}/connect`, { token: stack.token, body: GITHUB })).status).toBe(200);
    }
    const session = await createSession(stack, { project_id: project, providers: ['github', 'linear'] });
    const res = await call(stack.api.baseUrl, 'GET', INTEGRATIONS(stack.orgId, project), { token: session.token });
    expect(res.status).toBe(200);
    const rows = res.json.data as { provider: string; id: string | null; status: string }[];
    expect(rows.map((r) => [r.provider, r.id === null ? 'placeholder' : r.status])).toEqual([['github', 'connected'], ['linear', 'placeholder']]);
    // The key still sees all eight.
    expect(((await call(stack.api.baseUrl, 'GET', INTEGRATIONS(stack.orgId, project), { token: stack.token })).json.data as unknown[]).length).toBe(8);
  });

  test('a connect with a session is audited under the session and its creating key, and fires integration.connected', async ({ stack }) => {
    const project = 'embedded';
    const hook = { url: 'https://hooks.example/audit', events: ['integration.connected'], project_id: project };
    expect((await call(stack.api.baseUrl, 'POST', `/api/v1/orgs/${stack.orgId}/webhooks`, { token: stack.token, body: hook })).status).toBe(201);
    const session = await createSession(stack, { project_id: project, providers: ['github'] });
    const connected = await call(stack.api.baseUrl, 'POST', `${INTEGRATIONS(stack.orgId, project)}/github/connect`, { token: session.token, body: GITHUB });
    expect(connected.status).toBe(200);
    const row = connected.json.data as { id: string };

    const log = await call(stack.api.baseUrl, 'GET', `/api/v1/orgs/${stack.orgId}/audit-log?project_id=${project}&action=connect`, { token: stack.token });
    const me = (await call(stack.api.baseUrl, 'GET', '/api/v1/me', { token: stack.token })).json.data as { key_id: string; name: string | null };
    expect(log.json.data).toEqual([
      expect.objectContaining({ action: 'connect', provider: 'github', target_id: row.id, actor: { type: 'connect_session', session_id: session.id, api_key_id: me.key_id, api_key_name: me.name, name: null } }),
    ]);
    const events = await stack.api.db.sql<{ type: string; data: unknown }[]>`select type, data from webhook_events where org_id = ${stack.orgId} and project_id = ${project}`;
    expect(events.map((e) => e.type)).toEqual(['integration.connected']);
    expect(JSON.stringify(events)).not.toContain(session.token);
    expect(JSON.stringify(log.json)).not.toContain(session.token);
  });

  test('session requests spend the creating key\'s rate limit', async ({ stack }) => {
    const limited = await startTestApi({ db: stack.api.db, limits: { rateLimit: { perMinute: 1, burst: 3, unauthenticatedPerMinute: 0 } } });
    try {
      const key = await limited.createKey(stack.orgId);
      const res = await call(limited.baseUrl, 'POST', `/api/v1/orgs/${stack.orgId}/connect-sessions`, { token: key, body: { project_id: PROJECT } });
      const session = (res.json.data as { token: string }).token;
      expect((await call(limited.baseUrl, 'GET', '/api/v1/providers', { token: session })).status).toBe(200);
      expect((await call(limited.baseUrl, 'GET', '/api/v1/connect-session', { token: session })).status).toBe(200);
      // Three requests made, by the key and its session together: the bucket is empty for both.
      expectError(await call(limited.baseUrl, 'GET', '/api/v1/providers', { token: session }), 429, 'rate_limited');
      expectError(await call(limited.baseUrl, 'GET', '/api/v1/me', { token: key }), 429, 'rate_limited');
    } finally {
      await limited.close();
    }
  });
});
