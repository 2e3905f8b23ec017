import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../db/audit-log.js';
import { PROVIDERS } from '../../db/providers.js';
import { WEBHOOK_EVENT_TYPES } from '../../db/webhooks.js';
import { AuditLogQuerySchema } from '../routes/audit-log.js';
import { ListQuerySchema as PageQuerySchema } from '../routes/sync-runs.js';
import { webhookBodySchemas } from '../routes/webhooks.js';
import { bearer, BODY_FAILURES, errors, json, SCOPED_FAILURES, V1, v1Responses } from './common.js';

const timestamp = z.iso.datetime().meta({ description: 'UTC, second precision', example: '2025-06-10T14:00:00Z' });
const EventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).meta({ id: 'WebhookEventType' });

export const WebhookSchema = z
  .strictObject({
    id: z.uuid(),
    org_id: z.uuid(),
    url: z.string(),
    events: z.array(EventTypeSchema),
    project_id: z.string().nullable().meta({ description: 'Only this project\'s events; null = every project' }),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().meta({ description: 'Why the server switched it off (a 410 Gone from the receiver)' }),
    previous_secret_expires_at: timestamp.nullable().meta({ description: 'After a rotation: until when the previous secret still signs, next to the new one' }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Webhook', description: 'A webhook endpoint. The signing secret is never returned, except once on create and rotate.' });

const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/).meta({ description: 'The Standard Webhooks signing secret. Shown only in this answer: store it now.' }),
}).meta({ id: 'WebhookWithSecret' });

export const DeliverySchema = z
  .strictObject({
    id: z.uuid(),
    webhook_id: z.uuid(),
    event_id: z.uuid().meta({ description: 'The payload `id` and the `webhook-id` header: the same on every attempt' }),
    event_type: EventTypeSchema,
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.int().min(0),
    last_status_code: z.int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: timestamp.nullable().meta({ description: 'When the next attempt is due while pending' }),
    delivered_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'WebhookDelivery' });

export const AuditEntrySchema = z
  .strictObject({
    id: z.uuid(),
    org_id: z.uuid(),
    project_id: z.string().nullable(),
    // Inline rather than the Provider component: a nullable $ref does not survive the 3.1 generator.
    provider: z.enum(PROVIDERS).nullable(),
    action: z.enum(AUDIT_ACTIONS),
    actor: z.union([
      z.strictObject({
        type: z.enum(['api_key', 'cli']),
        api_key_id: z.uuid().nullable(),
        api_key_name: z.string().nullable(),
        name: z.string().nullable().meta({ description: 'For `cli`: the command (e.g. `npm run keys -- create`)' }),
      }),
      z.strictObject({
        type: z.literal('connect_session'),
        session_id: z.uuid().meta({ description: 'The connect session the request (or the OAuth flow) was made with' }),
        api_key_id: z.uuid().meta({ description: 'The API key that created the session' }),
        api_key_name: z.string().nullable(),
        name: z.null(),
      }),
    ]),
    target_id: z.string().nullable().meta({ description: 'The integration, webhook, delivery or API key acted on' }),
    request_id: z.string().nullable().meta({ description: "The server's id of the request (its meta.request_id and x-request-id)" }),
    client_request_id: z
      .string()
      .nullable()
      .meta({ description: 'The X-Request-Id the client sent, when it was 1–200 printable ASCII characters without spaces and not secret-shaped' }),
    client_address: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'AuditEntry', description: 'Who changed what. Never a credential value or secret.' });

const envelopeOf = (data: z.ZodType) => z.strictObject({ data, meta: z.strictObject({ request_id: z.string() }), error: z.null() });
const pageOf = (data: z.ZodType) =>
  z.strictObject({ data: z.array(data), meta: z.strictObject({ request_id: z.string(), next_cursor: z.string().nullable() }), error: z.null() });

const WEBHOOKS = `${V1}/orgs/{org_id}/webhooks`;
const OrgParams = z.object({ org_id: z.uuid().meta({ description: 'The org UUID the API key belongs to' }) });
const WebhookParams = OrgParams.extend({ webhook_id: z.uuid() });
const DeliveryParams = WebhookParams.extend({ delivery_id: z.uuid() });
// The document describes the schemas CI runs with (http allowed); NODE_ENV=production requires https.
const bodies = webhookBodySchemas(false);

