import { z } from 'zod';
import { FailureType, permanentFailure, sanitizeMessage, transientFailure } from '../../errors.js';
import type { RemoteTask, TaskState } from '../../stores/findings-store.js';
import { parseCredentials } from '../credentials.js';
import { parseAnswer, retryDelayFromHeaders } from '../http.js';
import { keyOrTokenSource } from '../oauth.js';
import { baseUrlOf, httpLinkOf, PACING, type ProviderOptions } from '../options.js';
import { createJsonClient } from '../tracker-http.js';
import { issueTitle, markdownBody, markersIn, runTrackerSync, type TrackerClient } from '../tracker-sync.js';
import type { ProviderAdapter, ProviderSyncContext } from '../types.js';
import { linear } from './definition.js';
import { linearHooks, type LinearGql, type LinearPost } from './hooks.js';

const DEFAULT_BASE_URL = 'https://api.linear.app';

const Issue = z.object({ id: z.string(), url: z.string(), description: z.string().nullish(), state: z.object({ type: z.string().nullish() }).nullish() });
type LinearIssue = z.infer<typeof Issue>;
const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const A = {
  team: z.object({ team: z.object({ id: z.string() }).nullable() }),
  create: z.object({ issueCreate: z.object({ success: z.boolean(), issue: Issue.nullable() }) }),
  recent: z.object({ issues: z.object({ nodes: z.array(Issue), pageInfo: PageInfo }) }),
  issue: z.object({ issue: Issue.nullable() }),
  states: z.object({ team: z.object({ states: z.object({ nodes: z.array(z.object({ id: z.string(), type: z.string(), position: z.number() })), pageInfo: PageInfo }) }).nullable() }),
  update: z.object({ issueUpdate: z.object({ success: z.boolean() }) }),
};
interface GraphqlBody<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string; type?: string } }[];
}

const ISSUE_FIELDS = 'id identifier url state { type }';
const Q = {
  team: 'query AuditTeam($id: String!) { team(id: $id) { id key } }',
  create: `mutation AuditIssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } } }`,
  recent: `query AuditRecentIssues($filter: IssueFilter, $after: String) { issues(first: 50, after: $after, filter: $filter) { nodes { ${ISSUE_FIELDS} description } pageInfo { hasNextPage endCursor } } }`,
  issue: `query AuditIssue($id: String!) { issue(id: $id) { ${ISSUE_FIELDS} } }`,
  states: 'query AuditTeamStates($id: String!, $after: String) { team(id: $id) { states(first: 50, after: $after) { nodes { id type position } pageInfo { hasNextPage endCursor } } } }',
  update: 'mutation AuditIssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }',
};

/** Linear priority: 1 urgent … 4 low, 0 none. */
const PRIORITY = { critical: 1, high: 2, medium: 3, low: 4, info: 0 } as const;

const stateOf = (issue: LinearIssue): TaskState => (issue.state?.type === 'completed' || issue.state?.type === 'canceled' ? 'closed' : 'open');
const toTask = (issue: LinearIssue): RemoteTask => ({ externalId: issue.id, url: httpLinkOf(issue.url) ?? null, state: stateOf(issue) });

/** GraphQL errors arrive in 200s and 400s alike; RATELIMITED is a 400 with a reset header. */
function graphqlFailure(res: Response, body: unknown, secrets: string[]): Error | undefined {
  const errors = (body as GraphqlBody<unknown> | undefined)?.errors;
  if (!errors?.length) return undefined;
  const code = errors[0]?.extensions?.code ?? '';
  const what = `Linear answered ${res.status}: ${sanitizeMessage(errors[0]?.message ?? code, secrets)}`;
  if (code === 'RATELIMITED') return transientFailure(FailureType.RateLimited, what, retryDelayFromHeaders(res.headers) ?? 60_000);
  if (res.status === 401 || code === 'AUTHENTICATION_ERROR' || code === 'FORBIDDEN') return permanentFailure(FailureType.Auth, what);
  if (res.status >= 500 || code === 'INTERNAL_ERROR') return transientFailure(FailureType.Unavailable, what);
  return permanentFailure(FailureType.Config, what);
}

/** The authenticated, paced GraphQL client of the team: for issues and webhooks. */
function linearApi(ctx: ProviderSyncContext, options: ProviderOptions): { teamId: string; post: LinearPost; gql: LinearGql; secrets: () => string[] } {
  const { team_id: teamId } = parseCredentials(linear, ctx.credentials);
  // Linear takes a personal API key bare in Authorization, an OAuth access token as `Bearer …`.
  const { tokens, oauth } = keyOrTokenSource(ctx, { label: 'Linear', provider: 'linear', oauth: linear.oauth }, 'api_key', options);
  const http = createJsonClient({
    ctx,
    baseUrl: baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'Linear'),
    pacing: PACING.linear,
    headers: { accept: 'application/json' },
    auth: { tokens, headers: (token) => ({ authorization: oauth ? `Bearer ${token}` : token }) },
    label: 'Linear',
    secrets: [],
    remainingHeaders: ['x-ratelimit-requests-remaining'],
    inspect: (res, body) => graphqlFailure(res, body, tokens.secrets()),
  });
  async function post(query: string, variables: Record<string, unknown>, inspect?: (res: Response, body: unknown) => Error | undefined) {
    const { body } = await http.send('POST', '/graphql', { query, variables }, inspect ? { inspect } : {});
    return (body as GraphqlBody<unknown> | undefined)?.data;
  }
  async function gql<S extends z.ZodType>(query: string, variables: Record<string, unknown>, schema: S): Promise<z.infer<S>> {
    const data = await post(query, variables);
    if (!data) throw transientFailure(FailureType.Unavailable, 'Linear answered without data');
    return parseAnswer(schema, data, 'Linear');
  }
  return { teamId, post, gql, secrets: () => tokens.secrets() };
}

