import type { Client } from '@temporalio/client';
import { SYNC_REQUESTED_SIGNAL, SYNC_WORKFLOW_TYPE, syncWorkflowStartOptions, type SyncRetryOptions, type SyncWorkflowInput } from '../workflows/ids.js';

export interface SyncStarterConfig {
  taskQueue: string;
  /** How long a start may take before the API answers request_failed. */
  startTimeoutMs: number;
  /** SYNC_MAX_ATTEMPTS / SYNC_MAX_DURATION_MS / SYNC_HEARTBEAT_TIMEOUT_MS, passed in the workflow input. */
  retry?: SyncRetryOptions;
}

export type StartSync = (input: SyncWorkflowInput) => Promise<{ workflowId: string; runId: string }>;

/**
 * Starts (or joins) the integration's sync workflow with signal-with-start: a running execution gets the
 * `syncRequested` signal instead of a second execution (it decides whether the request needs another round, see
 * workflows/sync-integration.ts); a closed one is replaced by a new run.
 */
export function createSyncStarter(client: Client, config: SyncStarterConfig): StartSync {
  return async (input) => {
    const options = syncWorkflowStartOptions(config.retry ? { ...input, retry: config.retry } : input, config.taskQueue);
    const handle = await client.withDeadline(Date.now() + config.startTimeoutMs, () =>
      client.workflow.signalWithStart(SYNC_WORKFLOW_TYPE, { ...options, signal: SYNC_REQUESTED_SIGNAL, signalArgs: [] }),
    );
    return { workflowId: options.workflowId, runId: handle.signaledRunId };
  };
}
