import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';
import { RECONCILE_WORKFLOW_TYPE, reconcileScheduleId, type ReconcileInput } from '../workflows/ids.js';

export interface ReconcileScheduleConfig {
  taskQueue: string;
  intervalMs: number;
  graceMs: number;
}

/**
 * The reconciler is itself a Temporal Schedule (visible in the UI's Schedules tab), one per task queue. Registered at
 * every worker start: created the first time, updated to the current interval and grace afterwards.
 */
export async function ensureReconcileSchedule(client: Client, config: ReconcileScheduleConfig): Promise<string> {
  const scheduleId = reconcileScheduleId(config.taskQueue);
  const args: [ReconcileInput] = [{ graceMs: config.graceMs }];
  const options = {
    scheduleId,
    spec: { intervals: [{ every: config.intervalMs }] },
    action: {
      type: 'startWorkflow' as const,
      workflowType: RECONCILE_WORKFLOW_TYPE,
      workflowId: `audit-reconcile/${config.taskQueue}`,
      taskQueue: config.taskQueue,
      args,
      // A run nobody picks up (no worker) must not linger: the next tick starts a fresh one.
      workflowExecutionTimeout: Math.max(config.intervalMs * 5, 5 * 60_000),
    },
    policies: { overlap: 'SKIP' as const, catchupWindow: Math.max(config.intervalMs, 60_000) },
  } satisfies ScheduleOptions;
  try {
    await client.schedule.create(options);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec: options.spec, action: options.action, policies: options.policies }));
  }
  return scheduleId;
}
