import { formatTimestamp } from '../db/timestamps.js';
import { claimForSync, findIntegration, releaseSyncClaim, type IntegrationKey } from '../db/integrations.js';
import { listStuckIntegrations, type StuckIntegrationRow } from '../db/ops.js';
import type { Sql } from '../db/sql.js';
import { listSyncRuns, type SyncRunRow } from '../db/sync-runs.js';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { LEGACY_SYNC_SCHEDULE_PREFIX, legacyReconcileScheduleId, syncWorkflowId } from '../workflows/ids.js';
import type { StartSync } from './sync-starter.js';

/** A failure to report to the operator (exit 2): the message is shown as is, so it never carries a secret. */
export class OpsError extends Error {
  override name = 'OpsError';
}

/** Integrations in `error`, or `syncing` for longer than `olderThanMs`, across all orgs. */
export function stuckIntegrations(sql: Sql, opts: { olderThanMs: number; limit: number }): Promise<StuckIntegrationRow[]> {
  return listStuckIntegrations(sql, opts);
}

/**
 * The API's `POST …/sync` without HTTP: claim the row (`syncing`), start or join the integration's workflow, and put the
 * row back if the start fails.
 */
export async function triggerSync(deps: { sql: Sql; startSync: StartSync }, key: IntegrationKey): Promise<{ workflowId: string; runId: string; previousStatus: string }> {
  const claim = await claimForSync(deps.sql, key);
  if (!claim) throw new OpsError(`${key.provider} is not connected for ${key.orgId}/${key.projectId}`);
  try {
    const started = await deps.startSync({ integrationId: claim.row.id, ...key, trigger: 'manual' });
    return { ...started, previousStatus: claim.previousStatus };
  } catch (err) {
    await releaseSyncClaim(deps.sql, claim);
    throw new OpsError(`the sync workflow ${syncWorkflowId(key)} could not be started: ${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? ''}`);
  }
}

export interface LegacyScheduleCleanup {
  /** Deleted (or, with dryRun, to delete): per-integration sync schedules and this task queue's reconciler schedule. */
  deleted: number;
  /** Legacy ids whose schedule starts workflows on another task queue (another deployment in the namespace): kept. */
  otherTaskQueues: number;
}

/**
 * Deletes what earlier releases left in Temporal: one `audit-sync-schedule/…` Schedule per integration and the
 * `audit-reconcile/<task queue>` Schedule (the housekeeping workflow sweeps and reconciles now). Only schedules whose
 * action runs on `taskQueue` are touched, so deployments sharing a namespace are left alone. Idempotent.
 */
export async function deleteLegacySchedules(client: Client, opts: { taskQueue: string; dryRun?: boolean; concurrency?: number }): Promise<LegacyScheduleCleanup> {
  const result: LegacyScheduleCleanup = { deleted: 0, otherTaskQueues: 0 };
  const reconcileId = legacyReconcileScheduleId(opts.taskQueue);
  const inFlight = new Set<Promise<void>>();
  const handle = async (scheduleId: string) => {
    const schedule = client.schedule.getHandle(scheduleId);
    try {
      const { action } = await schedule.describe();
      if (action.taskQueue !== opts.taskQueue) {
        result.otherTaskQueues++;
        return;
      }
      if (!opts.dryRun) await schedule.delete();
      result.deleted++;
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  };
  for await (const summary of client.schedule.list()) {
    if (!summary.scheduleId.startsWith(LEGACY_SYNC_SCHEDULE_PREFIX) && summary.scheduleId !== reconcileId) continue;
    const p = handle(summary.scheduleId).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= (opts.concurrency ?? 8)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return result;
}

/** The integration's latest sync runs, newest first. */
export async function lastRuns(sql: Sql, key: IntegrationKey, limit: number): Promise<SyncRunRow[]> {
  const integration = await findIntegration(sql, key);
  if (!integration) throw new OpsError(`no ${key.provider} integration for ${key.orgId}/${key.projectId}`);
  return listSyncRuns(sql, integration.id, { limit });
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return formatTimestamp(value);
  return String(value).replace(/\s+/g, ' ');
}

/** A plain aligned table for terminals; `--json` prints the rows instead. */
export function formatTable(rows: readonly object[], columns: readonly string[]): string {
  const cells = rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}
