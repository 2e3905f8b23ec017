import { ScheduleNotFoundError, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { HOUSEKEEPING_SETTINGS_SIGNAL, HOUSEKEEPING_WORKFLOW_TYPE, housekeepingWorkflowId, legacyReconcileScheduleId, type HousekeepingSettings } from '../workflows/ids.js';

/**
 * Every worker calls this at start: signal-with-start on the task queue's fixed workflow id starts the housekeeping
 * loop if none runs, or hands the running one this deployment's settings. Two workers starting together still get
 * one execution (the id is unique among running workflows). The reconciler Schedule of earlier releases is deleted:
 * the loop reconciles now.
 */
export async function ensureHousekeeping(client: Client, taskQueue: string, settings: HousekeepingSettings): Promise<string> {
  const workflowId = housekeepingWorkflowId(taskQueue);
  await client.workflow.signalWithStart(HOUSEKEEPING_WORKFLOW_TYPE, {
    workflowId,
    taskQueue,
    args: [settings],
    signal: HOUSEKEEPING_SETTINGS_SIGNAL,
    signalArgs: [settings],
    // A loop an operator terminated is started afresh by the next worker start (or keepHousekeepingAlive).
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  try {
    await client.schedule.getHandle(legacyReconcileScheduleId(taskQueue)).delete();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  return workflowId;
}

/**
 * Between worker starts: a plain start with USE_EXISTING every `everyMs` restarts the loop if it was terminated, and
 * adds nothing to a running one's history. Returns the function that stops the checks.
 */
export function keepHousekeepingAlive(
  client: Client,
  taskQueue: string,
  settings: HousekeepingSettings,
  opts: { everyMs: number; onError: (err: unknown) => void },
): () => void {
  const timer = setInterval(() => {
    client.workflow
      .start(HOUSEKEEPING_WORKFLOW_TYPE, {
        workflowId: housekeepingWorkflowId(taskQueue),
        taskQueue,
        args: [settings],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      })
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) opts.onError(err);
      });
  }, opts.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
