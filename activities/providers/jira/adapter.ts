import { z } from 'zod';
import { FailureType, permanentFailure } from '../../errors.js';
import type { FindingForPush, RemoteTask, TaskState } from '../../stores/findings-store.js';
import { parseCredentials } from '../credentials.js';
import { createTokenSource, type TokenSource } from '../oauth.js';
import { baseUrlOf, joinUrl, PACING, type ProviderOptions } from '../options.js';
import { createJsonClient, type JsonClient } from '../tracker-http.js';
import { issueTitle, markerFor, markersIn, runTrackerSync, type TrackerClient } from '../tracker-sync.js';
import type { ProviderAdapter, ProviderSyncContext } from '../types.js';
import { ATLASSIAN_API_URL, jira } from './definition.js';
import { hookJql, jiraHooks } from './hooks.js';

const Status = z.object({ statusCategory: z.object({ key: z.string().nullish() }).nullish() });
type JiraStatus = z.infer<typeof Status>;
const Issue = z.object({ id: z.string(), key: z.string(), fields: z.object({ status: Status.nullish(), description: z.unknown().optional() }).nullish() });
type JiraIssue = z.infer<typeof Issue>;
const Search = z.object({ issues: z.array(Issue).nullish(), nextPageToken: z.string().nullish(), isLast: z.boolean().nullish() });
const Transitions = z.object({ transitions: z.array(z.object({ id: z.string(), to: Status.nullish() })).nullish() });

