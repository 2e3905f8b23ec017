import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { SyncWorkflowInput } from './ids.js';

/** Bounded by default (5 attempts, 15 minutes); the starter may tighten or loosen it per deployment. */
export interface SyncRetryOptions {
  maximumAttempts?: number;
  maximumDurationMs?: number;
  initialIntervalMs?: number;
}

export interface SyncResult {
  outcome: 'succeeded' | 'failed' | 'cancelled' | 'skipped';
  syncRunId: string | null;
}

const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Recording a result must not be lost to a database outage: keep retrying, capped in time, not in attempts.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  scheduleToCloseTimeout: '24 hours',
});

function failureDetails(err: unknown): { code: string; message: string } {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'ProviderFailed', message: cause.message };
  if (cause && typeof cause === 'object' && 'message' in cause) {
    const name = (cause as { name?: string }).name ?? 'Failure';
    return { code: name === 'TimeoutFailure' ? 'ProviderTimedOut' : name, message: String((cause as { message: unknown }).message) };
  }
  return { code: 'ProviderFailed', message: 'the provider sync failed' };
}

/**
 * One sync of one integration: mark syncing → provider activity (retried, bounded) → record connected or error. The
 * final step runs whatever happened, including cancellation (disconnect) and activity timeouts.
 */
export async function syncIntegration(input: SyncWorkflowInput & { retry?: SyncRetryOptions }): Promise<SyncResult> {
  const retry = input.retry ?? {};
  const maximumDurationMs = retry.maximumDurationMs ?? 15 * 60_000;
  const provider = proxyActivities<Activities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    scheduleToCloseTimeout: maximumDurationMs,
    retry: {
      initialInterval: retry.initialIntervalMs ?? 1000,
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      maximumAttempts: retry.maximumAttempts ?? 5,
    },
  });

  const begun = await bookkeeping.beginSync({ integrationId: input.integrationId, trigger: input.trigger });
  if (!begun.proceed || begun.syncRunId === null) return { outcome: 'skipped', syncRunId: null };
  const syncRunId = begun.syncRunId;

  try {
    const counts = await provider.runProviderSync({ integrationId: input.integrationId });
    await bookkeeping.finishSync({ integrationId: input.integrationId, syncRunId, outcome: 'succeeded', counts });
    return { outcome: 'succeeded', syncRunId };
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() =>
        bookkeeping.finishSync({ integrationId: input.integrationId, syncRunId, outcome: 'cancelled', errorCode: 'Cancelled', errorMessage: 'the sync was cancelled' }),
      );
      throw err;
    }
    const { code, message } = failureDetails(err);
    await bookkeeping.finishSync({ integrationId: input.integrationId, syncRunId, outcome: 'failed', errorCode: code, errorMessage: message });
    // Fail the execution too, so operators see it red in the Temporal UI; the message is already secret-free.
    throw ApplicationFailure.create({ type: code, message: `sync of ${workflowInfo().workflowId} failed: ${message}`, nonRetryable: true });
  }
}
