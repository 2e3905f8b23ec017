import { z } from 'zod';
import { FailureType, permanentFailure, transientFailure } from '../../errors.js';
import type { RemoteTask } from '../../stores/findings-store.js';
import { parseCredentials } from '../credentials.js';
import { keyOrTokenSource } from '../oauth.js';
import { baseUrlOf, httpLinkOf, PACING, type ProviderOptions } from '../options.js';
import { createJsonClient, nextLink, type JsonClient } from '../tracker-http.js';
import { issueTitle, markdownBody, markersIn, runTrackerSync, type TrackerClient } from '../tracker-sync.js';
import type { ProviderAdapter, ProviderSyncContext } from '../types.js';
import { github, REPOSITORY_PATTERN } from './definition.js';
import { githubHooks } from './hooks.js';

const DEFAULT_BASE_URL = 'https://api.github.com';

const GITHUB_HEADERS = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
};

export function parseRepository(value: string): { owner: string; repo: string } {
  const m = REPOSITORY_PATTERN.exec(value);
  if (!m) throw permanentFailure(FailureType.Config, 'GitHub credentials: "repository" must look like owner/name');
  return { owner: m[1]!, repo: m[2]! };
}

const Issue = z.object({
  number: z.number().int(),
  html_url: z.string(),
  state: z.string(),
  body: z.string().nullish(),
  created_at: z.string(),
  pull_request: z.unknown().optional(),
});
type GithubIssue = z.infer<typeof Issue>;
const Repo = z.object({ has_issues: z.boolean().optional() });

export interface GithubAdapterOptions extends ProviderOptions {
  /** GitHub's secondary limit: at most 80 content-creating requests a minute. */
  creationsPerWindow?: number;
  windowMs?: number;
}

const toTask = (issue: GithubIssue): RemoteTask => ({ externalId: String(issue.number), url: httpLinkOf(issue.html_url) ?? null, state: issue.state === 'closed' ? 'closed' : 'open' });

/** A secondary-limit 403 may carry neither retry-after nor remaining=0; GitHub says to wait at least a minute. */
function secondaryLimit(res: Response, body: unknown): Error | undefined {
  if (res.status !== 403 && res.status !== 429) return undefined;
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || !/secondary rate limit/i.test(message) || res.headers.has('retry-after')) return undefined;
  return transientFailure(FailureType.RateLimited, 'GitHub secondary rate limit hit', 60_000);
}

/** The authenticated, paced JSON client of the repository's API and the repository's path: for issues and hooks. */
function githubHttp(ctx: ProviderSyncContext, opts: GithubAdapterOptions): { http: JsonClient; repoPath: string } {
  const { repository } = parseCredentials(github, ctx.credentials);
  const { owner, repo } = parseRepository(repository);
  // A pasted token or the OAuth app's: both are bearer tokens at GitHub.
  const { tokens } = keyOrTokenSource(ctx, { label: 'GitHub', provider: 'github', oauth: github.oauth }, 'token', opts);
  const http = createJsonClient({
    ctx,
    baseUrl: baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'GitHub'),
    headers: GITHUB_HEADERS,
    auth: { tokens, headers: (token) => ({ authorization: `Bearer ${token}` }) },
    label: 'GitHub',
    secrets: [],
    remainingHeaders: ['x-ratelimit-remaining'],
    inspect: secondaryLimit,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    pacing: { ...PACING.github, writeWindow: { max: opts.creationsPerWindow ?? 80, windowMs: opts.windowMs ?? 60_000 } },
  });
  return { http, repoPath: `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}` };
}

function githubClient(ctx: ProviderSyncContext, opts: GithubAdapterOptions): TrackerClient {
  const { http, repoPath } = githubHttp(ctx, opts);
  return {
    async verify() {
      const { body } = await http.send('GET', repoPath, undefined, { schema: Repo });
      if (body?.has_issues === false) throw permanentFailure(FailureType.Config, 'GitHub repository has issues disabled');
    },
    async create(finding) {
      const { body } = await http.send(
        'POST',
        `${repoPath}/issues`,
        { title: issueTitle(finding), body: markdownBody(finding, { htmlComment: true }) },
        { schema: Issue },
      );
      return toTask(body);
    },
    async findByMarkers(wanted, since, more) {
      const found = new Map<string, RemoteTask>();
      const query = new URLSearchParams({ state: 'all', sort: 'created', direction: 'desc', since: since.toISOString(), per_page: '100' });
      let next: string | undefined = `${repoPath}/issues?${query}`;
      while (next && found.size < wanted.size) {
        const page: { body: GithubIssue[]; headers: Headers } = await http.send('GET', next, undefined, { schema: z.array(Issue) });
        for (const issue of page.body) {
          if (issue.pull_request) continue;
          for (const id of markersIn(issue.body, wanted)) if (!found.has(id)) found.set(id, toTask(issue));
        }
        const last = page.body[page.body.length - 1];
        next = last && Date.parse(last.created_at) < since.getTime() ? undefined : nextLink(page.headers.get('link'));
        ctx.heartbeat({ phase: 'reconcile-list' });
        if (!more(page.body.length)) break;
      }
      return found;
    },
    async get(externalId) {
      const { body } = await http.send('GET', `${repoPath}/issues/${encodeURIComponent(externalId)}`, undefined, { missingOk: true, schema: Issue });
      return body && toTask(body);
    },
    async setState(externalId, state) {
      await http.send('PATCH', `${repoPath}/issues/${encodeURIComponent(externalId)}`, state === 'closed' ? { state, state_reason: 'completed' } : { state });
    },
  };
}

/**
 * GitHub REST: findings become issues in `repository`; closed issues resolve findings, resolved findings close issues.
 * Writes are paced under the secondary limit; `x-ratelimit-remaining: 0` pauses until `x-ratelimit-reset`.
 */
export function createGithubAdapter(opts: GithubAdapterOptions = {}): ProviderAdapter {
  return {
    provider: 'github',
    async sync(ctx) {
      return runTrackerSync(ctx, githubClient(ctx, opts));
    },
    inboundHooks(ctx) {
      const { http, repoPath } = githubHttp(ctx, opts);
      return Promise.resolve(githubHooks(http, repoPath));
    },
  };
}

export const githubAdapter = createGithubAdapter();
