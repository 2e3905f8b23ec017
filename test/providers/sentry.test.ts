import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSentryAdapter } from '../../activities/providers/sentry/adapter.js';
import type { Resolver } from '../../activities/outbound/client.js';
import { startFakeSentry, type FakeSentry } from '../fakes/sentry.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startDataStack, type DataStack } from './data-stack.js';
import { adapterProject } from './harness.js';

const TOKEN = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6abcd';

describe('sentry sync (API → workflow → worker → fake Sentry)', () => {
  let sentry: FakeSentry;
  let stack: DataStack;
  const creds = (project: string, extra: Record<string, unknown> = {}) => ({ token: TOKEN, organization: 'acme', project, base_url: sentry.url, ...extra });
  const storedCredentials = async (project: string) => {
    const [row] = await stack.api.db.sql<{ credentials: string }[]>`
      select credentials from audit_integrations where org_id = ${stack.orgId} and project_id = ${project} and provider = 'sentry'`;
    return stack.api.cipher.decrypt(row!.credentials, { orgId: stack.orgId, projectId: project, provider: 'sentry' });
  };

  beforeAll(async () => {
    sentry = await startFakeSentry({ token: TOKEN, pageSize: 2 });
    sentry.oauth.clients.set('sentry-app', 'sentry-app-secret');
    const adapter = createSentryAdapter({
      timeoutMs: 1000,
      oauthApps: { sentry: { clientId: 'sentry-app', clientSecret: 'sentry-app-secret', tokenUrl: `${sentry.url}/oauth/token/`, redirectUri: 'https://app.example/oauth/sentry' } },
    });
    stack = await startDataStack([adapter]);
  });
  afterAll(async () => {
    await stack?.close();
    await sentry?.close();
  });

  it('pulls every unresolved issue, following Link cursor pages, into sentry findings', async () => {
    const levels = ['fatal', 'error', 'warning', 'info', 'debug'] as const;
    const issues = levels.map((level) => sentry.addIssue('first', { level }));
    sentry.addIssue('first', { status: 'resolved' });
    await stack.connect('first', 'sentry', creds('first'));

    const { status, run } = await stack.sync('first', 'sentry');
    expect(status).toBe('connected');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 5, items_updated: 0 });
    const requests = sentry.listRequests('first');
    expect(requests.map((r) => r.query.get('cursor'))).toEqual([null, '0:2:0', '0:4:0']);
    for (const r of requests) {
      expect(r.method).toBe('GET');
      expect(r.path).toBe('/api/0/organizations/acme/issues/');
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.query.getAll('project')).toEqual([sentry.projectIds.get('first')]);
      expect(r.query.get('query')).toBe('is:unresolved');
      expect(r.query.get('statsPeriod')).toBe('90d');
    }
    // The slug is resolved to the numeric id once, before the list; the deprecated per-project list is never called.
    expect(sentry.projectRequests('first').map((r) => r.path)[0]).toBe('/api/0/projects/acme/first/');
    expect(sentry.requests.filter((r) => r.path.endsWith('/first/issues/'))).toEqual([]);
    const findings = await stack.findings('first');
    expect(findings).toHaveLength(5);
    const bySeverity = Object.fromEntries(findings.map((f) => [f.title, f]));
    expect(issues.map((i) => bySeverity[i.title]?.severity)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(findings.every((f) => f.source === 'sentry' && f.status === 'open')).toBe(true);
    expect(bySeverity[issues[1]!.title]).toMatchObject({ url: issues[1]!.permalink, description: `${issues[1]!.shortId}: ${issues[1]!.culprit}` });
    expect(sentry.violations).toEqual([]);
  });

  it('creates nothing new on a second sync of the same issues', async () => {
    for (let i = 0; i < 3; i++) sentry.addIssue('again');
    await stack.connect('again', 'sentry', creds('again'));
    expect((await stack.sync('again', 'sentry')).run).toMatchObject({ outcome: 'succeeded', items_pulled: 3 });
    const second = await stack.sync('again', 'sentry');
    expect(second.run).toMatchObject({ outcome: 'succeeded', items_pulled: 0, items_updated: 0 });
    expect(await stack.findings('again')).toHaveLength(3);
  });

  it('carries Sentry changes over: resolved → finding resolved, new issue added, renamed issue updated, regression reopened', async () => {
    const [a, b, c] = [sentry.addIssue('changes'), sentry.addIssue('changes'), sentry.addIssue('changes')];
    await stack.connect('changes', 'sentry', creds('changes'));
    await stack.sync('changes', 'sentry');

    a!.status = 'resolved';
    b!.title = 'RangeError: renamed upstream';
    const d = sentry.addIssue('changes', { level: 'fatal' });
    const { run } = await stack.sync('changes', 'sentry');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 1, items_updated: 2 });
    const status = async () => Object.fromEntries((await stack.findings('changes')).map((f) => [f.title, f.status]));
    expect(await status()).toEqual({ [a!.title]: 'resolved', 'RangeError: renamed upstream': 'open', [c!.title]: 'open', [d.title]: 'open' });

    a!.status = 'unresolved';
    await stack.sync('changes', 'sentry');
    expect((await status())[a!.title]).toBe('open');
    expect(await stack.findings('changes')).toHaveLength(4);
  });

  it('fails with ProviderAuthFailed on a rejected token and does not retry', async () => {
    sentry.addIssue('badtoken');
    await stack.connect('badtoken', 'sentry', creds('badtoken', { token: 'f'.repeat(64) }));
    const { status, run } = await stack.sync('badtoken', 'sentry');
    expect(status).toBe('error');
    expect(run).toMatchObject({ outcome: 'failed', error_code: 'ProviderAuthFailed' });
    expect(run.error_message).not.toContain('f'.repeat(64));
    expect(sentry.projectRequests('badtoken')).toHaveLength(1);
  });

  it('fails with ProviderConfigInvalid when Sentry answers 404 for the project', async () => {
    await stack.connect('missing', 'sentry', creds('missing'));
    const { status, run } = await stack.sync('missing', 'sentry');
    expect(status).toBe('error');
    expect(run).toMatchObject({ error_code: 'ProviderConfigInvalid' });
    expect(sentry.projectRequests('missing')).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    sentry.addIssue('limited');
    await stack.connect('limited', 'sentry', creds('limited'));
    sentry.fail({ status: 429, body: { detail: 'You are attempting to use this endpoint too frequently.' }, headers: { 'retry-after': '1' }, match: sentry.isList('limited') });
    const { status, run } = await stack.sync('limited', 'sentry');
    expect(status).toBe('connected');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 1 });
    const [first, second] = sentry.listRequests('limited');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries a 500 and a response slower than the request timeout, then succeeds', async () => {
    sentry.addIssue('flaky');
    sentry.addIssue('flaky');
    sentry.addIssue('flaky');
    await stack.connect('flaky', 'sentry', creds('flaky'));
    sentry.fail({ status: 500, body: { detail: 'Internal Error' }, match: sentry.isList('flaky') });
    sentry.fail({ delayMs: 1500, match: (r) => sentry.isList('flaky')(r) && r.query.get('cursor') === '0:2:0' });
    const { status, run } = await stack.sync('flaky', 'sentry');
    expect(status).toBe('connected');
    expect(run.outcome).toBe('succeeded');
    // Attempt 1: the 500. Attempt 2: page 1, then page 2 times out. Attempt 3: both pages.
    expect(sentry.listRequests('flaky').map((r) => r.query.get('cursor'))).toEqual([null, null, '0:2:0', null, '0:2:0']);
    expect(await stack.findings('flaky')).toHaveLength(3);
  });

  it('exchanges a stored auth_code once, saves the tokens encrypted and drops the code', async () => {
    sentry.addIssue('oauth');
    sentry.oauth.codes.set('sentry-code-1', { clientId: 'sentry-app', redirectUri: 'https://app.example/oauth/sentry' });
    const res = await fetch(`${stack.api.baseUrl}/api/v1/orgs/${stack.orgId}/projects/oauth/audit/integrations/sentry/connect`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ auth_code: 'sentry-code-1', credentials: { organization: 'acme', project: 'oauth', base_url: sentry.url } }),
    });
    expect(res.status).toBe(200);

    expect(await stack.sync('oauth', 'sentry')).toMatchObject({ status: 'connected', run: { items_pulled: 1 } });
    const [exchange] = sentry.tokenRequests();
    expect(Object.fromEntries(new URLSearchParams(exchange!.body as string))).toEqual({
      grant_type: 'authorization_code',
      code: 'sentry-code-1',
      client_id: 'sentry-app',
      client_secret: 'sentry-app-secret',
      redirect_uri: 'https://app.example/oauth/sentry',
    });
    const stored = await storedCredentials('oauth');
    expect(stored.auth_code).toBeUndefined();
    expect(sentry.tokens.has(String(stored.token))).toBe(true);
    expect(stored).toMatchObject({ organization: 'acme', project: 'oauth', refresh_token: expect.any(String), expires_at: expect.stringMatching(/Z$/) });
    const [issueCall] = sentry.listRequests('oauth');
    expect(issueCall!.headers.authorization).toBe(`Bearer ${String(stored.token)}`);

    await stack.sync('oauth', 'sentry');
    expect(sentry.tokenRequests()).toHaveLength(1);
    const history = await stack.history('oauth', 'sentry');
    // Payloads are decoded: the integration id (workflow input) is readable, so an absent secret is really absent.
    const [integration] = await stack.api.db.sql<{ id: string }[]>`select id from audit_integrations where org_id = ${stack.orgId} and project_id = 'oauth'`;
    expect(history).toContain(integration!.id);
    for (const secret of [String(stored.token), String(stored.refresh_token), 'sentry-app-secret', 'sentry-code-1']) expect(history).not.toContain(secret);
  });

  it('fails with ProviderReconnectRequired, naming no secret, when the auth_code is refused', async () => {
    const before = sentry.tokenRequests().length;
    await stack.connect('refused', 'sentry', { auth_code: 'sentry-code-unknown', organization: 'acme', project: 'refused', base_url: sentry.url });
    const { status, run } = await stack.sync('refused', 'sentry');
    expect(status).toBe('error');
    expect(run.error_code).toBe('ProviderReconnectRequired');
    expect(run.error_message).toMatch(/reconnect/i);
    expect(run.error_message).not.toContain('sentry-code-unknown');
    expect(run.error_message).not.toContain('sentry-app-secret');
    expect(sentry.tokenRequests().length - before).toBe(1);
    expect(sentry.projectRequests('refused')).toHaveLength(0);
    const history = await stack.history('refused', 'sentry');
    expect(history).toContain('ProviderReconnectRequired');
    expect(history).not.toContain('sentry-code-unknown');
  });
});

