import { randomUUID } from 'node:crypto';
import { json, startFakeServer, type FakeReply, type FakeTracker, type IssueState, type RecordedRequest } from './fake-server.js';

type Category = 'new' | 'indeterminate' | 'done';
const STATUSES: { id: string; name: string; category: Category }[] = [
  { id: '10000', name: 'To Do', category: 'new' },
  { id: '10001', name: 'In Progress', category: 'indeterminate' },
  { id: '10002', name: 'Done', category: 'done' },
];

interface Issue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  status: (typeof STATUSES)[number];
  created: number;
  deleted?: boolean;
}

/** A dynamic webhook of the OAuth app as the fake keeps it (api-group-webhooks). */
export interface JiraWebhook {
  id: number;
  url: string;
  events: string[];
  jqlFilter: string;
  /** Epoch ms: registration or the last refresh + 30 days. */
  expirationDate: number;
  refreshes: number;
}

export interface FakeJira extends FakeTracker {
  projectKey: string;
  /** Dynamic webhooks registered (and not deleted) through the REST API by the OAuth app. */
  webhooks: JiraWebhook[];
  /** False: the OAuth grant lacks manage:jira-webhook, and webhook operations answer 403. */
  webhookScope: boolean;
  /** OAuth (3LO) access tokens api.atlassian.com accepts as `Authorization: Bearer`. */
  oauthTokens: Set<string>;
  /** What `GET /oauth/token/accessible-resources` lists: the sites the OAuth grant reaches. */
  sites: { id: string; url: string; name: string }[];
  /** This fake's own site as api.atlassian.com knows it: `/ex/jira/{cloudId}` serves the same API. */
  cloudId: string;
}

