import { json, pageOf, startFakeServer, type FakeReply, type FakeTracker, type RecordedRequest } from './fake-server.js';
import { createIssueStore, pageLinks, type TrackedIssue } from './tracker.js';

/** A repository webhook as the fake keeps it (docs.github.com/rest/repos/webhooks). */
export interface GithubWebhook {
  id: number;
  repository: string;
  events: string[];
  active: boolean;
  config: { url: string; content_type: string; secret?: string; insecure_ssl: string };
}

export interface FakeGithub extends FakeTracker {
  repository: string;
  /** The repository webhooks created (and not deleted) through the API. */
  webhooks: GithubWebhook[];
}

export interface FakeGithubOptions {
  /** The token this GitHub accepts, or a pattern of tokens (the benchmark seeds one per org). */
  token: string | RegExp;
  /** The repository it holds (default `acme/web`); `*` serves every owner/name, each with its own issues. */
  repository?: string;
  /** GitHub caps `per_page` at 100. */
  maxPageSize?: number;
  /** A 401 quotes the credential and body it received, as misbehaving APIs do (for redaction tests). */
  echoSecret?: boolean;
  /** Keep the request log (default); the benchmark turns it off and reads `counts`, so a long run stays flat. */
  record?: boolean;
}

interface GithubExtra {
  state_reason: string | null;
}

const DOCS = 'https://docs.github.com/rest';
const REPO_PATH = /^\/repos\/([^/]+\/[^/]+)(\/.*)?$/;

/**
 * GitHub REST v3 as documented (docs.github.com/rest/issues): Bearer auth, JSON in and out, x-ratelimit-* headers on
 * every answer, page-number pagination with a Link header, `per_page` capped at `maxPageSize`. The one GitHub fake:
 * provider tests, sync, deploy, dashboard, soak and the benchmark all start this one.
 */
