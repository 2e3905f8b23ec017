import { authorizePage, checkTokenRequest, issueTokens, newOAuthState, type OAuthFakeState } from './oauth-endpoint.js';
import { json, pageOf, startFakeServer, type FakeReply, type FakeTracker, type IssueState, type RecordedRequest } from './fake-server.js';

interface Issue {
  id: number;
  iid: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  created_at: string;
  updated_at: string;
  deleted?: boolean;
}

/** A project webhook as the fake keeps it (docs.gitlab.com/api/project_webhooks). */
export interface GitlabWebhook {
  id: number;
  url: string;
  token?: string;
  issues_events: boolean;
  push_events: boolean;
  enable_ssl_verification: boolean;
}

export interface FakeGitlab extends FakeTracker {
  /** The project webhooks added (and not deleted) through the API. */
  webhooks: GitlabWebhook[];
  /** OAuth access tokens the API accepts as `Authorization: Bearer`. */
  oauthTokens: Set<string>;
  /** This instance's OAuth provider: its apps (confidential, or public for PKCE only), codes and refresh tokens. */
  oauth: OAuthFakeState;
  tokenRequests(): RecordedRequest[];
  project: string;
}

/**
 * GitLab REST v4 as documented (docs.gitlab.com/api/issues): PRIVATE-TOKEN auth, the project as a numeric id or a
 * URL-encoded full path, offset pagination with x-page / x-next-page / Link headers, RateLimit-* headers.
 */
