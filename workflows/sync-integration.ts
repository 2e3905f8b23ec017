import { ApplicationFailure, CancellationScope, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { failureDetails } from './failure-details.js';
import type { SyncRetryOptions, SyncWorkflowInput } from './ids.js';

export type { SyncRetryOptions } from './ids.js';

export const DEFAULT_SYNC_RETRY = {
  maximumAttempts: 5,
  maximumDurationMs: 15 * 60_000,
  initialIntervalMs: 1000,
  heartbeatTimeoutMs: 60_000,
} as const satisfies Required<SyncRetryOptions>;

type SyncCounts = Awaited<ReturnType<Activities['runProviderSync']>>;

export interface SyncResult {
  outcome: 'succeeded' | 'failed' | 'cancelled' | 'skipped';
  syncRunId: string | null;
  counts?: SyncCounts;
}

const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Recording a result must not be lost to a database outage: keep retrying, capped in time, not in attempts.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  scheduleToCloseTimeout: '24 hours',
});

function providerActivities(retry: SyncRetryOptions) {
  const maximumDurationMs = retry.maximumDurationMs ?? DEFAULT_SYNC_RETRY.maximumDurationMs;
  return proxyActivities<Activities>({
    // One attempt may use the whole budget: a crashed worker is noticed by the heartbeat timeout, not by this.
    startToCloseTimeout: maximumDurationMs,
    scheduleToCloseTimeout: maximumDurationMs,
    heartbeatTimeout: retry.heartbeatTimeoutMs ?? DEFAULT_SYNC_RETRY.heartbeatTimeoutMs,
    retry: {
      initialInterval: retry.initialIntervalMs ?? DEFAULT_SYNC_RETRY.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      maximumAttempts: retry.maximumAttempts ?? DEFAULT_SYNC_RETRY.maximumAttempts,
    },
  });
}

/**
 * One sync of one integration: mark syncing → provider activity (retried, bounded) → record connected or error. The
 * final step runs whatever happened, including cancellation (disconnect) and activity timeouts.
 */
export async function syncIntegration(input: SyncWorkflowInput): Promise<SyncResult> {
  const { integrationId } = input;
  const provider = providerActivities(input.retry ?? {});

  // Not cancellable: once the run row exists, the final step below must get the chance to close it.
  const begun = await CancellationScope.nonCancellable(() => bookkeeping.beginSync({ integrationId, trigger: input.trigger }));
  if (!begun.proceed || begun.syncRunId === null) return { outcome: 'skipped', syncRunId: null };
  const syncRunId = begun.syncRunId;

  try {
    const counts = await provider.runProviderSync({ integrationId });
    await bookkeeping.finishSync({ integrationId, syncRunId, outcome: 'succeeded', counts });
    return { outcome: 'succeeded', syncRunId, counts };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() =>
        bookkeeping.finishSync({ integrationId, syncRunId, outcome: 'cancelled', errorCode: 'Cancelled', errorMessage: 'the sync was cancelled' }),
      );
      throw err;
    }
    const { code, message } = failureDetails(err);
    await bookkeeping.finishSync({ integrationId, syncRunId, outcome: 'failed', errorCode: code, errorMessage: message });
    // Fail the execution too, so operators see it red in the Temporal UI; the message is already secret-free.
    throw ApplicationFailure.create({ type: code, message: `sync of ${workflowInfo().workflowId} failed: ${message}`, nonRetryable: true });
  }
}
