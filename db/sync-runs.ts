import type { Db } from './sql.js';
import { dbSpan } from './tracing.js';

export type SyncOutcome = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What started a sync run (the trigger column's CHECK lists the same). */
export const SYNC_TRIGGERS = ['manual', 'schedule', 'full_resync'] as const;
export type SyncRunTrigger = (typeof SYNC_TRIGGERS)[number];

export interface SyncCounts {
  pushed: number;
  pulled: number;
  updated: number;
  /** A cap reached (pages, rows) and what was not read because of it. */
  warnings?: string[];
}

export interface SyncRunRow {
  id: string;
  integration_id: string;
  workflow_id: string;
  run_id: string;
  trigger: SyncRunTrigger;
  started_at: Date;
  finished_at: Date | null;
  outcome: SyncOutcome;
  error_code: string | null;
  error_message: string | null;
  items_pushed: number;
  items_pulled: number;
  items_updated: number;
  warnings: string[];
  /** The OpenTelemetry trace the run belongs to (32 hex digits); null when tracing was off. */
  trace_id: string | null;
}

const COLUMNS = [
  'id', 'integration_id', 'workflow_id', 'run_id', 'trigger', 'started_at', 'finished_at', 'outcome',
  'error_code', 'error_message', 'items_pushed', 'items_pulled', 'items_updated', 'warnings', 'trace_id',
] as const;

/** Postgres refuses NUL in text; nothing else in a message is the database's concern. */
const noNul = (text: string | null | undefined): string | null => (text == null ? null : text.replace(/\u0000/g, ''));

/**
 * Whether a failed write is worth retrying: connection-level trouble (no SQLSTATE: the socket; class 08 connection,
 * 53 resources, 57 operator intervention/cancel, 40 serialization/deadlock, 55P03 lock timeout) may pass; anything
 * else (22 invalid input, 23 constraint, 42 …) will fail again the same way.
 */
export function isTransientDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return ['08', '53', '57', '40'].includes(code.slice(0, 2)) || code === '55P03';
}

/** Idempotent on (run_id, round): a retried activity finds the row it already made. */
export async function insertSyncRun(
  sql: Db,
  input: { integrationId: string; workflowId: string; runId: string; round?: number; trigger: SyncRunTrigger; traceId?: string | null },
): Promise<SyncRunRow> {
  const [row] = await dbSpan('insert sync run', () => sql<SyncRunRow[]>`
    insert into sync_runs (integration_id, workflow_id, run_id, round, trigger, trace_id)
    values (${input.integrationId}, ${input.workflowId}, ${input.runId}, ${input.round ?? 1}, ${input.trigger}, ${input.traceId ?? null})
    on conflict (run_id, round) do update set run_id = excluded.run_id
    returning ${sql(COLUMNS)}
  `);
  return row!;
}

/** Only a running row is finished: a retry after success, or a late reconciler, cannot overwrite the outcome. */
export async function finishSyncRun(
  sql: Db,
  id: string,
  result: { outcome: Exclude<SyncOutcome, 'running'>; errorCode?: string | null; errorMessage?: string | null; counts?: SyncCounts },
): Promise<SyncRunRow | undefined> {
  const [row] = await dbSpan('finish sync run', () => sql<SyncRunRow[]>`
    update sync_runs
    set outcome = ${result.outcome},
        finished_at = now(),
        error_code = ${noNul(result.errorCode)},
        error_message = ${noNul(result.errorMessage)},
        items_pushed = ${result.counts?.pushed ?? 0},
        items_pulled = ${result.counts?.pulled ?? 0},
        items_updated = ${result.counts?.updated ?? 0},
        warnings = ${(result.counts?.warnings ?? []).map((w) => noNul(w)!)}::text[]
    where id = ${id} and outcome = 'running'
    returning ${sql(COLUMNS)}
  `);
  return row;
}

/**
 * Newest first. The cursor is the id of the last row already seen: comparing against that row's own (started_at, id)
 * keeps Postgres' microsecond timestamps exact, which a timestamp round-tripped through a JS Date would not.
 */
export async function listSyncRuns(
  sql: Db,
  integrationId: string,
  opts: { limit: number; afterId?: string | undefined },
): Promise<SyncRunRow[]> {
  const after = opts.afterId;
  return sql<SyncRunRow[]>`
    select ${sql(COLUMNS)} from sync_runs
    where integration_id = ${integrationId}
      ${after ? sql`and (started_at, id) < (select started_at, id from sync_runs where id = ${after} and integration_id = ${integrationId})` : sql``}
    order by started_at desc, id desc
    limit ${opts.limit}
  `;
}

/** True when the id names a run of this integration (an unknown cursor is a client error, not an empty page). */
export async function syncRunExists(sql: Db, integrationId: string, id: string): Promise<boolean> {
  const rows = await sql`select 1 from sync_runs where id = ${id} and integration_id = ${integrationId}`;
  return rows.length === 1;
}
