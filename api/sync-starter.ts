import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  ORG_ID_ATTRIBUTE,
  PROJECT_ID_ATTRIBUTE,
  PROVIDER_ATTRIBUTE,
  SYNC_WORKFLOW_TYPE,
  syncWorkflowId,
  type SyncRetryOptions,
  type SyncWorkflowInput,
} from '../workflows/ids.js';

export interface SyncStarterConfig {
  taskQueue: string;
  /** How long a start may take before the API answers request_failed. */
  startTimeoutMs: number;
  /** SYNC_MAX_ATTEMPTS / SYNC_MAX_DURATION_MS / SYNC_HEARTBEAT_TIMEOUT_MS, passed in the workflow input. */
  retry?: SyncRetryOptions;
}

export type StartSync = (input: SyncWorkflowInput) => Promise<{ workflowId: string; runId: string }>;

/**
 * Starts (or joins) the integration's sync workflow. USE_EXISTING makes a concurrent second start return the running
 * execution instead of creating another; a closed one is replaced by a new run.
 */
export function createSyncStarter(client: Client, config: SyncStarterConfig): StartSync {
  return async (input) => {
    const workflowId = syncWorkflowId(input);
    const handle = await client.withDeadline(Date.now() + config.startTimeoutMs, () =>
      client.workflow.start(SYNC_WORKFLOW_TYPE, {
        taskQueue: config.taskQueue,
        workflowId,
        args: [config.retry ? { ...input, retry: config.retry } : input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: new TypedSearchAttributes([
          { key: ORG_ID_ATTRIBUTE, value: input.orgId },
          { key: PROJECT_ID_ATTRIBUTE, value: input.projectId },
          { key: PROVIDER_ATTRIBUTE, value: input.provider },
        ]),
      }),
    );
    return { workflowId, runId: handle.firstExecutionRunId };
  };
}
