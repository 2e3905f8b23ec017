import { presentedJsonSql, type IntegrationKey } from './integrations.js';
import type { RealtimeState } from './inbound-registration.js';
import type { IntegrationStatus, Provider } from './providers.js';
import type { Db } from './sql.js';
import { timestampSql } from './timestamps.js';

/** The credential-health states (issue 26); the worker's health checks move a row between them. */
export const HEALTH_STATES = ['ok', 'needs_reconnect', 'degraded', 'unknown'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The longest sync_interval_seconds: a week. The shortest is the deployment's SYNC_INTERVAL_MIN. */
export const MAX_SYNC_INTERVAL_SECONDS = 604_800;

/** `, … as "health"` over `audit_integrations i`: the single GET's health object. */
const HEALTH_FIELD = `,
  (select row_to_json(h) from (
    select "i"."health_state" as "state", "i"."health_reason" as "reason",
      ${timestampSql('"i"."health_checked_at"')} as "checked_at", ${timestampSql('"i"."credentials_expire_at"')} as "credentials_expire_at"
  ) h) as "health"`;

/**
 * The single GET's additions to the list row, in the order they are shown: settings, next_sync_at (null while paused or
 * disconnected, whatever the column holds meanwhile) and health. Nested objects through row_to_json, compact like the
 * row. Live events show the same (db/events.ts); `realtime` is the single GET's own (api/presenters.ts).
 */
export const DETAIL_FIELDS = `,
  (select row_to_json(s) from (select "i"."sync_interval_seconds", "i"."paused") s) as "settings",
  case when "i"."paused" or "i"."status" = 'disconnected' then null else ${timestampSql('"i"."next_sync_at"')} end as "next_sync_at"${HEALTH_FIELD}`;

/** The list row plus settings, next_sync_at and health, as JSON text, over `audit_integrations i`. */
const DETAIL_JSON = presentedJsonSql('i', DETAIL_FIELDS);

/** The single GET's inbound webhook columns (db/inbound-registration.ts): null while the hook row does not exist. */
export interface DetailRealtimeRow {
  id: string;
  status: IntegrationStatus;
  hook_id: string | null;
  realtime_state: RealtimeState | null;
  realtime_reason: string | null;
}

/** The detail row, and apart from it the inbound webhook's state (api/presenters.ts adds the URL and, at most, the secret). */
export async function findIntegrationDetail(sql: Db, key: IntegrationKey): Promise<({ json: string } & DetailRealtimeRow) | undefined> {
  const [row] = await sql<({ json: string } & DetailRealtimeRow)[]>`
    select ${sql.unsafe(DETAIL_JSON)} as json, i.id, i.status, h.hook_id, h.state as realtime_state, h.reason as realtime_reason
    from audit_integrations i left join inbound_hooks h on h.integration_id = i.id
    where i.org_id = ${key.orgId} and i.project_id = ${key.projectId} and i.provider = ${key.provider}
  `;
  return row;
}

export interface SettingsPatch {
  /** Absent = unchanged; null = the deployment's SYNC_INTERVAL. */
  syncIntervalSeconds?: number | null | undefined;
  paused?: boolean | undefined;
}

/**
 * Applies the patch to a connected (not disconnected) row; undefined when there is none. When paused or the interval
 * actually changes, next_sync_at is recomputed: null while paused, else the last finished sync run's finished_at (any
 * outcome: what scheduleNextSync counts from) + the interval, without jitter — at or before now for an overdue
 * integration, which the next sweep starts. A row that never finished a sync stays due at once, as connect left it.
 * `changed` is false when the patch left both settings as they were (nothing else moved either); `due` says the row is
 * due now (a resume of an overdue integration).
 */
export async function updateIntegrationSettings(
  sql: Db,
  key: IntegrationKey,
  patch: SettingsPatch,
  defaultIntervalSeconds: number,
): Promise<{ id: string; json: string; changed: boolean; due: boolean } | undefined> {
  const setInterval = patch.syncIntervalSeconds !== undefined;
  const [row] = await sql<{ id: string; json: string; changed: boolean; due: boolean }[]>`
    with prev as (
      select id, paused, sync_interval_seconds from audit_integrations
      where org_id = ${key.orgId} and project_id = ${key.projectId} and provider = ${key.provider} and status <> 'disconnected'
      for update
    ),
    next as (
      select id,
        coalesce(${patch.paused ?? null}::boolean, paused) as paused,
        case when ${setInterval} then ${patch.syncIntervalSeconds ?? null}::integer else sync_interval_seconds end as secs,
        paused as old_paused, sync_interval_seconds as old_secs
      from prev
    ),
    diff as (
      select *, (paused is distinct from old_paused or secs is distinct from old_secs) as changed from next
    )
    update audit_integrations i
    set paused = d.paused,
        sync_interval_seconds = d.secs,
        next_sync_at = case
          when d.paused then null
          when not d.changed then i.next_sync_at
          else coalesce(
            (select r.finished_at from sync_runs r where r.integration_id = i.id and r.finished_at is not null order by r.started_at desc, r.id desc limit 1)
              + make_interval(secs => coalesce(d.secs, ${defaultIntervalSeconds}::float8)),
            now())
        end
    from diff d
    where i.id = d.id
    returning i.id, ${sql.unsafe(DETAIL_JSON)} as json, d.changed, coalesce(i.next_sync_at <= now(), false) as due
  `;
  return row;
}

export interface OrgIntegrationQuery {
  orgId: string;
  projectIds?: string[] | undefined;
  providers?: Provider[] | undefined;
  statuses?: IntegrationStatus[] | undefined;
  healths?: HealthState[] | undefined;
  limit: number;
  /** The id of the last row of the previous page (an integration of this org). */
  afterId?: string | undefined;
}

/**
 * One page of the org's integrations in (project_id, provider) order: one index range scan of the unique
 * (org_id, project_id, provider) index, starting after the cursor row's key, filters applied on the way; no other
 * org's rows are read. A cursor row of another org (or none) makes the comparison null: an empty page.
 */
export function listOrgIntegrations(sql: Db, q: OrgIntegrationQuery) {
  // Not async: the pending query is returned unsent, so a test can run EXPLAIN over exactly this statement.
  return sql<{ id: string; json: string }[]>`
    select i.id, ${sql.unsafe(DETAIL_JSON)} as json
    from audit_integrations i
    where i.org_id = ${q.orgId}
      ${q.projectIds ? sql`and i.project_id = any(${q.projectIds})` : sql``}
      ${q.providers ? sql`and i.provider = any(${q.providers})` : sql``}
      ${q.statuses ? sql`and i.status = any(${q.statuses})` : sql``}
      ${q.healths ? sql`and i.health_state = any(${q.healths})` : sql``}
      ${q.afterId !== undefined
        ? sql`and (i.project_id, i.provider) > (
            (select a.project_id from audit_integrations a where a.id = ${q.afterId} and a.org_id = ${q.orgId}),
            (select a.provider from audit_integrations a where a.id = ${q.afterId} and a.org_id = ${q.orgId})
          )`
        : sql``}
    order by i.project_id, i.provider
    limit ${q.limit}
  `;
}

export async function orgIntegrationExists(sql: Db, orgId: string, id: string): Promise<boolean> {
  return (await sql`select 1 from audit_integrations where id = ${id} and org_id = ${orgId}`).length === 1;
}
