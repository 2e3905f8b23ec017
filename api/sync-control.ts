import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { syncWorkflowId, type IntegrationIdentity } from '../workflows/ids.js';
import { within } from './temporal-calls.js';

export interface SyncControlConfig {
  /** Bound on the Temporal calls of one cancellation, together. */
  timeoutMs: number;
}

/**
 * What disconnect does in Temporal. Periodic syncs need nothing here: they follow the row's next_sync_at, which
 * connect sets and disconnect clears (workflows/housekeeping.ts sweeps them).
 */
export interface SyncControl {
  /** Requests cancellation of the running sync, if any; its final step records the run `cancelled`. */
  cancelSync(key: IntegrationIdentity): Promise<void>;
}

export function createSyncControl(client: Client, config: SyncControlConfig): SyncControl {
  return {
    async cancelSync(key) {
      await within(config.timeoutMs, async () => {
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