export async function startFakeGitlab(opts: { token: string; project: string; maxPageSize?: number }): Promise<FakeGitlab> {
  const issues: Issue[] = [];
  const maxPage = opts.maxPageSize ?? 100;
  const oauthTokens = new Set<string>();
  const oauth = newOAuthState((t) => oauthTokens.add(t));
  let clock = Date.now();
  const stamp = () => new Date((clock = Math.max(clock + 1, Date.now()))).toISOString();
  // Node keeps the path percent-encoded, as GitLab requires: "group/name" arrives as "group%2Fname".
  const projectPath = `/api/v4/projects/${encodeURIComponent(opts.project)}`;
  let baseUrl = '';

  const present = (i: Issue) => ({
    id: i.id,
    iid: i.iid,
    project_id: 42,
    title: i.title,
    description: i.description,
    state: i.state,
    web_url: `https://gitlab.example.com/${opts.project}/-/issues/${i.iid}`,
    created_at: i.created_at,
    updated_at: i.updated_at,
  });
  const limits = () => ({ 'ratelimit-limit': '2000', 'ratelimit-remaining': '1999', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60) });
  const reply = (status: number, body?: unknown, headers: Record<string, string> = {}): FakeReply => json(status, body, { ...limits(), ...headers });

  function handle(req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply {
    // Every GitLab instance is its own OAuth provider (docs.gitlab.com/api/oauth2): authorize and token on the same host.
    if (req.path === '/oauth/authorize') return authorizePage(oauth, req, violation, { scope: 'api', pkce: true });
    if (req.path === '/oauth/token') {
      if (req.method !== 'POST') return violation(`token endpoint called with ${req.method}`);
      const checked = checkTokenRequest(req, violation);
      return 'reply' in checked ? checked.reply : issueTokens(oauth, checked.form, { style: 'gitlab', authorization: req.headers.authorization });
    }
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (bearer !== undefined) {
      // OAuth tokens (docs.gitlab.com/api/oauth2): Authorization: Bearer, never together with PRIVATE-TOKEN.
      if (req.headers['private-token'] !== undefined) return violation('an OAuth request also carried PRIVATE-TOKEN');
      if (!oauthTokens.has(bearer)) return reply(401, { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' });
    } else if (req.headers['private-token'] !== opts.token) {
      return reply(401, { message: '401 Unauthorized' });
    }
    if (req.method !== 'GET' && req.method !== 'DELETE' && !String(req.headers['content-type']).startsWith('application/json')) return violation('write without a JSON body');
    if (!req.path.startsWith(projectPath)) return reply(404, { message: '404 Project Not Found' });
    const rest = req.path.slice(projectPath.length);
    const body = req.body as Record<string, unknown> | undefined;

    if (rest === '' && req.method === 'GET') return reply(200, { id: 42, path_with_namespace: opts.project, issues_enabled: true });
    if (rest === '/hooks' || rest.startsWith('/hooks/')) return hooksRoute(req, rest, body, violation);
    if (rest === '/issues' && req.method === 'POST') {
      if (typeof body?.title !== 'string' || body.title === '' || body.title.length > 255) return violation('title must be 1..255 characters');
      if (typeof body.description !== 'string') return violation('description must be a string');
      const now = stamp();
      const issue: Issue = { id: 9000 + issues.length, iid: issues.length + 1, title: body.title, description: body.description, state: 'opened', created_at: now, updated_at: now };
      issues.push(issue);
      return reply(201, present(issue));
    }
    if (rest === '/issues' && req.method === 'GET') {
      const q = req.query;
      if (q.get('order_by') !== 'created_at' || q.get('sort') !== 'desc') return violation('list must be order_by=created_at, sort=desc');
      const after = q.get('created_after') ? Date.parse(q.get('created_after')!) : 0;
      const size = Math.min(Number(q.get('per_page') ?? 20), maxPage);
      const page = Number(q.get('page') ?? 1);
      const matching = issues.filter((i) => !i.deleted && Date.parse(i.created_at) >= after).sort((a, b) => b.created_at.localeCompare(a.created_at));
      const { items, last } = pageOf(matching, page, size);
      const link = (p: number) => { const u = new URLSearchParams(q); u.set('page', String(p)); return `<${baseUrl}${projectPath}/issues?${u}>`; };
      return reply(200, items.map(present), {
        'x-page': String(page),
        'x-per-page': String(size),
        'x-next-page': page < last ? String(page + 1) : '',
        'x-prev-page': page > 1 ? String(page - 1) : '',
        'x-total': String(matching.length),
        'x-total-pages': String(last),
        link: [...(page < last ? [`${link(page + 1)}; rel="next"`] : []), `${link(1)}; rel="first"`, `${link(last)}; rel="last"`].join(', '),
      });
    }
    const m = /^\/issues\/(\d+)$/.exec(rest);
    const issue = m ? issues.find((i) => i.iid === Number(m[1]) && !i.deleted) : undefined;
    if (!issue) return reply(404, { message: '404 Not found' });
    if (req.method === 'GET') return reply(200, present(issue));
    if (req.method === 'PUT') {
      if (body?.state_event !== 'close' && body?.state_event !== 'reopen') return violation('state_event must be close or reopen');
      issue.state = body.state_event === 'close' ? 'closed' : 'opened';
      issue.updated_at = stamp();
      return reply(200, present(issue));
    }
    return reply(405, { message: '405 Method Not Allowed' });
  }

  /** Project webhooks: `POST` checks the documented attributes (url required, booleans, token a string); the token is never listed back. */
  const webhooks: GitlabWebhook[] = [];
  let nextHookId = 700;
  const presentHook = (h: GitlabWebhook) => ({
    id: h.id, url: h.url, project_id: 42, issues_events: h.issues_events, push_events: h.push_events, enable_ssl_verification: h.enable_ssl_verification, created_at: stamp(),
  });
  function hooksRoute(req: RecordedRequest, rest: string, body: Record<string, unknown> | undefined, violation: (m: string) => FakeReply): FakeReply {
    if (rest === '/hooks' && req.method === 'GET') return reply(200, webhooks.map(presentHook));
    if (rest === '/hooks' && req.method === 'POST') {
      if (typeof body?.url !== 'string' || !/^https?:\/\//.test(body.url)) return violation('url must be an http(s) URL');
      if (body.token !== undefined && typeof body.token !== 'string') return violation('token must be a string');
      for (const flag of ['issues_events', 'push_events', 'enable_ssl_verification']) {
        if (body[flag] !== undefined && typeof body[flag] !== 'boolean') return violation(`${flag} must be a boolean`);
      }
      const hook: GitlabWebhook = {
        id: nextHookId++, url: body.url, ...(typeof body.token === 'string' ? { token: body.token } : {}),
        issues_events: body.issues_events === true, push_events: body.push_events !== false, enable_ssl_verification: body.enable_ssl_verification !== false,
      };
      webhooks.push(hook);
      return reply(201, presentHook(hook));
    }
    const m = /^\/hooks\/(\d+)$/.exec(rest);
    const index = m ? webhooks.findIndex((h) => h.id === Number(m[1])) : -1;
    if (index < 0) return reply(404, { message: '404 Not found' });
    if (req.method === 'DELETE') {
      webhooks.splice(index, 1);
      return reply(204);
    }
    return req.method === 'GET' ? reply(200, presentHook(webhooks[index]!)) : reply(405, { message: '405 Method Not Allowed' });
  }

  const server = await startFakeServer(handle);
  baseUrl = server.url;
  return Object.assign(server, {
    project: opts.project,
    webhooks,
    oauthTokens,
    oauth,
    tokenRequests: () => server.requests.filter((r) => r.path === '/oauth/token'),
    issues: () => issues.filter((i) => !i.deleted).map((i) => ({ externalId: String(i.iid), text: i.description ?? '', state: (i.state === 'closed' ? 'closed' : 'open') as IssueState })),
    setState(externalId: string, state: IssueState) {
      const issue = issues.find((i) => String(i.iid) === externalId)!;
      issue.state = state === 'closed' ? 'closed' : 'opened';
      issue.updated_at = stamp();
    },
    removeIssue(externalId: string) {
      issues.find((i) => String(i.iid) === externalId)!.deleted = true;
    },
    addIssue(text = 'filed by someone else') {
      const now = stamp();
      issues.push({ id: 9000 + issues.length, iid: issues.length + 1, title: 'Other issue', description: text, state: 'opened', created_at: now, updated_at: now });
      return String(issues.length);
    },
    isCreate: (r: RecordedRequest) => r.method === 'POST' && r.path === `${projectPath}/issues`,
    isList: (r: RecordedRequest) => r.method === 'GET' && r.path === `${projectPath}/issues`,
    badAuthRequests: () => server.requests.filter((r) => r.headers['private-token'] !== opts.token && !oauthTokens.has(String(r.headers.authorization).slice(7))),
  });
}
