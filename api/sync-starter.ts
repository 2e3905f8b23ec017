import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { SYNC_REQUESTED_SIGNAL, SYNC_WORKFLOW_TYPE, syncWorkflowStartOptions, type SyncRetryOptions, type SyncWorkflowInput } from '../workflows/ids.js';
import { within } from './temporal-calls.js';

export interface SyncStarterConfig {
  taskQueue: string;
  /** How long a start may take, all its calls together, before the API answers request_failed. */
  startTimeoutMs: number;
  /** SYNC_MAX_ATTEMPTS / SYNC_MAX_DURATION_MS / SYNC_HEARTBEAT_TIMEOUT_MS, passed in the workflow input. */
  retry?: SyncRetryOptions;
}

export interface StartSyncOptions {
  /**
   * The row was already `syncing` when this request claimed it: the sync it belongs to has not recorded its result yet
   * (that write and the claim lock the same row), so a running execution will record after this request and needs no
   * signal. Only when no execution is running (a start that failed, a terminated run) is one started.
   */
  joinIfRunning?: boolean;
}

export type StartSync = (input: SyncWorkflowInput, opts?: StartSyncOptions) => Promise<{ workflowId: string; runId: string; joined: boolean }>;

/**
 * Starts (or joins) the integration's sync workflow: a plain start when none is running (a closed one is replaced by
 * a new run); a running execution gets the `syncRequested` signal (signal-with-start) instead of a second execution
 * (it decides whether the request needs another round, see workflows/sync-integration.ts). A request on a row that is already `syncing`
 * only looks the execution up (no history event), so a flood of sync requests on a running sync adds nothing to its
 * history; the signal is kept for requests that may have landed in the recording window.
 */
export function createSyncStarter(client: Client, config: SyncStarterConfig): StartSync {
  return (input, opts = {}) =>
    within(config.startTimeoutMs, async () => {
      const options = syncWorkflowStartOptions(config.retry ? { ...input, retry: config.retry } : input, config.taskQueue);
      if (opts.joinIfRunning) {
        const running = await client.workflow
          .getHandle(options.workflowId)
          .describe()
          .then((d) => (d.status.name === 'RUNNING' ? d.runId : undefined))
          .catch(() => undefined);
        if (running) return { workflowId: options.workflowId, runId: running, joined: true };
      }
      // No execution running (the usual case): a plain start, so its history carries no signal event. One running: the
      // start is refused and the request becomes its signal (or, if it closed meanwhile, a new run).
      try {
        const started = await client.workflow.start(SYNC_WORKFLOW_TYPE, options);
        return { workflowId: options.workflowId, runId: started.firstExecutionRunId, joined: false };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      const handle = await client.workflow.signalWithStart(SYNC_WORKFLOW_TYPE, { ...options, signal: SYNC_REQUESTED_SIGNAL, signalArgs: [{ trigger: input.trigger }] });
      return { workflowId: options.workflowId, runId: handle.signaledRunId, joined: false };
    });
}
