import { proxyActivities } from '@temporalio/workflow';

/** The bare-Temporal ceiling: as many activities as workflows/sync-integration.ts runs on success, each a no-op. */
export interface BareActivities {
  begin(input: { n: number }): Promise<void>;
  work(input: { n: number }): Promise<void>;
  /** Returns when it ran: the bare counterpart of sync_runs.finished_at. */
  finish(input: { n: number }): Promise<number>;
}

// The same timeouts as the sync workflow's bookkeeping and provider proxies.
const bookkeeping = proxyActivities<BareActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  scheduleToCloseTimeout: '24 hours',
});
const provider = proxyActivities<BareActivities>({
  startToCloseTimeout: '15 minutes',
  scheduleToCloseTimeout: '15 minutes',
  heartbeatTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
});

export async function bareSync(input: { n: number }): Promise<number> {
  await bookkeeping.begin(input);
  await provider.work(input);
  return bookkeeping.finish(input);
}
