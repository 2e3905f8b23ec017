import { ActivityFailure, ApplicationFailure, TemporalFailure, TimeoutFailure } from '@temporalio/workflow';

export interface FailureDetails {
  code: string;
  message: string;
}

const TIMEOUT_WORDS: Record<string, string> = {
  HEARTBEAT: 'stopped reporting progress (heartbeat timeout)',
  START_TO_CLOSE: 'took longer than an attempt may take',
  SCHEDULE_TO_CLOSE: 'did not finish within the sync time budget',
  SCHEDULE_TO_START: 'was not picked up by a worker in time',
};

/**
 * What the sync run row and the row's failure say. The provider's own classified failure wins (its type is the code,
 * its message was sanitised in the activity); a timeout with no provider failure behind it is `ProviderTimedOut`.
 */
export function failureDetails(err: unknown): FailureDetails {
  let current: unknown = err instanceof ActivityFailure ? err.cause : err;
  let timeout: TimeoutFailure | undefined;
  while (current instanceof TemporalFailure) {
    if (current instanceof ApplicationFailure) {
      const message = timeout ? `gave up after the time budget ran out; last failure: ${current.message}` : current.message;
      return { code: current.type ?? 'ProviderFailed', message };
    }
    if (current instanceof TimeoutFailure) timeout ??= current;
    current = current.cause;
  }
  if (timeout) return { code: 'ProviderTimedOut', message: `the provider sync ${TIMEOUT_WORDS[String(timeout.timeoutType)] ?? 'timed out'}` };
  return { code: 'ProviderFailed', message: 'the provider sync failed' };
}
