import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { OAUTH_PROVIDERS, type OAuthConfig } from '../../api/oauth-config.js';
import { createApiKey } from '../../db/api-keys.js';
import { PROVIDERS } from '../../db/providers.js';
import { stackTest, type Stack } from '../helpers/fixture.js';
import { call, startTestApi } from '../helpers/stack.js';
import { expectError } from './raw-http.js';

const oauth: OAuthConfig = {
  stateSecret: randomBytes(32),
  apps: { ga4: { ...OAUTH_PROVIDERS.ga4!, clientId: 'sessions-test.apps.example', authorizeUrl: 'https://accounts.example/o/oauth2/auth' } },
};
const RETURN_ORIGINS = ['https://app.example', 'http://localhost:5173'];
// No worker: nothing here needs a sync to run.
const test = stackTest({ api: { oauth, connect: { returnOrigins: RETURN_ORIGINS, httpsOnly: false } }, worker: false });

type Created = { id: string; token: string; url: string; project_id: string; providers: string[]; return_url: string | null; expires_at: string; created_at: string };

const sessionsPath = (orgId: string) => `/api/v1/orgs/${orgId}/connect-sessions`;

async function create({ api, orgId, token }: Stack, body: Record<string, unknown>): Promise<Created> {
  const res = await call(api.baseUrl, 'POST', sessionsPath(orgId), { token, body });
  expect(res.status, res.text).toBe(201);
  return res.json.data as Created;
}

async function auditOf({ api, orgId }: Stack, action: string) {
  return api.db.sql<{ target_id: string; project_id: string | null; actor_type: string; api_key_id: string | null; connect_session_id: string | null }[]>`
    select target_id, project_id, actor_type, api_key_id, connect_session_id from audit_log where org_id = ${orgId} and action = ${action} order by created_at, id
  `;
}

