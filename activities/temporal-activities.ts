import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import { claimDueIntegrations, type DueIntegration } from '../db/integrations.js';
import { failRunningRuns, listStaleRunningRuns, listStaleSyncingRows, markSyncLost, type LostSync } from '../db/reconcile.js';
import type { Sql } from '../db/sql.js';
import { withNewTrace } from '../db/tracing.js';
import {
  SYNC_WORKFLOW_TYPE,
  syncWorkflowId,
  syncWorkflowStartOptions,
  type ReconcileInput,
  type SweepInput,
  type SyncRetryOptions,
  type SyncWorkflowInput,
} from '../workflows/ids.js';

export interface TemporalDeps {
  client: Client;
  /** The queue sync workflows run on: the worker's own. */
  taskQueue: string;
}

export interface SweepResult {
  /** Due rows claimed, and sync workflows started or joined for them. */
  claimed: number;
  started: number;
  /** Starts Temporal refused; their claims run out and a later sweep retries them. */
  failed: number;
  batches: number;
}

/** Starts in flight at once while pacing; enough to reach the rate when a start takes a few tens of milliseconds. */
const START_CONCURRENCY = 16;
/** A sweep stops claiming after this long and lets the workflow's next sweep go on, so one activity stays short. */
const SWEEP_BUDGET_MS = 60_000;

export interface ReconcileResult {
  rowsRepaired: number;
  runsFailed: number;
}

/** The code a sync run gets when its workflow ended without the final step (terminated, reset, timed out). */
export const LOST_SYNC_CODE = 'WorkflowNotRunning';
export const DEFAULT_RECONCILE_GRACE_MS = 30_000;

function lostSync(status: WorkflowExecutionStatusName | 'NOT_FOUND'): LostSync {
  const what = status === 'NOT_FOUND' ? 'no longer exists' : `is ${status.toLowerCase().replace(/_/g, ' ')}`;
  return {
    code: LOST_SYNC_CODE,
    message: `the sync workflow ${what} and never recorded a result (terminated, reset or timed out in Temporal); marked failed by the reconciler`,
  };
}

async function workflowStatus(client: Client, workflowId: string): Promise<WorkflowExecutionStatusName | 'NOT_FOUND'> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'NOT_FOUND';
    throw err;
  }
}

export function createTemporalActivities(deps: { sql: Sql; temporal: TemporalDeps | undefined; syncRetry: SyncRetryOptions | undefined }) {
  const { sql } = deps;
  const temporal = (): TemporalDeps => {
    if (!deps.temporal) throw new Error('this activity needs a Temporal client (ActivityDeps.temporal)');
    return deps.temporal;
  };

  return {
    /**
     * Claims due integrations in batches and starts or joins each one's sync (trigger `schedule`) with the options a
     * manual sync uses, at most `startRatePerSecond` starts per second. The claim keeps the rows out of other sweeps
     * for a while (twice what the batch's starts should take, at least a minute); if this worker dies before starting
     * them the claim runs out and a later sweep starts them, and a start repeated that way joins the same workflow id.
     */
    async sweepDueSyncs(input: SweepInput): Promise<SweepResult> {
      const { client, taskQueue } = temporal();
      const spacingMs = 1000 / input.startRatePerSecond;
      // A batch is what the rate starts in about half a minute, so a claim (twice that, at least a minute) never
      // outlives its starts by much: a sweeper that died is replaced within about a minute.
      const batchSize = Math.min(input.batchSize, Math.max(1, Math.floor(input.startRatePerSecond * 30)));
      const claimMs = input.claimMs ?? Math.max(60_000, 2 * batchSize * spacingMs);
      const result: SweepResult = { claimed: 0, started: 0, failed: 0, batches: 0 };
      const began = Date.now();
      let nextStartAt = began;
      // Heartbeats on a timer: a worker that dies mid-sweep is noticed by the heartbeat timeout, however slow the rate.
      const context = Context.current();
      const heartbeat = setInterval(() => context.heartbeat(), 5000);
      const startOne = async (row: DueIntegration) => {
        const key = { orgId: row.org_id, projectId: row.project_id, provider: row.provider };
        const syncInput: SyncWorkflowInput = { integrationId: row.id, ...key, trigger: 'schedule', ...(deps.syncRetry ? { retry: deps.syncRetry } : {}) };
        try {
          // Each start is the root of its own trace, named after the integration: no request asked for it.
          await withNewTrace('sweeper start sync', { 'integration.id': row.id, 'sync.trigger': 'schedule' }, () =>
            client.workflow.start(SYNC_WORKFLOW_TYPE, { ...syncWorkflowStartOptions(syncInput, taskQueue), workflowIdConflictPolicy: 'USE_EXISTING' }),
          );
          result.started++;
        } catch {
          result.failed++;
        }
      };
      try {
        while (Date.now() - began < SWEEP_BUDGET_MS) {
          const due = await claimDueIntegrations(sql, { limit: batchSize, claimMs });
          if (due.length === 0) break;
          result.claimed += due.length;
          result.batches++;
          const inFlight = new Set<Promise<void>>();
          for (const row of due) {
            // Paced: each start has its slot, spacingMs after the previous one's.
            const wait = nextStartAt - Date.now();
            nextStartAt = Math.max(nextStartAt, Date.now()) + spacingMs;
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            const p = startOne(row).finally(() => inFlight.delete(p));
            inFlight.add(p);
            if (inFlight.size >= START_CONCURRENCY) await Promise.race(inFlight);
          }
          await Promise.all(inFlight);
          // Temporal refusing every start (down, overloaded): stop claiming; the claims run out and are retried later.
          if (due.length < batchSize || result.failed === result.claimed) break;
        }
      } finally {
        clearInterval(heartbeat);
      }
      return result;
    },

    /** Rows `syncing` whose workflow is not running → `error`; running runs whose workflow is gone → failed. */
    async reconcileSyncRows(input: ReconcileInput): Promise<ReconcileResult> {
      const { client } = temporal();
      const graceMs = input.graceMs ?? DEFAULT_RECONCILE_GRACE_MS;
      const result: ReconcileResult = { rowsRepaired: 0, runsFailed: 0 };
      for (const row of await listStaleSyncingRows(sql, graceMs)) {
        const status = await workflowStatus(client, syncWorkflowId({ orgId: row.org_id, projectId: row.project_id, provider: row.provider }));
        if (status === 'RUNNING') continue;
        if (await sql.begin((tx) => markSyncLost(tx, row.id, graceMs, lostSync(status)))) result.rowsRepaired++;
      }
      for (const run of await listStaleRunningRuns(sql, graceMs)) {
        // The latest run of the id: a reset continues the same sync run under a new run id.
        const status = await workflowStatus(client, run.workflow_id);
        if (status === 'RUNNING') continue;
        result.runsFailed += await failRunningRuns(sql, { runId: run.id }, lostSync(status));
      }
      return result;
    },
  };
}
