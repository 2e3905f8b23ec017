import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGa4Adapter } from '../../activities/providers/ga4/adapter.js';
import { OAUTH_PROVIDERS, type OAuthConfig } from '../../api/oauth-config.js';
import { signState, type OAuthState } from '../../api/oauth-state.js';
import { revokeApiKey } from '../../db/api-keys.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-endpoint.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { buildForTest, openWatchedPage, screenshot, type PageWatch } from './support.js';

const APP = { clientId: 'dashboard-app.apps.googleusercontent.com', clientSecret: 'GOCSPX-dashboard-app-secret' };
const PROPERTY = '424242';
const AUTHORIZE_PATH = '/o/oauth2/v2/auth';
const WAIT = { timeout: 60_000 };

describe('OAuth connect from the dashboard (fake Google authorize + token endpoints)', () => {
  let google: FakeGoogle;
  let consent: FakeOAuthServer;
  let api: TestApi;
  let worker: TestWorker;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let apiKey: string;
  const orgId = randomUUID();
  const oauth: OAuthConfig = {
    stateSecret: randomBytes(32),
    apps: { ga4: { ...OAUTH_PROVIDERS.ga4!, clientId: APP.clientId, authorizeUrl: '' } },
  };
  const ga4Card = () => page.locator('audit-integration-card[data-provider="ga4"]');
  const listStatus = async (project: string) => {
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`, { token: apiKey });
    return (res.json.data as { provider: string; status: string; id: string | null }[]).find((r) => r.provider === 'ga4')!;
  };
  const startFlow = async (project: string, token = apiKey) => {
    const res = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations/ga4/oauth/start`, { token, body: { credentials: { property_id: PROPERTY } } });
    const url = new URL((res.json.data as { authorize_url: string }).authorize_url);
    return { res, url, state: url.searchParams.get('state')!, cookie: res.headers.get('set-cookie')!.split(';')[0]! };
  };
  const callback = (query: Record<string, string>, cookie?: string) =>
    fetch(`${api.baseUrl}/oauth/ga4/callback?${new URLSearchParams(query)}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  let signedIn = false;
  async function openOAuthDialog(project: string): Promise<void> {
    if (signedIn) {
      // The project the dashboard opens with is the one remembered in this browser.
      await page.evaluate(`localStorage.setItem('audit.project', ${JSON.stringify(project)})`);
      await page.goto(`${api.baseUrl}/dashboard/`);
    } else {
      await page.goto(`${api.baseUrl}/dashboard/`);
      await page.getByLabel('API key', { exact: true }).fill(apiKey);
      await page.getByLabel('Project', { exact: true }).fill(project);
      await page.getByRole('button', { name: 'Open dashboard', exact: true }).click();
      signedIn = true;
    }
    await ga4Card().getByRole('button', { name: 'Connect (Google Analytics 4)', exact: true }).click();
  }

  async function toConsentPage(project: string): Promise<void> {
    await openOAuthDialog(project);
    const dialog = page.getByRole('dialog', { name: 'Connect Google Analytics 4', exact: true });
    await dialog.getByLabel('Property ID', { exact: true }).fill(PROPERTY);
    await dialog.getByLabel('API base URL', { exact: true }).fill(google.url);
    await dialog.getByRole('button', { name: 'Connect with Google Analytics 4', exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(consent.url), WAIT);
  }

  beforeAll(async () => {
    google = await startFakeGoogle();
    google.oauth.clients.set(APP.clientId, APP.clientSecret);
    google.ga4.set(PROPERTY, [{ pagePath: '/', sessions: 12, screenPageViews: 30, bounceRate: 0.4 }]);
    // Google's consent screen, reduced to Allow and Deny: it mints a code bound to the client, redirect URI and challenge.
    consent = await startFakeOAuthServer({
      style: 'google',
      authorizePath: AUTHORIZE_PATH,
      tokenPath: '/token',
      rules: { scope: 'https://www.googleapis.com/auth/analytics.readonly', pkce: true, params: { access_type: 'offline', prompt: 'consent' } },
      state: google.oauth,
    });
    oauth.apps.ga4!.authorizeUrl = `${consent.url}${AUTHORIZE_PATH}`;
    api = await startTestApi({ dashboardDir: await buildForTest(), oauth });
    worker = await startTestWorker(api, { adapters: [createGa4Adapter({ oauthApps: { ga4: { ...APP, tokenUrl: `${google.url}/token` } } })] });
    apiKey = await api.createKey(orgId);
    ({ browser, page, watch } = await openWatchedPage());
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.close();
    await consent?.close();
    await google?.close();
  });

  it('connects GA4 through the authorize page (signed state, PKCE), then the sync exchanges the code with its verifier', async () => {
    await openOAuthDialog('oauth-web');
    const dialog = page.getByRole('dialog', { name: 'Connect Google Analytics 4', exact: true });
    await dialog.getByRole('button', { name: 'Connect with Google Analytics 4', exact: true }).click();
    await expect(dialog.getByText('Property ID is required.').isVisible()).resolves.toBe(true);
    expect(watch.urls.filter((u) => u.includes('/oauth/start'))).toEqual([]);
    await page.keyboard.press('Escape');

    await toConsentPage('oauth-web');
    const authorize = consent.requests.filter((r) => r.path === AUTHORIZE_PATH).at(-1)!;
    const redirectUri = `${api.baseUrl}/oauth/ga4/callback`;
    expect(authorize.query.get('redirect_uri')).toBe(redirectUri);
    const [payload] = authorize.query.get('state')!.split('.');
    const state = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as OAuthState;
    expect(state).toMatchObject({ org: orgId, project: 'oauth-web', provider: 'ga4', fields: { property_id: PROPERTY, base_url: google.url } });
    expect(JSON.stringify(state)).not.toContain(apiKey);
    // The browser's binding cookie is its own random value: the state (readable by anyone who sees the URL) lacks it.
    const binding = (await page.context().cookies(`${api.baseUrl}/oauth/ga4/callback`)).find((c) => c.name === 'oauth_ga4')!.value;
    expect(binding).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(state)).not.toContain(binding);

    await page.locator('#allow').click();
    await page.getByText('Google Analytics 4 is connected to project oauth-web').waitFor(WAIT);
    expect(page.url()).toBe(`${api.baseUrl}/dashboard/`);
    await page.locator('audit-integration-card[data-provider="ga4"][data-status="connected"]').waitFor(WAIT);
    await screenshot(page, '10-oauth-connected');

    await ga4Card().getByRole('button', { name: 'Sync now (Google Analytics 4)', exact: true }).click();
    await page.locator('audit-integration-card[data-provider="ga4"][data-status="connected"] time').waitFor(WAIT);
    await expect.poll(async () => (await listStatus('oauth-web')).status, WAIT).toBe('connected');
    // The list's last_sync_at is the connect time until a run finishes: wait for the run's report request itself.
    await expect.poll(() => google.ga4Requests().length, WAIT).toBe(1);
    const [tokenRequest] = google.tokenRequests();
    const form = Object.fromEntries(new URLSearchParams(tokenRequest!.body as string));
    expect(form).toMatchObject({ grant_type: 'authorization_code', client_id: APP.clientId, redirect_uri: redirectUri });
    expect(createHash('sha256').update(form.code_verifier!).digest('base64url')).toBe(authorize.query.get('code_challenge'));
    expect(JSON.stringify(state)).not.toContain(form.code_verifier!);
    expect(google.ga4Requests()).toHaveLength(1);

    const [row] = await api.db.sql<{ credentials: string }[]>`select credentials from audit_integrations where org_id = ${orgId} and project_id = 'oauth-web' and provider = 'ga4'`;
    const stored = api.cipher.decrypt(row!.credentials, { orgId, projectId: 'oauth-web', provider: 'ga4' });
    expect(Object.keys(stored).sort()).toEqual(['access_token', 'base_url', 'expires_at', 'property_id', 'redirect_uri', 'refresh_token']);
    expect(await watch.leaks([APP.clientSecret, String(stored.access_token), String(stored.refresh_token), form.code_verifier!])).toEqual([]);
    expect([...consent.violations, ...google.violations]).toEqual([]);
    // The callback URL carried the code and state: the access log names the route, never the URL.
    expect(api.logs.join('\n')).not.toContain(form.code!);
    expect(api.logs.join('\n')).not.toContain(authorize.query.get('state')!.slice(0, 40));
  });

  it('refuses a tampered state: nothing is connected and the page says why', async () => {
    await toConsentPage('tamper');
    const allow = new URL((await page.locator('#allow').getAttribute('href'))!);
    const [payload, signature] = allow.searchParams.get('state')!.split('.');
    const forged = { ...(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as OAuthState), project: 'victim' };
    allow.searchParams.set('state', `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`);
    await page.goto(allow.toString());
    await page.getByText('could not be verified').waitFor(WAIT);
    expect(page.url()).toBe(`${api.baseUrl}/dashboard/`);
    await screenshot(page, '11-oauth-tampered');
    expect(await listStatus('tamper')).toMatchObject({ status: 'disconnected', id: null });
    expect(await listStatus('victim')).toMatchObject({ status: 'disconnected', id: null });

    // A flipped signature character, straight at the endpoint.
    const { state, cookie } = await startFlow('tamper');
    const last = state.at(-2) === 'A' ? 'B' : 'A';
    const res = await callback({ code: 'x', state: `${state.slice(0, -2)}${last}${state.at(-1)}` }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/?oauth_error=invalid_state&provider=ga4');
    expect(await listStatus('tamper')).toMatchObject({ id: null });
  });

  it('refuses a state without its browser cookie, an expired state, a revoked key, and a denied consent', async () => {
    const flow = await startFlow('refusals');
    expect(flow.res.headers.get('set-cookie')).toMatch(/^oauth_ga4=[\w-]+; Path=\/oauth\/; Max-Age=600; HttpOnly; SameSite=Lax$/);
    const outcome = async (r: Promise<Response>) => new URL((await r).headers.get('location')!, api.baseUrl).searchParams.get('oauth_error');

    expect(await outcome(callback({ code: 'c', state: flow.state }))).toBe('state_mismatch');
    const expired = signState(oauth.stateSecret, { ...(JSON.parse(Buffer.from(flow.state.split('.')[0]!, 'base64url').toString()) as OAuthState), exp: Date.now() - 1 });
    expect(await outcome(callback({ code: 'c', state: expired }, flow.cookie))).toBe('expired_state');

    const other = await api.createKey(orgId);
    const revoked = await startFlow('refusals', other);
    const [key] = await api.db.sql<{ id: string }[]>`select id from api_keys where org_id = ${orgId} order by created_at desc limit 1`;
    await revokeApiKey(api.db.sql, key!.id);
    expect(await outcome(callback({ code: 'c', state: revoked.state }, revoked.cookie))).toBe('forbidden');
    expect(await listStatus('refusals')).toMatchObject({ id: null });

    await toConsentPage('refusals');
    await page.locator('#deny').click();
    await page.getByText('Access was denied at the provider').waitFor(WAIT);
    expect(await listStatus('refusals')).toMatchObject({ id: null });
  });

  it('answers start requests only for configured providers, without secrets, for keys that may write', async () => {
    const path = (provider: string) => `/api/v1/orgs/${orgId}/projects/web/audit/integrations/${provider}/oauth/start`;
    const providers = await call(api.baseUrl, 'GET', '/api/v1/oauth/providers', { token: apiKey });
    expect(providers.json.data).toEqual([{ provider: 'ga4', label: 'Google Analytics 4', fields: ['property_id', 'base_url'] }]);
    const sentry = await call(api.baseUrl, 'POST', path('sentry'), { token: apiKey, body: {} });
    expect([sentry.status, sentry.json.error?.code]).toEqual([422, 'oauth_not_configured']);
    const secret = await call(api.baseUrl, 'POST', path('ga4'), { token: apiKey, body: { credentials: { access_token: 'ya29.should-not-travel' } } });
    expect([secret.status, secret.json.error?.code]).toEqual([422, 'validation_failed']);
    expect(secret.text).not.toContain('ya29.should-not-travel');
    const reader = await api.createKey(orgId, ['audit:read']);
    const forbidden = await call(api.baseUrl, 'POST', path('ga4'), { token: reader, body: {} });
    expect([forbidden.status, forbidden.json.error?.code]).toEqual([403, 'forbidden']);
  });
});
