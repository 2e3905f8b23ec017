import type postgres from 'postgres';
import { presentedJsonSql } from './integrations.js';
import { DETAIL_FIELDS } from './integration-settings.js';
import type { Db } from './sql.js';
import type { SyncRunRow } from './sync-runs.js';
import type { FindingRow } from './findings.js';

/**
 * Live events (issue 28): rows written by the triggers of migration 00020. Writers NOTIFY this channel (empty payload)
 * after they committed, debounced (db/debounced-notify.ts): a hint that wakes the API processes' poll early.
 */
export const AUDIT_EVENTS_CHANNEL = 'audit_events';

export async function notifyAuditEvents(sql: Db): Promise<void> {
  await sql`select pg_notify(${AUDIT_EVENTS_CHANNEL}, '')`;
}
export const EVENT_TYPES = ['integration.updated', 'sync.started', 'sync.finished', 'finding.updated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** Rows younger than this are never pruned: a client that reconnects within it replays what it missed. */
export const EVENT_RETENTION_MINUTES = 15;

/**
 * An event with what its subscribers are sent, read in one statement: the integration as the list shows it plus its
 * settings, next_sync_at and health, the sync run's columns (api/routes/sync-runs.ts presents them), the finding's columns. The subject's ids
 * pick the rows; nothing else of the subject but the status/outcome snapshot is used.
 */
export interface EventRow {
  id: string;
  org_id: string;
  project_id: string;
  type: EventType;
  subject: { status?: string; outcome?: string };
  provider: string | null;
  integration_json: string | null;
  run: SyncRunRow | null;
  finding: FindingRow | null;
}

const INTEGRATION_JSON = presentedJsonSql('i', DETAIL_FIELDS);

async function eventsQuery(sql: Db, where: postgres.PendingQuery<postgres.Row[]>, limit: number): Promise<EventRow[]> {
  const rows = await sql<EventRow[]>`
    select e.id::text as id, e.org_id, e.project_id, e.type, e.subject, i.provider,
      case when i.id is null then null else ${sql.unsafe(INTEGRATION_JSON)} end as integration_json,
      (select row_to_json(r) from sync_runs r where r.id = (e.subject ->> 'sync_run_id')::uuid) as run,
      (select row_to_json(f) from findings f where f.id = (e.subject ->> 'finding_id')::uuid) as finding
    from audit_events e
    left join audit_integrations i on i.id = (e.subject ->> 'integration_id')::uuid
    where ${where}
    order by e.id
    limit ${limit}
  `;
  // row_to_json gives timestamps as text; the presenters take Dates, as from any other read.
  for (const row of rows) {
    if (row.run) Object.assign(row.run, { started_at: new Date(row.run.started_at), finished_at: row.run.finished_at && new Date(row.run.finished_at) });
    if (row.finding) Object.assign(row.finding, { created_at: new Date(row.finding.created_at), updated_at: new Date(row.finding.updated_at) });
  }
  return rows;
}

/**
 * The ids after `afterId` (oldest first) visible to one statement, with that statement's snapshot bounds as xid8
 * text: `xmin`, the oldest transaction still running then, and `xmax`, the first not yet started. Ids are taken in
 * the writing transactions, which commit in any order, so a missing id below a visible one is a transaction still
 * running or one that rolled back; api/events-hub.ts tells the two apart with these bounds.
 */
export async function pollEventIds(sql: Db, afterId: bigint, limit: number): Promise<{ ids: string[]; xmin: bigint; xmax: bigint }> {
  const [row] = await sql<{ ids: string[]; xmin: string; xmax: string }[]>`
    select pg_snapshot_xmin(s)::text as xmin, pg_snapshot_xmax(s)::text as xmax,
      coalesce((select array_agg(id::text order by id) from (
        select id from audit_events where id > ${afterId.toString()}::bigint order by id limit ${limit}
      ) x), '{}') as ids
    from pg_current_snapshot() s
  `;
  return { ids: row!.ids, xmin: BigInt(row!.xmin), xmax: BigInt(row!.xmax) };
}

/** The newest event id (0 when none): where a hub that starts now begins. */
export async function lastEventId(sql: Db): Promise<bigint> {
  const [row] = await sql<{ id: string }[]>`select coalesce(max(id), 0)::text as id from audit_events`;
  return BigInt(row!.id);
}

/** The events with these ids (one poll's batch), whatever their org: the hub fans them out. */
export async function readEvents(sql: Db, ids: readonly string[]): Promise<EventRow[]> {
  return eventsQuery(sql, sql`e.id = any(${ids}::bigint[])`, ids.length);
}

/**
 * A project's events in (`afterId`, `upTo`], oldest first: what a reconnecting client missed. `upTo` is where the hub
 * had got to when the client subscribed; the hub sends what comes after it, in order.
 */
export async function readEventsAfter(sql: Db, scope: { orgId: string; projectId: string }, afterId: string, upTo: bigint, limit: number): Promise<EventRow[]> {
  return eventsQuery(sql, sql`e.org_id = ${scope.orgId} and e.project_id = ${scope.projectId} and e.id > ${afterId}::bigint and e.id <= ${upTo.toString()}::bigint`, limit);
}

/**
 * Whether every event after `afterId` is still kept: false when the retention prune removed some (or the id was never
 * issued), and the client must re-read the lists instead.
 */
export async function eventsKeptAfter(sql: Db, afterId: string): Promise<boolean> {
  const [row] = await sql<{ kept: boolean }[]>`
    select ${afterId}::bigint <= (select last_value from audit_events_id_seq)
      and ${afterId}::bigint >= coalesce((select min(id) from audit_events), (select last_value + 1 from audit_events_id_seq)) - 1 as kept
  `;
  return row?.kept ?? false;
}

/** The retention job's share: events older than EVENT_RETENTION_MINUTES, a batch at a time. */
export async function pruneAuditEvents(sql: Db, batchSize = 5000): Promise<number> {
  const rows = await sql`
    delete from audit_events where id in (
      select id from audit_events where created_at < now() - make_interval(mins => ${EVENT_RETENTION_MINUTES}) limit ${batchSize}
    )
    returning id
  `;
  return rows.length;
}
