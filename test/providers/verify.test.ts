import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import { unreachableMessage } from '../../activities/errors.js';
import type { Provider } from '../../activities/providers/catalog.js';
import { dailyRollups, startFakeCloudflare, type FakeCloudflare } from '../fakes/cloudflare.js';
import type { FakeServer } from '../fakes/fake-server.js';
import { startFakeGithub } from '../fakes/github.js';
import { startFakeGitlab } from '../fakes/gitlab.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { startFakeJira } from '../fakes/jira.js';
import { startFakeLinear, type FakeLinear } from '../fakes/linear.js';
import { startFakeSentry, type FakeSentry } from '../fakes/sentry.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';

/** Per provider: good credentials against its fake, which key a wrong secret and a wrong resource are reported on. */
interface Case {
  good: Record<string, string>;
  secret: string;
  resource: string;
}

describe('POST …/integrations/:provider/verify', () => {
  let api: TestApi;
  const fakes: FakeServer[] = [];
  const orgId = randomUUID();
  let writer: string;
  let reader: string;
  const cases = {} as Record<Provider, Case>;
  let linearFake: FakeLinear;
  const verify = (provider: string, body: unknown, token = writer, target = api) =>
    call(target.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/web/audit/integrations/${provider}/verify`, { token, body });
  const requestsTo = () => fakes.reduce((n, f) => n + f.requests.length, 0);

  beforeAll(async () => {
    const github = await startFakeGithub({ token: 'ghp_verifyGood', repository: 'acme/web' });
    const gitlab = await startFakeGitlab({ token: 'glpat-verifyGood', project: 'acme/site' });
    const jira = await startFakeJira({ email: 'bot@acme.test', apiToken: 'ATATTverifyGood', projectKey: 'WEB' });
    const linear = (linearFake = await startFakeLinear({ apiKey: 'lin_api_verifyGood', teamId: randomUUID() }));
    const sentry: FakeSentry = await startFakeSentry({ token: 'sntrys_verifyGood' });
    sentry.addIssue('web');
    const google: FakeGoogle = await startFakeGoogle({ accessToken: 'ya29.verifyGood' });
    google.ga4.set('123456', []);
    google.gsc.set('https://example.com/', []);
    const cloudflare: FakeCloudflare = await startFakeCloudflare();
    const zone = createHash('md5').update('verify').digest('hex');
    cloudflare.zones.set(zone, dailyRollups(new Date(), 1));
    cloudflare.tokens.set('cf-verify-good', new Set([zone]));
    fakes.push(github, gitlab, jira, linear, sentry, google, cloudflare);
    Object.assign(cases, {
      github: { good: { token: 'ghp_verifyGood', repository: 'acme/web', base_url: github.url }, secret: 'token', resource: 'repository' },
      gitlab: { good: { token: 'glpat-verifyGood', project: 'acme/site', base_url: gitlab.url }, secret: 'token', resource: 'project' },
      jira: { good: { base_url: jira.url, email: 'bot@acme.test', api_token: 'ATATTverifyGood', project_key: 'WEB' }, secret: 'api_token', resource: 'project_key' },
      linear: { good: { api_key: 'lin_api_verifyGood', team_id: linear.teamId, base_url: linear.url }, secret: 'api_key', resource: 'team_id' },
      sentry: { good: { token: 'sntrys_verifyGood', organization: sentry.organization, project: 'web', base_url: sentry.url }, secret: 'token', resource: 'project' },
      ga4: { good: { access_token: 'ya29.verifyGood', property_id: '123456', base_url: google.url }, secret: 'access_token', resource: 'property_id' },
      gsc: { good: { access_token: 'ya29.verifyGood', site_url: 'https://example.com/', base_url: google.url }, secret: 'access_token', resource: 'site_url' },
      cloudflare: { good: { api_token: 'cf-verify-good', zone_id: zone, base_url: `${cloudflare.url}/client/v4` }, secret: 'api_token', resource: 'zone_id' },
    } satisfies Record<Provider, Case>);
    api = await startTestApi({ outbound: createOutboundClient({ allow: parseAllowList('127.0.0.0/8') }) });
    writer = await api.createKey(orgId);
    reader = await api.createKey(orgId, ['audit:read']);
  });
  afterAll(async () => {
    await api?.close();
    await Promise.all(fakes.map((f) => f.close()));
  });

  const wrongResource: Record<Provider, string> = {
    github: 'acme/nothing-here',
    gitlab: 'acme/nothing-here',
    jira: 'NOPE',
    linear: randomUUID(),
    sentry: 'nothing-here',
    ga4: '999999',
    gsc: 'https://nothing-here.example/',
    cloudflare: createHash('md5').update('nothing-here').digest('hex'),
  };

  it.each(Object.keys(wrongResource) as Provider[])('%s: ok for good credentials, and names the key of a wrong secret and of a wrong resource', async (provider) => {
    const c = cases[provider];
    const ok = await verify(provider, { credentials: c.good });
    expect(ok.status).toBe(200);
    expect(ok.json.data).toEqual({ ok: true, problems: [], checked: 'provider' });

    const badSecret = await verify(provider, { credentials: { ...c.good, [c.secret]: 'wrong-secret-value' } });
    expect(badSecret.json.data).toMatchObject({ ok: false, checked: 'provider', problems: [expect.objectContaining({ key: c.secret })] });
    expect(badSecret.text).not.toContain('wrong-secret-value');

    const badResource = await verify(provider, { credentials: { ...c.good, [c.resource]: wrongResource[provider] } });
    expect(badResource.json.data).toMatchObject({ ok: false, checked: 'provider', problems: [expect.objectContaining({ key: c.resource })] });
  });

  it('reports schema problems per key without calling the provider, and never stores anything', async () => {
    const before = requestsTo();
    const res = await verify('github', { credentials: { repository: 'not a repository', credential: 'x' } });
    expect(res.json.data).toEqual({
      ok: false,
      checked: 'schema',
      problems: [
        { key: 'token', message: 'is required' },
        { key: 'repository', message: 'must look like owner/name' },
        { key: 'credential', message: 'is not a GitHub credential key' },
      ],
    });
    expect(requestsTo()).toBe(before);
    const [row] = await api.db.sql`select count(*)::int as n from audit_integrations where org_id = ${orgId}`;
    expect(row!.n).toBe(0);
  });

  it('reads with an OAuth access token (Linear as Bearer), and leaves a stored code to the first sync', async () => {
    linearFake.oauthTokens.add('lin_oauth_verifyGood');
    const bearer = await verify('linear', { credentials: { team_id: cases.linear.good.team_id, base_url: cases.linear.good.base_url, access_token: 'lin_oauth_verifyGood' } });
    expect(bearer.json.data).toMatchObject({ ok: true, checked: 'provider' });
    expect(linearFake.requests.at(-1)!.headers.authorization).toBe('Bearer lin_oauth_verifyGood');
    const before = requestsTo();
    for (const [provider, creds] of [
      ['github', { auth_code: 'gh-code', redirect_uri: 'https://audit.example/oauth/github/callback', repository: 'acme/web' }],
      ['jira', { auth_code: 'atl-code', base_url: 'https://acme.atlassian.net', project_key: 'WEB' }],
    ] as const) {
      const res = await verify(provider, { credentials: creds });
      expect(res.json.data, provider).toMatchObject({ ok: true, checked: 'schema', note: expect.stringContaining('first sync') });
    }
    expect(requestsTo()).toBe(before);
  });

  it('needs audit:write, a known provider and a strict body', async () => {
    expect((await verify('github', { credentials: cases.github.good }, reader)).json.error).toMatchObject({ code: 'forbidden' });
    expect((await verify('bitbucket', { credentials: {} })).json.error).toMatchObject({ code: 'invalid_provider' });
    const typo = await verify('github', { credential: { token: 'ghp_x' } });
    expect(typo.status).toBe(422);
    expect(typo.json.error).toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a private base_url unless PROVIDER_EGRESS_ALLOW allows it, with the one generic text; the log says why', async () => {
    const guarded = await startTestApi();
    try {
      const key = await guarded.createKey(orgId);
      const res = await verify('github', { credentials: cases.github.good }, key, guarded);
      expect(res.json.data).toEqual({ ok: false, checked: 'provider', problems: [{ key: 'base_url', message: unreachableMessage('GitHub') }] });
      const line = guarded.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.cause === 'refused');
      expect(line).toMatchObject({ org_id: orgId, project_id: 'web', provider: 'github', host: '127.0.0.1', label: 'GitHub', request_id: expect.any(String) });
      // The host, never the URL's path or a credential.
      expect(guarded.logs.join('\n')).not.toMatch(/repos\/acme|ghp_verifyGood/);
    } finally {
      await guarded.close();
    }
  });
});