describe('POST /api/v1/orgs/:org_id/connect-sessions', () => {
  test('answers 201 with the token once, a connect URL with it in the fragment, and stores only its SHA-256', async ({ stack }) => {
    const res = await call(stack.api.baseUrl, 'POST', sessionsPath(stack.orgId), { token: stack.token, body: { project_id: 'web' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const s = res.json.data as Created;
    expect(Object.keys(s).sort()).toEqual(['created_at', 'expires_at', 'id', 'project_id', 'providers', 'return_url', 'token', 'url']);
    expect(s.token).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    // Without PUBLIC_URL: the address this connection reached, as the OAuth redirect URI uses.
    expect(s.url).toBe(`${stack.api.baseUrl}/connect/#session=${s.token}`);
    expect(s).toMatchObject({ project_id: 'web', providers: [...PROVIDERS], return_url: null });
    expect(Date.parse(s.expires_at) - Date.parse(s.created_at)).toBe(1800_000);

    const [row] = await stack.api.db.sql<{ token_hash: string; all: string }[]>`select token_hash, row_to_json(s)::text as all from connect_sessions s where id = ${s.id}`;
    expect(row!.token_hash).toBe(createHash('sha256').update(s.token).digest('hex'));
    expect(row!.all).not.toContain(s.token.slice(3));
    const [key] = await stack.api.db.sql<{ id: string }[]>`select id from api_keys where token_hash = ${createHash('sha256').update(stack.token).digest('hex')}`;
    expect(await auditOf(stack, 'connect_session_created')).toContainEqual({ target_id: s.id, project_id: 'web', actor_type: 'api_key', api_key_id: key!.id, connect_session_id: null });
    // Never again: the single GET has no token.
    const got = await call(stack.api.baseUrl, 'GET', `${sessionsPath(stack.orgId)}/${s.id}`, { token: stack.token });
    expect(got.text).not.toContain(s.token);
  });

  test('takes providers, a lifetime between 60 and 3600 seconds, and a return_url on a listed origin', async ({ stack }) => {
    const s = await create(stack, { project_id: 'web', providers: ['jira', 'github'], expires_in_seconds: 60, return_url: 'https://app.example/settings?tab=integrations' });
    expect(s).toMatchObject({ providers: ['jira', 'github'], return_url: 'https://app.example/settings?tab=integrations' });
    expect(Date.parse(s.expires_at) - Date.parse(s.created_at)).toBe(60_000);
    const longest = await create(stack, { project_id: 'web', expires_in_seconds: 3600, return_url: 'http://localhost:5173/done' });
    expect(Date.parse(longest.expires_at) - Date.parse(longest.created_at)).toBe(3600_000);
  });

  const invalid: [string, Record<string, unknown> | string, RegExp][] = [
    ['no project_id', {}, /^project_id is required/],
    ['a project_id that is no project slug', { project_id: 'Web Site' }, /^project_id must be a project id/],
    ['an empty providers list', { project_id: 'web', providers: [] }, /^providers must name at least one/],
    ['a repeated provider', { project_id: 'web', providers: ['github', 'github'] }, /^providers must not repeat/],
    ['an unknown provider', { project_id: 'web', providers: ['myspace'] }, /^providers\.0 must each be one of/],
    ['providers as a string', { project_id: 'web', providers: 'github' }, /^providers must be an array/],
    ['a lifetime under 60 s', { project_id: 'web', expires_in_seconds: 59 }, /^expires_in_seconds must be at least 60/],
    ['a lifetime over 3600 s', { project_id: 'web', expires_in_seconds: 3601 }, /^expires_in_seconds must be at most 3600/],
    ['a fractional lifetime', { project_id: 'web', expires_in_seconds: 90.5 }, /^expires_in_seconds must be an integer/],
    ['a lifetime as a string', { project_id: 'web', expires_in_seconds: '600' }, /^expires_in_seconds must be an integer/],
    ['an unknown field', { project_id: 'web', scopes: ['audit:write'] }, /^body has an unknown field/],
    ['a return_url that is not http(s)', { project_id: 'web', return_url: 'javascript:alert(1)' }, /^return_url must be an http\(s\) URL/],
    ['a return_url with credentials', { project_id: 'web', return_url: 'https://user:pw@app.example/' }, /^return_url must be an http\(s\) URL without credentials/],
    ['a return_url on an unlisted origin', { project_id: 'web', return_url: 'https://evil.example/app.example' }, /^return_url must be on an origin listed in CONNECT_RETURN_ORIGINS/],
    ['a return_url on a listed host with another port', { project_id: 'web', return_url: 'https://app.example:8443/' }, /CONNECT_RETURN_ORIGINS/],
    ['a body that is no object', '["web"]', /^body must be a JSON object/],
  ];
  test.for(invalid)('refuses %s with 422 validation_failed naming the field, never its value', async ([, body, message], { stack }) => {
    const res = await call(stack.api.baseUrl, 'POST', sessionsPath(stack.orgId), {
      token: stack.token,
      ...(typeof body === 'string' ? { rawBody: body, headers: { 'content-type': 'application/json' } } : { body }),
    });
    expect(expectError(res, 422, 'validation_failed').message).toMatch(message);
    expect(res.text).not.toContain('evil.example');
    expect(res.text).not.toContain('alert');
  });

  test('refuses every return_url when CONNECT_RETURN_ORIGINS is empty, and http ones in production', async ({ stack }) => {
    const unlisted = await startTestApi({ db: stack.api.db });
    const production = await startTestApi({ db: stack.api.db, connect: { returnOrigins: RETURN_ORIGINS, httpsOnly: true } });
    try {
      const post = (baseUrl: string, body: unknown) => call(baseUrl, 'POST', sessionsPath(stack.orgId), { token: stack.token, body });
      const none = expectError(await post(unlisted.baseUrl, { project_id: 'web', return_url: 'https://app.example/' }), 422, 'validation_failed');
      expect(none.message).toMatch(/^return_url is not accepted by this server \(CONNECT_RETURN_ORIGINS is empty\)/);
      expect((await post(unlisted.baseUrl, { project_id: 'web' })).status).toBe(201);
      const http = expectError(await post(production.baseUrl, { project_id: 'web', return_url: 'http://localhost:5173/done' }), 422, 'validation_failed');
      expect(http.message).toMatch(/^return_url must be an https URL/);
      expect((await post(production.baseUrl, { project_id: 'web', return_url: 'https://app.example/done' })).status).toBe(201);
    } finally {
      await unlisted.close();
      await production.close();
    }
  });

  test('builds the URL on PUBLIC_URL when it is set, whatever Host the request came with', async ({ stack }) => {
    const pinned = await startTestApi({ db: stack.api.db, oauth: { ...oauth, publicUrl: 'https://audit.example' } });
    try {
      const res = await call(pinned.baseUrl, 'POST', sessionsPath(stack.orgId), { token: stack.token, body: { project_id: 'web' }, headers: { 'x-forwarded-host': 'attacker.example' } });
      const s = res.json.data as Created;
      expect(s.url).toBe(`https://audit.example/connect/#session=${s.token}`);
    } finally {
      await pinned.close();
    }
  });

  test('needs audit:write in the org: a read-only key, another org\'s key and a session are 403, and nothing is stored', async ({ stack }) => {
    const readOnly = await stack.api.createKey(stack.orgId, ['audit:read']);
    const other = await stack.api.createKey(randomUUID());
    const session = await create(stack, { project_id: 'web' });
    const [before] = await stack.api.db.sql<{ n: number }[]>`select count(*)::int as n from connect_sessions`;
    for (const token of [readOnly, other, session.token]) {
      expectError(await call(stack.api.baseUrl, 'POST', sessionsPath(stack.orgId), { token, body: { project_id: 'web' } }), 403, 'forbidden');
    }
    expect((await stack.api.db.sql<{ n: number }[]>`select count(*)::int as n from connect_sessions`)[0]).toEqual(before);
  });
});

describe('GET and DELETE /api/v1/orgs/:org_id/connect-sessions/:id', () => {
  test('shows the state without the token; DELETE revokes once (204, one audit entry) and the token then answers 401', async ({ stack }) => {
    const s = await create(stack, { project_id: 'shop', providers: ['github'] });
    const path = `${sessionsPath(stack.orgId)}/${s.id}`;
    const active = await call(stack.api.baseUrl, 'GET', path, { token: stack.token });
    expect(active.status).toBe(200);
    expect(active.json.data).toEqual({ id: s.id, project_id: 'shop', providers: ['github'], return_url: null, expires_at: s.expires_at, created_at: s.created_at, revoked_at: null, state: 'active' });
    expect((await call(stack.api.baseUrl, 'GET', '/api/v1/providers', { token: s.token })).status).toBe(200);

    const revoked = await call(stack.api.baseUrl, 'DELETE', path, { token: stack.token });
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');
    expectError(await call(stack.api.baseUrl, 'GET', '/api/v1/providers', { token: s.token }), 401, 'unauthorized');
    const after = (await call(stack.api.baseUrl, 'GET', path, { token: stack.token })).json.data as { state: string; revoked_at: string | null };
    expect(after.state).toBe('revoked');
    expect(after.revoked_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await call(stack.api.baseUrl, 'DELETE', path, { token: stack.token })).status).toBe(204);
    expect((await auditOf(stack, 'connect_session_revoked')).filter((e) => e.target_id === s.id)).toEqual([
      expect.objectContaining({ target_id: s.id, project_id: 'shop', actor_type: 'api_key' }),
    ]);
  });

  test('says expired once expires_at has passed', async ({ stack }) => {
    const s = await create(stack, { project_id: 'web' });
    await stack.api.db.sql`update connect_sessions set expires_at = now() - interval '1 second' where id = ${s.id}`;
    expect((await call(stack.api.baseUrl, 'GET', `${sessionsPath(stack.orgId)}/${s.id}`, { token: stack.token })).json.data).toMatchObject({ state: 'expired', revoked_at: null });
  });

  test('404 for unknown ids and for another org\'s session; 403 for another org\'s key and a read-only DELETE', async ({ stack }) => {
    const s = await create(stack, { project_id: 'web' });
    const otherOrg = randomUUID();
    const otherToken = await stack.api.createKey(otherOrg);
    for (const method of ['GET', 'DELETE']) {
      expectError(await call(stack.api.baseUrl, method, `${sessionsPath(stack.orgId)}/${randomUUID()}`, { token: stack.token }), 404, 'not_found');
      expectError(await call(stack.api.baseUrl, method, `${sessionsPath(stack.orgId)}/not-a-uuid`, { token: stack.token }), 404, 'not_found');
      // The other org's key, on its own org's path: no such session there.
      expectError(await call(stack.api.baseUrl, method, `${sessionsPath(otherOrg)}/${s.id}`, { token: otherToken }), 404, 'not_found');
      expectError(await call(stack.api.baseUrl, method, `${sessionsPath(stack.orgId)}/${s.id}`, { token: otherToken }), 403, 'forbidden');
    }
    const readOnly = await stack.api.createKey(stack.orgId, ['audit:read']);
    expect((await call(stack.api.baseUrl, 'GET', `${sessionsPath(stack.orgId)}/${s.id}`, { token: readOnly })).status).toBe(200);
    expectError(await call(stack.api.baseUrl, 'DELETE', `${sessionsPath(stack.orgId)}/${s.id}`, { token: readOnly }), 403, 'forbidden');
    expect((await call(stack.api.baseUrl, 'GET', `${sessionsPath(stack.orgId)}/${s.id}`, { token: stack.token })).json.data).toMatchObject({ state: 'active' });
  });
});

describe('GET /api/v1/connect-session', () => {
  test('tells a session what it may do; an API key gets 403, and a session gets 403 from /me', async ({ stack }) => {
    const s = await create(stack, { project_id: 'web', providers: ['gitlab', 'linear'], return_url: 'https://app.example/back' });
    const res = await call(stack.api.baseUrl, 'GET', '/api/v1/connect-session', { token: s.token });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ id: s.id, org_id: stack.orgId, project_id: 'web', providers: ['gitlab', 'linear'], return_url: 'https://app.example/back', expires_at: s.expires_at });
    expect(res.text).not.toContain(s.token);
    expectError(await call(stack.api.baseUrl, 'GET', '/api/v1/connect-session', { token: stack.token }), 403, 'forbidden');
    expectError(await call(stack.api.baseUrl, 'GET', '/api/v1/me', { token: s.token }), 403, 'forbidden');
  });
});

