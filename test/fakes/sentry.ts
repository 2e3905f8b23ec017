import { json, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from './fake-server.js';
import { checkTokenRequest, issueTokens, newOAuthState, type OAuthFakeState } from './oauth-endpoint.js';

/** The fields of Sentry's issue object the adapter reads, plus enough of the rest to look like the real thing. */
export interface SentryIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  permalink: string;
  level: 'fatal' | 'error' | 'warning' | 'info' | 'debug';
  status: 'unresolved' | 'resolved' | 'ignored';
  issueCategory: 'error' | 'performance';
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
}

export interface FakeSentry extends FakeServer {
  organization: string;
  /** project slug → issue id → issue; an unknown project answers 404. */
  projects: Map<string, Map<string, SentryIssue>>;
  /** Bearer tokens the API accepts. */
  tokens: Set<string>;
  oauth: OAuthFakeState;
  addIssue(project: string, fields?: Partial<SentryIssue>): SentryIssue;
  /** Issue-list requests, of one project when given. */
  listRequests(project?: string): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
}

/**
 * Sentry's REST API as documented: `GET /api/0/projects/{org}/{project}/issues/?query=is:unresolved` with a Bearer
 * token, pages of `pageSize` issues linked by `Link: <…>; rel="next"; results="true|false"; cursor="…"`, and the OAuth
 * token endpoint `POST /oauth/token/`.
 */
export async function startFakeSentry(opts: { organization?: string; token?: string; pageSize?: number } = {}): Promise<FakeSentry> {
  const organization = opts.organization ?? 'acme';
  const pageSize = opts.pageSize ?? 2;
  const projects = new Map<string, Map<string, SentryIssue>>();
  const tokens = new Set<string>(opts.token ? [opts.token] : []);
  const oauth: OAuthFakeState = newOAuthState((t) => tokens.add(t));
  let nextId = 1000;
  const listPath = /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/issues\/$/;

  const handler = (req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply => {
    if (req.path === '/oauth/token/') {
      if (req.method !== 'POST') return violation(`token endpoint called with ${req.method}`);
      const checked = checkTokenRequest(req, violation);
      return 'reply' in checked ? checked.reply : issueTokens(oauth, checked.form, { style: 'sentry', authorization: req.headers.authorization });
    }
    if (!req.path.startsWith('/api/0/projects/')) return json(404, { detail: 'The requested resource does not exist' });
    if (req.method !== 'GET') return violation(`issues listed with ${req.method}`);
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ')) return violation('no Bearer authorization header');
    if (!tokens.has(auth.slice(7))) return json(401, { detail: 'Invalid token' });
    // Retrieve a project (GET /api/0/projects/{org}/{project}/): what credential verify reads.
    const detail = /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/$/.exec(req.path);
    if (detail) {
      const slug = decodeURIComponent(detail[2]!);
      const found = detail[1] === organization && projects.has(slug);
      return found ? json(200, { id: '1', slug, name: slug, organization: { slug: organization } }) : json(404, { detail: 'The requested resource does not exist' });
    }
    const path = listPath.exec(req.path);
    const issues = path && path[1] === organization ? projects.get(decodeURIComponent(path[2]!)) : undefined;
    if (!issues) return json(404, { detail: 'The requested resource does not exist' });
    if (req.query.get('query') !== 'is:unresolved') return violation(`query was ${req.query.get('query')}`);
    const cursor = req.query.get('cursor') ?? '0:0:0';
    const m = /^0:(\d+):0$/.exec(cursor);
    if (!m) return violation(`cursor ${cursor} was not one the fake handed out`);
    const offset = Number(m[1]);
    const unresolved = [...issues.values()].filter((i) => i.status === 'unresolved').sort((a, b) => Number(a.id) - Number(b.id));
    const page = unresolved.slice(offset, offset + pageSize);
    const more = offset + pageSize < unresolved.length;
    const base = `http://sentry.example${req.path}?query=is%3Aunresolved`;
    const prev = `0:${Math.max(0, offset - pageSize)}:1`;
    const next = `0:${offset + pageSize}:0`;
    const link = `<${base}&cursor=${prev}>; rel="previous"; results="${offset > 0}"; cursor="${prev}", <${base}&cursor=${next}>; rel="next"; results="${more}"; cursor="${next}"`;
    return json(200, page, { link });
  };

  const server = await startFakeServer(handler);
  return {
    ...server,
    organization,
    projects,
    tokens,
    oauth,
    addIssue(project, fields = {}) {
      const id = String(nextId++);
      const issue: SentryIssue = {
        id,
        shortId: `WEB-${id}`,
        title: `TypeError: cannot read property of undefined (${id})`,
        culprit: `app/components/widget-${id}.tsx in render`,
        permalink: `https://sentry.example/organizations/${organization}/issues/${id}/`,
        level: 'error',
        status: 'unresolved',
        issueCategory: 'error',
        count: '12',
        userCount: 3,
        firstSeen: '2025-06-01T10:00:00Z',
        lastSeen: '2025-06-09T10:00:00Z',
        ...fields,
      };
      if (!projects.has(project)) projects.set(project, new Map());
      projects.get(project)!.set(id, issue);
      return issue;
    },
    listRequests: (project) => server.requests.filter((r) => r.path.startsWith(project ? `/api/0/projects/${organization}/${project}/` : '/api/0/')),
    tokenRequests: () => server.requests.filter((r) => r.path === '/oauth/token/'),
  };
}
