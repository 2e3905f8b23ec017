import { z } from 'zod';
import { FailureType, transientFailure } from '../../errors.js';
import type { InboundHookClient } from '../types.js';

/** One GraphQL operation; `inspect` replaces the default error classification (to let "not found" through). */
export type LinearPost = (query: string, variables: Record<string, unknown>, inspect?: (res: Response, body: unknown) => Error | undefined) => Promise<unknown>;
/** One operation whose `data` must have `schema`'s shape. */
export type LinearGql = <S extends z.ZodType>(query: string, variables: Record<string, unknown>, schema: S) => Promise<z.infer<S>>;

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const A = {
  list: z.object({ webhooks: z.object({ nodes: z.array(z.object({ id: z.string(), url: z.string().nullish() })), pageInfo: PageInfo }) }),
  create: z.object({ webhookCreate: z.object({ success: z.boolean(), webhook: z.object({ id: z.string(), secret: z.string().nullish() }).nullable() }) }),
};
const Q = {
  list: 'query AuditWebhooks($after: String) { webhooks(first: 50, after: $after) { nodes { id url } pageInfo { hasNextPage endCursor } } }',
  create: 'mutation AuditWebhookCreate($input: WebhookCreateInput!) { webhookCreate(input: $input) { success webhook { id secret } } }',
  remove: 'mutation AuditWebhookDelete($id: String!) { webhookDelete(id: $id) { success } }',
};
/** Pages of 50 read at most while looking for our hook. */
const MAX_PAGES = 20;

interface LinearHookApi {
  teamId: string;
  post: LinearPost;
  gql: LinearGql;
  /** The adapter's classification of GraphQL errors, for everything but "not found" on delete. */
  inspect: (res: Response, body: unknown) => Error | undefined;
}

/**
 * Team webhooks through GraphQL (linear.app/developers/webhooks; the schema's WebhookCreateInput): `webhookCreate`
 * with the team, `resourceTypes: ["Issue"]` and our `secret`, which Linear uses to sign `Linear-Signature`; the
 * `Webhook.secret` it answers with is what signs, so that one is kept should it differ. Creating webhooks takes an
 * admin's API key, or an OAuth token with the `admin` scope.
 */
export function linearHooks(api: LinearHookApi): InboundHookClient {
  return {
    permission: "creating webhooks needs a Linear workspace admin's API key, or an OAuth token with the admin scope",
    async find(url) {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const data: z.infer<typeof A.list> = await api.gql(Q.list, { after }, A.list);
        for (const hook of data.webhooks.nodes) if (hook.url === url) ids.push(hook.id);
        after = data.webhooks.pageInfo.hasNextPage ? data.webhooks.pageInfo.endCursor : null;
        if (!after) break;
      }
      return ids;
    },
    async create(url, secret) {
      const input = { url, teamId: api.teamId, resourceTypes: ['Issue'], secret, label: 'Website audit', enabled: true };
      const data = await api.gql(Q.create, { input }, A.create);
      if (!data.webhookCreate.success || !data.webhookCreate.webhook) throw transientFailure(FailureType.Unavailable, 'Linear did not create the webhook');
      const signing = data.webhookCreate.webhook.secret;
      return { remoteId: data.webhookCreate.webhook.id, ...(signing && signing !== secret ? { secret: signing } : {}) };
    },
    async remove(remoteId) {
      // Deleted already (by hand, or an earlier attempt whose answer was lost): removed.
      const gone = (body: unknown) => (body as { errors?: { message?: string }[] } | undefined)?.errors?.some((e) => /entity not found/i.test(e.message ?? ''));
      await api.post(Q.remove, { id: remoteId }, (res, body) => (gone(body) ? undefined : api.inspect(res, body)));
    },
  };
}
