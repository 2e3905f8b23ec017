import { FailureType, permanentFailure } from '../errors.js';
import type { RemoteTask } from '../stores/findings-store.js';
import { requireString } from './http.js';
import { baseUrlFrom, createJsonClient, nextLink } from './tracker-http.js';
import { issueTitle, markdownBody, markersIn, runTrackerSync, type TrackerClient } from './tracker-sync.js';
import type { ProviderAdapter, ProviderSyncContext } from './types.js';

const DEFAULT_BASE_URL = 'https://gitlab.com';

interface GitlabIssue {
  iid: number;
  web_url: string;
  state: string;
  description?: string | null;
  created_at: string;
}

export interface GitlabAdapterOptions {
  timeoutMs?: number;
}

const toTask = (issue: GitlabIssue): RemoteTask => ({ externalId: String(issue.iid), url: issue.web_url, state: issue.state === 'closed' ? 'closed' : 'open' });

function gitlabClient(ctx: ProviderSyncContext, opts: GitlabAdapterOptions): TrackerClient {
  const token = requireString(ctx.credentials, 'token', 'GitLab');
  const project = requireString(ctx.credentials, 'project', 'GitLab');
  // Accept the instance root or its API root as base_url.
  const base = baseUrlFrom(ctx.credentials, DEFAULT_BASE_URL, 'GitLab').replace(/\/api\/v4$/, '');
  const http = createJsonClient({
    ctx,
    baseUrl: `${base}/api/v4`,
    headers: { 'private-token': token, accept: 'application/json', 'user-agent': 'audit-integrations' },
    label: 'GitLab',
    secrets: [token],
    remainingHeaders: ['ratelimit-remaining'],
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  // A numeric id or a full path, which the API takes URL-encoded ("group/name" → "group%2Fname").
  const projectPath = `/projects/${encodeURIComponent(project)}`;

  return {
    async verify() {
      const { body } = await http.send<{ issues_enabled?: boolean; issues_access_level?: string }>('GET', projectPath);
      if (body?.issues_enabled === false || body?.issues_access_level === 'disabled') {
        throw permanentFailure(FailureType.Config, 'GitLab project has issues disabled');
      }
    },
    async create(finding) {
      const { body } = await http.send<GitlabIssue>('POST', `${projectPath}/issues`, {
        title: issueTitle(finding),
        description: markdownBody(finding, { htmlComment: true }),
      });
      return toTask(body);
    },
    async findByMarkers(wanted, since) {
      const found = new Map<string, RemoteTask>();
      const query = new URLSearchParams({ scope: 'all', order_by: 'created_at', sort: 'desc', created_after: since.toISOString(), per_page: '100', page: '1' });
      let next: string | undefined = `${projectPath}/issues?${query}`;
      while (next && found.size < wanted.size) {
        const page: { body: GitlabIssue[]; headers: Headers } = await http.send<GitlabIssue[]>('GET', next);
        for (const issue of page.body) {
          for (const id of markersIn(issue.description, wanted)) if (!found.has(id)) found.set(id, toTask(issue));
        }
        const nextPage = page.headers.get('x-next-page');
        if (nextPage) {
          query.set('page', nextPage);
          next = `${projectPath}/issues?${query}`;
        } else {
          next = nextLink(page.headers.get('link'));
        }
        ctx.heartbeat({ phase: 'reconcile-list' });
      }
      return found;
    },
    async get(externalId) {
      const { body } = await http.send<GitlabIssue | undefined>('GET', `${projectPath}/issues/${encodeURIComponent(externalId)}`, undefined, { missingOk: true });
      return body && toTask(body);
    },
    async setState(externalId, state) {
      await http.send('PUT', `${projectPath}/issues/${encodeURIComponent(externalId)}`, { state_event: state === 'closed' ? 'close' : 'reopen' });
    },
  };
}

/** GitLab REST v4 with `PRIVATE-TOKEN`; pauses when `RateLimit-Remaining` hits 0, 429s wait out `Retry-After`. */
export function createGitlabAdapter(opts: GitlabAdapterOptions = {}): ProviderAdapter {
  return {
    provider: 'gitlab',
    requiredCredentials: ['token', 'project'],
    async sync(ctx) {
      return runTrackerSync(ctx, gitlabClient(ctx, opts));
    },
  };
}

export const gitlabAdapter = createGitlabAdapter();
