import { describe, expect } from 'vitest';
import { ensureInboundHook } from '../../db/inbound-hooks.js';
import { call } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { credentialsFor, projectOf, realtimeTest as test, type RealtimeStack } from './support.js';

/** The signing secret stored for the integration, decrypted as the receiver reads it. */
async function storedSecret(rt: RealtimeStack, projectId: string, provider: 'github' | 'gitlab' | 'linear' | 'jira'): Promise<{ hookId: string; secret: string | null }> {
  const [row] = await rt.api.db.sql<{ id: string }[]>`select id from audit_integrations where org_id = ${rt.orgId} and project_id = ${projectId} and provider = ${provider}`;
  return ensureInboundHook(rt.api.db.sql, rt.api.cipher, { integrationId: row!.id, orgId: rt.orgId, projectId, provider });
}

const requestsTo = (fake: { requests: { method: string; path: string; body: unknown }[] }, method: string, path: RegExp) =>
  fake.requests.filter((r) => r.method === method && path.test(r.path));

describe('inbound webhook registration at the first sync', () => {
  test('each tracker gets one hook pointing at the URL the detail view shows, in its documented shape; a second sync adds none', async ({ rt }) => {
    const p = projectOf(rt);
    const { github, gitlab, linear, jira } = rt.fakes;
    const before = { gh: github.requests.length, gl: gitlab.requests.length, li: linear.requests.length, ji: jira.requests.length };
    for (const provider of ['github', 'gitlab', 'linear', 'jira'] as const) await p.connect(provider, credentialsFor(rt.fakes, provider));
    for (const provider of ['github', 'gitlab', 'linear', 'jira']) await p.settled(provider);

    const rts = Object.fromEntries(await Promise.all((['github', 'gitlab', 'linear', 'jira'] as const).map(async (pr) => [pr, await p.realtime(pr)] as const)));
    for (const provider of ['github', 'gitlab', 'linear', 'jira'] as const) {
      const { hookId, secret } = await storedSecret(rt, p.projectId, provider);
      expect(rts[provider]).toEqual({ state: 'registered', reason: null, url: `${rt.api.baseUrl}/api/v1/inbound/${provider}/${hookId}`, secret: null });
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
    }
    const secrets = Object.fromEntries(await Promise.all((['github', 'gitlab', 'linear'] as const).map(async (pr) => [pr, (await storedSecret(rt, p.projectId, pr)).secret] as const)));

    // GitHub: POST /repos/{owner}/{repo}/hooks, after listing the existing ones.
    const ghCreates = requestsTo({ requests: github.requests.slice(before.gh) }, 'POST', /^\/repos\/acme\/web\/hooks$/);
    expect(ghCreates.map((r) => r.body)).toEqual([
      { name: 'web', active: true, events: ['issues'], config: { url: rts.github!.url, content_type: 'json', secret: secrets.github, insecure_ssl: '0' } },
    ]);
    expect(requestsTo({ requests: github.requests.slice(before.gh) }, 'GET', /^\/repos\/acme\/web\/hooks$/)).toHaveLength(1);
    expect(github.webhooks.filter((h) => h.config.url === rts.github!.url)).toHaveLength(1);

    // GitLab: POST /projects/:id/hooks with the secret as `token`.
    const glCreates = requestsTo({ requests: gitlab.requests.slice(before.gl) }, 'POST', /^\/api\/v4\/projects\/acme%2Fweb\/hooks$/);
    expect(glCreates.map((r) => r.body)).toEqual([{ url: rts.gitlab!.url, token: secrets.gitlab, issues_events: true, push_events: false, enable_ssl_verification: true }]);

    // Linear: webhookCreate for the team's Issue events, with our secret.
    const liCreates = linear.requests.slice(before.li).filter((r) => /webhookCreate\(/.test(String((r.body as { query?: string }).query)));
    expect(liCreates.map((r) => (r.body as { variables: unknown }).variables)).toEqual([
      { input: { url: rts.linear!.url, teamId: linear.teamId, resourceTypes: ['Issue'], secret: secrets.linear, label: 'Website audit', enabled: true } },
    ]);

    // Jira (OAuth app): a dynamic webhook on the project, through api.atlassian.com/ex/jira/{cloudId}.
    const jiraCreates = requestsTo({ requests: jira.requests.slice(before.ji) }, 'POST', new RegExp(`^/ex/jira/${jira.cloudId}/rest/api/3/webhook$`));
    expect(jiraCreates.map((r) => r.body)).toEqual([{ url: rts.jira!.url, webhooks: [{ events: ['jira:issue_updated', 'jira:issue_deleted'], jqlFilter: 'project = WEB' }] }]);
    expect(jira.webhooks).toHaveLength(1);

    // A second sync: nothing created again; Jira's hook is refreshed (its life is 30 days).
    const again = { gh: github.requests.length, gl: gitlab.requests.length, li: linear.requests.length, ji: jira.requests.length };
    for (const provider of ['github', 'gitlab', 'linear', 'jira']) {
      expect((await call(rt.api.baseUrl, 'POST', `${p.base}/${provider}/sync`, { token: rt.token })).status).toBe(202);
    }
    for (const provider of ['github', 'gitlab', 'linear', 'jira']) await p.settled(provider, 2);
    expect(requestsTo({ requests: github.requests.slice(again.gh) }, 'POST', /\/hooks$/)).toHaveLength(0);
    expect(requestsTo({ requests: gitlab.requests.slice(again.gl) }, 'POST', /\/hooks$/)).toHaveLength(0);
    expect(linear.requests.slice(again.li).filter((r) => /webhook/.test(String((r.body as { query?: string }).query)))).toHaveLength(0);
    const refreshes = requestsTo({ requests: jira.requests.slice(again.ji) }, 'PUT', /\/rest\/api\/3\/webhook\/refresh$/);
    expect(refreshes.map((r) => r.body)).toEqual([{ webhookIds: [jira.webhooks[0]!.id] }]);
    expect(jira.webhooks[0]!.refreshes).toBe(1);
    for (const fake of Object.values(rt.fakes)) expect(fake.violations).toEqual([]);
  });

  test('a token that may not manage hooks: the sync succeeds, realtime is manual with the reason, the URL and — for audit:write only — the secret', async ({ rt }) => {
    const p = projectOf(rt);
    const { github, linear } = rt.fakes;
    // GitHub answers 404 to a token without admin rights on the repository's hooks; Linear FORBIDDEN without admin.
    github.fail({ match: (r) => /\/hooks/.test(r.path), status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, times: 1 });
    linear.webhookAdmin = false;
    try {
      await p.connect('github', credentialsFor(rt.fakes, 'github'));
      await p.connect('linear', credentialsFor(rt.fakes, 'linear'));
      await p.settled('github');
      await p.settled('linear');
    } finally {
      linear.webhookAdmin = true;
    }
    for (const provider of ['github', 'linear'] as const) {
      const runs = (await call(rt.api.baseUrl, 'GET', `${p.base}/${provider}/syncs`, { token: rt.token })).json.data as { outcome: string }[];
      expect(runs[0]!.outcome).toBe('succeeded');
      const { hookId, secret } = await storedSecret(rt, p.projectId, provider);
      const shown = await p.realtime(provider);
      expect(shown).toMatchObject({ state: 'manual', url: `${rt.api.baseUrl}/api/v1/inbound/${provider}/${hookId}`, secret });
      expect(await p.realtime(provider, rt.readToken)).toEqual({ ...shown, secret: null });
      // Never in the list, never in a log line.
      const list = await call(rt.api.baseUrl, 'GET', p.base, { token: rt.token });
      expect(list.text).not.toContain(secret!);
      expect(rt.api.logs.join('\n')).not.toContain(secret!);
    }
    expect((await p.realtime('github')).reason).toMatch(/^GitHub answered 404: Not Found; the token needs the admin:repo_hook scope/);
    expect((await p.realtime('linear')).reason).toMatch(/Invalid scope: `admin` required; creating webhooks needs a Linear workspace admin's API key/);
  });

  test('Jira with an API token is manual: a Jira admin adds the webhook under System → Webhooks; nothing is sent to Jira about hooks', async ({ rt }) => {
    const p = projectOf(rt);
    const before = rt.fakes.jira.requests.length;
    await p.connect('jira', credentialsFor(rt.fakes, 'jira-api-token'));
    await p.settled('jira');
    const shown = await p.realtime('jira');
    expect(shown.state).toBe('manual');
    expect(shown.reason).toContain('System → Webhooks');
    expect(shown.reason).toContain('JQL "project = WEB"');
    expect(shown.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rt.fakes.jira.requests.slice(before).filter((r) => r.path.includes('/webhook'))).toEqual([]);
  });

  test('a full resync removes our hook at the provider and creates it again', async ({ rt }) => {
    const p = projectOf(rt);
    const { github } = rt.fakes;
    await p.connect('github', credentialsFor(rt.fakes, 'github'));
    await p.settled('github');
    const { url } = await p.realtime('github');
    const [first] = github.webhooks.filter((h) => h.config.url === url);
    expect(first).toBeDefined();

    const before = github.requests.length;
    expect((await p.resync('github')).status).toBe(202);
    await p.settled('github', 1, 'full_resync');
    const ours = github.webhooks.filter((h) => h.config.url === url);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.id).not.toBe(first!.id);
    const since = github.requests.slice(before);
    expect(since.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([`/repos/acme/web/hooks/${first!.id}`]);
    expect(since.filter((r) => r.method === 'POST' && r.path.endsWith('/hooks'))).toHaveLength(1);
    expect((await p.realtime('github')).state).toBe('registered');
    expect(github.violations).toEqual([]);
  });

  test('cloudflare, ga4 and gsc are unavailable; a never-connected tracker or Sentry is pending', async ({ rt }) => {
    const p = projectOf(rt);
    for (const provider of ['cloudflare', 'ga4', 'gsc']) {
      expect(await p.realtime(provider)).toEqual({ state: 'unavailable', reason: expect.stringContaining('no issue webhooks') as unknown, url: null, secret: null });
    }
    for (const provider of ['github', 'sentry']) expect(await p.realtime(provider)).toEqual({ state: 'pending', reason: null, url: null, secret: null });
  });
});

describe('inbound webhook removal at disconnect', () => {
  test('the housekeeping pass removes each hook at the provider with the kept credential copy, then drops the copy', async ({ rt }) => {
    const p = projectOf(rt);
    const { github, gitlab, linear, jira } = rt.fakes;
    // Jira lists an app's hooks without their URL: a site of its own, so the hook an earlier test left is not adopted.
    jira.webhooks.splice(0);
    for (const provider of ['github', 'gitlab', 'linear', 'jira'] as const) await p.connect(provider, credentialsFor(rt.fakes, provider));
    for (const provider of ['github', 'gitlab', 'linear', 'jira']) await p.settled(provider);
    const remote = Object.fromEntries(
      (await rt.api.db.sql<{ provider: string; remote_id: string }[]>`
        select i.provider, h.remote_id from inbound_hooks h join audit_integrations i on i.id = h.integration_id
        where i.org_id = ${rt.orgId} and i.project_id = ${p.projectId} and h.state = 'registered'`).map((r) => [r.provider, r.remote_id]),
    );
    const ids = { github: Number(remote.github), gitlab: Number(remote.gitlab), linear: remote.linear!, jira: Number(remote.jira) };
    expect(github.webhooks.some((h) => h.id === ids.github) && gitlab.webhooks.some((h) => h.id === ids.gitlab)).toBe(true);
    expect(linear.webhooks.some((h) => h.id === ids.linear) && jira.webhooks.some((h) => h.id === ids.jira)).toBe(true);
    const before = { gh: github.requests.length, gl: gitlab.requests.length, li: linear.requests.length, ji: jira.requests.length };
    for (const provider of ['github', 'gitlab', 'linear', 'jira']) expect((await p.disconnect(provider)).status).toBe(200);

    await waitFor(async () => {
      const gone = !github.webhooks.some((h) => h.id === ids.github) && !gitlab.webhooks.some((h) => h.id === ids.gitlab)
        && !linear.webhooks.some((h) => h.id === ids.linear) && !jira.webhooks.some((h) => h.id === ids.jira);
      return gone ? true : undefined;
    }, 'every hook removed at its provider');
    expect(requestsTo({ requests: github.requests.slice(before.gh) }, 'DELETE', /hooks/).map((r) => r.path)).toEqual([`/repos/acme/web/hooks/${ids.github}`]);
    expect(requestsTo({ requests: gitlab.requests.slice(before.gl) }, 'DELETE', /hooks/).map((r) => r.path)).toEqual([`/api/v4/projects/acme%2Fweb/hooks/${ids.gitlab}`]);
    const liDeletes = linear.requests.slice(before.li).filter((r) => /webhookDelete\(/.test(String((r.body as { query?: string }).query)));
    expect(liDeletes.map((r) => (r.body as { variables: unknown }).variables)).toEqual([{ id: ids.linear }]);
    expect(requestsTo({ requests: jira.requests.slice(before.ji) }, 'DELETE', /\/rest\/api\/3\/webhook$/).map((r) => r.body)).toEqual([{ webhookIds: [ids.jira] }]);

    // The credential copies went with the removals; the wiped integrations keep none either.
    const left = await waitFor(async () => {
      const [row] = await rt.api.db.sql<{ n: number }[]>`
        select count(*)::int as n from inbound_hook_removals r join audit_integrations i on i.id = r.integration_id
        where i.org_id = ${rt.orgId} and i.project_id = ${p.projectId}`;
      return row!.n === 0 ? row!.n : undefined;
    }, 'the removal rows deleted');
    expect(left).toBe(0);
    const wiped = await rt.api.db.sql`select 1 from audit_integrations where org_id = ${rt.orgId} and project_id = ${p.projectId} and credentials is not null`;
    expect(wiped).toHaveLength(0);
    for (const provider of ['github', 'gitlab', 'linear', 'jira']) expect((await p.realtime(provider)).state).toBe('pending');
    for (const fake of Object.values(rt.fakes)) expect(fake.violations).toEqual([]);
  });
});
