import { condition, continueAsNew, defineQuery, defineSignal, isCancellation, log, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities, HealthPassResult, InboundApplyResult, ReconcileResult, SweepResult } from '../activities/index.js';
import { WEBHOOKS_HOUSEKEEPING_PATCH } from './webhook-ids.js';
import { HOUSEKEEPING_SETTINGS_SIGNAL, HOUSEKEEPING_STATUS_QUERY, HOUSEKEEPING_WAKE_SIGNAL, type HousekeepingInput, type HousekeepingSettings } from './ids.js';

const { sweepDueSyncs } = proxyActivities<Activities>({
  // A sweep stops claiming after a minute (activities/temporal-activities.ts) and heartbeats every 5 s.
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3 },
});

const { reconcileSyncRows } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

// Webhook dispatch (starts delivery workflows from the outbox) and the retention prune (audit log, old deliveries).
const { dispatchWebhookDeliveries, pruneRetention } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3 },
});

// One credential-health pass: a bounded batch of refreshes and probes, each bounded by its own timeouts and the token lock.
const { runHealthPass } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 2 },
});

// Removal of disconnected integrations' provider webhooks (issue 28): a bounded batch per pass, each call bounded by
// the outbound client's timeouts.
const { removeInboundHooks } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 2 },
});
/** Runs started before inbound webhook removal existed replay without it. */
const INBOUND_REMOVAL_PATCH = 'housekeeping-inbound-hook-removal';

// Inbound provider webhooks: apply the stored deliveries (activities/inbound.ts). Claims stop after 20 s.
const { applyInboundDeliveries } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});

/** Runs started before inbound webhooks existed replay without that step. */
const INBOUND_PATCH = 'housekeeping-inbound-deliveries';

/** Runs started before the health pass existed replay without it. */
const HEALTH_PASS_PATCH = 'housekeeping-health-pass';

export const housekeepingSettingsSignal = defineSignal<[HousekeepingSettings]>(HOUSEKEEPING_SETTINGS_SIGNAL);
export const housekeepingWakeSignal = defineSignal(HOUSEKEEPING_WAKE_SIGNAL);

export interface HousekeepingStatus {
  settings: HousekeepingSettings;
  /** Counted in this run (a run lasts about an hour). */
  sweeps: number;
  /** Wake signals received in this run (each at most starts one pass early; several during a pass make one). */
  wakes: number;
  reconciles: number;
  lastSweep: SweepResult | null;
  lastReconcile: ReconcileResult | null;
  nextReconcileAt: number;
  /** Credential-health passes in this run, and the last one's counts. */
  healthPasses?: number;
  lastHealthPass?: HealthPassResult | null;
  nextHealthAt?: number;
  /** The last pass's inbound webhook deliveries applied. */
  lastInbound?: InboundApplyResult | null;
}
export const housekeepingStatusQuery = defineQuery<HousekeepingStatus>(HOUSEKEEPING_STATUS_QUERY);

/** A run ends (continue-as-new) after about an hour of sweeps, and after 400 at most, which bounds its history. */
const RUN_LENGTH_MS = 3_600_000;
const MAX_ITERATIONS_PER_RUN = 400;
/**
 * Runs started before wake-ups existed replay as they were recorded: plain sleeps, a pass count fixed at start. New
 * runs wait on the interval *or* a wake signal, and end after an hour from their start (or 400 passes, wake passes
 * included, or when Temporal suggests it): a wake pass adds a handful of events, so the pass cap bounds the history
 * whatever the rate of wake-ups.
 */
const SWEEP_WAKE_PATCH = 'housekeeping-sweep-wake';

/**
 * The deployment's one long-running housekeeping loop: sweep due integrations every `sweepIntervalMs` (a durable
 * timer) or at once on a wake signal (a connect made a row due; the workers debounce them), start delivery workflows
 * for the webhook outbox on the same beat, prune expired audit entries and deliveries once per run, and run the
 * reconciler every `reconcileIntervalMs`. Operators see one execution per hour in the Workflows list instead of one per
 * sweep or reconcile (fewer minutes when a steady stream of wake-ups uses up a run's 400 passes sooner). A failed sweep
 * or reconcile is logged and retried on the next pass; the loop itself never fails.
 */
