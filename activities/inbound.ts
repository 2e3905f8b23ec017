import {
  applySentryState,
  applyTrackerDeleted,
  applyTrackerState,
  claimInboundDeliveries,
  markInboundProcessed,
  type ClaimedDelivery,
  type InboundOutcome,
} from '../db/inbound-deliveries.js';
import type { Db, Sql } from '../db/sql.js';

export interface InboundApplyResult {
  /** Deliveries that changed a task or a finding. */
  applied: number;
  /** Processed without a change: already so, older than what was applied, or naming nothing we track. */
  unchanged: number;
}

/** Deliveries claimed per transaction, and how long one activity keeps claiming (a backlog drains over passes). */
const BATCH = 100;
const BUDGET_MS = 20_000;

/** One delivery's change against our rows, by state comparisons only (db/inbound-deliveries.ts). */
async function applyOne(tx: Db, d: ClaimedDelivery): Promise<InboundOutcome> {
  // A disconnected integration's deliveries change nothing (its links stay as the disconnect left them).
  if (d.integration_status === 'disconnected') return 'ignored';
  const { change } = d;
  if (d.provider === 'sentry') {
    if (change.kind !== 'resolved' && change.kind !== 'unresolved') return 'ignored';
    return applySentryState(tx, { orgId: d.org_id, projectId: d.project_id }, change, change.kind === 'resolved' ? 'resolved' : 'open');
  }
  if (change.kind === 'closed') return applyTrackerState(tx, d.integration_id, change, 'closed');
  if (change.kind === 'reopened') return applyTrackerState(tx, d.integration_id, change, 'open');
  if (change.kind === 'deleted') return applyTrackerDeleted(tx, d.integration_id, change);
  return 'ignored';
}

/**
 * applyInboundDeliveries, run by the housekeeping loop on every pass (and so within about a second of a delivery: the
 * API's NOTIFY wakes the loop, worker/sweep-wakeup.ts). Claims the oldest unprocessed deliveries with `for update skip
 * locked`, applies each in arrival order and marks it processed, all in one transaction per batch: a crash or a
 * database error leaves the batch unprocessed for the next pass, and applying twice changes nothing more. Never calls a
 * provider; takes and returns counts only.
 */
export function createInboundActivities(deps: {
  sql: Sql;
  /**
   * The debounced live-event NOTIFY of activities/index.ts: a change applied here wrote audit_events rows (migration
   * 00020's triggers), and the API processes' hubs should stream them at once rather than at their next poll.
   */
  wakeEvents: () => void;
}) {
  return {
    async applyInboundDeliveries(): Promise<InboundApplyResult> {
      const out: InboundApplyResult = { applied: 0, unchanged: 0 };
      const began = Date.now();
      for (;;) {
        // Counted per batch and added once it committed: a batch that rolls back counts nothing.
        let applied = 0;
        const claimed = await deps.sql.begin(async (tx) => {
          const batch = await claimInboundDeliveries(tx, BATCH);
          for (const delivery of batch) {
            const outcome = await applyOne(tx, delivery);
            await markInboundProcessed(tx, delivery.id, outcome);
            if (outcome === 'applied') applied++;
          }
          return batch.length;
        });
        out.applied += applied;
        out.unchanged += claimed - applied;
        // After the batch committed (a NOTIFY inside the transaction would serialise commits: db/debounced-notify.ts).
        if (applied > 0) deps.wakeEvents();
        if (claimed < BATCH || Date.now() - began >= BUDGET_MS) return out;
      }
    },
  };
}
