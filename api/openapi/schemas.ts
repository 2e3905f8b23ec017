import { z } from 'zod';
import { SCOPES } from '../../db/api-keys.js';
import { FINDING_STATUSES, SEVERITIES } from '../../db/findings.js';
import { SYNC_TRIGGERS } from '../../db/sync-runs.js';
import { INTEGRATION_STATUSES, PROVIDERS } from '../../db/providers.js';

/**
 * Response shapes, as the presenters (api/presenters*.ts, routes) build them. Objects are strict: the document promises
 * exactly these fields, so a test that validates real responses catches any field that should not be there.
 */
const timestamp = z.iso.datetime().meta({ description: 'UTC, second precision', example: '2025-06-10T14:00:00Z' });
const uuid = z.uuid();

export const ProviderSchema = z.enum(PROVIDERS).meta({ id: 'Provider' });

export const IntegrationSchema = z
  .strictObject({
    id: uuid,
    org_id: uuid,
    project_id: z.string(),
    provider: ProviderSchema,
    status: z.enum(INTEGRATION_STATUSES),
    credentials: z.strictObject({}).optional().meta({ description: 'Present, and always empty, when status is disconnected' }),
    last_sync_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Integration', description: 'A connected (or once connected) provider. Credentials are never returned.' });

export const PlaceholderSchema = z
  .strictObject({
    id: z.null(),
    provider: ProviderSchema,
    status: z.literal('disconnected'),
    credentials: z.strictObject({}).meta({ description: 'Always empty: a placeholder, never a secret' }),
    last_sync_at: z.null(),
    inserted_at: z.null(),
    updated_at: z.null(),
  })
  .meta({ id: 'IntegrationPlaceholder', description: 'A provider never connected for this project (note `inserted_at`, as the spec has it).' });

export const SyncRunSchema = z
  .strictObject({
    id: uuid,
    integration_id: uuid,
    provider: ProviderSchema,
    trigger: z.enum(SYNC_TRIGGERS).meta({ description: '`full_resync`: POST …/resync (links forgotten, open findings re-matched by marker)' }),
    outcome: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
    workflow_id: z.string().meta({ description: 'The Temporal workflow id: find the run in the Temporal UI' }),
    run_id: z.string(),
    started_at: timestamp,
    finished_at: timestamp.nullable(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    items_pushed: z.int().min(0),
    items_pulled: z.int().min(0),
    items_updated: z.int().min(0),
    warnings: z.array(z.string()).meta({ description: 'Per-sync caps reached (PROVIDER_MAX_PAGES, PROVIDER_MAX_ROWS): what was not read' }),
    trace_id: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .nullable()
      .meta({ description: 'The OpenTelemetry trace of the run (API request, workflow, activities, provider calls); null when tracing was off' }),
    trace_url: z.string().nullable().meta({ description: 'The trace in the tracing UI (TRACE_UI_URL with the trace id); null without a trace id or TRACE_UI_URL' }),
  })
  .meta({ id: 'SyncRun' });

export const TaskSchema = z
  .strictObject({
    provider: z.string(),
    external_id: z.string().nullable(),
    url: z.string().nullable(),
    state: z.enum(['open', 'closed']),
    synced_at: timestamp.nullable(),
  })
  .meta({ id: 'Task', description: 'The issue tracking a finding in an external tracker' });

export const FindingSchema = z
  .strictObject({
    id: uuid,
    title: z.string(),
    description: z.string().nullable(),
    severity: z.enum(SEVERITIES),
    url: z.string().nullable(),
    category: z.string().nullable(),
    status: z.enum(FINDING_STATUSES),
    source: z.enum(['audit', 'sentry']),
    created_at: timestamp,
    updated_at: timestamp,
    tasks: z.array(TaskSchema),
  })
  .meta({ id: 'Finding' });

export const MetricSchema = z
  .strictObject({
    provider: ProviderSchema,
    dimension: z.string(),
    metric: z.string(),
    value: z.number(),
    period_start: timestamp,
    period_end: timestamp,
    pulled_at: timestamp,
  })
  .meta({ id: 'Metric' });

export const MeSchema = z
  .strictObject({ key_id: uuid, org_id: uuid, name: z.string().nullable(), scopes: z.array(z.enum(SCOPES)), created_at: timestamp })
  .meta({ id: 'ApiKeyIdentity' });

export const OAuthProviderSchema = z
  .strictObject({ provider: ProviderSchema, label: z.string(), fields: z.array(z.string()) })
  .meta({ id: 'OAuthProvider' });

export const OAuthStartSchema = z.strictObject({ authorize_url: z.url(), expires_at: z.iso.datetime() }).meta({ id: 'OAuthStart' });

const Meta = z.strictObject({ request_id: z.string() });
const PageMeta = z.strictObject({ request_id: z.string(), total: z.int().min(0), next_cursor: z.string().nullable() });
// Sync runs: the cursor, and when the sweeper starts the integration's next periodic sync (read-only).
const CursorMeta = z.strictObject({
  request_id: z.string(),
  next_cursor: z.string().nullable(),
  next_sync_at: z.iso.datetime().nullable().meta({ description: 'When the next periodic sync is due; null when disconnected or never connected' }),
});

/** `{data, meta, error: null}` around `data`. */
export function envelope<T extends z.ZodType>(data: T, meta: 'plain' | 'page' | 'cursor' = 'plain') {
  const metaSchema = meta === 'page' ? PageMeta : meta === 'cursor' ? CursorMeta : Meta;
  return z.strictObject({ data, meta: metaSchema, error: z.null() });
}

export const ErrorEnvelopeSchema = z
  .strictObject({
    data: z.null(),
    meta: Meta,
    error: z.object({ code: z.string().meta({ example: 'invalid_provider' }), message: z.string() }),
  })
  .meta({ id: 'Error', description: 'Every failure: a snake_case code and a message that never quotes submitted values' });

export const HealthSchema = envelope(z.strictObject({ status: z.literal('ok') }));
const Checks = z.strictObject({ postgres: z.enum(['up', 'down']), temporal: z.enum(['up', 'down']) });
export const ReadySchema = envelope(z.strictObject({ status: z.literal('ready'), checks: Checks }));
export const NotReadySchema = z.strictObject({
  data: z.null(),
  meta: Meta,
  error: z.strictObject({ code: z.literal('not_ready'), message: z.string(), checks: Checks }),
});
