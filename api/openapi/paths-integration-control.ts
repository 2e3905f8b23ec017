import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { REALTIME_STATES } from '../../db/inbound-registration.js';
import { HEALTH_STATES } from '../../db/integration-settings.js';
import { DEFAULT_SYNC_SCHEDULE, settingsBodySchema } from '../routes/integration-settings.js';
import { OrgIntegrationsQuerySchema } from '../routes/org-integrations.js';
import { RealtimeSecretBodySchema } from '../routes/realtime.js';
import { bearer, BODY_FAILURES, errors, json, PROJECT, ProviderParams, SCOPED_FAILURES, V1, v1Responses } from './common.js';
import { envelope, IntegrationSchema, PlaceholderSchema } from './schemas.js';

const timestamp = z.iso.datetime().meta({ description: 'UTC, second precision', example: '2025-06-10T14:00:00Z' });

const SettingsSchema = z
  .strictObject({
    sync_interval_seconds: z.int().min(1).nullable().meta({ description: "The integration's own interval; null = the deployment's SYNC_INTERVAL" }),
    paused: z.boolean(),
  })
  .meta({ id: 'IntegrationSettings' });

const HealthSchema = z
  .strictObject({
    state: z.enum(HEALTH_STATES).meta({ description: 'unknown until the first sync or probe; needs_reconnect after a 401/403/invalid_grant; degraded after timeouts or 5xx' }),
    reason: z.string().nullable().meta({ description: "The provider's answer, sanitised, when not ok" }),
    checked_at: timestamp.nullable(),
    credentials_expire_at: timestamp.nullable().meta({ description: 'When the stored OAuth access token expires, if known' }),
  })
  .meta({ id: 'IntegrationHealth' });

const detailFields = {
  settings: SettingsSchema,
  next_sync_at: timestamp.nullable().meta({ description: 'When the next periodic sync is due; null while paused or disconnected' }),
  health: HealthSchema,
};

export const IntegrationDetailSchema = IntegrationSchema.extend(detailFields).meta({
  id: 'IntegrationDetail',
  description: 'The list row of a connected (or once connected) integration, plus its settings, next periodic sync and credential health.',
});

const RealtimeSchema = z
  .strictObject({
    state: z.enum(REALTIME_STATES).meta({
      description:
        'pending: not registered yet (before the first sync, or retried after a transient failure); registered: the provider pushes to `url`; ' +
        'manual: add the webhook by hand with `url` and `secret` (Sentry: give its secret with PUT …/realtime); unavailable: the provider sends no issue webhooks',
    }),
    reason: z.string().nullable().meta({ description: "Why not registered, with the provider's answer (sanitised) and what the credentials need" }),
    url: z.string().nullable().meta({ description: 'The inbound URL the provider delivers to; null until the hook exists (and for unavailable providers)' }),
    secret: z.string().nullable().meta({
      description: 'The signing secret to paste at the provider: only while `manual`, only to a key with audit:write, never for Sentry (its secret is yours) nor in any list',
    }),
  })
  .meta({ id: 'IntegrationRealtime', description: 'Inbound provider webhooks: whether changes made at the provider reach this service at once' });

/** The single GET and the PATCH: the detail plus `realtime` (the org list answers without it). */
const IntegrationViewSchema = IntegrationDetailSchema.extend({ realtime: RealtimeSchema }).meta({
  id: 'IntegrationView',
  description: 'The detail of a connected (or once connected) integration, with its inbound webhook state.',
});

const PlaceholderDetailSchema = PlaceholderSchema.extend({
  ...detailFields,
  settings: SettingsSchema.extend({ sync_interval_seconds: z.null(), paused: z.literal(false) }),
  next_sync_at: z.null(),
  health: HealthSchema.extend({ state: z.literal('unknown'), reason: z.null(), checked_at: z.null(), credentials_expire_at: z.null() }),
  // Always sent; optional so clients may build the placeholder themselves (the dashboard does).
  realtime: RealtimeSchema.extend({ state: z.enum(['pending', 'unavailable']), url: z.null(), secret: z.null() }).optional(),
}).meta({ id: 'IntegrationPlaceholderDetail', description: 'A never-connected provider: the placeholder (note `inserted_at`) with the default settings.' });