describe('OAuth started with a connect session', () => {
  const startPath = (orgId: string, project = 'oauth-web') => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations/ga4/oauth/start`;

  async function start(stack: Stack, sessionToken: string, project?: string) {
    const res = await call(stack.api.baseUrl, 'POST', startPath(stack.orgId, project), { token: sessionToken, body: { credentials: { property_id: '424242' } } });
    expect(res.status, res.text).toBe(200);
    const state = new URL((res.json.data as { authorize_url: string }).authorize_url).searchParams.get('state')!;
    return { state, cookie: res.headers.get('set-cookie')!.split(';')[0]! };
  }

  async function callback(stack: Stack, flow: { state: string; cookie: string }, code: string): Promise<URL> {
    const res = await fetch(`${stack.api.baseUrl}/oauth/ga4/callback?${new URLSearchParams({ code, state: flow.state })}`, { redirect: 'manual', headers: { cookie: flow.cookie } });
    expect(res.status).toBe(303);
    return new URL(res.headers.get('location')!, stack.api.baseUrl);
  }

  test('the callback connects under the session and sends the browser to the connect page with the outcome', async ({ stack }) => {
    const s = await create(stack, { project_id: 'oauth-web', providers: ['ga4'] });
    const flow = await start(stack, s.token);
    const landing = await callback(stack, flow, 'the-code');
    expect(landing.pathname).toBe('/connect/');
    expect(landing.search).toBe('');
    const outcome = new URLSearchParams(landing.hash.slice(1));
    const [row] = await stack.api.db.sql<{ id: string }[]>`select id from audit_integrations where org_id = ${stack.orgId} and project_id = 'oauth-web' and provider = 'ga4'`;
    expect(Object.fromEntries(outcome)).toEqual({ oauth: 'connected', provider: 'ga4', integration_id: row!.id });
    const [entry] = (await auditOf(stack, 'connect')).filter((e) => e.project_id === 'oauth-web');
    const [creator] = await stack.api.db.sql<{ api_key_id: string }[]>`select api_key_id from connect_sessions where id = ${s.id}`;
    expect(entry).toEqual({ target_id: row!.id, project_id: 'oauth-web', actor_type: 'connect_session', api_key_id: creator!.api_key_id, connect_session_id: s.id });
  });

  test('a session revoked before the callback connects nothing: the connect page gets an error outcome', async ({ stack }) => {
    const s = await create(stack, { project_id: 'oauth-web', providers: ['ga4'] });
    const flow = await start(stack, s.token);
    expect((await call(stack.api.baseUrl, 'DELETE', `${sessionsPath(stack.orgId)}/${s.id}`, { token: stack.token })).status).toBe(204);
    const before = await stack.api.db.sql`select updated_at, credentials from audit_integrations where org_id = ${stack.orgId} and project_id = 'oauth-web'`;
    const landing = await callback(stack, flow, 'late-code');
    expect(landing.pathname).toBe('/connect/');
    expect(Object.fromEntries(new URLSearchParams(landing.hash.slice(1)))).toEqual({ oauth: 'unauthorized', provider: 'ga4' });
    expect(await stack.api.db.sql`select updated_at, credentials from audit_integrations where org_id = ${stack.orgId} and project_id = 'oauth-web'`).toEqual(before);
  });

  test('an expired state of a session\'s flow also lands on the connect page, and connects nothing', async ({ stack }) => {
    // States that expire as they are made: the callback then always finds them expired.
    const expiring = await startTestApi({ db: stack.api.db, oauth: { ...oauth, stateTtlMs: -60_000 } });
    try {
      const s = await create(stack, { project_id: 'oauth-expired', providers: ['ga4'] });
      const flow = await start({ ...stack, api: expiring }, s.token, 'oauth-expired');
      const landing = await callback({ ...stack, api: expiring }, flow, 'slow-code');
      expect(landing.pathname).toBe('/connect/');
      expect(Object.fromEntries(new URLSearchParams(landing.hash.slice(1)))).toEqual({ oauth: 'expired_state', provider: 'ga4' });
      expect(await stack.api.db.sql`select id from audit_integrations where org_id = ${stack.orgId} and project_id = 'oauth-expired'`).toEqual([]);
    } finally {
      await expiring.close();
    }
  });

  test('a flow started with an API key still ends on the dashboard', async ({ stack }) => {
    const flow = await start(stack, stack.token);
    const landing = await callback(stack, flow, 'key-code');
    expect(landing.pathname).toBe('/dashboard/');
    expect(landing.searchParams.get('oauth')).toBe('connected');
  });

  test('a session may not start OAuth for a provider it does not have', async ({ stack }) => {
    const s = await create(stack, { project_id: 'oauth-web', providers: ['github'] });
    expectError(await call(stack.api.baseUrl, 'POST', startPath(stack.orgId), { token: s.token, body: {} }), 403, 'forbidden');
  });
});

describe('connect_sessions housekeeping', () => {
  test('a creation deletes sessions expired for more than a day, and keeps the recently expired readable', async ({ stack }) => {
    const old = await create(stack, { project_id: 'web' });
    const recent = await create(stack, { project_id: 'web' });
    await stack.api.db.sql`update connect_sessions set expires_at = now() - interval '25 hours' where id = ${old.id}`;
    await stack.api.db.sql`update connect_sessions set expires_at = now() - interval '23 hours' where id = ${recent.id}`;
    await create(stack, { project_id: 'web' });
    const left = await stack.api.db.sql<{ id: string }[]>`select id from connect_sessions where id in ${stack.api.db.sql([old.id, recent.id])}`;
    expect(left.map((r) => r.id)).toEqual([recent.id]);
    expectError(await call(stack.api.baseUrl, 'GET', `${sessionsPath(stack.orgId)}/${old.id}`, { token: stack.token }), 404, 'not_found');
  });

  test('revoking the creating key ends its sessions', async ({ stack }) => {
    const { token, key } = await createApiKey(stack.api.db.sql, { orgId: stack.orgId, scopes: ['audit:read', 'audit:write'] });
    const s = await create({ ...stack, token }, { project_id: 'web' });
    expect((await call(stack.api.baseUrl, 'GET', '/api/v1/connect-session', { token: s.token })).status).toBe(200);
    await stack.api.db.sql`update api_keys set revoked_at = now() where id = ${key.id}`;
    expectError(await call(stack.api.baseUrl, 'GET', '/api/v1/connect-session', { token: s.token }), 401, 'unauthorized');
  });
});
