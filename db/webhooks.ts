import type { Db } from './sql.js';
import { formatTimestamp } from './timestamps.js';

export const WEBHOOK_EVENT_TYPES = [
  'integration.connected',
  'integration.disconnected',
  'sync.succeeded',
  'sync.failed',
  'findings.pushed',
  // Credential health (db/credential-health.ts): once per transition into needs_reconnect, and out of it into ok.
  'integration.auth_failed',
  'integration.auth_recovered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEndpointRow {
  id: string;
  org_id: string;
  url: string;
  event_types: WebhookEventType[];
  project_id: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The public columns: the secrets are deliberately absent; only loadEndpointSecrets reads them. */
const ENDPOINT_COLUMNS = [
  'id', 'org_id', 'url', 'event_types', 'project_id', 'enabled', 'disabled_reason', 'previous_secret_expires_at', 'created_at', 'updated_at',
] as const;

export interface NewEndpoint {
  id: string;
  orgId: string;
  url: string;
  eventTypes: WebhookEventType[];
  projectId: string | null;
  /** Encrypted (db/crypto.ts). */
  secret: string;
}

export async function countEndpoints(sql: Db, orgId: string): Promise<number> {
  const [row] = await sql<{ count: number }[]>`select count(*)::int as count from webhook_endpoints where org_id = ${orgId}`;
  return row!.count;
}

/** Serialises creations of one org's endpoints, so the quota check and the insert cannot interleave. */
export async function lockEndpointsOf(sql: Db, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`webhooks:${orgId}`}, 0))`;
}

export async function insertEndpoint(sql: Db, e: NewEndpoint): Promise<WebhookEndpointRow> {
  const [row] = await sql<WebhookEndpointRow[]>`
    insert into webhook_endpoints (id, org_id, url, event_types, project_id, secret)
    values (${e.id}, ${e.orgId}, ${e.url}, ${e.eventTypes}::text[], ${e.projectId}, ${e.secret})
    returning ${sql(ENDPOINT_COLUMNS)}
  `;
  return row!;
}

export async function listEndpoints(sql: Db, orgId: string): Promise<WebhookEndpointRow[]> {
  return sql<WebhookEndpointRow[]>`select ${sql(ENDPOINT_COLUMNS)} from webhook_endpoints where org_id = ${orgId} order by created_at, id`;
}

export async function findEndpoint(sql: Db, orgId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  const [row] = await sql<WebhookEndpointRow[]>`select ${sql(ENDPOINT_COLUMNS)} from webhook_endpoints where org_id = ${orgId} and id = ${id}`;
  return row;
}

export interface EndpointChanges {
  url?: string | undefined;
  eventTypes?: WebhookEventType[] | undefined;
  enabled?: boolean | undefined;
}

/** Re-enabling clears the reason a 410 left. */
export async function updateEndpoint(sql: Db, orgId: string, id: string, c: EndpointChanges): Promise<WebhookEndpointRow | undefined> {
  const [row] = await sql<WebhookEndpointRow[]>`
    update webhook_endpoints
    set url = coalesce(${c.url ?? null}, url),
        event_types = coalesce(${c.eventTypes ?? null}::text[], event_types),
        enabled = coalesce(${c.enabled ?? null}::boolean, enabled),
        disabled_reason = case when ${c.enabled ?? null}::boolean is not null then null else disabled_reason end,
        updated_at = now()
    where org_id = ${orgId} and id = ${id}
    returning ${sql(ENDPOINT_COLUMNS)}
  `;
  return row;
}

/** The new secret signs from now on; the current one keeps signing next to it for `overlapMs`. */
export async function rotateEndpointSecret(sql: Db, orgId: string, id: string, secret: string, overlapMs: number): Promise<WebhookEndpointRow | undefined> {
  const [row] = await sql<WebhookEndpointRow[]>`
    update webhook_endpoints
    set previous_secret = secret,
        previous_secret_expires_at = now() + make_interval(secs => ${overlapMs / 1000}),
        secret = ${secret},
        updated_at = now()
    where org_id = ${orgId} and id = ${id}
    returning ${sql(ENDPOINT_COLUMNS)}
  `;
  return row;
}

export async function deleteEndpoint(sql: Db, orgId: string, id: string): Promise<boolean> {
  return (await sql`delete from webhook_endpoints where org_id = ${orgId} and id = ${id} returning id`).length === 1;
}

/** A 410 Gone: the receiver asked to stop. */
export async function disableEndpoint(sql: Db, id: string, reason: string): Promise<void> {
  await sql`update webhook_endpoints set enabled = false, disabled_reason = ${reason}, updated_at = now() where id = ${id}`;
}

export interface WebhookEventInput {
  orgId: string;
  projectId: string | null;
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/**
 * The outbox write, in the caller's transaction: the event and one pending delivery per enabled endpoint of the org
 * that wants this type (and this project, when it filters). Nothing is written when no endpoint wants it.
 */
export async function recordWebhookEvent(sql: Db, e: WebhookEventInput): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`with ${outboxCtes(sql, e, sql.json(e.data as never))} select id from event`;
  return row?.id;
}

/**
 * The outbox as CTEs (`targets`, `event`, `deliveries`) for a statement's WITH list. `data` is the event's JSON (a
 * parameter, or an SQL expression over `source`); with `source` (a fragment such as `from up`) the event is written
 * once per row the source returns, so no row, no event.
 */
export function outboxCtes(sql: Db, e: Omit<WebhookEventInput, 'data'>, data: unknown, source?: unknown) {
  return sql`
    targets as (
      select id from webhook_endpoints
      where org_id = ${e.orgId} and enabled and ${e.type} = any(event_types)
        and (project_id is null or project_id = ${e.projectId})
    ), event as (
      insert into webhook_events (org_id, project_id, type, data)
      select ${e.orgId}, ${e.projectId}, ${e.type}, ${data as never} ${(source ?? sql``) as never}
      where exists (select 1 from targets)
      returning id
    ), deliveries as (
      insert into webhook_deliveries (event_id, endpoint_id)
      select event.id, targets.id from event, targets
    )
  `;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  event_type: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const DELIVERY_COLUMNS = sqlColumns([
  'id', 'event_id', 'endpoint_id', 'status', 'attempts', 'last_status_code', 'last_error', 'next_attempt_at', 'delivered_at', 'created_at', 'updated_at',
]);
function sqlColumns(names: string[]): string[] {
  return names.map((n) => `d.${n}`);
}

export async function listDeliveries(sql: Db, endpointId: string, opts: { limit: number; afterId?: string | undefined }): Promise<DeliveryRow[]> {
  return sql<DeliveryRow[]>`
    select ${sql(DELIVERY_COLUMNS)}, ev.type as event_type
    from webhook_deliveries d join webhook_events ev on ev.id = d.event_id
    where d.endpoint_id = ${endpointId}
      ${opts.afterId !== undefined ? sql`and (d.created_at, d.id) < (select created_at, id from webhook_deliveries where id = ${opts.afterId} and endpoint_id = ${endpointId})` : sql``}
    order by d.created_at desc, d.id desc
    limit ${opts.limit}
  `;
}

export async function findDelivery(sql: Db, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await sql<DeliveryRow[]>`
    select ${sql(DELIVERY_COLUMNS)}, ev.type as event_type
    from webhook_deliveries d join webhook_events ev on ev.id = d.event_id
    where d.endpoint_id = ${endpointId} and d.id = ${id}
  `;
  return row;
}

/**
 * A retry by hand: the delivery goes back to pending and undispatched, so the next dispatch starts a delivery workflow
 * for it (or joins the one still attempting it).
 */
export async function requeueDelivery(sql: Db, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
  await sql`
    update webhook_deliveries
    set status = 'pending', dispatched_at = null, delivered_at = null, next_attempt_at = now(), updated_at = now()
    where endpoint_id = ${endpointId} and id = ${id}
  `;
  return findDelivery(sql, endpointId, id);
}

/**
 * Undispatched deliveries, oldest first, locked (skip locked) until the caller's transaction ends: the dispatcher starts
 * their workflows and marks them inside it, so a crash half-way leaves them undispatched for the next sweep (whose
 * start then joins or finds finished what was already started).
 */
export async function lockUndispatchedDeliveries(sql: Db, limit: number): Promise<{ id: string; org_id: string }[]> {
  return sql<{ id: string; org_id: string }[]>`
    select d.id, ev.org_id from webhook_deliveries d join webhook_events ev on ev.id = d.event_id
    where d.dispatched_at is null
    order by d.created_at
    limit ${limit}
    for update of d skip locked
  `;
}

export async function markDispatched(sql: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await sql`update webhook_deliveries set dispatched_at = now() where id in ${sql(ids)}`;
}

/** Everything one attempt needs, secrets still encrypted (the activity decrypts them itself). */
export interface DeliveryAttemptSource {
  delivery_id: string;
  status: DeliveryStatus;
  endpoint_id: string;
  org_id: string;
  url: string;
  enabled: boolean;
  secret: string;
  previous_secret: string | null;
  previous_secret_valid: boolean;
  event_id: string;
  event_type: WebhookEventType;
  event_data: Record<string, unknown>;
  event_created_at: Date;
}

export async function loadDeliveryAttempt(sql: Db, deliveryId: string): Promise<DeliveryAttemptSource | undefined> {
  const [row] = await sql<DeliveryAttemptSource[]>`
    select d.id as delivery_id, d.status, e.id as endpoint_id, e.org_id, e.url, e.enabled, e.secret, e.previous_secret,
           coalesce(e.previous_secret_expires_at > now(), false) as previous_secret_valid,
           ev.id as event_id, ev.type as event_type, ev.data as event_data, ev.created_at as event_created_at
    from webhook_deliveries d
    join webhook_endpoints e on e.id = d.endpoint_id
    join webhook_events ev on ev.id = d.event_id
    where d.id = ${deliveryId}
  `;
  return row;
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  /** delivered; failed (for good); or pending with the time of the next attempt. */
  status: DeliveryStatus;
  nextAttemptInMs: number | null;
  /** False when nothing was sent (endpoint disabled, delivery given up): the attempt count stays. */
  attempted?: boolean;
}

/** Records one attempt. Only a pending delivery changes: a late duplicate attempt cannot undo a result. */
export async function recordDeliveryAttempt(sql: Db, id: string, o: AttemptOutcome): Promise<void> {
  await sql`
    update webhook_deliveries
    set attempts = attempts + ${o.attempted === false ? 0 : 1},
        status = ${o.status},
        last_status_code = ${o.statusCode},
        last_error = ${o.error},
        delivered_at = case when ${o.status} = 'delivered' then now() else delivered_at end,
        next_attempt_at = case when ${o.nextAttemptInMs}::bigint is null then null else now() + make_interval(secs => ${o.nextAttemptInMs}::bigint / 1000.0) end,
        updated_at = now()
    where id = ${id} and status = 'pending'
  `;
}

/** Finished deliveries (and their events) older than `days`; an event goes once none of its deliveries is pending. */
export async function pruneWebhookEvents(sql: Db, days: number, batchSize = 5000): Promise<number> {
  const rows = await sql`
    delete from webhook_events where id in (
      select ev.id from webhook_events ev
      where ev.created_at < now() - make_interval(days => ${days})
        and not exists (select 1 from webhook_deliveries d where d.event_id = ev.id and d.status = 'pending')
      limit ${batchSize}
    )
    returning id
  `;
  return rows.length;
}

/** The `data` of integration.* events: ids, never credentials. Event key → integration column. */
const INTEGRATION_EVENT_FIELDS = { integration_id: 'id', org_id: 'org_id', project_id: 'project_id', provider: 'provider', status: 'status' } as const;
type IntegrationEventSource = { [C in (typeof INTEGRATION_EVENT_FIELDS)[keyof typeof INTEGRATION_EVENT_FIELDS]]: string };

export function integrationEventData(row: IntegrationEventSource): Record<string, unknown> {
  return Object.fromEntries(Object.entries(INTEGRATION_EVENT_FIELDS).map(([key, column]) => [key, row[column]]));
}

/** The same `data`, built by Postgres from the integration row of the CTE `alias` (a connect writes it in its statement). */
export function integrationEventDataSql(sql: Db, alias: 'up') {
  const pairs = Object.entries(INTEGRATION_EVENT_FIELDS).map(([key, column]) => `'${key}', ${alias}.${column}`);
  return sql.unsafe(`jsonb_build_object(${pairs.join(', ')})`);
}


/** The `data` of sync.* events: the run's counts, and its error code and message (secret-free by construction). */
export function syncEventData(
  row: { id: string; org_id: string; project_id: string; provider: string },
  run: { id: string; trigger: string; started_at: Date; finished_at: Date | null; error_code: string | null; error_message: string | null; items_pushed: number; items_pulled: number; items_updated: number; warnings: string[] },
): Record<string, unknown> {
  return {
    integration_id: row.id,
    org_id: row.org_id,
    project_id: row.project_id,
    provider: row.provider,
    sync_run_id: run.id,
    trigger: run.trigger,
    started_at: formatTimestamp(run.started_at),
    finished_at: formatTimestamp(run.finished_at),
    items_pushed: run.items_pushed,
    items_pulled: run.items_pulled,
    items_updated: run.items_updated,
    warnings: run.warnings,
    error_code: run.error_code,
    error_message: run.error_message,
  };
}
