import { createHash, randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubAdapter } from '../../activities/providers/github/adapter.js';
import { createGitlabAdapter } from '../../activities/providers/gitlab/adapter.js';
import { createJiraAdapter } from '../../activities/providers/jira/adapter.js';
import { createLinearAdapter } from '../../activities/providers/linear/adapter.js';
import type { OAuthApps } from '../../activities/providers/oauth-apps.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { startFakeGitlab, type FakeGitlab } from '../fakes/gitlab.js';
import { startFakeJira, type FakeJira } from '../fakes/jira.js';
import { startFakeLinear, type FakeLinear } from '../fakes/linear.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-endpoint.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { adapterProject } from './harness.js';

const REDIRECT = 'https://audit.example/oauth/callback';
const HOUR = 3_600_000;
const verifierAndChallenge = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};
const failure = async (p: Promise<unknown>) => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
};

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('GitHub OAuth app: code exchange through oauth4webapi', () => {
  const APP = { clientId: 'Iv1.0123456789abcdef', clientSecret: 'gh-app-secret-0123456789' };
  const TOKEN = `gho_${randomBytes(18).toString('hex')}`;
  let github: FakeGithub;
  let auth: FakeOAuthServer;
  let apps: OAuthApps;
  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: 'acme/web' });
    auth = await startFakeOAuthServer({ style: 'github', authorizePath: '/login/oauth/authorize', tokenPath: '/login/oauth/access_token', rules: { scope: 'repo', pkce: false } });
    auth.oauth.clients.set(APP.clientId, APP.clientSecret);
    // The fake GitHub accepts one token: the OAuth server hands out that one.
    auth.oauth.fixedAccessToken = TOKEN;
    apps = { github: { ...APP, tokenUrl: auth.tokenUrl } };
  });
  afterAll(async () => {
    await github?.close();
    await auth?.close();
  });

  it('exchanges the code (client_secret_post, Accept: application/json), stores the token and files the issue with it', async () => {
    const project = await adapterProject(db, 'github');
    await project.addFinding();
    auth.oauth.codes.set('gh-code-1', { clientId: APP.clientId, redirectUri: REDIRECT });
    const counts = await project.sync(createGithubAdapter({ oauthApps: apps }), { auth_code: 'gh-code-1', redirect_uri: REDIRECT, repository: 'acme/web', base_url: github.url });
    expect(counts).toMatchObject({ pushed: 1 });
    expect(auth.tokenForm(0)).toEqual({ grant_type: 'authorization_code', code: 'gh-code-1', redirect_uri: REDIRECT, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(auth.tokenRequests()[0]!.headers.accept).toBe('application/json');
    expect(await project.credentials()).toEqual({ access_token: TOKEN, redirect_uri: REDIRECT, repository: 'acme/web', base_url: github.url });
    expect(github.requests.filter(github.isCreate).map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
    expect([...auth.violations, ...github.violations]).toEqual([]);
  });

  it("maps GitHub's 200-with-error answers: a bad code → reconnect, a wrong secret → the env variables", async () => {
    const project = await adapterProject(db, 'github');
    const creds = { auth_code: 'gh-code-unknown', redirect_uri: REDIRECT, repository: 'acme/web', base_url: github.url };
    const refused = await failure(project.sync(createGithubAdapter({ oauthApps: apps }), creds));
    expect(refused).toMatchObject({ type: 'ProviderReconnectRequired', nonRetryable: true });
    expect(refused.message).toMatch(/refused the authorization code \(bad_verification_code\): reconnect/);

    auth.oauth.codes.set('gh-code-2', { clientId: APP.clientId, redirectUri: REDIRECT });
    const wrongSecret = { github: { ...APP, clientSecret: 'gh-wrong-secret-value', tokenUrl: auth.tokenUrl } };
    const client = await failure(project.sync(createGithubAdapter({ oauthApps: wrongSecret }), { ...creds, auth_code: 'gh-code-2' }));
    expect(client).toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
    expect(client.message).toBe('GitHub token endpoint rejected the OAuth client (incorrect_client_credentials); check GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET');
    for (const secret of ['gh-wrong-secret-value', 'gh-code-2', APP.clientSecret]) expect(`${refused.message}${client.message}`).not.toContain(secret);
  });

  it('retries a token endpoint that answers 429 or 5xx', async () => {
    auth.fail({ status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '7' } });
    const project = await adapterProject(db, 'github');
    auth.oauth.codes.set('gh-code-3', { clientId: APP.clientId, redirectUri: REDIRECT });
    const limited = await failure(project.sync(createGithubAdapter({ oauthApps: apps }), { auth_code: 'gh-code-3', redirect_uri: REDIRECT, repository: 'acme/web', base_url: github.url }));
    expect(limited).toMatchObject({ type: 'ProviderRateLimited', nonRetryable: false, nextRetryDelay: 7000 });
  });
});

