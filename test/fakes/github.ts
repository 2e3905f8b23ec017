import { json, pageOf, startFakeServer, type FakeReply, type FakeTracker, type IssueState, type RecordedRequest } from './fake-server.js';

interface Issue {
  number: number;
  title: string;
  body: string | null;
  state: IssueState;
  state_reason: string | null;
  created_at: string;
  updated_at: string;
  pull_request?: { url: string };
  deleted?: boolean;
}

export interface FakeGithub extends FakeTracker {
  repository: string;
}

/**
 * GitHub REST v3 as documented (docs.github.com/rest/issues): Bearer auth, JSON in and out, x-ratelimit-* headers on
 * every answer, page-number pagination with a Link header, `per_page` capped at `maxPageSize` (100 on GitHub).
 */
export async function startFakeGithub(opts: { token: string; repository: string; maxPageSize?: number }): Promise<FakeGithub> {
  const issues: Issue[] = [];
  const maxPage = opts.maxPageSize ?? 100;
  let clock = Date.now();
  // Strictly increasing timestamps so "newest first" is well defined even within one millisecond.
  const stamp = () => new Date((clock = Math.max(clock + 1, Date.now()))).toISOString();
  const repoPath = `/repos/${opts.repository}`;
  let baseUrl = '';

  const present = (i: Issue) => ({
    id: 1000 + i.number,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.state_reason,
    html_url: `https://github.com/${opts.repository}/issues/${i.number}`,
    created_at: i.created_at,
    updated_at: i.updated_at,
    ...(i.pull_request ? { pull_request: i.pull_request } : {}),
  });
  const limits = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600) };
  const reply = (status: number, body?: unknown, headers: Record<string, string> = {}): FakeReply => json(status, body, { ...limits, ...headers });
  const notFound = () => reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });

  function handle(req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply {
    if (req.headers.authorization !== `Bearer ${opts.token}`) return reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    if (req.headers.accept !== 'application/vnd.github+json') return violation(`accept header was ${String(req.headers.accept)}`);
    if (req.headers['x-github-api-version'] !== '2022-11-28') return violation('missing X-GitHub-Api-Version');
    if (req.method !== 'GET' && !String(req.headers['content-type']).startsWith('application/json')) return violation('write without a JSON body');
    if (!req.path.startsWith(repoPath)) return notFound();
    const rest = req.path.slice(repoPath.length);
    const body = req.body as Record<string, unknown> | undefined;

    if (rest === '' && req.method === 'GET') return reply(200, { id: 1, full_name: opts.repository, has_issues: true });
    if (rest === '/issues' && req.method === 'POST') {
      if (typeof body?.title !== 'string' || body.title === '' || body.title.length > 256) return violation('title must be a non-empty string');
      if (typeof body.body !== 'string') return violation('body must be a string');
      const now = stamp();
      const issue: Issue = { number: issues.length + 1, title: body.title, body: body.body, state: 'open', state_reason: null, created_at: now, updated_at: now };
      issues.push(issue);
      return reply(201, present(issue), { location: `${baseUrl}${repoPath}/issues/${issue.number}` });
    }
    if (rest === '/issues' && req.method === 'GET') {
      const q = req.query;
      if (q.get('sort') !== 'created' || q.get('direction') !== 'desc' || q.get('state') !== 'all') return violation('list must be state=all, sort=created, direction=desc');
      const since = q.get('since') ? Date.parse(q.get('since')!) : 0;
      const size = Math.min(Number(q.get('per_page') ?? 30), maxPage);
      const page = Number(q.get('page') ?? 1);
      const matching = issues.filter((i) => !i.deleted && Date.parse(i.updated_at) >= since).sort((a, b) => b.created_at.localeCompare(a.created_at));
      const { items, last } = pageOf(matching, page, size);
      const link = (p: number) => { const u = new URLSearchParams(q); u.set('page', String(p)); return `<${baseUrl}${repoPath}/issues?${u}>`; };
      const links = [...(page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []), ...(page > 1 ? [`${link(1)}; rel="first"`] : [])];
      return reply(200, items.map(present), links.length ? { link: links.join(', ') } : {});
    }
    const m = /^\/issues\/(\d+)$/.exec(rest);
    const issue = m ? issues.find((i) => i.number === Number(m[1])) : undefined;
    if (!issue) return notFound();
    if (issue.deleted) return reply(410, { message: 'This issue was deleted', documentation_url: 'https://docs.github.com/rest' });
    if (req.method === 'GET') return reply(200, present(issue));
    if (req.method === 'PATCH') {
      if (body?.state !== 'open' && body?.state !== 'closed') return violation('state must be open or closed');
      if (body.state_reason !== undefined && !['completed', 'not_planned', 'reopened'].includes(String(body.state_reason))) return violation('bad state_reason');
      issue.state = body.state;
      issue.state_reason = body.state === 'closed' ? String(body.state_reason ?? 'completed') : 'reopened';
      issue.updated_at = stamp();
      return reply(200, present(issue));
    }
    return reply(404, { message: 'Not Found' });
  }

  const server = await startFakeServer(handle);
  baseUrl = server.url;
  return Object.assign(server, {
    repository: opts.repository,
    issues: () => issues.filter((i) => !i.pull_request && !i.deleted).map((i) => ({ externalId: String(i.number), text: i.body ?? '', state: i.state })),
    setState(externalId: string, state: IssueState) {
      const issue = issues.find((i) => String(i.number) === externalId)!;
      issue.state = state;
      issue.updated_at = stamp();
    },
    removeIssue(externalId: string) {
      issues.find((i) => String(i.number) === externalId)!.deleted = true;
    },
    addIssue(text = 'filed by someone else') {
      const now = stamp();
      issues.push({ number: issues.length + 1, title: 'Other issue', body: text, state: 'open', state_reason: null, created_at: now, updated_at: now });
      return String(issues.length);
    },
    isCreate: (r: RecordedRequest) => r.method === 'POST' && r.path === `${repoPath}/issues`,
    isList: (r: RecordedRequest) => r.method === 'GET' && r.path === `${repoPath}/issues`,
    badAuthRequests: () => server.requests.filter((r) => r.headers.authorization !== `Bearer ${opts.token}`),
  });
}