export async function startFakeGithub(opts: FakeGithubOptions): Promise<FakeGithub> {
  const repository = opts.repository ?? 'acme/web';
  const maxPage = opts.maxPageSize ?? 100;
  const repos = new Map<string, ReturnType<typeof createIssueStore<GithubExtra>>>();
  const storeOf = (name: string) => {
    let store = repos.get(name);
    if (!store) repos.set(name, (store = createIssueStore<GithubExtra>(() => ({ state_reason: null }))));
    return store;
  };
  const home = storeOf(repository);
  const authorized = (req: RecordedRequest) => {
    const auth = req.headers.authorization ?? '';
    return typeof opts.token === 'string' ? auth === `Bearer ${opts.token}` : auth.startsWith('Bearer ') && opts.token.test(auth.slice(7));
  };
  let baseUrl = '';

  const present = (name: string, i: TrackedIssue & GithubExtra) => ({
    id: 1000 + i.number,
    number: i.number,
    title: i.title,
    body: i.text,
    state: i.state,
    state_reason: i.state_reason,
    html_url: `https://github.com/${name}/issues/${i.number}`,
    created_at: i.created_at,
    updated_at: i.updated_at,
  });
  const limits = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600) };
  const reply = (status: number, body?: unknown, headers: Record<string, string> = {}): FakeReply => json(status, body, { ...limits, ...headers });
  const notFound = () => reply(404, { message: 'Not Found', documentation_url: DOCS });

  function handle(req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply {
    if (!authorized(req)) {
      const quoted = opts.echoSecret ? `: ${req.headers.authorization ?? ''} ${typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? '')}` : '';
      return reply(401, { message: `Bad credentials${quoted}`, documentation_url: DOCS });
    }
    if (req.headers.accept !== 'application/vnd.github+json') return violation(`accept header was ${String(req.headers.accept)}`);
    if (req.headers['x-github-api-version'] !== '2022-11-28') return violation('missing X-GitHub-Api-Version');
    if (req.method !== 'GET' && req.method !== 'DELETE' && !String(req.headers['content-type']).startsWith('application/json')) return violation('write without a JSON body');
    const route = REPO_PATH.exec(req.path);
    if (!route || (repository !== '*' && route[1] !== repository)) return notFound();
    const name = route[1]!;
    const rest = route[2] ?? '';
    const issues = storeOf(name);
    const body = req.body as Record<string, unknown> | undefined;

    if (rest === '' && req.method === 'GET') return reply(200, { id: 1, full_name: name, has_issues: true });
    if (rest === '/hooks' || rest.startsWith('/hooks/')) return hooksRoute(req, name, rest, body, violation);
    if (rest === '/issues' && req.method === 'POST') {
      if (typeof body?.title !== 'string' || body.title === '' || body.title.length > 256) return violation('title must be a non-empty string');
      if (typeof body.body !== 'string') return violation('body must be a string');
      const issue = issues.add(body.title, body.body);
      return reply(201, present(name, issue), { location: `${baseUrl}/repos/${name}/issues/${issue.number}` });
    }
    if (rest === '/issues' && req.method === 'GET') {
      const q = req.query;
      if (q.get('sort') !== 'created' || q.get('direction') !== 'desc' || q.get('state') !== 'all') return violation('list must be state=all, sort=created, direction=desc');
      const since = q.get('since') ? Date.parse(q.get('since')!) : 0;
      const size = Math.min(Number(q.get('per_page') ?? 30), maxPage);
      const page = Number(q.get('page') ?? 1);
      const { items, last } = pageOf(issues.newestFirst((i) => Date.parse(i.updated_at) >= since), page, size);
      const link = pageLinks(`${baseUrl}/repos/${name}/issues`, q, page, last);
      return reply(200, items.map((i) => present(name, i)), link ? { link } : {});
    }
    const m = /^\/issues\/(\d+)$/.exec(rest);
    const issue = m ? issues.get(Number(m[1])) : undefined;
    if (!issue) return notFound();
    if (issue.deleted) return reply(410, { message: 'This issue was deleted', documentation_url: DOCS });
    if (req.method === 'GET') return reply(200, present(name, issue));
    if (req.method === 'PATCH') {
      if (body?.state !== 'open' && body?.state !== 'closed') return violation('state must be open or closed');
      if (body.state_reason !== undefined && !['completed', 'not_planned', 'reopened'].includes(String(body.state_reason))) return violation('bad state_reason');
      issue.state_reason = body.state === 'closed' ? String(body.state_reason ?? 'completed') : 'reopened';
      issues.update(issue, body.state);
      return reply(200, present(name, issue));
    }
    return notFound();
  }

  /**
   * Repository webhooks: `POST` checks the documented shape (name "web", an events array, config with an http(s) url,
   * content_type json|form, an optional string secret, insecure_ssl "0"|"1"); the config's secret is never listed back.
   */
  const webhooks: GithubWebhook[] = [];
  let nextHookId = 400_000;
  const presentHook = (h: GithubWebhook) => ({
    type: 'Repository', id: h.id, name: 'web', active: h.active, events: h.events,
    config: { url: h.config.url, content_type: h.config.content_type, insecure_ssl: h.config.insecure_ssl, ...(h.config.secret ? { secret: '********' } : {}) },
    url: `${baseUrl}/repos/${h.repository}/hooks/${h.id}`,
  });
  function hooksRoute(req: RecordedRequest, name: string, rest: string, body: Record<string, unknown> | undefined, violation: (m: string) => FakeReply): FakeReply {
    if (rest === '/hooks' && req.method === 'GET') {
      const size = Math.min(Number(req.query.get('per_page') ?? 30), maxPage);
      const page = Number(req.query.get('page') ?? 1);
      const { items, last } = pageOf(webhooks.filter((h) => h.repository === name), page, size);
      const link = pageLinks(`${baseUrl}/repos/${name}/hooks`, req.query, page, last);
      return reply(200, items.map(presentHook), link ? { link } : {});
    }
    if (rest === '/hooks' && req.method === 'POST') {
      const config = body?.config as Record<string, unknown> | undefined;
      if (body?.name !== 'web') return violation('hook name must be "web"');
      if (!Array.isArray(body.events) || body.events.length === 0 || !body.events.every((e) => typeof e === 'string')) return violation('events must be a non-empty array of strings');
      if (body.active !== undefined && typeof body.active !== 'boolean') return violation('active must be a boolean');
      if (typeof config?.url !== 'string' || !/^https?:\/\//.test(config.url)) return violation('config.url must be an http(s) URL');
      if (config.content_type !== undefined && config.content_type !== 'json' && config.content_type !== 'form') return violation('config.content_type must be json or form');
      if (config.secret !== undefined && typeof config.secret !== 'string') return violation('config.secret must be a string');
      if (config.insecure_ssl !== undefined && !['0', '1', 0, 1].includes(config.insecure_ssl as string)) return violation('config.insecure_ssl must be "0" or "1"');
      const hook: GithubWebhook = {
        id: nextHookId++, repository: name, events: body.events as string[], active: body.active !== false,
        config: { url: config.url, content_type: String(config.content_type ?? 'form'), insecure_ssl: String(config.insecure_ssl ?? '0'), ...(typeof config.secret === 'string' ? { secret: config.secret } : {}) },
      };
      webhooks.push(hook);
      return reply(201, presentHook(hook));
    }
    const m = /^\/hooks\/(\d+)$/.exec(rest);
    const index = m ? webhooks.findIndex((h) => h.repository === name && h.id === Number(m[1])) : -1;
    if (index < 0) return notFound();
    if (req.method === 'DELETE') {
      if (req.body !== undefined) return violation('DELETE of a hook takes no body');
      webhooks.splice(index, 1);
      return reply(204);
    }
    if (req.method === 'GET') return reply(200, presentHook(webhooks[index]!));
    return notFound();
  }

  const server = await startFakeServer(handle, { record: opts.record ?? true });
  baseUrl = server.url;
  const issuesPath = `/repos/${repository}/issues`;
  return Object.assign(server, {
    repository,
    webhooks,
    ...home.hooks(),
    isCreate: (r: RecordedRequest) => r.method === 'POST' && r.path === issuesPath,
    isList: (r: RecordedRequest) => r.method === 'GET' && r.path === issuesPath,
    badAuthRequests: () => server.requests.filter((r) => !authorized(r)),
  });
}
