import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import { OAUTH_PROVIDERS, type OAuthConfig } from '../../api/oauth-config.js';
import { DASHBOARD_CSP } from '../../api/routes/dashboard.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-endpoint.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { launchBrowser, screenshot } from '../dashboard/support.js';
import { buildForTest } from '../dashboard/support.js';
import { createSession, logRequests, pageStores } from './support.js';

const GOOD_TOKEN = 'ghp_connectPageGoodToken0123456789abcd';
const REPOSITORY = 'acme/web';
const OAUTH_CLIENT = { id: 'Iv1.connect-page', secret: 'connect-page-oauth-secret' };
const WAIT = { timeout: 30_000 };

describe('hosted connect page /connect/ (Chromium, real API, fake GitHub)', () => {
  let github: FakeGithub;
  let consent: FakeOAuthServer;
  let api: TestApi;
  let browser: Browser;
  let apiKey: string;
  const orgId = randomUUID();
  const contexts: BrowserContext[] = [];

  const session = (body: Record<string, unknown>) => createSession(api, apiKey, orgId, body);
  /** A fresh browser profile (no storage, no cookies) on the session's link, every request logged from the first. */
  async function open(url: string, viewport = { width: 1024, height: 800 }) {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const log = logRequests(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(url);
    return { context, page, log, errors };
  }
  const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });
  async function fillGithub(page: Page, token: string): Promise<void> {
    await page.getByLabel('Token', { exact: true }).fill(token);
    await page.getByLabel('Repository', { exact: true }).fill(REPOSITORY);
    await page.getByLabel('API base URL', { exact: true }).fill(github.url);
  }
  const githubRow = async (project: string) => {
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`, { token: apiKey });
    return (res.json.data as { provider: string; status: string; id: string | null }[]).find((r) => r.provider === 'github')!;
  };

  beforeAll(async () => {
    github = await startFakeGithub({ token: GOOD_TOKEN, repository: REPOSITORY });
    // GitHub's authorize page, reduced to Allow and Deny (the worker's token exchange is not part of these tests).
    consent = await startFakeOAuthServer({ style: 'github', authorizePath: '/login/oauth/authorize', tokenPath: '/login/oauth/access_token', rules: { scope: 'repo', pkce: false } });
    consent.oauth.clients.set(OAUTH_CLIENT.id, OAUTH_CLIENT.secret);
    const oauth: OAuthConfig = { stateSecret: randomBytes(32), apps: { github: { ...OAUTH_PROVIDERS.github!, clientId: OAUTH_CLIENT.id, authorizeUrl: consent.authorizeUrl } } };
    api = await startTestApi({
      connectPageDir: await buildForTest('connect'),
      oauth,
      // Verify reads the fake GitHub on loopback.
      outbound: createOutboundClient({ allow: parseAllowList('127.0.0.0/8') }),
      syncControl: false,
    });
    apiKey = await api.createKey(orgId);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await consent?.close();
    await github?.close();
  });

  it('is served with the dashboard’s headers, except an opener policy that lets the product hear from its popup', async () => {
    for (const path of ['/connect', '/connect/']) {
      const res = await fetch(`${api.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
      const html = await res.text();
      expect(html).toMatch(/<script type="module" src="\/connect\/app-[A-Z0-9]{8}\.js"><\/script>/);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|(src|href)="(https?:)?\/\//i);
    }
    // The dashboard keeps severing its opener.
    expect((await fetch(`${api.baseUrl}/dashboard/favicon.svg`)).headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect((await fetch(`${api.baseUrl}/connect/..%2Fpackage.json`)).status).toBe(404);
  });

  it('shows the session’s providers only, each with its documented fields, and drops the link from the address bar', async () => {
    const created = await session({ project_id: 'shown', providers: ['jira', 'github', 'linear'] });
    const { page, errors } = await open(created.url);
    await heading(page, 'Choose what to connect').waitFor();
    expect(page.url()).toBe(`${api.baseUrl}/connect/`);
    const choices = page.locator('ul.choices button');
    expect(await choices.evaluateAll((els) => els.map((e) => e.getAttribute('data-provider')))).toEqual(['jira', 'github', 'linear']);
    await expect(page.getByText('For project shown.').isVisible()).resolves.toBe(true);
    // No OAuth app for Jira on this server: the form only.
    await page.getByRole('button', { name: /^Jira/ }).click();
    await heading(page, 'Connect Jira').waitFor();
    expect(await page.locator('form input').evaluateAll((els) => els.map((e) => [e.getAttribute('name'), e.getAttribute('type')]))).toEqual([
      ['base_url', 'url'], ['email', 'text'], ['api_token', 'password'], ['project_key', 'text'], ['issue_type', 'text'],
    ]);
    await expect(page.getByRole('button', { name: 'Connect with Jira' }).count()).resolves.toBe(0);
    // Each hint is tied to its input for screen readers.
    const described = await page.getByLabel('API token', { exact: true }).getAttribute('aria-describedby');
    await expect(page.locator(`#${described!.split(' ')[0]}`).textContent()).resolves.toContain('Atlassian');
    await page.getByRole('button', { name: 'All integrations', exact: true }).click();
    // Back to the list with focus on the provider just left.
    await expect.poll(() => page.evaluate<string | null>('document.activeElement?.getAttribute("data-provider")')).toBe('jira');
    // GitHub has an OAuth app here: its button beside the credential form.
    await page.getByRole('button', { name: /^GitHub/ }).click();
    await page.getByRole('button', { name: 'Connect with GitHub', exact: true }).waitFor();
    expect(await page.locator('form input').evaluateAll((els) => els.map((e) => [e.getAttribute('name'), e.getAttribute('type')]))).toEqual([
      ['token', 'password'], ['repository', 'text'], ['base_url', 'url'],
    ]);
    await screenshot(page, 'connect-01-github-form');
    expect(errors).toEqual([]);
  });

  it('verifies before saving: the provider’s problems next to their fields, and nothing connected', async () => {
    const created = await session({ project_id: 'problems', providers: ['github'] });
    const { page, log } = await open(created.url);
    // One provider: its form at once, focus on the first field.
    await heading(page, 'Connect GitHub').waitFor();
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.name')).toBe('token');
    // What needs no network is checked here first.
    await page.getByLabel('Repository', { exact: true }).fill('not a repository');
    await page.getByRole('button', { name: 'Verify and connect', exact: true }).click();
    await page.getByText('Repository must look like owner/name.').waitFor();
    await fillGithub(page, 'ghp_refusedByGithub000000000000000000');
    await page.getByRole('button', { name: 'Verify and connect', exact: true }).click();
    await page.getByText('Token was not accepted by GitHub.').waitFor();
    const token = page.getByLabel('Token', { exact: true });
    expect([await token.getAttribute('aria-invalid'), await token.inputValue()]).toEqual(['true', '']);
    // The error line is the input's description: read out with it.
    const errorId = (await token.getAttribute('aria-describedby'))!.split(' ').at(-1)!;
    await expect(page.locator(`#${errorId}`).textContent()).resolves.toBe('Token was not accepted by GitHub.');
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.name')).toBe('token');
    const paths = (await log.settled()).map((r) => new URL(r.url).pathname);
    expect(paths.filter((p) => p.endsWith('/verify'))).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('/connect'))).toEqual([]);
    expect((await githubRow('problems')).status).toBe('disconnected');
    await screenshot(page, 'connect-02-verify-problems');
  });

  it('connects GitHub with the session and says so; the token was only ever in an Authorization header', async () => {
    const created = await session({ project_id: 'web', providers: ['github', 'jira'] });
    const { page, log, context, errors } = await open(created.url);
    await page.getByRole('button', { name: /^GitHub/ }).click();
    await fillGithub(page, GOOD_TOKEN);
    await page.getByRole('button', { name: 'Verify and connect', exact: true }).click();
    await heading(page, 'GitHub is connected').waitFor();
    await expect(page.getByText('You can close this page.').isVisible()).resolves.toBe(true);
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('GitHub is connected');
    const row = await githubRow('web');
    expect(row.status).not.toBe('disconnected');
    // Recorded under the session and the key that made it.
    const audit = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/audit-log?project_id=web`, { token: apiKey });
    const connect = (audit.json.data as { action: string; actor: { type: string; session_id?: string } }[]).find((e) => e.action === 'connect');
    expect(connect?.actor).toMatchObject({ type: 'connect_session', session_id: created.id });
    await screenshot(page, 'connect-03-connected');

    const requests = await log.settled();
    const apiCalls = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/v1/'));
    // Introspection and the catalog (in parallel), then verify, then connect.
    expect(apiCalls.map((r) => `${r.method} ${new URL(r.url).pathname.replace(orgId, ':org')}`).slice(2)).toEqual([
      'POST /api/v1/orgs/:org/projects/web/audit/integrations/github/verify',
      'POST /api/v1/orgs/:org/projects/web/audit/integrations/github/connect',
    ]);
    expect(apiCalls.slice(0, 2).map((r) => new URL(r.url).pathname).sort()).toEqual(['/api/v1/connect-session', '/api/v1/providers']);
    for (const r of apiCalls) expect(r.headers.authorization, r.url).toBe(`Bearer ${created.token}`);
    // The link itself is the one place: in its fragment, which no request carries. Not in any URL a request or a later
    // navigation used, not in a Referer, not in any other header or body.
    const [link, ...later] = log.navigations;
    expect(link).toBe(created.url);
    expect(new URL(link!).hash).toBe(`#session=${created.token}`);
    for (const url of [...requests.map((r) => r.url), ...later]) expect(url).not.toContain(created.token);
    for (const r of requests) {
      const others = Object.entries(r.headers).filter(([name]) => name !== 'authorization');
      expect(JSON.stringify(others), r.url).not.toContain(created.token);
      expect(r.body ?? '', r.url).not.toContain(created.token);
      // No API key anywhere: not sent, not asked for.
      expect(JSON.stringify(r), r.url).not.toContain('kr_live_');
    }
    const stores = await pageStores(page);
    for (const [place, text] of Object.entries(stores)) {
      expect(text, place).not.toContain(created.token);
      expect(text, place).not.toContain(created.token.slice(3, 20));
      expect(text, place).not.toContain('kr_live_');
      expect(text, place).not.toContain(GOOD_TOKEN);
    }
    expect(await context.cookies()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('an expired or revoked link shows a clear message and no form, also when it ends while the form is open', async () => {
    const expired = await session({ project_id: 'late', providers: ['github'] });
    await api.db.sql`update connect_sessions set expires_at = now() - interval '1 second' where id = ${expired.id}`;
    const first = await open(expired.url);
    await heading(first.page, 'This link has expired').waitFor();
    await expect(first.page.getByText('Go back to the application and start again').isVisible()).resolves.toBe(true);
    await expect(first.page.locator('form, input').count()).resolves.toBe(0);
    await screenshot(first.page, 'connect-04-expired');

    const revoked = await session({ project_id: 'late', providers: ['github'] });
    const second = await open(revoked.url);
    await heading(second.page, 'Connect GitHub').waitFor();
    expect((await call(api.baseUrl, 'DELETE', `/api/v1/orgs/${orgId}/connect-sessions/${revoked.id}`, { token: apiKey })).status).toBe(204);
    await fillGithub(second.page, GOOD_TOKEN);
    await second.page.getByRole('button', { name: 'Verify and connect', exact: true }).click();
    await heading(second.page, 'This link has expired').waitFor();
    await expect(second.page.locator('form, input').count()).resolves.toBe(0);
    expect((await githubRow('late')).status).toBe('disconnected');

    // No link at all (or not one of ours): nothing is called.
    const bare = await open(`${api.baseUrl}/connect/#session=kr_live_${'x'.repeat(40)}`);
    await heading(bare.page, 'This page needs a connect link').waitFor();
    expect(bare.page.url()).toBe(`${api.baseUrl}/connect/`);
    expect((await bare.log.settled()).filter((r) => r.url.includes('/api/'))).toEqual([]);
  });

  it('fits a 360 px wide phone screen without horizontal scrolling', async () => {
    const created = await session({ project_id: 'phone', providers: ['github', 'gitlab', 'jira', 'linear', 'sentry', 'ga4', 'gsc', 'cloudflare'] });
    const { page } = await open(created.url, { width: 360, height: 740 });
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await heading(page, 'Choose what to connect').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'connect-05-phone-choices');
    await page.getByRole('button', { name: /^Google Search Console/ }).click();
    await page.getByRole('button', { name: 'Verify and connect', exact: true }).click();
    await page.getByText('Please correct the highlighted fields.').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'connect-06-phone-form');
  });

  it('connects from the keyboard alone', async () => {
    const created = await session({ project_id: 'keys', providers: ['linear', 'github'] });
    const { page } = await open(created.url);
    await heading(page, 'Choose what to connect').waitFor();
    const active = () => page.evaluate<string>('(document.activeElement?.getAttribute("data-provider") ?? document.activeElement?.getAttribute("name") ?? document.activeElement?.textContent ?? "").trim()');
    // Focus starts on the heading; Tab walks the choices in order.
    await expect.poll(active).toBe('Choose what to connect');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('linear');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('github');
    await page.keyboard.press('Enter');
    await expect.poll(active).toBe('token');
    await page.keyboard.type(GOOD_TOKEN);
    await page.keyboard.press('Tab');
    expect(await active()).toBe('repository');
    await page.keyboard.type(REPOSITORY);
    await page.keyboard.press('Tab');
    expect(await active()).toBe('base_url');
    await page.keyboard.type(github.url);
    await page.keyboard.press('Enter');
    await heading(page, 'GitHub is connected').waitFor();
    expect((await githubRow('keys')).status).not.toBe('disconnected');
  });

  it('“Connect with GitHub” authorizes in a second window: a refusal shows in the form, a success finishes here as the API reports it', async () => {
    const created = await session({ project_id: 'oauth', providers: ['github'] });
    const { page, context, log } = await open(created.url);
    await page.getByLabel('Repository', { exact: true }).fill(REPOSITORY);
    /** Clicks "Connect with GitHub", answers the consent screen, and waits for this page to close its window. */
    async function consentWith(answer: '#allow' | '#deny'): Promise<Page> {
      const popup = context.waitForEvent('page');
      await page.getByRole('button', { name: 'Connect with GitHub', exact: true }).click();
      const authorize = await popup;
      await authorize.waitForURL((u) => u.href.startsWith(consent.url));
      // The authorize window cannot reach back into this page.
      expect(await authorize.evaluate<boolean>('window.opener === null')).toBe(true);
      const closed = authorize.waitForEvent('close');
      await authorize.locator(answer).click();
      // The landing page reports over the channel; this page closes the window (and confirms a connect with the API).
      await closed;
      return authorize;
    }

    await consentWith('#deny');
    await page.getByText('GitHub: Access was denied at the provider. Nothing was connected.').waitFor();
    expect((await githubRow('oauth')).status).toBe('disconnected');
    await expect(page.getByRole('button', { name: 'Connect with GitHub', exact: true }).isEnabled()).resolves.toBe(true);

    const authorize = await consentWith('#allow');
    expect(page.url()).toBe(`${api.baseUrl}/connect/`);
    await heading(page, 'GitHub is connected').waitFor();
    const row = await githubRow('oauth');
    expect(row.status).not.toBe('disconnected');
    const requests = await log.settled();
    expect(requests.filter((r) => r.url.endsWith('/oauth/start'))).toHaveLength(2);
    for (const r of requests) expect(r.url).not.toContain(created.token);
    expect(await authorize.isClosed()).toBe(true);
    expect(consent.violations).toEqual([]);
  });

  it('a landing page whose authorization failed says so in its own window', async () => {
    const { page, log } = await open(`${api.baseUrl}/connect/#oauth=access_denied&provider=github`);
    await heading(page, 'Nothing was connected').waitFor();
    await expect(page.getByText('GitHub: Access was denied at the provider. Nothing was connected.').isVisible()).resolves.toBe(true);
    expect(page.url()).toBe(`${api.baseUrl}/connect/`);
    expect((await log.settled()).filter((r) => r.url.includes('/api/'))).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  });
});
