import { WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import { findIntegrationById } from '../db/integrations.js';
import { failRunningRuns, listStaleRunningRuns, listStaleSyncingRows, markSyncLost, type LostSync } from '../db/reconcile.js';
import type { Sql } from '../db/sql.js';
import {
  SYNC_WORKFLOW_TYPE,
  syncWorkflowId,
  syncWorkflowStartOptions,
  type ReconcileInput,
  type ScheduledSyncInput,
  type SyncRetryOptions,
  type SyncWorkflowInput,
} from '../workflows/ids.js';

export interface TemporalDeps {
  client: Client;
  /** The queue sync workflows run on: the worker's own. */
  taskQueue: string;
}

export interface ScheduledSyncResult {
  started: boolean;
  workflowId: string | null;
  runId: string | null;
}

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
    /** Starts or joins the integration's sync with USE_EXISTING: a scheduled sync never runs beside a manual one. */
    async startScheduledSync(input: ScheduledSyncInput): Promise<ScheduledSyncResult> {
      const row = await findIntegrationById(sql, input.integrationId);
      if (!row || row.status === 'disconnected') return { started: false, workflowId: null, runId: null };
      const { client, taskQueue } = temporal();
      const key = { orgId: row.org_id, projectId: row.project_id, provider: row.provider };
      const syncInput: SyncWorkflowInput = { integrationId: row.id, ...key, trigger: 'schedule', ...(deps.syncRetry ? { retry: deps.syncRetry } : {}) };
      const options = syncWorkflowStartOptions(syncInput, taskQueue);
      const handle = await client.workflow.start(SYNC_WORKFLOW_TYPE, { ...options, workflowIdConflictPolicy: 'USE_EXISTING' });
      return { started: true, workflowId: options.workflowId, runId: handle.firstExecutionRunId };
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
