import { ActivityFailure, ApplicationFailure, CancellationScope, defineSignal, isCancellation, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ProviderSyncInput } from '../activities/provider-sync.js';
import { failureDetails } from './failure-details.js';
import { ORG_BUSY_FAILURE_TYPE, SYNC_REQUESTED_SIGNAL, type SyncRequest, type SyncRetryOptions, type SyncTrigger, type SyncWorkflowInput } from './ids.js';

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

export const syncRequestedSignal = defineSignal<[SyncRequest?]>(SYNC_REQUESTED_SIGNAL);

const ORG_BUSY_FIRST_WAIT_MS = 1000;
const ORG_BUSY_MAX_WAIT_MS = 10_000;

function isOrgBusy(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === ORG_BUSY_FAILURE_TYPE;
}

/**
 * The provider step, waiting its turn while the org already runs its share of the worker (worker/org-fairness.ts): the
 * worker refuses at once, this waits on a timer (1 s doubling to 10 s) and schedules a fresh activity, so waiting uses
 * no retry attempt and no slot.
 */
async function runProviderStep(provider: ReturnType<typeof providerActivities>, input: ProviderSyncInput): Promise<SyncCounts> {
  for (let waitMs = ORG_BUSY_FIRST_WAIT_MS; ; waitMs = Math.min(waitMs * 2, ORG_BUSY_MAX_WAIT_MS)) {
    try {
      return await provider.runProviderSync(input);
    } catch (err) {
      if (!isOrgBusy(err)) throw err;
      await sleep(waitMs);
    }
  }
}

/**
 * Syncs one integration: mark syncing → provider activity (retried, bounded) → record connected or error. The final
 * step runs whatever happened, including cancellation (disconnect) and activity timeouts.
 *
 * A request that arrives while the provider step runs simply joins it. One that arrives once the result is being
 * recorded (the API has just marked the row `syncing` again) gets one more round in this run, so the row never stays
 * `syncing` behind a run that has closed.
 */
export async function syncIntegration(input: SyncWorkflowInput): Promise<SyncResult> {
  let recording = false;
  let current: SyncTrigger = input.trigger;
  // The trigger of a request that landed while recording: the follow-up round is recorded as that request's.
  let followUp: SyncTrigger | undefined;
  setHandler(syncRequestedSignal, (request) => {
    const trigger = request?.trigger ?? input.trigger;
    // A full resync cannot join a plain round (that one keeps its links): it gets a round of its own after it. Once
    // asked for, a follow-up stays a full resync whatever else is requested meanwhile.
    const needsRound = recording || (trigger === 'full_resync' && current !== 'full_resync');
    if (needsRound && followUp !== 'full_resync') followUp = trigger;
  });

  for (let round = 1, trigger = input.trigger; ; round++) {
    recording = false;
    current = trigger;
    followUp = undefined;
    const result = await syncRound({ ...input, trigger }, round, () => {
      recording = true;
    });
    if (followUp === undefined) return settle(result);
    trigger = followUp;
  }
}

type RoundResult = SyncResult & { failure?: { code: string; message: string } };

function settle(result: RoundResult): SyncResult {
  const { failure, ...outcome } = result;
  // Fail the execution too, so operators see it red in the Temporal UI; the message is already secret-free.
  if (failure) throw ApplicationFailure.create({ type: failure.code, message: `sync of ${workflowInfo().workflowId} failed: ${failure.message}`, nonRetryable: true });
  return outcome;
}

async function syncRound(input: SyncWorkflowInput, round: number, onRecording: () => void): Promise<RoundResult> {
  const { integrationId } = input;
  const provider = providerActivities(input.retry ?? {});

  // Not cancellable: once the run row exists, the final step below must get the chance to close it.
  const begun = await CancellationScope.nonCancellable(() => bookkeeping.beginSync({ integrationId, trigger: input.trigger, round }));
  if (!begun.proceed || begun.syncRunId === null) return { outcome: 'skipped', syncRunId: null };
  const syncRunId = begun.syncRunId;

  try {
    const counts = await runProviderStep(provider, { integrationId, ...(input.trigger === 'full_resync' ? { fullResync: true } : {}) });
    onRecording();
    await bookkeeping.finishSync({ integrationId, syncRunId, outcome: 'succeeded', counts });
    return { outcome: 'succeeded', syncRunId, counts };
  } catch (err) {
    onRecording();
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() =>
        bookkeeping.finishSync({ integrationId, syncRunId, outcome: 'cancelled', errorCode: 'Cancelled', errorMessage: 'the sync was cancelled' }),
      );
      throw err;
    }
    const failure = failureDetails(err);
    await bookkeeping.finishSync({ integrationId, syncRunId, outcome: 'failed', errorCode: failure.code, errorMessage: failure.message });
    return { outcome: 'failed', syncRunId, failure };
  }
}
