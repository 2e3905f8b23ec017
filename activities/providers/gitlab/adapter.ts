import { z } from 'zod';
import { FailureType, permanentFailure } from '../../errors.js';
import type { RemoteTask } from '../../stores/findings-store.js';
import { parseCredentials } from '../credentials.js';
import { keyOrTokenSource } from '../oauth.js';
import { baseUrlOf, httpLinkOf, joinUrl, PACING, type ProviderOptions } from '../options.js';
import { createJsonClient, nextLink, type JsonClient } from '../tracker-http.js';
import { issueTitle, markdownBody, markersIn, runTrackerSync, type TrackerClient } from '../tracker-sync.js';
import type { ProviderAdapter, ProviderSyncContext } from '../types.js';
import { gitlab } from './definition.js';
import { gitlabHooks } from './hooks.js';

const DEFAULT_BASE_URL = 'https://gitlab.com';

const Issue = z.object({ iid: z.number().int(), web_url: z.string(), state: z.string(), description: z.string().nullish(), created_at: z.string() });
type GitlabIssue = z.infer<typeof Issue>;
const Project = z.object({ issues_enabled: z.boolean().nullish(), issues_access_level: z.string().nullish() });

export type GitlabAdapterOptions = ProviderOptions;

const toTask = (issue: GitlabIssue): RemoteTask => ({ externalId: String(issue.iid), url: httpLinkOf(issue.web_url) ?? null, state: issue.state === 'closed' ? 'closed' : 'open' });

/** The authenticated, paced JSON client of the instance's API and the project's path: for issues and hooks. */
function gitlabHttp(ctx: ProviderSyncContext, opts: GitlabAdapterOptions): { http: JsonClient; projectPath: string } {
  const { project } = parseCredentials(gitlab, ctx.credentials);
  // A pasted access token goes in PRIVATE-TOKEN; an OAuth token (the deployment's app or the instance's own) as Bearer.
  const { tokens, oauth } = keyOrTokenSource(ctx, { label: 'GitLab', provider: 'gitlab', oauth: gitlab.oauth }, 'token', opts);
  // Accept the instance root or its API root as base_url.
  const base = baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'GitLab');
  base.pathname = base.pathname.replace(/\/api\/v4$/, '');
  const http = createJsonClient({
    ctx,
    baseUrl: joinUrl(base, '/api/v4'),
    pacing: PACING.gitlab,
    headers: { accept: 'application/json' },
    auth: { tokens, headers: (token): Record<string, string> => (oauth ? { authorization: `Bearer ${token}` } : { 'private-token': token }) },
    label: 'GitLab',
    secrets: [],
    remainingHeaders: ['ratelimit-remaining'],
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  // A numeric id or a full path, which the API takes URL-encoded ("group/name" → "group%2Fname").
  return { http, projectPath: `/projects/${encodeURIComponent(project)}` };
}

function gitlabClient(ctx: ProviderSyncContext, opts: GitlabAdapterOptions): TrackerClient {
  const { http, projectPath } = gitlabHttp(ctx, opts);
  return {
    async verify() {
      const { body } = await http.send('GET', projectPath, undefined, { schema: Project });
      if (body?.issues_enabled === false || body?.issues_access_level === 'disabled') {
        throw permanentFailure(FailureType.Config, 'GitLab project has issues disabled');
      }
    },
    async create(finding) {
      const { body } = await http.send(
        'POST',
        `${projectPath}/issues`,
        { title: issueTitle(finding), description: markdownBody(finding, { htmlComment: true }) },
        { schema: Issue },
      );
      return toTask(body);
    },
    async findByMarkers(wanted, since, more) {
      const found = new Map<string, RemoteTask>();
      const query = new URLSearchParams({ scope: 'all', order_by: 'created_at', sort: 'desc', created_after: since.toISOString(), per_page: '100', page: '1' });
      let next: string | undefined = `${projectPath}/issues?${query}`;
      while (next && found.size < wanted.size) {
        const page: { body: GitlabIssue[]; headers: Headers } = await http.send('GET', next, undefined, { schema: z.array(Issue) });
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
        if (!more(page.body.length)) break;
      }
      return found;
    },
    async get(externalId) {
      const { body } = await http.send('GET', `${projectPath}/issues/${encodeURIComponent(externalId)}`, undefined, { missingOk: true, schema: Issue });
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
    async sync(ctx) {
      return runTrackerSync(ctx, gitlabClient(ctx, opts));
    },
    inboundHooks(ctx) {
      const { http, projectPath } = gitlabHttp(ctx, opts);
      return Promise.resolve(gitlabHooks(http, projectPath));
    },
  };
}

export const gitlabAdapter = createGitlabAdapter();
