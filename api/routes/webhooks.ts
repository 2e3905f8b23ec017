import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { recordAudit, type AuditAction } from '../../db/audit-log.js';
import type { CredentialCipher } from '../../db/crypto.js';
import type { Sql } from '../../db/sql.js';
import { encryptWebhookSecret, newWebhookSecret, SECRET_ROTATION_OVERLAP_MS } from '../../db/webhook-secrets.js';
import {
  countEndpoints,
  deleteEndpoint,
  findDelivery,
  findEndpoint,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  lockEndpointsOf,
  requeueDelivery,
  rotateEndpointSecret,
  updateEndpoint,
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpointRow,
} from '../../db/webhooks.js';
import { DEFAULT_ORG_MAX_WEBHOOKS } from '../../db/webhook-config.js';
import { requestActor } from '../audit.js';
import { ApiError } from '../errors.js';
import { discardBody, readJsonBody } from '../middleware/body.js';
import { sendData } from '../middleware/envelope.js';
import { presentDelivery, presentWebhook } from '../presenters-webhooks.js';
import { orgScope, UUID, validationError } from './scope.js';
import { decodeCursor, DEFAULT_SYNC_RUNS_LIMIT, encodeCursor, ListQuerySchema } from './sync-runs.js';

const PROJECT_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;
const MAX_URL = 2048;

/**
 * The endpoint URL: http(s) (https only when `httpsOnly`, i.e. NODE_ENV=production), no user:password part (it would
 * be shown back in every answer), at most 2048 characters. Where it points is judged at delivery time by the outbound
 * client's egress guard (private addresses refused unless PROVIDER_EGRESS_ALLOW allows them).
 */
export function webhookUrlSchema(httpsOnly: boolean) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
    .max(MAX_URL, `must be at most ${MAX_URL} characters`)
    .refine((v) => {
      if (!URL.canParse(v)) return false;
      const u = new URL(v);
      return (u.protocol === 'https:' || (!httpsOnly && u.protocol === 'http:')) && u.hostname !== '' && u.username === '' && u.password === '';
    }, httpsOnly ? 'must be an https URL without credentials' : 'must be an http(s) URL without credentials')
    .meta({ format: 'uri', description: 'https only when the server runs with NODE_ENV=production; no user:password part', example: 'https://example.com/hooks/audit' });
}

const EventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must each be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }), { error: 'must be an array of event types' })
  .min(1, 'must name at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length, `must name at most ${WEBHOOK_EVENT_TYPES.length} event types`)
  .refine((v) => new Set(v).size === v.length, 'must not repeat an event type')
  .meta({ uniqueItems: true });

export function webhookBodySchemas(httpsOnly: boolean) {
  const url = webhookUrlSchema(httpsOnly);
  return {
    create: z.strictObject(
      {
        url,
        events: EventsSchema,
        project_id: z.string({ error: 'must be a string' }).regex(PROJECT_SLUG, 'must be a project id (^[a-z0-9][a-z0-9_-]{0,99}$)').nullable().optional()
          .meta({ description: 'Only events of this project; absent or null = every project of the org' }),
      },
      { error: 'must be a JSON object with url and events' },
    ),
    update: z
      .strictObject(
        { url: url.optional(), events: EventsSchema.optional(), enabled: z.boolean({ error: 'must be a boolean' }).optional() },
        { error: 'must be a JSON object' },
      )
      .refine((b) => b.url !== undefined || b.events !== undefined || b.enabled !== undefined, 'must change url, events or enabled')
      .meta({ minProperties: 1 }),
  };
}

export interface WebhookRoutesDeps {
  sql: Sql;
  cipher: CredentialCipher;
  /** NODE_ENV=production: endpoint URLs must be https. */
  httpsOnly?: boolean;
  /** ORG_MAX_WEBHOOKS. */
  maxPerOrg?: number;
}

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

function pageQuery(ctx: Context) {
  const query = ListQuerySchema.safeParse(ctx.query);
  if (!query.success) throw validationError(query.error, 'query');
  const afterId = query.data.cursor === undefined ? undefined : decodeCursor(query.data.cursor);
  if (query.data.cursor !== undefined && afterId === undefined) throw new ApiError('validation_failed', 422, 'cursor is invalid');
  return { limit: query.data.limit ?? DEFAULT_SYNC_RUNS_LIMIT, afterId };
}

/** `/api/v1/orgs/:org_id/webhooks…`: audit:write to change, audit:read to read. Every change is audited in its transaction. */
export function webhookRoutes(deps: WebhookRoutesDeps): Router {
  const { sql, cipher } = deps;
  const schemas = webhookBodySchemas(deps.httpsOnly ?? false);
  const maxPerOrg = deps.maxPerOrg ?? DEFAULT_ORG_MAX_WEBHOOKS;
  const router = new Router({ prefix: '/orgs/:org_id/webhooks' });

  const webhookId = (ctx: Context): string => {
    const id = String(ctx.params.webhook_id);
    if (!UUID.test(id)) throw new ApiError('not_found', 404);
    return id.toLowerCase();
  };
  const audit = (ctx: Context, tx: Parameters<typeof recordAudit>[0], action: AuditAction, row: Pick<WebhookEndpointRow, 'org_id' | 'id' | 'project_id'>, targetId = row.id) =>
    recordAudit(tx, requestActor(ctx), { orgId: row.org_id, projectId: row.project_id, action, targetId });

  router.post('/', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:write');
    const body = parse(schemas.create, await readJsonBody(ctx));
    const id = randomUUID();
    const secret = newWebhookSecret();
    const row = await sql.begin(async (tx) => {
      await lockEndpointsOf(tx, orgId);
      if ((await countEndpoints(tx, orgId)) >= maxPerOrg) {
        throw new ApiError('quota_exceeded', 422, `Quota org_max_webhooks (${maxPerOrg}) reached: delete an endpoint before adding another.`);
      }
      const created = await insertEndpoint(tx, { id, orgId, url: body.url, eventTypes: body.events, projectId: body.project_id ?? null, secret: encryptWebhookSecret(cipher, orgId, id, secret) });
      await audit(ctx, tx, 'webhook_created', created);
      return created;
    });
    // The only time the secret is shown (and again after a rotation).
    sendData(ctx, { ...presentWebhook(row), secret }, 201);
  });

  router.get('/', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:read');
    sendData(ctx, (await listEndpoints(sql, orgId)).map(presentWebhook));
  });

  router.get('/:webhook_id', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:read');
    const row = await findEndpoint(sql, orgId, webhookId(ctx));
    if (!row) throw new ApiError('not_found', 404);
    sendData(ctx, presentWebhook(row));
  });

  router.patch('/:webhook_id', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:write');
    const id = webhookId(ctx);
    const body = parse(schemas.update, await readJsonBody(ctx));
    const row = await sql.begin(async (tx) => {
      const updated = await updateEndpoint(tx, orgId, id, { url: body.url, eventTypes: body.events, enabled: body.enabled });
      if (updated) await audit(ctx, tx, 'webhook_updated', updated);
      return updated;
    });
    if (!row) throw new ApiError('not_found', 404);
    sendData(ctx, presentWebhook(row));
  });

  router.post('/:webhook_id/rotate-secret', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:write');
    const id = webhookId(ctx);
    await discardBody(ctx);
    const secret = newWebhookSecret();
    const row = await sql.begin(async (tx) => {
      const rotated = await rotateEndpointSecret(tx, orgId, id, encryptWebhookSecret(cipher, orgId, id, secret), SECRET_ROTATION_OVERLAP_MS);
      if (rotated) await audit(ctx, tx, 'webhook_secret_rotated', rotated);
      return rotated;
    });
    if (!row) throw new ApiError('not_found', 404);
    sendData(ctx, { ...presentWebhook(row), secret });
  });

  router.delete('/:webhook_id', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:write');
    const id = webhookId(ctx);
    await discardBody(ctx);
    const deleted = await sql.begin(async (tx) => {
      const row = await findEndpoint(tx, orgId, id);
      if (!row || !(await deleteEndpoint(tx, orgId, id))) return false;
      await audit(ctx, tx, 'webhook_deleted', row);
      return true;
    });
    if (!deleted) throw new ApiError('not_found', 404);
    sendData(ctx, { id, deleted: true });
  });

  router.get('/:webhook_id/deliveries', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:read');
    const id = webhookId(ctx);
    const { limit, afterId } = pageQuery(ctx);
    if (!(await findEndpoint(sql, orgId, id))) throw new ApiError('not_found', 404);
    if (afterId !== undefined && !(await findDelivery(sql, id, afterId))) throw new ApiError('validation_failed', 422, 'cursor is invalid');
    const rows = await listDeliveries(sql, id, { limit: limit + 1, afterId });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    sendData(ctx, page.map(presentDelivery), 200, { next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null });
  });

  router.post('/:webhook_id/deliveries/:delivery_id/retry', async (ctx) => {
    const { orgId } = orgScope(ctx, 'audit:write');
    const id = webhookId(ctx);
    const deliveryId = String(ctx.params.delivery_id);
    if (!UUID.test(deliveryId)) throw new ApiError('not_found', 404);
    await discardBody(ctx);
    const delivery = await sql.begin(async (tx) => {
      const endpoint = await findEndpoint(tx, orgId, id);
      if (!endpoint) return undefined;
      const requeued = await requeueDelivery(tx, id, deliveryId.toLowerCase());
      if (requeued) await audit(ctx, tx, 'delivery_retried', endpoint, requeued.id);
      return requeued;
    });
    if (!delivery) throw new ApiError('not_found', 404);
    sendData(ctx, presentDelivery(delivery), 202);
  });

  return router;
}
