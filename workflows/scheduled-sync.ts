import { proxyActivities } from '@temporalio/workflow';
import type { Activities, ScheduledSyncResult } from '../activities/index.js';
import type { ScheduledSyncInput } from './ids.js';

const { startScheduledSync } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * What an integration's Schedule starts. Schedule-started workflows get a timestamp appended to their id, so they
 * cannot be the sync itself without breaking "one sync per integration": this starts (or joins) `audit-sync/…`
 * with the USE_EXISTING conflict policy and returns at once.
 */
export async function triggerScheduledSync(input: ScheduledSyncInput): Promise<ScheduledSyncResult> {
  return startScheduledSync(input);
}
