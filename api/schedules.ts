import { ScheduleAlreadyRunning, ScheduleNotFoundError, WorkflowNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import {
  integrationSearchAttributes,
  SCHEDULED_SYNC_WORKFLOW_TYPE,
  scheduledSyncWorkflowId,
  syncScheduleId,
  syncWorkflowId,
  type IntegrationIdentity,
  type ScheduledSyncInput,
} from '../workflows/ids.js';

export interface SyncControlConfig {
  taskQueue: string;
  /** SYNC_INTERVAL in milliseconds. */
  intervalMs: number;
  /** Bound on each Temporal call, like starting a sync. */
  timeoutMs: number;
}

/** What connect and disconnect do in Temporal: the integration's Schedule and its running sync. */
export interface SyncControl {
  ensureSchedule(integration: IntegrationIdentity & { integrationId: string }): Promise<void>;
  removeSchedule(key: IntegrationIdentity): Promise<void>;
  /** Requests cancellation of the running sync, if any; its final step records the run `cancelled`. */
  cancelSync(key: IntegrationIdentity): Promise<void>;
}

export function syncScheduleOptions(input: ScheduledSyncInput, config: Pick<SyncControlConfig, 'taskQueue' | 'intervalMs'>): ScheduleOptions & Required<Pick<ScheduleOptions, 'policies'>> {
  const key = { orgId: input.orgId, projectId: input.projectId, provider: input.provider };
  const args: [ScheduledSyncInput] = [{ integrationId: input.integrationId, ...key }];
  return {
    scheduleId: syncScheduleId(key),
    // Jitter spreads the integrations connected in the same minute over a tenth of the interval (at most 10 minutes).
    spec: { intervals: [{ every: config.intervalMs }], jitter: Math.min(Math.floor(config.intervalMs / 10), 10 * 60_000) },
    action: {
      type: 'startWorkflow',
      workflowType: SCHEDULED_SYNC_WORKFLOW_TYPE,
      workflowId: scheduledSyncWorkflowId(key),
      taskQueue: config.taskQueue,
      args,
      typedSearchAttributes: integrationSearchAttributes(key),
      workflowExecutionTimeout: 10 * 60_000,
    },
    // The trigger only starts or joins `audit-sync/…`; SKIP keeps two triggers of one integration from piling up.
    policies: { overlap: 'SKIP', catchupWindow: 10 * 60_000 },
    typedSearchAttributes: integrationSearchAttributes(key),
  };
}

export function createSyncControl(client: Client, config: SyncControlConfig): SyncControl {
  const bounded = <T>(fn: () => Promise<T>): Promise<T> => client.withDeadline(Date.now() + config.timeoutMs, fn);

  return {
    async ensureSchedule(integration) {
      const options = syncScheduleOptions(integration, config);
      await bounded(async () => {
        try {
          await client.schedule.create(options);
        } catch (err) {
          if (!(err instanceof ScheduleAlreadyRunning)) throw err;
          // Connecting again updates the schedule (interval, task queue, row id) instead of failing.
          await client.schedule.getHandle(options.scheduleId).update((prev) => ({ ...prev, spec: options.spec, action: options.action, policies: options.policies }));
        }
      });
    },

    async removeSchedule(key) {
      await bounded(async () => {
        try {
          await client.schedule.getHandle(syncScheduleId(key)).delete();
        } catch (err) {
          if (!(err instanceof ScheduleNotFoundError)) throw err;
        }
      });
    },

    async cancelSync(key) {
      await bounded(async () => {
        const handle = client.workflow.getHandle(syncWorkflowId(key));
        try {
          const { status } = await handle.describe();
          if (status.name === 'RUNNING') await handle.cancel();
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      });
    },
  };
}
