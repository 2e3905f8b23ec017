import { randomUUID } from 'node:crypto';
import { json, startFakeServer, type FakeReply, type FakeTracker, type IssueState, type RecordedRequest } from './fake-server.js';

const STATES = [
  { id: randomUUID(), name: 'Backlog', type: 'backlog', position: 0 },
  { id: randomUUID(), name: 'Todo', type: 'unstarted', position: 1 },
  { id: randomUUID(), name: 'In Progress', type: 'started', position: 2 },
  { id: randomUUID(), name: 'Done', type: 'completed', position: 3 },
  { id: randomUUID(), name: 'Canceled', type: 'canceled', position: 4 },
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Issue {
  id: string;
  identifier: string;
  title: string;
  description: string;
  priority: number;
  stateId: string;
  createdAt: number;
  deleted?: boolean;
}

/** A webhook as the fake keeps it (the schema's Webhook: url, team, resourceTypes, secret). */
export interface LinearWebhook {
  id: string;
  url: string;
  teamId: string;
  resourceTypes: string[];
  secret: string;
  label: string | null;
}

export interface FakeLinear extends FakeTracker {
  /** Webhooks created (and not deleted) through the API. */
  webhooks: LinearWebhook[];
  /** False: the key is not an admin's, and webhook mutations answer FORBIDDEN as Linear does. */
  webhookAdmin: boolean;
  /** OAuth access tokens the API accepts as `Authorization: Bearer`. */
  oauthTokens: Set<string>;
  teamId: string;
  states: typeof STATES;
}

type Body = { query?: unknown; variables?: Record<string, unknown> } | undefined;
const queryOf = (r: RecordedRequest) => String((r.body as Body)?.query ?? '');

/**
 * Linear's GraphQL API as documented (linear.app/developers): POST /graphql, `Authorization: <api key>`, errors in an
 * `errors` array with `extensions.code`, Relay connections paginated by `first`/`after` with pageInfo, and
 * X-RateLimit-Requests-* headers. Operations are recognised by their root field and checked for their variables.
 */
export async function startFakeLinear(opts: { apiKey: string; teamId: string; maxPageSize?: number; ownWebhookSecret?: string }): Promise<FakeLinear> {
  const issues: Issue[] = [];
  const maxPage = opts.maxPageSize ?? 250;
  const oauthTokens = new Set<string>();
  let clock = Date.now();
  const stamp = () => (clock = Math.max(clock + 1, Date.now()));
  const limits = () => ({ 'x-ratelimit-requests-limit': '1500', 'x-ratelimit-requests-remaining': '1499', 'x-ratelimit-requests-reset': String(Date.now() + 3_600_000) });
  const data = (d: unknown) => json(200, { data: d }, limits());
  const gqlError = (status: number, code: string, message: string, d: unknown = null) => json(status, { data: d, errors: [{ message, extensions: { code, userPresentableMessage: message } }] }, limits());

  const present = (i: Issue) => ({
    id: i.id,
    identifier: i.identifier,
    url: `https://linear.app/acme/issue/${i.identifier}`,
    description: i.description,
    state: { type: STATES.find((s) => s.id === i.stateId)!.type },
  });
  /** A Relay page: the cursor is the offset, as opaque as Linear's. */
  function connection<T>(items: T[], first: unknown, after: unknown, map: (t: T) => unknown) {
    const size = Math.min(Number(first ?? 50), maxPage);
    const offset = typeof after === 'string' ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const page = items.slice(offset, offset + size);
    const hasNextPage = offset + size < items.length;
    return { nodes: page.map(map), pageInfo: { hasNextPage, endCursor: page.length ? Buffer.from(String(offset + page.length)).toString('base64url') : null } };
  }
  const add = (title: string, description: string, priority = 0, id: string = randomUUID()): Issue => {
    const issue: Issue = { id, identifier: `ENG-${issues.length + 1}`, title, description, priority, stateId: STATES[1]!.id, createdAt: stamp() };
    issues.push(issue);
    return issue;
  };

  function handle(req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply {
    if (req.method !== 'POST' || req.path !== '/graphql') return json(404, { message: 'not found' });
    const auth = req.headers.authorization;
    // OAuth access tokens go as `Bearer …`, personal API keys bare (linear.app/developers/graphql#authentication).
    if (auth?.startsWith('Bearer ')) {
      if (auth.slice(7) === opts.apiKey) return violation('personal API keys are sent without "Bearer"');
      if (!oauthTokens.has(auth.slice(7))) return gqlError(401, 'AUTHENTICATION_ERROR', 'Authentication required, not authenticated');
    } else if (auth !== opts.apiKey) {
      if (auth !== undefined && oauthTokens.has(auth)) return violation('OAuth access tokens are sent as "Bearer …"');
      return gqlError(400, 'AUTHENTICATION_ERROR', 'Authentication required, not authenticated');
    }
    if (!String(req.headers['content-type']).startsWith('application/json')) return violation('body is not JSON');
    const query = queryOf(req);
    const vars = (req.body as Body)?.variables ?? {};

    if (/\bwebhook(?:s|Create|Delete)\(/.test(query)) return webhooksOperation(query, vars, violation);
    if (/\bissueCreate\(/.test(query)) {
      if (!query.includes('$input: IssueCreateInput!')) return violation('issueCreate without $input: IssueCreateInput!');
      const input = vars.input as Record<string, unknown> | undefined;
      if (input?.teamId !== opts.teamId) return gqlError(200, 'INVALID_INPUT', 'Entity not found: Team');
      if (typeof input.title !== 'string' || input.title === '' || typeof input.description !== 'string') return violation('issueCreate needs title and description');
      if (!Number.isInteger(input.priority) || (input.priority as number) < 0 || (input.priority as number) > 4) return violation('priority must be 0..4');
      if (input.id !== undefined && (typeof input.id !== 'string' || !UUID.test(input.id))) return violation('id must be a UUID v4');
      if (issues.some((i) => i.id === input.id)) return gqlError(200, 'INVALID_INPUT', 'Entity already exists');
      const issue = add(input.title, input.description, input.priority as number, (input.id as string | undefined) ?? randomUUID());
      return data({ issueCreate: { success: true, issue: present(issue) } });
    }
    if (/\bissueUpdate\(/.test(query)) {
      if (!query.includes('$input: IssueUpdateInput!')) return violation('issueUpdate without $input: IssueUpdateInput!');
      const issue = issues.find((i) => !i.deleted && i.id === vars.id);
      const stateId = (vars.input as { stateId?: unknown } | undefined)?.stateId;
      if (!issue) return gqlError(200, 'INVALID_INPUT', 'Entity not found: Issue');
      if (!STATES.some((s) => s.id === stateId)) return gqlError(200, 'INVALID_INPUT', 'Entity not found: WorkflowState');
      issue.stateId = stateId as string;
      return data({ issueUpdate: { success: true } });
    }
    if (/\bissues\(/.test(query)) {
      const filter = vars.filter as { team?: { id?: { eq?: unknown } }; createdAt?: { gte?: unknown } } | undefined;
      if (filter?.team?.id?.eq !== opts.teamId) return violation('issues must be filtered to the team');
      const since = typeof filter.createdAt?.gte === 'string' ? Date.parse(filter.createdAt.gte) : NaN;
      if (Number.isNaN(since)) return violation('issues must be filtered by createdAt.gte');
      const matching = issues.filter((i) => !i.deleted && i.createdAt >= since).sort((a, b) => b.createdAt - a.createdAt);
      return data({ issues: connection(matching, /issues\(first: (\d+)/.exec(query)?.[1], vars.after, present) });
    }
    if (/\bissue\(id:/.test(query)) {
      const issue = issues.find((i) => !i.deleted && (i.id === vars.id || i.identifier === vars.id));
      return issue ? data({ issue: present(issue) }) : gqlError(200, 'INVALID_INPUT', 'Entity not found: Issue');
    }
    if (/\bteam\(id:/.test(query)) {
      if (vars.id !== opts.teamId) return gqlError(200, 'INVALID_INPUT', 'Entity not found: Team');
      if (!/\bstates\(/.test(query)) return data({ team: { id: opts.teamId, key: 'ENG' } });
      return data({ team: { states: connection(STATES, /states\(first: (\d+)/.exec(query)?.[1], vars.after, (s) => s) } });
    }
    return violation(`unrecognised operation: ${query.slice(0, 80)}`);
  }

  /**
   * Webhooks (WebhookCreateInput: url, teamId or allPublicTeams, resourceTypes, optional secret and label). Without a
   * secret in the input Linear makes one; `ownWebhookSecret` makes the fake answer with its own whatever was sent.
   */
  const webhooks: LinearWebhook[] = [];
  // The returned fake itself once built: tests flip its webhookAdmin.
  let fake: { webhookAdmin: boolean } = { webhookAdmin: true };
  const RESOURCE_TYPES = ['Issue', 'Comment', 'IssueLabel', 'Project', 'Cycle', 'Reaction', 'Attachment'];
  function webhooksOperation(query: string, vars: Record<string, unknown>, violation: (m: string) => FakeReply): FakeReply {
    if (!fake.webhookAdmin) return gqlError(400, 'FORBIDDEN', 'Invalid scope: `admin` required');
    if (/\bwebhooks\(/.test(query)) return data({ webhooks: connection(webhooks, /webhooks\(first: (\d+)/.exec(query)?.[1], vars.after, (w) => ({ id: w.id, url: w.url })) });
    if (/\bwebhookDelete\(/.test(query)) {
      if (!query.includes('$id: String!')) return violation('webhookDelete without $id: String!');
      const index = webhooks.findIndex((w) => w.id === vars.id);
      if (index < 0) return gqlError(200, 'INVALID_INPUT', 'Entity not found: Webhook');
      webhooks.splice(index, 1);
      return data({ webhookDelete: { success: true } });
    }
    if (!query.includes('$input: WebhookCreateInput!')) return violation('webhookCreate without $input: WebhookCreateInput!');
    const input = vars.input as Record<string, unknown> | undefined;
    if (typeof input?.url !== 'string' || !/^https?:\/\//.test(input.url)) return violation('webhookCreate needs an http(s) url');
    if (input.teamId !== undefined && input.teamId !== opts.teamId) return gqlError(200, 'INVALID_INPUT', 'Entity not found: Team');
    if (input.teamId === undefined && input.allPublicTeams !== true) return violation('webhookCreate needs teamId or allPublicTeams');
    if (!Array.isArray(input.resourceTypes) || input.resourceTypes.length === 0 || !input.resourceTypes.every((t) => RESOURCE_TYPES.includes(String(t)))) return violation('resourceTypes must name resource types');
    if (input.secret !== undefined && typeof input.secret !== 'string') return violation('secret must be a string');
    const hook: LinearWebhook = {
      id: randomUUID(), url: input.url, teamId: opts.teamId, resourceTypes: input.resourceTypes as string[],
      secret: opts.ownWebhookSecret ?? (typeof input.secret === 'string' ? input.secret : `lin_wh_${randomUUID().replace(/-/g, '')}`),
      label: typeof input.label === 'string' ? input.label : null,
    };
    webhooks.push(hook);
    return data({ webhookCreate: { success: true, webhook: { id: hook.id, secret: hook.secret } } });
  }

  const server = await startFakeServer(handle);
  const built = Object.assign(server, fake, {
    webhooks,
    teamId: opts.teamId,
    oauthTokens,
    states: STATES,
    issues: () => issues.filter((i) => !i.deleted).map((i) => ({ externalId: i.id, text: i.description, state: (['completed', 'canceled'].includes(STATES.find((s) => s.id === i.stateId)!.type) ? 'closed' : 'open') as IssueState })),
    setState(externalId: string, state: IssueState) {
      issues.find((i) => i.id === externalId)!.stateId = state === 'closed' ? STATES[3]!.id : STATES[1]!.id;
    },
    removeIssue(externalId: string) {
      issues.find((i) => i.id === externalId)!.deleted = true;
    },
    addIssue: (text = 'filed by someone else') => add('Other issue', text).id,
    isCreate: (r: RecordedRequest) => /\bissueCreate\(/.test(queryOf(r)),
    isList: (r: RecordedRequest) => /\bissues\(/.test(queryOf(r)),
    badAuthRequests: () => server.requests.filter((r) => r.headers.authorization !== opts.apiKey && !oauthTokens.has(String(r.headers.authorization).slice(7))),
  });
  fake = built;
  return built;
}
