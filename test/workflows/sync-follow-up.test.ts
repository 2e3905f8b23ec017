import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BeginSyncInput, FinishSyncInput } from '../../activities/index.js';
import { SYNC_REQUESTED_SIGNAL, SYNC_WORKFLOW_TYPE } from '../../workflows/ids.js';
import type { SyncResult } from '../../workflows/sync-integration.js';
import { createTimeSkippingEnv, startWorker, syncInput } from './harness.js';

const ok = { pushed: 1, pulled: 0, updated: 0 };

/**
 * The API marks the row `syncing` and then signals-with-start. When that lands while the run is recording its result,
 * the run must sync once more (else the row stays `syncing` behind a closed run); while the provider step runs, the
 * request simply joins it.
 */
describe('syncIntegration: a sync requested while a run is in flight', () => {
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });
  afterEach(() => env?.teardown());

  async function run(requestDuring: 'provider' | 'recording') {
    const begins: BeginSyncInput[] = [];
    const finishes: FinishSyncInput[] = [];
    let providerCalls = 0;
    let requestAgain: (() => Promise<void>) | undefined;
    const activities = {
      beginSync(input: BeginSyncInput) {
        begins.push(input);
        return Promise.resolve({ proceed: true, syncRunId: randomUUID() });
      },
      async runProviderSync() {
        providerCalls++;
        if (requestDuring === 'provider' && providerCalls === 1) await requestAgain!();
        return ok;
      },
      async finishSync(input: FinishSyncInput) {
        finishes.push(input);
        if (requestDuring === 'recording' && finishes.length === 1) await requestAgain!();
      },
    };
    const { worker, taskQueue } = await startWorker(env, activities);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.signalWithStart(SYNC_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: `t-${randomUUID()}`,
        // A periodic run; the request that comes in meanwhile is a manual one.
        args: [syncInput({ trigger: 'schedule' })],
        signal: SYNC_REQUESTED_SIGNAL,
        signalArgs: [],
      });
      requestAgain = async () => {
        await handle.signal(SYNC_REQUESTED_SIGNAL, { trigger: 'manual' });
        // Let the workflow take the signal while this activity is still running.
        await new Promise((r) => setTimeout(r, 300));
      };
      return (await handle.result()) as SyncResult;
    });
    return { result, begins, finishes, providerCalls };
  }

  it('runs one more round when the request lands while the result is being recorded', async () => {
    const { result, begins, finishes, providerCalls } = await run('recording');
    expect(result.outcome).toBe('succeeded');
    expect(providerCalls).toBe(2);
    expect(begins.map((b) => b.round)).toEqual([1, 2]);
    // The follow-up round is the manual request's, recorded as such.
    expect(begins.map((b) => b.trigger)).toEqual(['schedule', 'manual']);
    expect(finishes.map((f) => f.outcome)).toEqual(['succeeded', 'succeeded']);
  });

  it('joins the running round when the request lands during the provider step', async () => {
    const { result, begins, providerCalls } = await run('provider');
    expect(result.outcome).toBe('succeeded');
    expect(providerCalls).toBe(1);
    expect(begins.map((b) => b.round)).toEqual([1]);
    expect(begins.map((b) => b.trigger)).toEqual(['schedule']);
  });
});
