import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconcileResult, SweepResult } from '../../activities/index.js';
import { housekeepingStatusQuery, housekeepingWakeSignal } from '../../workflows/housekeeping.js';
import { HOUSEKEEPING_WAKE_SIGNAL, HOUSEKEEPING_WORKFLOW_TYPE, type HousekeepingInput } from '../../workflows/ids.js';
import { waitFor } from '../helpers/wait.js';
import { createTimeSkippingEnv, startWorker } from './harness.js';

/**
 * The real housekeeping loop on the time-skipping server, with stand-in activities that record the (skipped) clock:
 * sweeps at SYNC_SWEEP_INTERVAL, the reconciler at its own cadence across run boundaries, and continue-as-new about
 * once an hour so the history stays bounded.
 */
describe('housekeeping workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  it('sweeps every interval, reconciles at its cadence, and continues as new after an hour', async () => {
    const sweeps: number[] = [];
    const reconciles: number[] = [];
    const dispatches: number[] = [];
    const prunes: number[] = [];
    const removals: number[] = [];
    const inbound: number[] = [];
    const activities = {
      async dispatchWebhookDeliveries() {
        dispatches.push(await env.currentTimeMs());
        return { started: 0, failed: 0 };
      },
      async pruneRetention() {
        prunes.push(await env.currentTimeMs());
        return { auditEntries: 0, webhookEvents: 0 };
      },
      // Inbound provider webhooks (issue 28): applied first on every pass.
      async applyInboundDeliveries() {
        inbound.push(await env.currentTimeMs());
        return { applied: 0, unchanged: 0 };
      },
      // Removal of disconnected integrations' provider hooks (issue 28): a step of every pass.
      async removeInboundHooks() {
        removals.push(await env.currentTimeMs());
        return { removed: 0, retried: 0, givenUp: 0 };
      },
      async sweepDueSyncs(): Promise<SweepResult> {
        sweeps.push(await env.currentTimeMs());
        return { claimed: 0, started: 0, failed: 0, batches: 0 };
      },
      async reconcileSyncRows(): Promise<ReconcileResult> {
        reconciles.push(await env.currentTimeMs());
        return { rowsRepaired: 0, runsFailed: 0 };
      },
    };
    const { worker, taskQueue } = await startWorker(env, activities);
    // A 30 s interval: an hour is 120 passes (each a real round trip through the server, however far time skips).
    const input: HousekeepingInput = { sweepIntervalMs: 30_000, sweep: { batchSize: 500, startRatePerSecond: 50 }, reconcileIntervalMs: 120_000, reconcileGraceMs: 30_000 };
    const handle = await env.client.workflow.start(HOUSEKEEPING_WORKFLOW_TYPE, { taskQueue, workflowId: `audit-housekeeping/${taskQueue}`, args: [input] });
    await worker.runUntil(async () => {
      // Past the first run's 120 sweeps (one hour at 30 s) and a few minutes into the second run.
      while (sweeps.length < 130) await env.sleep(60_000);
      const status = await handle.query(housekeepingStatusQuery);
      expect(status.sweeps).toBeGreaterThan(0);
      expect(status.sweeps).toBeLessThan(130);
    });
    const first = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
    const current = await handle.describe();
    expect(current.runId).not.toBe(handle.firstExecutionRunId);
    expect(current.status.name).toBe('RUNNING');
    // The first run's history: 120 sweeps, a bounded number of events (Temporal warns at 10,240).
    const history = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
    expect(history.events!.length).toBeLessThan(10_240);

    // Every gap between sweeps is the interval plus the pass itself. The stand-in activities do no work, but the
    // time-skipping server does not skip while an activity runs, so a pass costs its real time: on a loaded CI machine
    // one took just over a second. The slack stays well under a second interval (a missed sweep would show 60 s).
    const PASS_SLACK_MS = 5_000;
    const gaps = sweeps.slice(1).map((t, i) => t - sweeps[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...gaps)).toBeLessThan(30_000 + PASS_SLACK_MS);
    // The reconciler: on the first pass, then every two minutes (on the first pass at or after its time), its cadence
    // carried across the continue-as-new.
    const reconcileGaps = reconciles.slice(1).map((t, i) => t - reconciles[i]!);
    expect(reconciles.length).toBeGreaterThanOrEqual(30);
    expect(Math.min(...reconcileGaps)).toBeGreaterThanOrEqual(120_000);
    expect(Math.max(...reconcileGaps)).toBeLessThan(120_000 + 30_000 + PASS_SLACK_MS);
    // The webhook dispatcher on every pass; the retention prune once per run (about an hour), not once per pass.
    expect(dispatches.length).toBeGreaterThanOrEqual(sweeps.length - 1);
    expect(prunes.length).toBe(2);
    expect(removals.length).toBeGreaterThanOrEqual(sweeps.length - 1);
    // The inbox is applied on every pass, before the sweep.
    expect(inbound.length).toBeGreaterThanOrEqual(sweeps.length);
    await handle.terminate('test over');
  }, 240_000);
});

