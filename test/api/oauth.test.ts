import { randomBytes } from 'node:crypto';
import { describe, expect } from 'vitest';
import { OAUTH_PROVIDERS, type OAuthConfig } from '../../api/oauth-config.js';
import { stackTest, type Stack } from '../helpers/fixture.js';
import { call, startTestApi } from '../helpers/stack.js';
import { rawRequest } from './raw-http.js';

const PROPERTY = '424242';
const oauth: OAuthConfig = {
  stateSecret: randomBytes(32),
  apps: { ga4: { ...OAUTH_PROVIDERS.ga4!, clientId: 'callback-test.apps.example', authorizeUrl: 'https://accounts.example/o/oauth2/auth' } },
};
// No worker: the callback only stores the code; nothing here needs a sync to run.
const test = stackTest({ api: { oauth }, worker: false });

const startPath = (orgId: string, project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations/ga4/oauth/start`;

async function startFlow({ api, orgId, token }: Stack, project: string) {
  const res = await call(api.baseUrl, 'POST', startPath(orgId, project), { token, body: { credentials: { property_id: PROPERTY } } });
  expect(res.status).toBe(200);
  const state = new URL((res.json.data as { authorize_url: string }).authorize_url).searchParams.get('state')!;
  const payload = JSON.parse(Buffer.from(state.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { state, payload, cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

/** The callback's outcome as the dashboard reads it from the redirect: `connected` or the oauth_error code. */
async function callback({ api }: Stack, query: Record<string, string>, cookie?: string): Promise<string | null> {
  const res = await fetch(`${api.baseUrl}/oauth/ga4/callback?${new URLSearchParams(query)}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!, api.baseUrl).searchParams;
  return location.get('oauth') ?? location.get('oauth_error');
}

/** Everything a callback could write for the org: its integrations (ciphertext included), audit entries, webhook events. */
async function written({ api, orgId }: Stack) {
  const { sql } = api.db;
  return {
    integrations: await sql`select project_id, provider, status, credentials, updated_at from audit_integrations where org_id = ${orgId} order by project_id, provider`,
    audit: await sql`select id, action, project_id, provider from audit_log where org_id = ${orgId} order by id`,
    events: await sql`select id, type, project_id from webhook_events where org_id = ${orgId} order by id`,
  };
}

async function storedCode({ api, orgId }: Stack, project: string): Promise<unknown> {
  const [row] = await api.db.sql<{ credentials: string }[]>`select credentials from audit_integrations where org_id = ${orgId} and project_id = ${project} and provider = 'ga4'`;
  return api.cipher.decrypt(row!.credentials, { orgId, projectId: project, provider: 'ga4' }).auth_code;
}

