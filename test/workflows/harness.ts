import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { BeginSyncInput, FinishSyncInput } from '../../activities/index.js';
import type { SyncCounts } from '../../db/sync-runs.js';
import { MAIN_THREAD_WORKFLOWS } from '../../worker/create-worker.js';
import { temporalTestServerPath } from '../helpers/services.js';

/** The time-skipping test server from the project's venv: never downloaded. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
}

export interface Attempt {
  attempt: number;
  /** The test server's (skipped) clock when the attempt started. */
  startedAtMs: number;
  heartbeatDetails: unknown;
}

/** What the stand-in activities saw: every call, in order. */
export interface Recording {
  begins: BeginSyncInput[];
  attempts: Attempt[];
  finishes: FinishSyncInput[];
  finishAttempts: number;
}

export type ProviderBehaviour = (attempt: Attempt, ctx: Context) => Promise<SyncCounts>;

/**
 * Activities with the real names and signatures, standing in for the database and the provider so the real workflow
 * code can be driven through every outcome on the time-skipping server.
 */
export function recordingActivities(env: TestWorkflowEnvironment, provider: ProviderBehaviour, opts: { finishFailures?: number; proceed?: boolean } = {}) {
  const rec: Recording = { begins: [], attempts: [], finishes: [], finishAttempts: 0 };
  const activities = {
    beginSync(input: BeginSyncInput) {
      rec.begins.push(input);
      return Promise.resolve({ proceed: opts.proceed ?? true, syncRunId: opts.proceed === false ? null : randomUUID() });
    },
    async runProviderSync() {
      const ctx = Context.current();
      const attempt = { attempt: ctx.info.attempt, startedAtMs: await env.currentTimeMs(), heartbeatDetails: ctx.info.heartbeatDetails as unknown };
      rec.attempts.push(attempt);
      return provider(attempt, ctx);
    },
    finishSync(input: FinishSyncInput) {
      rec.finishAttempts++;
      // A database outage while recording: the connection is refused this many times first.
      if (rec.finishAttempts <= (opts.finishFailures ?? 0)) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      rec.finishes.push(input);
      return Promise.resolve();
    },
  };
  return { rec, activities };
}

export async function startWorker(env: TestWorkflowEnvironment, activities: object): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = `wf-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities,
    ...MAIN_THREAD_WORKFLOWS,
  });
  return { worker, taskQueue };
}

export function syncInput(extra: Record<string, unknown> = {}) {
  return { integrationId: randomUUID(), orgId: randomUUID(), projectId: 'web', provider: 'github', trigger: 'manual' as const, ...extra };
}

/** Never settles on its own: a provider call that hangs (the attempt is abandoned when it is cancelled or times out). */
export function hang(ctx: Context): Promise<never> {
  return ctx.cancelled;
}