/** Webhooks and the audit log (docs/api.md → Webhooks, Audit log). */
export function registerWebhookPaths(registry: OpenAPIRegistry): void {
  const op = (cfg: Parameters<OpenAPIRegistry['registerPath']>[0]) =>
    registry.registerPath({ security: bearer, ...cfg, responses: v1Responses(cfg.responses as Record<string, ResponseConfig>) });
  const write = 'Scope audit:write. Recorded in the audit log.';

  op({
    method: 'post', path: WEBHOOKS, tags: ['Webhooks'], summary: 'Add a webhook endpoint',
    description: `${write} Answers the signing secret once. At most ORG_MAX_WEBHOOKS (20) endpoints per org (422 quota_exceeded).`,
    request: { params: OrgParams, body: { required: true, content: json(bodies.create) } },
    responses: { 201: { description: 'The endpoint and its secret', content: json(envelopeOf(WebhookWithSecretSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'validation_failed', 'quota_exceeded') },
  });
  op({
    method: 'get', path: WEBHOOKS, tags: ['Webhooks'], summary: 'List webhook endpoints', description: 'Scope audit:read. Oldest first; not paginated (bounded by the quota).',
    request: { params: OrgParams },
    responses: { 200: { description: 'The org\'s endpoints', content: json(envelopeOf(z.array(WebhookSchema))) }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'get', path: `${WEBHOOKS}/{webhook_id}`, tags: ['Webhooks'], summary: 'Get a webhook endpoint', description: 'Scope audit:read.',
    request: { params: WebhookParams },
    responses: { 200: { description: 'The endpoint', content: json(envelopeOf(WebhookSchema)) }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'patch', path: `${WEBHOOKS}/{webhook_id}`, tags: ['Webhooks'], summary: 'Change url, events or enabled',
    description: `${write} Enabling again clears disabled_reason.`,
    request: { params: WebhookParams, body: { required: true, content: json(bodies.update) } },
    responses: { 200: { description: 'The endpoint', content: json(envelopeOf(WebhookSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'validation_failed') },
  });
  op({
    method: 'delete', path: `${WEBHOOKS}/{webhook_id}`, tags: ['Webhooks'], summary: 'Delete a webhook endpoint', description: `${write} Its deliveries go with it.`,
    request: { params: WebhookParams },
    responses: { 200: { description: 'Deleted', content: json(envelopeOf(z.strictObject({ id: z.uuid(), deleted: z.literal(true) }))) }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'post', path: `${WEBHOOKS}/{webhook_id}/rotate-secret`, tags: ['Webhooks'], summary: 'Rotate the signing secret',
    description: `${write} The new secret signs from now on; the previous one keeps signing next to it for 24 hours (two signatures in webhook-signature). Any body is ignored.`,
    request: { params: WebhookParams },
    responses: { 200: { description: 'The endpoint and its new secret', content: json(envelopeOf(WebhookWithSecretSchema)) }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'get', path: `${WEBHOOKS}/{webhook_id}/deliveries`, tags: ['Webhooks'], summary: 'List deliveries, newest first',
    description: 'Scope audit:read. Cursor-paginated: pass meta.next_cursor as `cursor`.',
    request: { params: WebhookParams, query: PageQuerySchema },
    responses: { 200: { description: 'A page of deliveries', content: json(pageOf(DeliverySchema)) }, ...errors(...SCOPED_FAILURES, 'validation_failed') },
  });
  op({
    method: 'post', path: `${WEBHOOKS}/{webhook_id}/deliveries/{delivery_id}/retry`, tags: ['Webhooks'], summary: 'Deliver again',
    description: `${write} The delivery goes back to pending; a delivery workflow attempts it within SYNC_SWEEP_INTERVAL with a fresh 24-hour window. Any body is ignored.`,
    request: { params: DeliveryParams },
    responses: { 202: { description: 'The delivery, pending', content: json(envelopeOf(DeliverySchema)) }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'get', path: `${V1}/orgs/{org_id}/audit-log`, tags: ['Audit log'], summary: 'The audit trail, newest first',
    description: 'Scope audit:read. Cursor-paginated; filters combine (and).',
    request: { params: OrgParams, query: AuditLogQuerySchema },
    responses: { 200: { description: 'A page of audit entries', content: json(pageOf(AuditEntrySchema)) }, ...errors(...SCOPED_FAILURES, 'validation_failed') },
  });
}
