import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../activities/providers/catalog.js';
import { createGa4Adapter } from '../../activities/providers/ga4/adapter.js';
import { createGithubAdapter } from '../../activities/providers/github/adapter.js';
import { createGitlabAdapter } from '../../activities/providers/gitlab/adapter.js';
import { createGscAdapter } from '../../activities/providers/gsc/adapter.js';
import { createJiraAdapter } from '../../activities/providers/jira/adapter.js';
import { createLinearAdapter } from '../../activities/providers/linear/adapter.js';
import type { OAuthApps } from '../../activities/providers/oauth-apps.js';
import { createSentryAdapter } from '../../activities/providers/sentry/adapter.js';
import { OAUTH_PROVIDERS, type OAuthConfig } from '../../api/oauth-config.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { startFakeGitlab, type FakeGitlab } from '../fakes/gitlab.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { startFakeJira, type FakeJira } from '../fakes/jira.js';
import { startFakeLinear, type FakeLinear } from '../fakes/linear.js';
import { startFakeOAuthServer, type AuthorizeRules, type FakeOAuthServer, type OAuthFakeState, type OAuthStyle } from '../fakes/oauth-endpoint.js';
import { startFakeSentry, type FakeSentry } from '../fakes/sentry.js';
import type { FakeServer, RecordedRequest } from '../fakes/fake-server.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { buildForTest, openWatchedPage, type PageWatch } from './support.js';

const WAIT = { timeout: 30_000 };
const GITHUB_TOKEN = `gho_${randomBytes(18).toString('hex')}`;
const PROPERTY = '515151';
const SITE = 'https://shop.example.com/';

type Consent = Pick<FakeOAuthServer, 'url' | 'violations' | 'authorizeRequests'>;

/** One "Connect with …" flow: the provider's fakes, what the user types before the redirect, where the token must arrive. */
interface Flow {
  name: string;
  provider: Provider;
  label: string;
  /** Form label → value typed in the connect dialog. */
  fields: () => Record<string, string>;
  /** The consent page's server (the provider's authorization server). */
  auth: () => Consent;
  /** The provider's API fake; the first sync must reach it with the minted token. */
  api: () => FakeServer;
  /** The credentials key the worker stores the access token under. */
  tokenKey: string;
  /** Requests of the first sync that must carry the token. */
  reached: (r: RecordedRequest) => boolean;
  /** How the API sees the token on the wire. */
  authorization: (token: string) => string;
}

