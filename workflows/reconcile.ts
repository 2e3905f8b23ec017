import { proxyActivities } from '@temporalio/workflow';
import type { Activities, ReconcileResult } from '../activities/index.js';
import type { ReconcileInput } from './ids.js';

const { reconcileSyncRows } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

/**
 * Started by the reconciler Schedule: rows left `syncing` by a workflow an operator terminated, reset or timed out
 * (so its final step never ran) are put into `error`, with their running sync run failed.
 */
export async function reconcileSyncs(input: ReconcileInput = {}): Promise<ReconcileResult> {
  return reconcileSyncRows(input);
}