export async function housekeeping(input: HousekeepingInput): Promise<void> {
  const { wake: carriedWake, ...carriedInput } = input;
  const { nextHealthAt: carriedHealth, ...rest } = carriedInput;
  let { nextReconcileAt: carried, ...settings } = rest;
  const status: HousekeepingStatus = { settings, sweeps: 0, wakes: 0, reconciles: 0, lastSweep: null, lastReconcile: null, nextReconcileAt: carried ?? Date.now() };
  // A connect made a row due (worker/sweep-wakeup.ts): sweep now. Wakes during a pass set it again: one more pass.
  let wakeRequested = carriedWake === true;
  setHandler(housekeepingSettingsSignal, (next) => {
    settings = next;
    status.settings = next;
  });
  setHandler(housekeepingWakeSignal, () => {
    wakeRequested = true;
    status.wakes++;
  });
  setHandler(housekeepingStatusQuery, () => status);
  carried = undefined;

  const wakeable = patched(SWEEP_WAKE_PATCH);
  const runEndsAt = Date.now() + RUN_LENGTH_MS;
  const iterations = wakeable ? MAX_ITERATIONS_PER_RUN : Math.min(MAX_ITERATIONS_PER_RUN, Math.max(1, Math.ceil(RUN_LENGTH_MS / settings.sweepIntervalMs)));
  for (let i = 0; i < iterations && !workflowInfo().continueAsNewSuggested; i++) {
    // Wait first: a worker start (or a new run) does not sweep at once, so restarts never bunch sweeps together.
    if (!wakeable) await sleep(settings.sweepIntervalMs);
    else {
      if (Date.now() >= runEndsAt) break;
      // The durable timer, cut short by a wake signal (its timer is then cancelled; no pass is lost or doubled).
      if (!wakeRequested) await condition(() => wakeRequested, settings.sweepIntervalMs);
      wakeRequested = false;
    }
    // First in the pass: a provider's webhook woke it (worker/sweep-wakeup.ts), and the finding should follow at once.
    if (patched(INBOUND_PATCH)) {
      try {
        status.lastInbound = await applyInboundDeliveries();
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.warn('applying inbound webhooks failed; the next pass retries', { error: (err as Error).message });
      }
    }
    try {
      status.lastSweep = await sweepDueSyncs(settings.sweep);
      status.sweeps++;
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('sweep failed; the next one retries', { error: (err as Error).message });
    }
    // Workflows started before webhooks existed replay without these steps (patched is false for them).
    if (patched(WEBHOOKS_HOUSEKEEPING_PATCH)) {
      try {
        await dispatchWebhookDeliveries();
        // Once per run (about an hour): the retention prune.
        if (i === 0) await pruneRetention();
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.warn('webhook dispatch or retention prune failed; the next pass retries', { error: (err as Error).message });
      }
    }
    if (patched(INBOUND_REMOVAL_PATCH)) {
      try {
        await removeInboundHooks();
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.warn('inbound webhook removal failed; the next pass retries', { error: (err as Error).message });
      }
    }
    if (Date.now() >= status.nextReconcileAt) {
      try {
        status.lastReconcile = await reconcileSyncRows({ graceMs: settings.reconcileGraceMs });
        status.reconciles++;
      } catch (err) {
        if (isCancellation(err)) throw err;
        log.warn('reconcile failed; the next one retries', { error: (err as Error).message });
      }
      status.nextReconcileAt = Date.now() + settings.reconcileIntervalMs;
    }
    // The credential-health pass at its own cadence (refresh tokens ahead of expiry, probe unchecked integrations).
    if (settings.health && patched(HEALTH_PASS_PATCH)) {
      status.healthPasses ??= 0;
      // A fresh loop waits one health interval first, so worker restarts never bunch passes together.
      status.nextHealthAt ??= carriedHealth ?? Date.now() + settings.health.everyMs;
      if (Date.now() >= status.nextHealthAt) {
        const { everyMs, ...pass } = settings.health;
        try {
          status.lastHealthPass = await runHealthPass(pass);
          status.healthPasses++;
        } catch (err) {
          if (isCancellation(err)) throw err;
          log.warn('health pass failed; the next one retries', { error: (err as Error).message });
        }
        status.nextHealthAt = Date.now() + everyMs;
      }
    }
  }
  await continueAsNew<typeof housekeeping>({
    ...settings,
    nextReconcileAt: status.nextReconcileAt,
    ...(wakeRequested ? { wake: true } : {}),
    ...(status.nextHealthAt !== undefined ? { nextHealthAt: status.nextHealthAt } : {}),
  });
}