describe('"Connect with …" for every OAuth provider, through the dashboard in Chromium (fake consent pages)', () => {
  let github: FakeGithub;
  let gitlab: FakeGitlab;
  let instance: FakeGitlab;
  let jira: FakeJira;
  let linear: FakeLinear;
  let sentry: FakeSentry;
  let google: FakeGoogle;
  const auth: Partial<Record<'github' | 'jira' | 'linear' | 'sentry' | 'ga4' | 'gsc', FakeOAuthServer>> = {};
  /** A GitLab instance is its own authorization server. */
  const gitlabConsent = (fake: FakeGitlab): Consent => ({ url: fake.url, violations: fake.violations, authorizeRequests: () => fake.requests.filter((r) => r.path === '/oauth/authorize') });
  let api: TestApi;
  let worker: TestWorker;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let apiKey: string;
  const orgId = randomUUID();
  const secret = (p: string) => `${p}-deployment-secret-${randomBytes(6).toString('hex')}`;
  const GOOGLE_APP = { clientId: 'e2e-google.apps.googleusercontent.com', clientSecret: secret('google') };
  const APPS = {
    github: { clientId: 'Iv1.e2e-github', clientSecret: secret('github') },
    gitlab: { clientId: 'e2e-gitlab-app', clientSecret: secret('gitlab') },
    jira: { clientId: 'e2e-atlassian-app', clientSecret: secret('jira') },
    linear: { clientId: 'e2e-linear-app', clientSecret: secret('linear') },
    sentry: { clientId: 'e2e-sentry-app', clientSecret: secret('sentry') },
    // One Google app serves both (GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET).
    ga4: GOOGLE_APP,
    gsc: GOOGLE_APP,
  };

  const consent = (style: OAuthStyle, authorizePath: string, tokenPath: string, rules: AuthorizeRules, state?: OAuthFakeState, onAccessToken?: (t: string) => void) =>
    startFakeOAuthServer({ style, authorizePath, tokenPath, rules, ...(state ? { state } : {}), ...(onAccessToken ? { onAccessToken } : {}) });

  const bearer = (token: string) => `Bearer ${token}`;
  const FLOWS: Flow[] = [
    {
      name: 'github',
      provider: 'github',
      label: 'GitHub',
      fields: () => ({ Repository: 'acme/web', 'API base URL': github.url }),
      auth: () => auth.github!,
      api: () => github,
      tokenKey: 'access_token',
      reached: (r) => r.path === '/repos/acme/web',
      authorization: bearer,
    },
    {
      name: 'gitlab',
      provider: 'gitlab',
      label: 'GitLab',
      fields: () => ({ Project: 'acme/web', 'API base URL': gitlab.url }),
      auth: () => gitlabConsent(gitlab),
      api: () => gitlab,
      tokenKey: 'access_token',
      reached: (r) => r.path === `/api/v4/projects/${encodeURIComponent('acme/web')}`,
      authorization: bearer,
    },
    {
      name: 'gitlab (self-managed, its own app)',
      provider: 'gitlab',
      label: 'GitLab',
      fields: () => ({ Project: 'corp/site', 'API base URL': instance.url, 'OAuth application ID': 'corp-instance-app' }),
      auth: () => gitlabConsent(instance),
      api: () => instance,
      tokenKey: 'access_token',
      reached: (r) => r.path === `/api/v4/projects/${encodeURIComponent('corp/site')}`,
      authorization: bearer,
    },
    {
      name: 'jira',
      provider: 'jira',
      label: 'Jira',
      fields: () => ({ 'Site URL': jira.url, 'Project key': 'WEB' }),
      auth: () => auth.jira!,
      api: () => jira,
      tokenKey: 'access_token',
      reached: (r) => r.path === `/ex/jira/${jira.cloudId}/rest/api/3/project/WEB`,
      authorization: bearer,
    },
    {
      name: 'linear',
      provider: 'linear',
      label: 'Linear',
      fields: () => ({ 'Team ID': linear.teamId, 'API base URL': linear.url }),
      auth: () => auth.linear!,
      api: () => linear,
      tokenKey: 'access_token',
      reached: (r) => r.path === '/graphql',
      authorization: bearer,
    },
    {
      name: 'sentry',
      provider: 'sentry',
      label: 'Sentry',
      fields: () => ({ 'Organization slug': 'acme', 'Project slug': 'web', 'API base URL': sentry.url }),
      auth: () => auth.sentry!,
      api: () => sentry,
      tokenKey: 'token',
      reached: (r) => sentry.isList('web')(r),
      authorization: bearer,
    },
    {
      name: 'ga4',
      provider: 'ga4',
      label: 'Google Analytics 4',
      fields: () => ({ 'Property ID': PROPERTY, 'API base URL': google.url }),
      auth: () => auth.ga4!,
      api: () => google,
      tokenKey: 'access_token',
      reached: (r) => r.path === `/v1beta/properties/${PROPERTY}:runReport`,
      authorization: bearer,
    },
    {
      name: 'gsc',
      provider: 'gsc',
      label: 'Google Search Console',
      fields: () => ({ 'Site URL': SITE, 'API base URL': google.url }),
      auth: () => auth.gsc!,
      api: () => google,
      tokenKey: 'access_token',
      reached: (r) => r.path === `/webmasters/v3/sites/${encodeURIComponent(SITE)}/searchAnalytics/query`,
      authorization: bearer,
    },
  ];

  beforeAll(async () => {
    [github, gitlab, instance, jira, linear, sentry, google] = await Promise.all([
      startFakeGithub({ token: GITHUB_TOKEN, repository: 'acme/web' }),
      startFakeGitlab({ token: 'glpat-not-used', project: 'acme/web' }),
      startFakeGitlab({ token: 'glpat-not-used', project: 'corp/site' }),
      startFakeJira({ email: 'not-used@acme.test', apiToken: 'not-used', projectKey: 'WEB' }),
      startFakeLinear({ apiKey: 'lin_api_not_used', teamId: randomUUID() }),
      startFakeSentry(),
      startFakeGoogle(),
    ]);
    sentry.addIssue('web');
    google.ga4.set(PROPERTY, [{ pagePath: '/', sessions: 5, screenPageViews: 9, bounceRate: 0.2 }]);
    google.gsc.set(SITE, [{ page: `${SITE}pricing`, clicks: 3, impressions: 40, ctr: 0.075, position: 4.2 }]);
    const googleRules = (scope: string): AuthorizeRules => ({ scope, pkce: true, params: { access_type: 'offline', prompt: 'consent' } });
    const googleScope = (p: 'ga4' | 'gsc') => OAUTH_PROVIDERS[p]!.scopes;
    Object.assign(auth, {
      github: await consent('github', '/login/oauth/authorize', '/login/oauth/access_token', { scope: 'repo', pkce: false }),
      jira: await consent('atlassian', '/authorize', '/oauth/token', { scope: 'read:jira-work write:jira-work manage:jira-webhook offline_access', pkce: false, params: { audience: 'api.atlassian.com', prompt: 'consent' } }, undefined, (t) => jira.oauthTokens.add(t)),
      linear: await consent('linear', '/oauth/authorize', '/oauth/token', { scope: 'read,write', pkce: true }, undefined, (t) => linear.oauthTokens.add(t)),
      // Sentry's and Google's token endpoints are served by their API fakes; these are only the consent pages.
      sentry: await consent('sentry', '/oauth/authorize/', '/oauth/token/', { scope: 'org:read project:read event:read', pkce: false }, sentry.oauth),
      ga4: await consent('google', '/o/oauth2/v2/auth', '/token', googleRules(googleScope('ga4')), google.oauth),
      gsc: await consent('google', '/o/oauth2/v2/auth', '/token', googleRules(googleScope('gsc')), google.oauth),
    });
    // The GitHub fake accepts one token: its authorization server hands out that one.
    auth.github!.oauth.fixedAccessToken = GITHUB_TOKEN;
    for (const [p, app] of Object.entries(APPS)) (p === 'gitlab' ? gitlab.oauth : auth[p as Exclude<keyof typeof APPS, 'gitlab'>]!.oauth).clients.set(app.clientId, app.clientSecret);
    instance.oauth.publicClients.add('corp-instance-app');

    const tokenUrls: Record<keyof typeof APPS, string> = {
      github: auth.github!.tokenUrl,
      gitlab: `${gitlab.url}/oauth/token`,
      jira: auth.jira!.tokenUrl,
      linear: auth.linear!.tokenUrl,
      sentry: `${sentry.url}/oauth/token/`,
      ga4: `${google.url}/token`,
      gsc: `${google.url}/token`,
    };
    const oauthApps: OAuthApps = Object.fromEntries(Object.entries(APPS).map(([p, app]) => [p, { ...app, tokenUrl: tokenUrls[p as keyof typeof APPS] }]));
    const oauth: OAuthConfig = {
      stateSecret: randomBytes(32),
      apps: Object.fromEntries(
        Object.entries(APPS).map(([p, app]) => [p, { ...OAUTH_PROVIDERS[p as Provider]!, clientId: app.clientId, authorizeUrl: p === 'gitlab' ? `${gitlab.url}/oauth/authorize` : auth[p as Exclude<keyof typeof APPS, 'gitlab'>]!.authorizeUrl }]),
      ),
    };
    api = await startTestApi({ dashboardDir: await buildForTest(), oauth });
    const options = { oauthApps, atlassianApiUrl: jira.url };
    worker = await startTestWorker(api, {
      adapters: [
        createGithubAdapter(options),
        createGitlabAdapter(options),
        createJiraAdapter(options),
        createLinearAdapter(options),
        createSentryAdapter(options),
        createGa4Adapter(options),
        createGscAdapter(options),
      ],
    });
    apiKey = await api.createKey(orgId);
    ({ browser, page, watch } = await openWatchedPage());
    await page.goto(`${api.baseUrl}/dashboard/`);
    await page.getByLabel('API key', { exact: true }).fill(apiKey);
    await page.getByLabel('Project', { exact: true }).fill('oauth-start');
    await page.getByRole('button', { name: 'Open dashboard', exact: true }).click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.close();
    const servers = [github, gitlab, instance, jira, linear, sentry, google, auth.github, auth.jira, auth.linear, auth.sentry, auth.ga4, auth.gsc];
    await Promise.all(servers.map((s) => s?.close()));
  });

  const storedCredentials = async (project: string, provider: Provider) => {
    const [row] = await api.db.sql<{ credentials: string }[]>`select credentials from audit_integrations where org_id = ${orgId} and project_id = ${project} and provider = ${provider}`;
    return api.cipher.decrypt(row!.credentials, { orgId, projectId: project, provider });
  };

  it.each(FLOWS.map((f) => [f.name, f] as const))('%s: start → consent → callback → connected → first sync with the minted token', async (_name, flow) => {
    const project = `oauth-${flow.name.replace(/[^a-z0-9]+/g, '-')}`;
    await page.evaluate(`localStorage.setItem('audit.project', ${JSON.stringify(project)})`);
    await page.goto(`${api.baseUrl}/dashboard/`);
    const card = page.locator(`audit-integration-card[data-provider="${flow.provider}"]`);
    await card.getByRole('button', { name: `Connect (${flow.label})`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Connect ${flow.label}`, exact: true });
    for (const [label, value] of Object.entries(flow.fields())) await dialog.getByLabel(label, { exact: true }).fill(value);
    await dialog.getByRole('button', { name: `Connect with ${flow.label}`, exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(flow.auth().url), WAIT);

    const authorize = flow.auth().authorizeRequests().at(-1)!;
    expect(authorize.query.get('redirect_uri')).toBe(`${api.baseUrl}/oauth/${flow.provider}/callback`);
    await page.locator('#allow').click();
    await page.getByText(`${flow.label} is connected to project ${project}`).waitFor(WAIT);
    await card.getByRole('button', { name: `Sync now (${flow.label})`, exact: true }).click();
    await page.locator(`audit-integration-card[data-provider="${flow.provider}"][data-status="connected"] time`).waitFor(WAIT);
    // A run finished (the list's last_sync_at is the connect time until then, as the spec says).
    const runs = async () => {
      const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations/${flow.provider}/syncs`, { token: apiKey });
      return (res.json.data as { outcome: string }[]).map((r) => r.outcome);
    };
    await expect.poll(runs, WAIT).toContain('succeeded');

    const stored = await storedCredentials(project, flow.provider);
    const token = String(stored[flow.tokenKey]);
    expect(stored.auth_code).toBeUndefined();
    const reached = flow.api().requests.filter(flow.reached);
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.map((r) => r.headers.authorization)).toContain(flow.authorization(token));
    expect([...flow.auth().violations, ...flow.api().violations]).toEqual([]);
    const app = flow.name.startsWith('gitlab (') ? undefined : APPS[flow.provider as keyof typeof APPS];
    expect(await watch.leaks([token, ...(app ? [app.clientSecret] : []), ...(typeof stored.refresh_token === 'string' ? [stored.refresh_token] : [])])).toEqual([]);
  });

  it('self-managed GitLab: the deployment secret never reached the instance; a base_url elsewhere without client_id is refused at start', async () => {
    expect(instance.oauth.secretsSeen).toEqual([]);
    expect(instance.tokenRequests().length).toBeGreaterThan(0);
    const start = (credentials: Record<string, string>) =>
      call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/gl/audit/integrations/gitlab/oauth/start`, { token: apiKey, body: { credentials } });
    const refused = await start({ project: 'corp/site', base_url: instance.url });
    expect([refused.status, refused.json.error?.code]).toEqual([422, 'validation_failed']);
    expect(refused.text).toContain('client_id is required');
    const own = await start({ project: 'corp/site', base_url: `${instance.url}/api/v4`, client_id: 'corp-instance-app' });
    const url = new URL((own.json.data as { authorize_url: string }).authorize_url);
    expect(`${url.origin}${url.pathname}`).toBe(`${instance.url}/oauth/authorize`);
    expect([url.searchParams.get('client_id'), url.searchParams.get('code_challenge_method')]).toEqual(['corp-instance-app', 'S256']);
    const providers = await call(api.baseUrl, 'GET', '/api/v1/oauth/providers', { token: apiKey });
    expect((providers.json.data as { provider: string }[]).map((p) => p.provider).sort()).toEqual(['ga4', 'github', 'gitlab', 'gsc', 'jira', 'linear', 'sentry']);
  });
});
