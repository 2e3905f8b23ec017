import type { Db } from './sql.js';
import type { Provider } from './providers.js';

/** What the reconciler needs to find a row's workflow: ids only. */
export interface SyncingRow {
  id: string;
  org_id: string;
  project_id: string;
  provider: Provider;
}

export interface RunningSyncRun {
  id: string;
  integration_id: string;
  workflow_id: string;
  run_id: string;
}

export interface LostSync {
  code: string;
  message: string;
}

/** `column` is further back than the grace period. */
const olderThan = (sql: Db, column: 'updated_at' | 'started_at', graceMs: number) => sql`${sql(column)} < now() - make_interval(secs => ${graceMs / 1000})`;

/** Rows `syncing` and untouched for longer than the grace period (a start may still be on its way before that). */
export async function listStaleSyncingRows(sql: Db, graceMs: number): Promise<SyncingRow[]> {
  return sql<SyncingRow[]>`
    select id, org_id, project_id, provider from audit_integrations
    where status = 'syncing' and ${olderThan(sql, 'updated_at', graceMs)}
    order by updated_at limit 500
  `;
}

/** Running sync runs older than the grace period; the reconciler asks Temporal whether their workflow still runs. */
export async function listStaleRunningRuns(sql: Db, graceMs: number): Promise<RunningSyncRun[]> {
  return sql<RunningSyncRun[]>`
    select id, integration_id, workflow_id, run_id from sync_runs
    where outcome = 'running' and ${olderThan(sql, 'started_at', graceMs)}
    order by started_at limit 500
  `;
}

/**
 * `syncing` → `error`, and its running runs → failed, unless the row moved in the meantime (a new sync claimed it
 * within the grace period). Returns whether the row was changed. The caller passes a transaction.
 */
export async function markSyncLost(tx: Db, integrationId: string, graceMs: number, lost: LostSync): Promise<boolean> {
  const rows = await tx`
    update audit_integrations
    set status = 'error', updated_at = now()
    where id = ${integrationId} and status = 'syncing' and ${olderThan(tx, 'updated_at', graceMs)}
    returning id
  `;
  if (rows.length === 0) return false;
  await failRunningRuns(tx, { integrationId }, lost);
  return true;
}

export async function failRunningRuns(sql: Db, which: { integrationId: string } | { runId: string }, lost: LostSync): Promise<number> {
  const rows = await sql`
    update sync_runs
    set outcome = 'failed', finished_at = now(), error_code = ${lost.code}, error_message = ${lost.message}
    where outcome = 'running'
      and ${'runId' in which ? sql`id = ${which.runId}` : sql`integration_id = ${which.integrationId}`}
    returning id
  `;
  return rows.length;
}
