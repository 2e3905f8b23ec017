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
  /** project slug → its numeric id, assigned as Sentry does when the project first gets an issue. */
  projectIds: Map<string, string>;
  /** Bearer tokens the API accepts. */
  tokens: Set<string>;
  oauth: OAuthFakeState;
  /** `links.regionUrl` of the organization details (on sentry.io the region's API host); empty as self-hosted answers. */
  regionUrl: string;
  addIssue(project: string, fields?: Partial<SentryIssue>): SentryIssue;
  /** Organization issue-list requests, of one project (by its id) when given. */
  listRequests(project?: string): RecordedRequest[];
  /** For `fail({ match })`: the issue-list requests of one project. */
  isList(project: string): (r: RecordedRequest) => boolean;
  /** Every API request about one project: its details and its issue list. */
  projectRequests(project: string): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
}

const NOT_FOUND = { detail: 'The requested resource does not exist' };
const ISSUES = /^\/api\/0\/organizations\/([^/]+)\/issues\/$/;

/**
 * Sentry's REST API as documented: `GET /api/0/organizations/{org}/issues/?project={id}&query=is:unresolved` with a
 * Bearer token, pages of `pageSize` issues linked by `Link: <…>; rel="next"; results="true|false"; cursor="…"`, the
 * project details that resolve a slug to its numeric id, the organization details naming its region
 * (`links.regionUrl`), and the OAuth token endpoint `POST /oauth/token/`. The deprecated per-project issue list
 * (`/api/0/projects/{org}/{project}/issues/`) is a violation: the adapter must not call it.
 */
export async function startFakeSentry(opts: { organization?: string; token?: string; pageSize?: number } = {}): Promise<FakeSentry> {
  const organization = opts.organization ?? 'acme';
  const pageSize = opts.pageSize ?? 2;
  const projects = new Map<string, Map<string, SentryIssue>>();
  const projectIds = new Map<string, string>();
  const tokens = new Set<string>(opts.token ? [opts.token] : []);
  const oauth: OAuthFakeState = newOAuthState((t) => tokens.add(t));
  let nextId = 1000;
  let nextProjectId = 4_505_000_000_000_001;
  const state = { regionUrl: '' };
  const slugOf = (id: string | null) => [...projectIds].find(([, v]) => v === id)?.[0];

  const handler = (req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply => {
    if (req.path === '/oauth/token/') {
      if (req.method !== 'POST') return violation(`token endpoint called with ${req.method}`);
      const checked = checkTokenRequest(req, violation);
      return 'reply' in checked ? checked.reply : issueTokens(oauth, checked.form, { style: 'sentry', authorization: req.headers.authorization });
    }
    if (/^\/api\/0\/projects\/[^/]+\/[^/]+\/issues\/$/.test(req.path)) return violation('the deprecated per-project issue list was called');
    if (!req.path.startsWith('/api/0/')) return json(404, NOT_FOUND);
    if (req.method !== 'GET') return violation(`${req.path} requested with ${req.method}`);
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ')) return violation('no Bearer authorization header');
    if (!tokens.has(auth.slice(7))) return json(401, { detail: 'Invalid token' });
    // Retrieve an organization: on sentry.io its links name the region the organization's data lives in.
    const org = /^\/api\/0\/organizations\/([^/]+)\/$/.exec(req.path);
    if (org) {
      if (org[1] !== organization) return json(404, NOT_FOUND);
      return json(200, { id: '1', slug: organization, name: organization, links: { organizationUrl: `https://${organization}.sentry.io`, regionUrl: state.regionUrl } });
    }
    // Retrieve a project: what credential verify reads, and how the adapter finds the id the issue list takes.
    const detail = /^\/api\/0\/projects\/([^/]+)\/([^/]+)\/$/.exec(req.path);
    if (detail) {
      const slug = decodeURIComponent(detail[2]!);
      const id = detail[1] === organization ? projectIds.get(slug) : undefined;
      return id ? json(200, { id, slug, name: slug, organization: { slug: organization } }) : json(404, NOT_FOUND);
    }
    const list = ISSUES.exec(req.path);
    if (!list || list[1] !== organization) return json(404, NOT_FOUND);
    const ids = req.query.getAll('project');
    // Without `project` Sentry lists every project of the organization: the adapter must always name its one project.
    if (ids.length !== 1 || !/^\d+$/.test(ids[0]!)) return violation(`the issue list must name one numeric project id, got ${JSON.stringify(ids)}`);
    const slug = slugOf(ids[0]!);
    if (!slug) return json(403, { detail: 'You do not have permission to perform this action.' });
    if (req.query.get('query') !== 'is:unresolved') return violation(`query was ${req.query.get('query')}`);
    const period = req.query.get('statsPeriod');
    if (period !== null && !/^\d+[smhdw]$/.test(period)) return violation(`statsPeriod ${period} is not <number><s|m|h|d|w>`);
    const issues = projects.get(slug)!;
    const cursor = req.query.get('cursor') ?? '0:0:0';
    const m = /^0:(\d+):0$/.exec(cursor);
    if (!m) return violation(`cursor ${cursor} was not one the fake handed out`);
    const offset = Number(m[1]);
    const unresolved = [...issues.values()].filter((i) => i.status === 'unresolved').sort((a, b) => Number(a.id) - Number(b.id));
    const page = unresolved.slice(offset, offset + pageSize);
    const more = offset + pageSize < unresolved.length;
    const base = `http://sentry.example${req.path}?project=${ids[0]!}&query=is%3Aunresolved`;
    const prev = `0:${Math.max(0, offset - pageSize)}:1`;
    const next = `0:${offset + pageSize}:0`;
    const link = `<${base}&cursor=${prev}>; rel="previous"; results="${offset > 0}"; cursor="${prev}", <${base}&cursor=${next}>; rel="next"; results="${more}"; cursor="${next}"`;
    return json(200, page, { link });
  };

  const server = await startFakeServer(handler);
  const isList = (project: string) => (r: RecordedRequest) => ISSUES.test(r.path) && r.query.get('project') === (projectIds.get(project) ?? '');
  return {
    ...server,
    organization,
    projects,
    projectIds,
    tokens,
    oauth,
    get regionUrl() {
      return state.regionUrl;
    },
    set regionUrl(url: string) {
      state.regionUrl = url;
    },
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
      if (!projects.has(project)) {
        projects.set(project, new Map());
        projectIds.set(project, String(nextProjectId++));
      }
      projects.get(project)!.set(id, issue);
      return issue;
    },
    listRequests: (project) => server.requests.filter(project ? isList(project) : (r) => ISSUES.test(r.path)),
    isList,
    projectRequests: (project) => server.requests.filter((r) => r.path === `/api/0/projects/${organization}/${project}/` || isList(project)(r)),
    tokenRequests: () => server.requests.filter((r) => r.path === '/oauth/token/'),
  };
}