/** An endpoint of the project that wants integration.connected: a connect writes an outbox event, so "no event" means something. */
async function subscribe({ api, orgId, token }: Stack, project: string): Promise<void> {
  const body = { url: 'https://hooks.example/audit', events: ['integration.connected'], project_id: project };
  expect((await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/webhooks`, { token, body })).status).toBe(201);
}

describe('GET /oauth/:provider/callback', () => {
  test('refuses a cookie made from any value readable in the state with state_mismatch, and writes nothing', async ({ stack }) => {
    await subscribe(stack, 'read-state');
    const flow = await startFlow(stack, 'read-state');
    const before = await written(stack);
    const readable = Object.values(flow.payload).filter((v): v is string => typeof v === 'string');
    expect(readable.length).toBeGreaterThan(0);
    for (const value of readable) expect(await callback(stack, { code: 'attacker-code', state: flow.state }, `oauth_ga4=${value}`)).toBe('state_mismatch');
    expect(await written(stack)).toEqual(before);
    // The cookie itself appears nowhere in the state, and those attempts did not spend it: its browser still connects.
    expect(readable).not.toContain(flow.cookie.split('=')[1]);
    expect(await callback(stack, { code: 'victim-code', state: flow.state }, flow.cookie)).toBe('connected');
    expect(await storedCode(stack, 'read-state')).toBe('victim-code');
  });

  test('accepts a state once: a second callback is invalid_state and leaves credentials, audit log and events as they were', async ({ stack }) => {
    await subscribe(stack, 'replay');
    const flow = await startFlow(stack, 'replay');
    expect(await callback(stack, { code: 'first-code', state: flow.state }, flow.cookie)).toBe('connected');
    const after = await written(stack);
    expect(after.integrations.filter((r) => r.project_id === 'replay')).toHaveLength(1);
    expect(after.events.filter((r) => r.project_id === 'replay').map((r) => r.type)).toEqual(['integration.connected']);
    expect(await callback(stack, { code: 'second-code', state: flow.state }, flow.cookie)).toBe('invalid_state');
    expect(await written(stack)).toEqual(after);
    expect(await storedCode(stack, 'replay')).toBe('first-code');
  });

  test('lets exactly one of two simultaneous callbacks with the same state through', async ({ stack }) => {
    const flow = await startFlow(stack, 'race');
    const outcomes = await Promise.all(['race-a', 'race-b'].map((code) => callback(stack, { code, state: flow.state }, flow.cookie)));
    expect(outcomes.sort()).toEqual(['connected', 'invalid_state']);
    const audit = (await written(stack)).audit.filter((r) => r.project_id === 'race');
    expect(audit).toHaveLength(1);
  });

  test('refuses a cookie-less callback with state_mismatch, writes nothing, and leaves the state usable by its browser', async ({ stack }) => {
    await subscribe(stack, 'no-cookie');
    const flow = await startFlow(stack, 'no-cookie');
    const before = await written(stack);
    expect(await callback(stack, { code: 'attacker-code', state: flow.state })).toBe('state_mismatch');
    expect(await written(stack)).toEqual(before);
    expect(await callback(stack, { code: 'victim-code', state: flow.state }, flow.cookie)).toBe('connected');
  });

  test('refuses a state whose cookie belongs to another flow', async ({ stack }) => {
    const mine = await startFlow(stack, 'cross-a');
    const theirs = await startFlow(stack, 'cross-b');
    const before = await written(stack);
    expect(await callback(stack, { code: 'c', state: theirs.state }, mine.cookie)).toBe('state_mismatch');
    expect(await written(stack)).toEqual(before);
  });
});

describe('POST …/integrations/:provider/oauth/start redirect_uri', () => {
  const FORGED = { host: 'attacker.example', origin: 'https://attacker.example', 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' };
  const redirectUri = async (baseUrl: string, { orgId, token }: Stack, headers: Record<string, string>) => {
    const res = await rawRequest(baseUrl, 'POST', startPath(orgId, 'ru'), { headers: { ...headers, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    return new URL((JSON.parse(res.text) as { data: { authorize_url: string } }).data.authorize_url).searchParams.get('redirect_uri');
  };

  test('ignores a forged Host, Origin and X-Forwarded-Host without PUBLIC_URL: the address the API listens on', async ({ stack }) => {
    // Built without a configured listen address (as tests are): the address this connection reached.
    expect(await redirectUri(stack.api.baseUrl, stack, FORGED)).toBe(`${stack.api.baseUrl}/oauth/ga4/callback`);
    const configured = await startTestApi({ db: stack.api.db, oauth: { ...oauth, listenUrl: 'http://localhost:3000' } });
    try {
      expect(await redirectUri(configured.baseUrl, stack, FORGED)).toBe('http://localhost:3000/oauth/ga4/callback');
    } finally {
      await configured.close();
    }
  });

  test('uses the forwarded host and protocol with TRUST_PROXY, PUBLIC_URL over both, and never a malformed host', async ({ stack }) => {
    const proxied = await startTestApi({ db: stack.api.db, oauth: { ...oauth, listenUrl: 'http://localhost:3000' }, limits: { trustProxy: true } });
    const pinned = await startTestApi({ db: stack.api.db, oauth: { ...oauth, publicUrl: 'https://audit.example' }, limits: { trustProxy: true } });
    try {
      expect(await redirectUri(proxied.baseUrl, stack, { host: 'internal:3000', 'x-forwarded-host': 'audit.example', 'x-forwarded-proto': 'https' })).toBe('https://audit.example/oauth/ga4/callback');
      // One trusted proxy appends its own entry last; entries before it came from the client.
      expect(await redirectUri(proxied.baseUrl, stack, { 'x-forwarded-host': 'attacker.example, audit.example:8443' })).toBe('http://audit.example:8443/oauth/ga4/callback');
      expect(await redirectUri(proxied.baseUrl, stack, { 'x-forwarded-host': 'Audit.Example:443', 'x-forwarded-proto': 'https' })).toBe('https://audit.example/oauth/ga4/callback');
      for (const bad of ['audit.example/evil', 'user@attacker.example', 'audit.example?x=1', 'audit.example:99999', 'attacker.example#']) {
        expect(await redirectUri(proxied.baseUrl, stack, { 'x-forwarded-host': bad })).toBe('http://localhost:3000/oauth/ga4/callback');
      }
      expect(await redirectUri(proxied.baseUrl, stack, { host: 'attacker.example' })).toBe('http://localhost:3000/oauth/ga4/callback');
      expect(await redirectUri(pinned.baseUrl, stack, FORGED)).toBe('https://audit.example/oauth/ga4/callback');
    } finally {
      await proxied.close();
      await pinned.close();
    }
  });
});