/** Problems with an Atlassian Document Format value, or undefined if it is a valid doc of the nodes we use. */
export function adfProblem(node: unknown, depth = 0): string | undefined {
  if (!node || typeof node !== 'object') return 'ADF node is not an object';
  const n = node as { type?: unknown; version?: unknown; content?: unknown; text?: unknown; marks?: unknown };
  if (depth === 0 && (n.type !== 'doc' || n.version !== 1)) return 'description must be an ADF doc with version 1';
  if (n.type === 'text') {
    if (typeof n.text !== 'string' || n.text === '') return 'ADF text nodes need non-empty text';
    for (const mark of (n.marks as { type?: string; attrs?: { href?: unknown } }[] | undefined) ?? []) {
      if (!['strong', 'em', 'code', 'link'].includes(String(mark.type))) return `unknown ADF mark ${String(mark.type)}`;
      if (mark.type === 'link' && typeof mark.attrs?.href !== 'string') return 'ADF link mark needs attrs.href';
    }
    return undefined;
  }
  if (n.type === 'hardBreak') return undefined;
  if (!['doc', 'paragraph'].includes(String(n.type))) return `unexpected ADF node ${String(n.type)}`;
  if (!Array.isArray(n.content)) return `ADF ${String(n.type)} needs a content array`;
  for (const child of n.content) {
    const problem = adfProblem(child, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

const adfText = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/**
 * Jira Cloud REST v3 as documented: Basic email:api_token auth, ADF descriptions, statuses with a status category,
 * transitions, and the enhanced JQL search (POST /rest/api/3/search/jql) paginated by nextPageToken.
 */
export async function startFakeJira(opts: { email: string; apiToken: string; projectKey: string; issueType?: string; maxPageSize?: number }): Promise<FakeJira> {
  const oauthTokens = new Set<string>();
  const cloudId = randomUUID();
  const sites: FakeJira['sites'] = [];
  const issues: Issue[] = [];
  const maxPage = opts.maxPageSize ?? 100;
  const basic = `Basic ${Buffer.from(`${opts.email}:${opts.apiToken}`).toString('base64')}`;
  let clock = Date.now();
  const stamp = () => (clock = Math.max(clock + 1, Date.now()));
  let baseUrl = '';
  const issueType = opts.issueType ?? 'Task';

  const add = (summary: string, description: unknown): Issue => {
    const n = issues.length + 1;
    const issue: Issue = { id: String(10_000 + n), key: `${opts.projectKey}-${n}`, summary, description, status: STATUSES[0]!, created: stamp() };
    issues.push(issue);
    return issue;
  };
  const status = (s: Issue['status']) => ({ id: s.id, name: s.name, statusCategory: { key: s.category, name: s.name } });
  const present = (i: Issue, fields: string[]) => ({
    id: i.id,
    key: i.key,
    self: `${baseUrl}/rest/api/3/issue/${i.id}`,
    fields: {
      ...(fields.includes('status') ? { status: status(i.status) } : {}),
      ...(fields.includes('description') ? { description: i.description } : {}),
      ...(fields.includes('summary') ? { summary: i.summary } : {}),
    },
  });
  const errors = (status: number, message: string) => json(status, { errorMessages: [message], errors: {} });

  function search(body: Record<string, unknown> | undefined, violation: (m: string) => FakeReply): FakeReply {
    const m = /^project = "([A-Za-z0-9_]+)" AND created >= "-(\d+)m" ORDER BY created DESC$/.exec(String(body?.jql));
    if (!m) return violation(`unexpected JQL ${String(body?.jql)}`);
    if (!Array.isArray(body!.fields)) return violation('search without a fields list');
    const size = Math.min(Number(body!.maxResults ?? 50), maxPage);
    const offset = body!.nextPageToken ? Number(Buffer.from(String(body!.nextPageToken), 'base64url').toString()) : 0;
    const since = Date.now() - Number(m[2]) * 60_000;
    const matching = issues.filter((i) => !i.deleted && m[1] === opts.projectKey && i.created >= since).sort((a, b) => b.created - a.created);
    const page = matching.slice(offset, offset + size);
    const more = offset + size < matching.length;
    return json(200, {
      issues: page.map((i) => present(i, body!.fields as string[])),
      ...(more ? { nextPageToken: Buffer.from(String(offset + size)).toString('base64url') } : {}),
      isLast: !more,
    });
  }

  /**
   * The same fake also plays api.atlassian.com for OAuth 2.0 (3LO) apps: `GET /oauth/token/accessible-resources` and
   * the REST API under `/ex/jira/{cloudId}`, both with the Bearer token only.
   */
  function route(req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply {
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (req.path === '/oauth/token/accessible-resources') {
      if (req.method !== 'GET') return violation(`accessible-resources called with ${req.method}`);
      if (!bearer || !oauthTokens.has(bearer)) return json(401, { code: 401, message: 'Unauthorized' });
      return json(200, sites.map((s) => ({ ...s, scopes: ['read:jira-work', 'write:jira-work', 'manage:jira-webhook'], avatarUrl: 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/site.png' })));
    }
    const prefix = `/ex/jira/${cloudId}`;
    if (req.path.startsWith('/ex/jira/')) {
      if (!bearer || !oauthTokens.has(bearer)) return json(401, { code: 401, message: 'Unauthorized' });
      if (!req.path.startsWith(`${prefix}/`)) return json(404, { errorMessages: ['Site not found'] });
      return handle({ ...req, path: req.path.slice(prefix.length) }, violation, true);
    }
    if (bearer !== undefined) return violation('an OAuth token sent to the site itself (3LO apps call api.atlassian.com/ex/jira/{cloudId})');
    return handle(req, violation, false);
  }

  function handle(req: RecordedRequest, violation: (m: string) => FakeReply, oauth: boolean): FakeReply {
    if (!oauth && req.headers.authorization !== basic) return { status: 401, body: 'Client must be authenticated to access this resource.' };
    if (req.headers.accept !== 'application/json') return violation('accept must be application/json');
    if (req.method !== 'GET' && req.body !== undefined && !String(req.headers['content-type']).startsWith('application/json')) return violation('body is not JSON');
    const body = req.body as Record<string, unknown> | undefined;
    if (req.path === '/rest/api/3/webhook' || req.path === '/rest/api/3/webhook/refresh') return webhooksRoute(req, body, violation, oauth);
    if (req.method === 'GET' && req.path === `/rest/api/3/project/${opts.projectKey}`) return json(200, { id: '10000', key: opts.projectKey, name: 'Web' });
    if (req.path.startsWith('/rest/api/3/project/')) return errors(404, 'No project could be found with that key.');
    if (req.method === 'POST' && req.path === '/rest/api/3/search/jql') return search(body, violation);
    if (req.method === 'POST' && req.path === '/rest/api/3/issue') {
      const fields = body?.fields as Record<string, { key?: string; name?: string } | string | unknown> | undefined;
      if ((fields?.project as { key?: string })?.key !== opts.projectKey) return json(400, { errorMessages: [], errors: { project: 'valid project is required' } });
      if ((fields?.issuetype as { name?: string })?.name !== issueType) return json(400, { errorMessages: [], errors: { issuetype: 'valid issue type is required' } });
      if (typeof fields?.summary !== 'string' || fields.summary === '' || fields.summary.length > 255) return violation('summary must be 1..255 characters');
      const problem = adfProblem(fields.description);
      if (problem) return json(400, { errorMessages: [], errors: { description: `Operation value must be an Atlassian Document: ${problem}` } });
      const issue = add(fields.summary, fields.description);
      return json(201, { id: issue.id, key: issue.key, self: `${baseUrl}/rest/api/3/issue/${issue.id}` });
    }
    const m = /^\/rest\/api\/3\/issue\/([A-Za-z0-9_-]+)(\/transitions)?$/.exec(req.path);
    const issue = m ? issues.find((i) => !i.deleted && (i.key === m[1] || i.id === m[1])) : undefined;
    if (!issue) return errors(404, 'Issue does not exist or you do not have permission to see it.');
    if (!m![2] && req.method === 'GET') return json(200, present(issue, (req.query.get('fields') ?? 'summary,status,description').split(',')));
    const transitions = STATUSES.filter((s) => s !== issue.status).map((s) => ({ id: String(Number(s.id) - 9_989), name: s.name, to: status(s) }));
    if (m![2] && req.method === 'GET') return json(200, { expand: 'transitions', transitions });
    if (m![2] && req.method === 'POST') {
      const id = (body?.transition as { id?: unknown } | undefined)?.id;
      const chosen = transitions.find((t) => t.id === id);
      if (!chosen) return errors(400, 'Transition id is not valid for this issue.');
      issue.status = STATUSES.find((s) => s.name === chosen.name)!;
      return { status: 204 };
    }
    return errors(405, 'Method not allowed');
  }

  /**
   * Dynamic webhooks (developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-webhooks): OAuth 2.0 apps only,
   * registration `{url, webhooks: [{events, jqlFilter}]}` answered per webhook, delete and refresh by `webhookIds`.
   */
  const webhooks: JiraWebhook[] = [];
  let nextHookId = 10_000;
  // The returned fake itself once built: tests flip its webhookScope.
  let fake: { webhookScope: boolean } = { webhookScope: true };
  const EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created', 'comment_updated', 'comment_deleted'];
  const THIRTY_DAYS = 30 * 24 * 3_600_000;
  const idsOf = (body: Record<string, unknown> | undefined) =>
    Array.isArray(body?.webhookIds) && body.webhookIds.length > 0 && body.webhookIds.every((id) => Number.isInteger(id)) ? (body.webhookIds as number[]) : undefined;
  function webhooksRoute(req: RecordedRequest, body: Record<string, unknown> | undefined, violation: (m: string) => FakeReply, oauth: boolean): FakeReply {
    if (!oauth) return errors(403, 'Only Connect and OAuth 2.0 apps can use this operation.');
    if (!fake.webhookScope) return json(403, { code: 403, message: 'Unauthorized; scope does not match' });
    if (req.path === '/rest/api/3/webhook/refresh') {
      if (req.method !== 'PUT') return errors(405, 'Method not allowed');
      const ids = idsOf(body);
      if (!ids) return violation('refresh needs webhookIds: a non-empty array of integers');
      const expirationDate = Date.now() + THIRTY_DAYS;
      for (const hook of webhooks) if (ids.includes(hook.id)) Object.assign(hook, { expirationDate, refreshes: hook.refreshes + 1 });
      return json(200, { expirationDate: new Date(expirationDate).toISOString() });
    }
    if (req.method === 'GET') {
      const startAt = Number(req.query.get('startAt') ?? 0);
      const size = Math.min(Number(req.query.get('maxResults') ?? 100), 100);
      const page = webhooks.slice(startAt, startAt + size);
      return json(200, { startAt, maxResults: size, total: webhooks.length, isLast: startAt + size >= webhooks.length, values: page.map(({ id, events, jqlFilter, expirationDate }) => ({ id, events, jqlFilter, expirationDate })) });
    }
    if (req.method === 'DELETE') {
      const ids = idsOf(body);
      if (!ids) return violation('delete needs webhookIds: a non-empty array of integers');
      for (const id of ids) {
        const index = webhooks.findIndex((h) => h.id === id);
        if (index >= 0) webhooks.splice(index, 1);
      }
      return { status: 202 };
    }
    if (req.method !== 'POST') return errors(405, 'Method not allowed');
    if (typeof body?.url !== 'string' || !/^https?:\/\//.test(body.url)) return violation('url must be an http(s) URL');
    if (!Array.isArray(body.webhooks) || body.webhooks.length === 0) return violation('webhooks must be a non-empty array');
    const results = (body.webhooks as { events?: unknown; jqlFilter?: unknown }[]).map((w) => {
      if (!Array.isArray(w.events) || w.events.length === 0 || !w.events.every((e) => EVENTS.includes(String(e)))) return { errors: ['The events are not valid.'] };
      if (typeof w.jqlFilter !== 'string' || !/^project = [A-Za-z0-9_]+$/.test(w.jqlFilter)) return { errors: ['The JQL filter is not supported.'] };
      const hook: JiraWebhook = { id: nextHookId++, url: String(body.url), events: w.events as string[], jqlFilter: w.jqlFilter, expirationDate: Date.now() + THIRTY_DAYS, refreshes: 0 };
      webhooks.push(hook);
      return { createdWebhookId: hook.id };
    });
    return json(200, { webhookRegistrationResult: results });
  }

  const server = await startFakeServer(route);
  baseUrl = server.url;
  sites.push({ id: cloudId, url: server.url, name: 'fake-site' });
  const built = Object.assign(server, fake, {
    webhooks,
    projectKey: opts.projectKey,
    oauthTokens,
    sites,
    cloudId,
    issues: () => issues.filter((i) => !i.deleted).map((i) => ({ externalId: i.key, text: JSON.stringify(i.description), state: (i.status.category === 'done' ? 'closed' : 'open') as IssueState })),
    setState(externalId: string, state: IssueState) {
      issues.find((i) => i.key === externalId)!.status = state === 'closed' ? STATUSES[2]! : STATUSES[0]!;
    },
    removeIssue(externalId: string) {
      issues.find((i) => i.key === externalId)!.deleted = true;
    },
    addIssue: (text = 'filed by someone else') => add('Other issue', adfText(text)).key,
    isCreate: (r: RecordedRequest) => r.method === 'POST' && r.path === '/rest/api/3/issue',
    isList: (r: RecordedRequest) => r.method === 'POST' && r.path === '/rest/api/3/search/jql',
    badAuthRequests: () => server.requests.filter((r) => r.headers.authorization !== basic && !oauthTokens.has(String(r.headers.authorization).slice(7))),
  });
  fake = built;
  return built;
}