describe('GitLab OAuth: the deployment app (PKCE, 2-hour tokens, rotating refresh) and a self-managed instance app', () => {
  const APP = { clientId: 'gitlab-app-id', clientSecret: 'gloas-deployment-secret-0123' };
  let gitlabCom: FakeGitlab;
  let selfManaged: FakeGitlab;
  let apps: OAuthApps;
  beforeAll(async () => {
    gitlabCom = await startFakeGitlab({ token: 'glpat-unused-here', project: 'acme/web' });
    selfManaged = await startFakeGitlab({ token: 'glpat-unused-there', project: 'corp/site' });
    gitlabCom.oauth.clients.set(APP.clientId, APP.clientSecret);
    selfManaged.oauth.publicClients.add('corp-instance-app');
    apps = { gitlab: { ...APP, tokenUrl: `${gitlabCom.url}/oauth/token` } };
  });
  afterAll(async () => {
    await gitlabCom?.close();
    await selfManaged?.close();
  });

  it('exchanges with the PKCE verifier, sends the token as Bearer, and refreshes an expired one with rotation', async () => {
    const project = await adapterProject(db, 'gitlab');
    await project.addFinding();
    const { verifier, challenge } = verifierAndChallenge();
    gitlabCom.oauth.codes.set('gl-code-1', { clientId: APP.clientId, redirectUri: REDIRECT, challenge });
    const adapter = createGitlabAdapter({ oauthApps: apps });
    await project.sync(adapter, { auth_code: 'gl-code-1', code_verifier: verifier, redirect_uri: REDIRECT, project: 'acme/web', base_url: gitlabCom.url });
    expect(Object.fromEntries(new URLSearchParams(gitlabCom.tokenRequests()[0]!.body as string))).toEqual({
      grant_type: 'authorization_code',
      code: 'gl-code-1',
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
    });
    const first = await project.credentials();
    expect(first).toMatchObject({ access_token: expect.stringMatching(/^glpat-oauth-/), refresh_token: expect.stringMatching(/^glrt-/), project: 'acme/web' });
    expect(first.auth_code).toBeUndefined();
    expect(first.code_verifier).toBeUndefined();
    expect(Date.parse(String(first.expires_at)) - Date.now()).toBeGreaterThan(HOUR);
    const create = gitlabCom.requests.find(gitlabCom.isCreate)!;
    expect([create.headers.authorization, create.headers['private-token']]).toEqual([`Bearer ${String(first.access_token)}`, undefined]);

    // Two hours later: the stored refresh token is spent and replaced.
    await project.sync(adapter, { ...first, expires_at: new Date(Date.now() - 1000).toISOString() });
    const second = await project.credentials();
    expect(Object.fromEntries(new URLSearchParams(gitlabCom.tokenRequests()[1]!.body as string))).toMatchObject({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(gitlabCom.oauth.refreshTokens.has(String(first.refresh_token))).toBe(false);
    expect(gitlabCom.oauth.refreshTokens.has(String(second.refresh_token))).toBe(true);

    // The revoked one is refused: invalid_grant → reconnect, without the token in the message.
    const revoked = await failure(project.sync(adapter, { ...first, expires_at: 0 }));
    expect(revoked).toMatchObject({ type: 'ProviderReconnectRequired' });
    expect(revoked.message).toBe('GitLab refused the stored refresh token (invalid_grant): reconnect the integration to authorize again');
    expect(gitlabCom.violations).toEqual([]);
  });

  it("exchanges a self-managed instance's own public app at that instance without any secret; the deployment secret stays home", async () => {
    const project = await adapterProject(db, 'gitlab');
    await project.addFinding();
    const { verifier, challenge } = verifierAndChallenge();
    selfManaged.oauth.codes.set('corp-code-1', { clientId: 'corp-instance-app', redirectUri: REDIRECT, challenge });
    const before = gitlabCom.tokenRequests().length;
    await project.sync(createGitlabAdapter({ oauthApps: apps }), {
      auth_code: 'corp-code-1',
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: 'corp-instance-app',
      project: 'corp/site',
      base_url: `${selfManaged.url}/api/v4`,
    });
    const [exchange] = selfManaged.tokenRequests();
    expect(Object.fromEntries(new URLSearchParams(exchange!.body as string))).toEqual({
      grant_type: 'authorization_code',
      code: 'corp-code-1',
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: 'corp-instance-app',
    });
    expect(exchange!.headers.authorization).toBeUndefined();
    expect(selfManaged.oauth.secretsSeen).toEqual([]);
    expect(gitlabCom.tokenRequests().length).toBe(before);
    expect(selfManaged.issues()).toHaveLength(1);
    expect(selfManaged.violations).toEqual([]);
  });

  it('sends the deployment app only to its own token URL, whatever base_url says', async () => {
    const project = await adapterProject(db, 'gitlab');
    // A code of the deployment app, with a tenant base_url elsewhere: the exchange still goes to the configured URL.
    gitlabCom.oauth.codes.set('gl-code-elsewhere', { clientId: APP.clientId, redirectUri: REDIRECT });
    const before = gitlabCom.tokenRequests().length;
    const err = await failure(project.sync(createGitlabAdapter({ oauthApps: apps }), { auth_code: 'gl-code-elsewhere', redirect_uri: REDIRECT, project: 'corp/site', base_url: selfManaged.url }));
    // That instance does not know gitlab.com's token (one refresh at gitlab.com, then the 401 stands).
    expect(err).toMatchObject({ type: 'ProviderAuthFailed' });
    const forms = gitlabCom.tokenRequests().slice(before).map((r) => Object.fromEntries(new URLSearchParams(r.body as string)));
    expect(forms.map((f) => f.grant_type)).toEqual(['authorization_code', 'refresh_token']);
    expect(forms[0]).toMatchObject({ code: 'gl-code-elsewhere', client_secret: APP.clientSecret });
    expect(selfManaged.oauth.secretsSeen).toEqual([]);
    expect(selfManaged.tokenRequests().filter((r) => String(r.body).includes('gl-code-elsewhere'))).toEqual([]);
  });
});

describe('Jira over Atlassian OAuth 2.0 (3LO): cloud id discovery and rotating refresh tokens', () => {
  const APP = { clientId: 'atlassian-app-id', clientSecret: 'ATOA-deployment-secret-0123' };
  let jira: FakeJira;
  let auth: FakeOAuthServer;
  let adapter: ReturnType<typeof createJiraAdapter>;
  const oauthCreds = async (code: string, base = jira.url) => {
    auth.oauth.codes.set(code, { clientId: APP.clientId, redirectUri: REDIRECT });
    return { auth_code: code, redirect_uri: REDIRECT, base_url: base, project_key: jira.projectKey };
  };
  beforeAll(async () => {
    jira = await startFakeJira({ email: 'unused@acme.test', apiToken: 'ATATT-unused', projectKey: 'WEB' });
    auth = await startFakeOAuthServer({
      style: 'atlassian',
      authorizePath: '/authorize',
      tokenPath: '/oauth/token',
      rules: { scope: 'read:jira-work write:jira-work manage:jira-webhook offline_access', pkce: false, params: { audience: 'api.atlassian.com', prompt: 'consent' } },
      onAccessToken: (t) => jira.oauthTokens.add(t),
    });
    auth.oauth.clients.set(APP.clientId, APP.clientSecret);
    adapter = createJiraAdapter({ oauthApps: { jira: { ...APP, tokenUrl: auth.tokenUrl } }, atlassianApiUrl: jira.url });
  });
  afterAll(async () => {
    await jira?.close();
    await auth?.close();
  });

  it('exchanges the code, finds the cloud id of the entered site, stores it, and calls /ex/jira/{cloud_id} with Bearer', async () => {
    jira.sites.splice(1, Infinity, { id: 'other-cloud', url: 'https://other-team.atlassian.net', name: 'other-team' });
    const project = await adapterProject(db, 'jira');
    const finding = await project.addFinding();
    await project.sync(adapter, await oauthCreds('atl-code-1'));
    expect(auth.tokenForm(0)).toEqual({ grant_type: 'authorization_code', code: 'atl-code-1', redirect_uri: REDIRECT, client_id: APP.clientId, client_secret: APP.clientSecret });
    const stored = await project.credentials();
    expect(stored).toMatchObject({ cloud_id: jira.cloudId, access_token: expect.stringMatching(/^eyJatl\./), refresh_token: expect.stringMatching(/^eyJrt\./) });
    const create = jira.requests.find((r) => r.method === 'POST' && r.path === `/ex/jira/${jira.cloudId}/rest/api/3/issue`)!;
    expect(create.headers.authorization).toBe(`Bearer ${String(stored.access_token)}`);
    const [task] = await project.tasks();
    expect(task!.url).toBe(`${jira.url}/browse/WEB-1`);
    expect((await project.finding(finding.id)).status).toBe('open');
    expect(jira.violations).toEqual([]);
  });

  it('stores the rotated refresh token on every refresh; the used one is refused (403 invalid_grant → reconnect)', async () => {
    const project = await adapterProject(db, 'jira');
    await project.sync(adapter, await oauthCreds('atl-code-2'));
    const first = await project.credentials();
    await project.sync(adapter, { ...first, expires_at: new Date(Date.now() - HOUR).toISOString() });
    const second = await project.credentials();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.cloud_id).toBe(jira.cloudId);
    const reused = await failure(project.sync(adapter, { ...first, expires_at: 0 }));
    expect(reused).toMatchObject({ type: 'ProviderReconnectRequired', nonRetryable: true });
    expect(reused.message).not.toContain(String(first.refresh_token));
  });

  it('takes the only site when there is one, and refuses to guess between several that do not match', async () => {
    jira.sites.splice(0, Infinity, { id: jira.cloudId, url: 'https://renamed-team.atlassian.net', name: 'renamed' });
    const single = await adapterProject(db, 'jira');
    await single.sync(adapter, await oauthCreds('atl-code-3'));
    expect((await single.credentials()).cloud_id).toBe(jira.cloudId);

    jira.sites.push({ id: 'second-cloud', url: 'https://second-team.atlassian.net', name: 'second' });
    const ambiguous = await adapterProject(db, 'jira');
    const err = await failure(ambiguous.sync(adapter, await oauthCreds('atl-code-4')));
    expect(err).toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
    expect(err.message).toBe(`Jira: the authorized Atlassian account can reach 2 sites and none is ${new URL(jira.url).origin}; correct base_url or reconnect choosing that site`);
    // The tokens are kept (no second consent needed once base_url is corrected); no cloud id was stored.
    expect(await ambiguous.credentials()).toMatchObject({ access_token: expect.any(String) });
    expect((await ambiguous.credentials()).cloud_id).toBeUndefined();
    jira.sites.splice(0, Infinity, { id: jira.cloudId, url: jira.url, name: 'fake-site' });
  });

  it('keeps email + API token working at the site itself', async () => {
    const classic = await startFakeJira({ email: 'bot@acme.test', apiToken: 'ATATT-classic-token', projectKey: 'OPS' });
    try {
      const project = await adapterProject(db, 'jira');
      await project.addFinding();
      expect(await project.sync(adapter, { base_url: classic.url, email: 'bot@acme.test', api_token: 'ATATT-classic-token', project_key: 'OPS' })).toMatchObject({ pushed: 1 });
      expect(classic.requests.every((r) => !r.path.startsWith('/ex/'))).toBe(true);
      expect(classic.violations).toEqual([]);
    } finally {
      await classic.close();
    }
  });
});

describe('Linear: OAuth tokens as Bearer, personal API keys bare', () => {
  const APP = { clientId: 'linear-app-id', clientSecret: 'lin-deployment-secret-0123' };
  const API_KEY = 'lin_api_personal_0123456789';
  let linear: FakeLinear;
  let auth: FakeOAuthServer;
  let adapter: ReturnType<typeof createLinearAdapter>;
  beforeAll(async () => {
    linear = await startFakeLinear({ apiKey: API_KEY, teamId: '9cfb482a-81e3-4154-b5b9-2c805e70a02d' });
    auth = await startFakeOAuthServer({ style: 'linear', authorizePath: '/oauth/authorize', tokenPath: '/oauth/token', rules: { scope: 'read,write', pkce: true }, onAccessToken: (t) => linear.oauthTokens.add(t) });
    auth.oauth.clients.set(APP.clientId, APP.clientSecret);
    adapter = createLinearAdapter({ oauthApps: { linear: { ...APP, tokenUrl: auth.tokenUrl } } });
  });
  afterAll(async () => {
    await linear?.close();
    await auth?.close();
  });

  it('exchanges with PKCE, stores access and refresh tokens, and sends `Authorization: Bearer`', async () => {
    const project = await adapterProject(db, 'linear');
    await project.addFinding();
    const { verifier, challenge } = verifierAndChallenge();
    auth.oauth.codes.set('lin-code-1', { clientId: APP.clientId, redirectUri: REDIRECT, challenge });
    await project.sync(adapter, { auth_code: 'lin-code-1', code_verifier: verifier, redirect_uri: REDIRECT, team_id: linear.teamId, base_url: linear.url });
    const stored = await project.credentials();
    expect(stored).toMatchObject({ access_token: expect.stringMatching(/^lin_oauth_/), refresh_token: expect.stringMatching(/^lin_rt_/) });
    const creates = linear.requests.filter(linear.isCreate);
    expect(creates.map((r) => r.headers.authorization)).toEqual([`Bearer ${String(stored.access_token)}`]);
    // Expired: refreshed (rotating) before the next call.
    await project.sync(adapter, { ...stored, expires_at: new Date(Date.now() - HOUR).toISOString() });
    expect(auth.tokenForm(1)).toMatchObject({ grant_type: 'refresh_token', refresh_token: stored.refresh_token, client_id: APP.clientId });
    expect((await project.credentials()).refresh_token).not.toBe(stored.refresh_token);
    expect([...auth.violations, ...linear.violations]).toEqual([]);
  });

  it('sends a personal API key bare, and calls no token endpoint for it', async () => {
    const project = await adapterProject(db, 'linear');
    await project.addFinding();
    const before = auth.tokenRequests().length;
    await project.sync(adapter, { api_key: API_KEY, team_id: linear.teamId, base_url: linear.url });
    expect(linear.requests.filter(linear.isCreate).at(-1)!.headers.authorization).toBe(API_KEY);
    expect(auth.tokenRequests()).toHaveLength(before);
    expect(linear.violations).toEqual([]);
  });
});