type AdfNode = Record<string, unknown>;
const text = (value: string, marks?: AdfNode[]): AdfNode => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
const paragraph = (content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const strong = [{ type: 'strong' }];

/** The finding as an Atlassian Document Format description; the last paragraph carries the marker. */
export function adfDescription(finding: FindingForPush): AdfNode {
  const meta: AdfNode[] = [text('Severity: ', strong), text(finding.severity)];
  if (finding.category) meta.push({ type: 'hardBreak' }, text('Category: ', strong), text(finding.category));
  if (finding.url) meta.push({ type: 'hardBreak' }, text('URL: ', strong), text(finding.url, [{ type: 'link', attrs: { href: finding.url } }]));
  const content = [paragraph(meta)];
  for (const block of (finding.description ?? '').split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    content.push(paragraph(lines.flatMap((l, i) => (i === 0 ? [text(l)] : [{ type: 'hardBreak' }, text(l)]))));
  }
  content.push(paragraph([text(`Tracked by the website audit (${markerFor(finding.id)})`)]));
  return { type: 'doc', version: 1, content };
}

const stateOf = (status: JiraStatus | null | undefined): TaskState => (status?.statusCategory?.key === 'done' ? 'closed' : 'open');

const Resources = z.array(z.object({ id: z.string(), url: z.string() }));
const HEADERS = { accept: 'application/json' };

/**
 * After "Connect with Jira": the cloud id of the site the user entered, from the sites the token may reach (matched by
 * origin; the only one when there is one). Several and none matching is a configuration problem the user must resolve.
 */
async function discoverCloudId(ctx: ProviderSyncContext, api: URL, site: URL, tokens: TokenSource): Promise<string> {
  const http = createJsonClient({ ctx, baseUrl: api, headers: HEADERS, auth: { tokens, headers: (t) => ({ authorization: `Bearer ${t}` }) }, label: 'Atlassian', secrets: [], pacing: PACING.jira });
  const { body } = await http.send('GET', '/oauth/token/accessible-resources', undefined, { schema: Resources });
  const match = body.find((r) => URL.canParse(r.url) && new URL(r.url).origin === site.origin) ?? (body.length === 1 ? body[0] : undefined);
  if (!match) {
    throw permanentFailure(
      FailureType.Config,
      body.length === 0
        ? 'Jira: the authorized Atlassian account can reach no Jira site; reconnect and pick the site on the consent page'
        : `Jira: the authorized Atlassian account can reach ${body.length} sites and none is ${site.origin}; correct base_url or reconnect choosing that site`,
    );
  }
  return match.id;
}

interface JiraAccess {
  http: JsonClient;
}

/** Email + API token (Basic, at the site), or OAuth (Bearer, at api.atlassian.com/ex/jira/{cloud_id}). */
async function jiraAccess(ctx: ProviderSyncContext, site: URL, options: ProviderOptions): Promise<JiraAccess> {
  const { email, api_token: apiToken, cloud_id: storedCloudId } = parseCredentials(jira, ctx.credentials);
  const common = { ctx, headers: HEADERS, label: 'Jira', pacing: PACING.jira };
  if (email && apiToken) {
    const basic = Buffer.from(`${email}:${apiToken}`).toString('base64');
    return { http: createJsonClient({ ...common, baseUrl: site, headers: { ...HEADERS, authorization: `Basic ${basic}` }, secrets: [apiToken, basic] }) };
  }
  const tokens = createTokenSource(ctx, { label: 'Jira', provider: 'jira', oauth: jira.oauth }, options);
  const api = baseUrlOf({ base_url: options.atlassianApiUrl }, ATLASSIAN_API_URL, 'Jira');
  let cloudId = storedCloudId;
  if (!cloudId) {
    cloudId = await discoverCloudId(ctx, api, site, tokens);
    await tokens.remember({ cloud_id: cloudId });
  }
  const baseUrl = joinUrl(api, `/ex/jira/${encodeURIComponent(cloudId)}`);
  return { http: createJsonClient({ ...common, baseUrl, secrets: [], auth: { tokens, headers: (t) => ({ authorization: `Bearer ${t}` }) } }) };
}

function jiraClient(ctx: ProviderSyncContext, { http }: JiraAccess): TrackerClient {
  // project_key goes into JQL: the schema admits letters, digits and underscores only, so it cannot change the query.
  const { project_key: projectKey, issue_type: issueType = 'Task' } = parseCredentials(jira, ctx.credentials);
  const site = baseUrlOf(ctx.credentials, undefined, 'Jira');
  const toTask = (issue: JiraIssue, state: TaskState): RemoteTask => ({ externalId: issue.key, url: joinUrl(site, `/browse/${encodeURIComponent(issue.key)}`).href, state });
  const issuePath = (key: string) => `/rest/api/3/issue/${encodeURIComponent(key)}`;

  return {
    async verify() {
      await http.send('GET', `/rest/api/3/project/${encodeURIComponent(projectKey)}`);
    },
    async create(finding) {
      const fields = { project: { key: projectKey }, issuetype: { name: issueType }, summary: issueTitle(finding), description: adfDescription(finding) };
      const { body } = await http.send('POST', '/rest/api/3/issue', { fields }, { schema: Issue });
      return toTask(body, 'open');
    },
    async findByMarkers(wanted, since, more) {
      const found = new Map<string, RemoteTask>();
      const minutes = Math.max(1, Math.ceil((Date.now() - since.getTime()) / 60_000));
      const jql = `project = "${projectKey}" AND created >= "-${minutes}m" ORDER BY created DESC`;
      let pageToken: string | undefined;
      do {
        const { body } = await http.send(
          'POST',
          '/rest/api/3/search/jql',
          { jql, fields: ['description', 'status'], maxResults: 100, ...(pageToken ? { nextPageToken: pageToken } : {}) },
          { schema: Search },
        );
        for (const issue of body.issues ?? []) {
          for (const id of markersIn(JSON.stringify(issue.fields?.description ?? ''), wanted)) {
            if (!found.has(id)) found.set(id, toTask(issue, stateOf(issue.fields?.status)));
          }
        }
        pageToken = body.isLast === true ? undefined : (body.nextPageToken ?? undefined);
        ctx.heartbeat({ phase: 'reconcile-list' });
        if (!more((body.issues ?? []).length)) break;
      } while (pageToken && found.size < wanted.size);
      return found;
    },
    async get(externalId) {
      const { body } = await http.send('GET', `${issuePath(externalId)}?fields=status`, undefined, { missingOk: true, schema: Issue });
      return body && toTask(body, stateOf(body.fields?.status));
    },
    async setState(externalId, state) {
      const { body } = await http.send('GET', `${issuePath(externalId)}/transitions`, undefined, { schema: Transitions });
      const categories = state === 'closed' ? ['done'] : ['new', 'indeterminate'];
      const transition = categories.map((c) => body.transitions?.find((t) => t.to?.statusCategory?.key === c)).find(Boolean);
      if (!transition) {
        throw permanentFailure(FailureType.Config, `Jira offers no transition of ${externalId} to a ${state === 'closed' ? 'done' : 'to-do'} status`);
      }
      await http.send('POST', `${issuePath(externalId)}/transitions`, { transition: { id: transition.id } });
    },
  };
}

/**
 * Jira Cloud REST v3 with Basic email:api_token, or after "Connect with Jira" with the OAuth token at
 * api.atlassian.com/ex/jira/{cloud_id}; 429 and 503 wait out `Retry-After`.
 */
export function createJiraAdapter(options: ProviderOptions = {}): ProviderAdapter {
  return {
    provider: 'jira',
    async sync(ctx) {
      const site = baseUrlOf(ctx.credentials, undefined, 'Jira');
      return runTrackerSync(ctx, jiraClient(ctx, await jiraAccess(ctx, site, options)));
    },
    async inboundHooks(ctx) {
      const { email, api_token: apiToken, project_key: projectKey } = parseCredentials(jira, ctx.credentials);
      // Only Connect and OAuth 2.0 apps may register webhooks through the REST API: an API token's admin adds one.
      if (email && apiToken) {
        return {
          manual: `Jira registers webhooks only for OAuth apps: a Jira admin adds one under System → Webhooks with this URL and secret, events "Issue: updated" and "Issue: deleted", JQL "${hookJql(projectKey)}"`,
        };
      }
      const site = baseUrlOf(ctx.credentials, undefined, 'Jira');
      return jiraHooks((await jiraAccess(ctx, site, options)).http, projectKey);
    },
  };
}

export const jiraAdapter = createJiraAdapter();