const OrgParams = z.object({ org_id: z.uuid().meta({ description: 'The org UUID the API key belongs to' }) });

/** The single GET, the settings PATCH and the org-wide list (issue 26). */
export function registerIntegrationControlPaths(registry: OpenAPIRegistry): void {
  const op = (cfg: Parameters<OpenAPIRegistry['registerPath']>[0]) =>
    registry.registerPath({ security: bearer, ...cfg, responses: v1Responses(cfg.responses as Record<string, ResponseConfig>) });

  op({
    method: 'get', path: `${PROJECT}/integrations/{provider}`, tags: ['Integrations'], summary: 'One integration, with settings and health',
    description:
      'Scope audit:read. The list row of the provider (a placeholder if never connected) plus `settings`, `next_sync_at`, `health` and `realtime` ' +
      '(its `secret` only to a key with audit:write, while the webhook must be added by hand).',
    request: { params: ProviderParams },
    responses: { 200: { description: 'The integration', content: json(envelope(z.union([IntegrationViewSchema, PlaceholderDetailSchema]))) }, ...errors(...SCOPED_FAILURES, 'invalid_provider') },
  });
  op({
    method: 'put', path: `${PROJECT}/integrations/{provider}/realtime`, tags: ['Integrations'], summary: "Give Sentry's webhook signing secret",
    description:
      "Scope audit:write. Sentry only: the client secret of the Sentry internal integration whose webhook URL is `realtime.url`, which signs its " +
      '`Sentry-Hook-Signature`. Stored encrypted and never shown again; recorded as `realtime_secret_set` in the audit log. Other providers answer 422 ' +
      '`validation_failed` (the trackers are signed with a secret this service generates; cloudflare, ga4 and gsc send no webhooks).',
    request: {
      // Sentry is the only provider whose signing secret is the user's to give: the others answer 422 validation_failed.
      params: ProviderParams.extend({ provider: z.enum(['sentry']).meta({ description: 'sentry (the only provider that takes a secret here)' }) }),
      body: { required: true, description: 'At most 64 KiB', content: json(RealtimeSecretBodySchema) },
    },
    responses: { 200: { description: 'The integration as the GET shows it', content: json(envelope(IntegrationViewSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'invalid_provider', 'validation_failed', 'not_connected') },
  });
  op({
    method: 'patch', path: `${PROJECT}/integrations/{provider}/settings`, tags: ['Integrations'], summary: 'Change the sync interval or pause',
    description:
      'Scope audit:write. Absent fields stay as they are. Paused: no periodic syncs (POST …/sync still works). Changing the interval or resuming moves ' +
      '`next_sync_at` to the last finished sync + the interval (due at once when that has passed). Recorded as `settings_changed` in the audit log.',
    request: { params: ProviderParams, body: { required: false, description: 'At most 64 KiB', content: json(settingsBodySchema(DEFAULT_SYNC_SCHEDULE.minIntervalMs / 1000)) } },
    responses: { 200: { description: 'The integration as the GET shows it', content: json(envelope(IntegrationViewSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'invalid_provider', 'validation_failed', 'not_connected') },
  });
  op({
    method: 'get', path: `${V1}/orgs/{org_id}/integrations`, tags: ['Integrations'], summary: "The org's integrations across projects",
    description: 'Scope audit:read. Every integration row of the org (no placeholders) in (project_id, provider) order, filtered, cursor-paginated: pass meta.next_cursor as `cursor`.',
    request: { params: OrgParams, query: OrgIntegrationsQuerySchema },
    responses: {
      200: { description: 'A page of integrations', content: json(z.strictObject({ data: z.array(IntegrationDetailSchema), meta: z.strictObject({ request_id: z.string(), next_cursor: z.string().nullable() }), error: z.null() })) },
      ...errors(...SCOPED_FAILURES, 'validation_failed'),
    },
  });
}