describe('housekeeping wake-ups (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  it('sweeps at once on a wake signal, folds the wakes that arrive during a pass into one more pass, and otherwise keeps its interval', async () => {
    const sweeps: number[] = [];
    let releaseFirst: (() => void) | undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const activities = {
      dispatchWebhookDeliveries: () => Promise.resolve({ started: 0, failed: 0 }),
      pruneRetention: () => Promise.resolve({ auditEntries: 0, webhookEvents: 0 }),
      applyInboundDeliveries: () => Promise.resolve({ applied: 0, unchanged: 0 }),
      removeInboundHooks: () => Promise.resolve({ removed: 0, retried: 0, givenUp: 0 }),
      reconcileSyncRows: (): Promise<ReconcileResult> => Promise.resolve({ rowsRepaired: 0, runsFailed: 0 }),
      async sweepDueSyncs(): Promise<SweepResult> {
        sweeps.push(await env.currentTimeMs());
        // The first pass is held until the test has sent more wakes during it.
        if (sweeps.length === 1) await firstHeld;
        return { claimed: 0, started: 0, failed: 0, batches: 0 };
      },
    };
    const { worker, taskQueue } = await startWorker(env, activities);
    const hour = 3_600_000;
    const input: HousekeepingInput = { sweepIntervalMs: hour, sweep: { batchSize: 500, startRatePerSecond: 50 }, reconcileIntervalMs: 24 * hour, reconcileGraceMs: 30_000 };
    const handle = await env.client.workflow.start(HOUSEKEEPING_WORKFLOW_TYPE, { taskQueue, workflowId: `audit-housekeeping/${taskQueue}`, args: [input] });
    const startedAt = await env.currentTimeMs();
    await worker.runUntil(async () => {
      await handle.signal(housekeepingWakeSignal);
      await waitFor(async () => (sweeps.length === 1 ? true : undefined), 'the woken sweep');
      // Nowhere near the hour: the wake cut the timer short.
      expect(sweeps[0]! - startedAt).toBeLessThan(60_000);
      for (let i = 0; i < 3; i++) await handle.signal(housekeepingWakeSignal);
      releaseFirst!();
      await waitFor(async () => (sweeps.length === 2 ? true : undefined), 'one more pass for the wakes during the first');
      const status = await waitFor(async () => {
        const s = await handle.query(housekeepingStatusQuery);
        return s.sweeps === 2 ? s : undefined;
      }, 'the second pass recorded');
      expect(status.wakes).toBe(4);
      // Half an hour on: no pass without a wake before the interval is up.
      await env.sleep(hour / 2);
      expect(sweeps).toHaveLength(2);
      // The interval after the last pass: the periodic sweep, as before.
      await env.sleep(hour / 2 + 60_000);
      await waitFor(async () => (sweeps.length === 3 ? true : undefined), 'the periodic sweep');
      expect(sweeps[2]! - sweeps[1]!).toBeGreaterThanOrEqual(hour);
    });
    // The run that got the wakes (an hour is a run's length: the current one is its continuation).
    const history = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
    expect((history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === HOUSEKEEPING_WAKE_SIGNAL)).toHaveLength(4);
    await handle.terminate('test over');
  }, 60_000);
});