describe('sentry.io regions (us.sentry.io, de.sentry.io)', () => {
  let sentry: FakeSentry;
  let db: TestDatabase;
  let port: string;
  // One fake answers as the apex (sentry.test) and as every region below it (us.sentry.test, …): the Host header says which.
  const resolve: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
  const host = (name: string) => `${name}:${port}`;
  const adapter = () => createSentryAdapter({ timeoutMs: 1000, sentryUrl: `http://${host('sentry.test')}` });
  const sync = async (project: string, extra: Record<string, unknown> = {}) => {
    sentry.addIssue(project);
    const harness = await adapterProject(db, 'sentry');
    const counts = await harness.sync(adapter(), { token: TOKEN, organization: 'acme', project, ...extra }, { resolve });
    return { counts, hosts: sentry.projectRequests(project).map((r) => r.headers.host) };
  };
  const orgReads = () => sentry.requests.filter((r) => r.path === '/api/0/organizations/acme/');

  beforeAll(async () => {
    [sentry, db] = await Promise.all([startFakeSentry({ token: TOKEN }), createTestDatabase()]);
    port = new URL(sentry.url).port;
  });
  afterAll(async () => {
    await sentry?.close();
    await db?.drop();
  });

  it("reads the organization's region from its details once and sends the project lookup and the list there", async () => {
    sentry.regionUrl = `http://${host('us.sentry.test')}`;
    const before = orgReads().length;
    const { counts, hosts } = await sync('regional');
    expect(counts).toMatchObject({ pulled: 1 });
    expect(orgReads().slice(before).map((r) => r.headers.host)).toEqual([host('sentry.test')]);
    expect(hosts).toEqual([host('us.sentry.test'), host('us.sentry.test')]);
    expect(sentry.violations).toEqual([]);
  });

  it('takes an explicit https://sentry.io base_url as the apex too, and a base_url naming a region as given', async () => {
    sentry.regionUrl = `http://${host('de.sentry.test')}`;
    expect((await sync('apex-given', { base_url: `http://${host('sentry.test')}/` })).hosts).toEqual([host('de.sentry.test'), host('de.sentry.test')]);
    const before = orgReads().length;
    expect((await sync('region-given', { base_url: `http://${host('us.sentry.test')}` })).hosts).toEqual([host('us.sentry.test'), host('us.sentry.test')]);
    expect(orgReads()).toHaveLength(before);
  });

  it('stays on the apex when the region named is not a host below it, or the token may not read the organization', async () => {
    for (const [i, regionUrl] of [`http://${host('evil.example')}`, `http://${host('us.sentry.test.evil.example')}`, `http://${host('us.sentry.test')}/api/`, 'https://us.sentry.test', ''].entries()) {
      sentry.regionUrl = regionUrl;
      expect((await sync(`hostile-${i}`)).hosts).toEqual([host('sentry.test'), host('sentry.test')]);
    }
    sentry.regionUrl = `http://${host('us.sentry.test')}`;
    sentry.fail({ status: 403, body: { detail: 'You do not have permission to perform this action.' }, match: (r) => r.path === '/api/0/organizations/acme/' });
    expect(await sync('no-org-read')).toMatchObject({ counts: { pulled: 1 }, hosts: [host('sentry.test'), host('sentry.test')] });
    expect(sentry.violations).toEqual([]);
  });
});
