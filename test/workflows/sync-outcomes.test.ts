import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_WORKFLOW_TYPE } from '../../workflows/ids.js';
import type { SyncResult } from '../../workflows/sync-integration.js';
import { waitFor } from '../helpers/wait.js';
import { createTimeSkippingEnv, hang, recordingActivities, startWorker, syncInput, type Recording } from './harness.js';

const ok = { pushed: 0, pulled: 3, updated: 1 };

const until = (check: () => boolean) => waitFor(async () => (check() ? true : undefined), 'the recorded activity', 45_000, 20);

/**
 * The test server skips backoff and timer waits, but not the time an attempt is running, so timeouts here are short.
 * An attempt abandoned by a timeout or cancellation keeps the server from skipping time afterwards: a fresh server per
 * test keeps the tests independent.
 */
describe('syncIntegration timeouts, cancellation and the final step (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  async function execute(activities: object, extra: Record<string, unknown> = {}) {
    const { worker, taskQueue } = await startWorker(env, activities);
    return worker.runUntil(
      env.client.workflow
        .execute<(i: unknown) => Promise<SyncResult>>(SYNC_WORKFLOW_TYPE, { taskQueue, workflowId: `t-${crypto.randomUUID()}`, args: [syncInput(extra)] })
        .then((result) => ({ result, error: undefined }), (error: unknown) => ({ result: undefined, error })),
    );
  }

  it('runs workflows on the test process\'s thread, keeping the SDK\'s 5 s deadlock timeout (MAIN_THREAD_WORKFLOWS)', async () => {
    const { worker } = await startWorker(env, {});
    await worker.runUntil(Promise.resolve());
    // The timeout is an option the SDK reads but does not type: a change of SDK that ignored it would show here.
    expect(worker.options.debugMode).toBe(true);
    expect(worker.options.isolateExecutionTimeoutMs).toBe(5000);
  });

  it('retries an attempt that stops heartbeating and hands it the last progress to resume from', async () => {
    const { rec, activities } = recordingActivities(env, async (a, ctx) => {
      if (a.attempt === 1) {
        ctx.heartbeat({ page: 3 });
        return hang(ctx);
      }
      return ok;
    });
    const { result } = await execute(activities, { retry: { heartbeatTimeoutMs: 1000 } });
    expect(result?.outcome).toBe('succeeded');
    expect(rec.attempts.map((a) => a.heartbeatDetails)).toEqual([undefined, { page: 3 }]);
  });

  it('records ProviderTimedOut when every attempt times out', async () => {
    const { rec, activities } = recordingActivities(env, (_a, ctx) => hang(ctx));
    const { error } = await execute(activities, { retry: { heartbeatTimeoutMs: 1000, maximumAttempts: 3 } });
    expect(rec.attempts).toHaveLength(3);
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'failed', errorCode: 'ProviderTimedOut', errorMessage: expect.stringContaining('heartbeat') })]);
    expect(error).toBeInstanceOf(WorkflowFailedError);
  });

  it('records ProviderTimedOut when an attempt outlives the time budget', async () => {
    const { rec, activities } = recordingActivities(env, async (_a, ctx) => {
      // Alive (heartbeating) but never finishing: only the budget can stop it.
      const timer = setInterval(() => ctx.heartbeat(), 50);
      return hang(ctx).finally(() => clearInterval(timer));
    });
    const { error } = await execute(activities, { retry: { maximumDurationMs: 1500 } });
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(rec.finishes[0]).toMatchObject({ outcome: 'failed', errorCode: 'ProviderTimedOut' });
  });

  it('records the run cancelled when the workflow is cancelled mid-sync', async () => {
    const { rec, activities } = recordingActivities(env, (_a, ctx) => hang(ctx));
    const { worker, taskQueue } = await startWorker(env, activities);
    const outcome = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(SYNC_WORKFLOW_TYPE, { taskQueue, workflowId: `t-${crypto.randomUUID()}`, args: [syncInput()] });
      await until(() => rec.attempts.length === 1);
      await handle.cancel();
      return handle.result().catch((e: unknown) => e);
    });
    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect((outcome as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'cancelled', errorCode: 'Cancelled' })]);
  });

  it('still records the run when cancelled while it is being opened', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { rec, activities } = recordingActivities(env, () => Promise.resolve(ok));
    const begin = activities.beginSync;
    activities.beginSync = async (input) => {
      const result = await begin(input);
      await gate;
      return result;
    };
    const { worker, taskQueue } = await startWorker(env, activities);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(SYNC_WORKFLOW_TYPE, { taskQueue, workflowId: `t-${crypto.randomUUID()}`, args: [syncInput()] });
      await until(() => rec.begins.length === 1);
      await handle.cancel();
      release();
      await handle.result().catch(() => undefined);
    });
    expect(rec.attempts).toHaveLength(0);
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
  });

  it('keeps retrying the final step through a database outage', async () => {
    const { rec, activities } = recordingActivities(env, () => Promise.resolve(ok), { finishFailures: 8 });
    const { result } = await execute(activities);
    expect(result?.outcome).toBe('succeeded');
    expect(rec.finishAttempts).toBe(9);
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'succeeded', counts: ok })]);
  });

  it('runs the final step after a failure even when recording fails at first', async () => {
    const { rec, activities } = recordingActivities(env, () => Promise.reject(new Error('boom')), { finishFailures: 3 });
    await execute(activities, { retry: { maximumAttempts: 1 } });
    expect(rec.finishes).toEqual([expect.objectContaining({ outcome: 'failed' })]);
  });

  it('skips the provider when the integration is gone or disconnected', async () => {
    const { rec, activities } = recordingActivities(env, () => Promise.resolve(ok), { proceed: false });
    const { result } = await execute(activities);
    expect(result).toEqual({ outcome: 'skipped', syncRunId: null });
    expect(rec satisfies Recording).toMatchObject({ attempts: [], finishes: [] });
  });
});