function linearClient(ctx: ProviderSyncContext, options: ProviderOptions): TrackerClient {
  const { teamId, post, gql, secrets } = linearApi(ctx, options);
  let states: { id: string; type: string; position: number }[] | undefined;
  async function stateFor(wanted: TaskState): Promise<string> {
    if (!states) {
      states = [];
      let after: string | null = null;
      do {
        const data: z.infer<typeof A.states> = await gql(Q.states, { id: teamId, after }, A.states);
        if (!data.team) throw permanentFailure(FailureType.Config, 'Linear team not found');
        states.push(...data.team.states.nodes);
        after = data.team.states.pageInfo.hasNextPage ? data.team.states.pageInfo.endCursor : null;
      } while (after);
    }
    const types = wanted === 'closed' ? ['completed'] : ['unstarted', 'backlog', 'triage'];
    const pick = types.map((t) => states!.filter((s) => s.type === t).sort((a, b) => a.position - b.position)[0]).find(Boolean);
    if (!pick) throw permanentFailure(FailureType.Config, `Linear team has no ${wanted === 'closed' ? 'completed' : 'unstarted'} workflow state`);
    return pick.id;
  }

  return {
    async verify() {
      const data = await gql(Q.team, { id: teamId }, A.team);
      if (!data.team) throw permanentFailure(FailureType.Config, 'Linear team not found');
    },
    async create(finding, taskId) {
      // The intent's UUID becomes the issue id: should a lost create ever be retried unseen, Linear refuses the twin.
      const input = { id: taskId, teamId, title: issueTitle(finding), description: markdownBody(finding, { htmlComment: false }), priority: PRIORITY[finding.severity] };
      const data = await gql(Q.create, { input }, A.create);
      if (!data.issueCreate.success || !data.issueCreate.issue) throw transientFailure(FailureType.Unavailable, 'Linear did not create the issue');
      return toTask(data.issueCreate.issue);
    },
    async findByMarkers(wanted, since, more) {
      const found = new Map<string, RemoteTask>();
      const filter = { team: { id: { eq: teamId } }, createdAt: { gte: since.toISOString() } };
      let after: string | null = null;
      do {
        const data: z.infer<typeof A.recent> = await gql(Q.recent, { filter, after }, A.recent);
        for (const issue of data.issues.nodes) {
          for (const id of markersIn(issue.description, wanted)) if (!found.has(id)) found.set(id, toTask(issue));
        }
        after = data.issues.pageInfo.hasNextPage ? data.issues.pageInfo.endCursor : null;
        ctx.heartbeat({ phase: 'reconcile-list' });
        if (!more(data.issues.nodes.length)) break;
      } while (after && found.size < wanted.size);
      return found;
    },
    async get(externalId) {
      // A deleted issue is "Entity not found": the task is left alone rather than failing the whole sync.
      const gone = (body: unknown) => (body as GraphqlBody<unknown> | undefined)?.errors?.some((e) => /entity not found/i.test(e.message ?? ''));
      const data = await post(Q.issue, { id: externalId }, (res, b) => (gone(b) ? undefined : graphqlFailure(res, b, secrets())));
      const issue = data ? parseAnswer(A.issue, data, 'Linear').issue : null;
      return issue ? toTask(issue) : undefined;
    },
    async setState(externalId, state) {
      const data = await gql(Q.update, { id: externalId, input: { stateId: await stateFor(state) } }, A.update);
      if (!data.issueUpdate.success) throw transientFailure(FailureType.Unavailable, 'Linear did not update the issue');
    },
  };
}

/** Linear GraphQL with a personal API key or an OAuth token; `RATELIMITED` errors wait out `X-RateLimit-Requests-Reset`. */
export function createLinearAdapter(options: ProviderOptions = {}): ProviderAdapter {
  return {
    provider: 'linear',
    async sync(ctx) {
      return runTrackerSync(ctx, linearClient(ctx, options));
    },
    inboundHooks(ctx) {
      const { teamId, post, gql, secrets } = linearApi(ctx, options);
      return Promise.resolve(linearHooks({ teamId, post, gql, inspect: (res, body) => graphqlFailure(res, body, secrets()) }));
    },
  };
}

export const linearAdapter = createLinearAdapter();
