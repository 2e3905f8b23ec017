import type { ApplicationFailure } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailureType, permanentFailure, transientFailure } from '../../activities/errors.js';
import { SYNC_WORKFLOW_TYPE } from '../../workflows/ids.js';
import type { SyncResult } from '../../workflows/sync-integration.js';
import { createTimeSkippingEnv, recordingActivities, startWorker, syncInput, type ProviderBehaviour } from './harness.js';

const ok = { pushed: 2, pulled: 1, updated: 0 };

describe('syncIntegration retries (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  async function run(provider: ProviderBehaviour, extra: Record<string, unknown> = {}) {
    const { rec, activities } = recordingActivities(env, provider);
    const { worker, taskQueue } = await startWorker(env, activities);
    const outcome = await worker.runUntil(
      env.client.workflow
        .execute<(i: unknown) => Promise<SyncResult>>(SYNC_WORKFLOW_TYPE, { taskQueue, workflowId: `t-${crypto.randomUUID()}`, args: [syncInput(extra)] })
        .then((result) => ({ result, error: undefined }), (error: unknown) => ({ result: undefined, error })),
    );
    return { rec, ...outcome };
  }

  const gaps = (rec: { attempts: { startedAtMs: number }[] }) => rec.attempts.slice(1).map((a, i) => a.startedAtMs - rec.attempts[i]!.startedAtMs);

  it('retries 5xx with exponential backoff and records success', async () => {
    const { rec, result } = await run(async (a) => {
      if (a.attempt < 4) throw transientFailure(FailureType.Unavailable, 'GitHub answered 502');
      return ok;
    });
    expect(result).toMatchObject({ outcome: 'succeeded', counts: ok });
    expect(rec.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    const [g1, g2, g3] = gaps(rec);
    // 1 s, 2 s, 4 s (server time), each roughly double the last.
    expect(g1).toBeGreaterThanOrEqual(1000);
    expect(g2).toBeGreaterThanOrEqual(2000);
    expect(g3).toBeGreaterThanOrEqual(4000);
    expect(g3!).toBeLessThan(8000);
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'succeeded', counts: ok })]);
  });

  it('gives up after 5 attempts by default and records the failure', async () => {
    const { rec, error } = await run(() => Promise.reject(transientFailure(FailureType.Unavailable, 'GitHub answered 503')));
    expect(rec.attempts).toHaveLength(5);
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'failed', errorCode: 'ProviderUnavailable', errorMessage: 'GitHub answered 503' })]);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(((error as WorkflowFailedError).cause as ApplicationFailure).type).toBe('ProviderUnavailable');
  });

  it('honours a configured attempt bound', async () => {
    const { rec } = await run(() => Promise.reject(new Error('socket hang up')), { retry: { maximumAttempts: 2 } });
    expect(rec.attempts).toHaveLength(2);
    expect(rec.finishes[0]).toMatchObject({ outcome: 'failed', errorCode: 'Error' });
  });

  it('waits as long as Retry-After says (nextRetryDelay) instead of the backoff', async () => {
    const { rec, result } = await run(async (a) => {
      if (a.attempt === 1) throw transientFailure(FailureType.RateLimited, 'GitHub answered 429', 90_000);
      return ok;
    });
    expect(result?.outcome).toBe('succeeded');
    expect(gaps(rec)[0]).toBeGreaterThanOrEqual(90_000);
    expect(gaps(rec)[0]).toBeLessThan(100_000);
  });

  it('stops at the time budget even with attempts left, keeping the provider failure', async () => {
    const { rec } = await run(() => Promise.reject(transientFailure(FailureType.RateLimited, 'GitHub answered 429', 4 * 60_000)), {
      retry: { maximumAttempts: 50, maximumDurationMs: 15 * 60_000 },
    });
    // Attempts at 0, 4, 8 and 12 minutes; the next (16) would be past the 15-minute budget.
    expect(rec.attempts).toHaveLength(4);
    expect(rec.attempts.at(-1)!.startedAtMs - rec.attempts[0]!.startedAtMs).toBeLessThan(15 * 60_000);
    expect(rec.finishes[0]).toMatchObject({ outcome: 'failed', errorCode: 'ProviderRateLimited' });
  });

  it.each([FailureType.Auth, FailureType.Config, FailureType.NotImplemented, FailureType.Credentials])('does not retry %s', async (type) => {
    const { rec, error } = await run(() => Promise.reject(permanentFailure(type, 'GitHub answered 401: Bad credentials')));
    expect(rec.attempts).toHaveLength(1);
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'failed', errorCode: type })]);
    expect(error).toBeInstanceOf(WorkflowFailedError);
  });
});
