import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { HEALTH_STATES } from '../../db/integration-settings.js';
import { DEFAULT_SYNC_SCHEDULE, settingsBodySchema } from '../routes/integration-settings.js';
import { OrgIntegrationsQuerySchema } from '../routes/org-integrations.js';
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

const PlaceholderDetailSchema = PlaceholderSchema.extend({
  ...detailFields,
  settings: SettingsSchema.extend({ sync_interval_seconds: z.null(), paused: z.literal(false) }),
  next_sync_at: z.null(),
  health: HealthSchema.extend({ state: z.literal('unknown'), reason: z.null(), checked_at: z.null(), credentials_expire_at: z.null() }),
}).meta({ id: 'IntegrationPlaceholderDetail', description: 'A never-connected provider: the placeholder (note `inserted_at`) with the default settings.' });

const OrgParams = z.object({ org_id: z.uuid().meta({ description: 'The org UUID the API key belongs to' }) });

/** The single GET, the settings PATCH and the org-wide list (issue 26). */
export function registerIntegrationControlPaths(registry: OpenAPIRegistry): void {
  const op = (cfg: Parameters<OpenAPIRegistry['registerPath']>[0]) =>
    registry.registerPath({ security: bearer, ...cfg, responses: v1Responses(cfg.responses as Record<string, ResponseConfig>) });

  op({
    method: 'get', path: `${PROJECT}/integrations/{provider}`, tags: ['Integrations'], summary: 'One integration, with settings and health',
    description: 'Scope audit:read. The list row of the provider (a placeholder if never connected) plus `settings`, `next_sync_at` and `health`.',
    request: { params: ProviderParams },
    responses: { 200: { description: 'The integration', content: json(envelope(z.union([IntegrationDetailSchema, PlaceholderDetailSchema]))) }, ...errors(...SCOPED_FAILURES, 'invalid_provider') },
  });
  op({
    method: 'patch', path: `${PROJECT}/integrations/{provider}/settings`, tags: ['Integrations'], summary: 'Change the sync interval or pause',
    description:
      'Scope audit:write. Absent fields stay as they are. Paused: no periodic syncs (POST …/sync still works). Changing the interval or resuming moves ' +
      '`next_sync_at` to the last finished sync + the interval (due at once when that has passed). Recorded as `settings_changed` in the audit log.',
    request: { params: ProviderParams, body: { required: false, description: 'At most 64 KiB', content: json(settingsBodySchema(DEFAULT_SYNC_SCHEDULE.minIntervalMs / 1000)) } },
    responses: { 200: { description: 'The integration as the GET shows it', content: json(envelope(IntegrationDetailSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'invalid_provider', 'validation_failed', 'not_connected') },
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
