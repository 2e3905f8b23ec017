import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql.js';
import { listenForDueSyncs } from '../db/sync-due.js';
import { listenForInbound } from '../db/inbound-deliveries.js';
import { HOUSEKEEPING_WAKE_SIGNAL, housekeepingWorkflowId } from '../workflows/ids.js';

/** At most one wake signal per this window, per worker. */
export const DEFAULT_WAKE_WINDOW_MS = 150;

export interface SweepWakeupOptions {
  windowMs?: number;
  /** A signal Temporal refused (loop terminated, server down): the periodic sweep still starts the sync. For the log. */
  onError?: (err: unknown) => void;
  /** The LISTEN was (re)established; `first` is false after a reconnect. For the log. */
  onListen?: (first: boolean) => void;
}

export interface SweepWakeups {
  /** Wake signals sent so far (metrics, tests). */
  readonly signals: number;
  close(): Promise<void>;
}

/**
 * Connect → first sync in about a second, without the API calling Temporal: connects NOTIFY on commit
 * (db/sync-due.ts), every worker LISTENs, and signals its task queue's housekeeping loop to sweep now. Throttled per
 * worker: the first notification of a quiet spell signals at once; the rest of a burst share one more signal at the
 * end of each `windowMs`, so a signal never stands for a single connect under load and the loop's history grows by at
 * most one signal per window per worker. Each worker sends its own (no leader election): N workers add at most N per
 * window, and the loop folds signals that arrive during a pass into one next pass.
 *
 * Stored inbound provider webhooks (db/inbound-deliveries.ts) wake the loop the same way, so a change made in a tracker
 * reaches its finding in about a second.
 *
 * Nothing here is needed for correctness: a lost notification (listen connection down) or a refused signal only means
 * the sync starts (or the delivery is applied) at the next periodic pass. After a reconnect the worker signals once,
 * for what it may have missed.
 */
export function startSweepWakeups(sql: Sql, client: Client, taskQueue: string, opts: SweepWakeupOptions = {}): SweepWakeups {
  const windowMs = opts.windowMs ?? DEFAULT_WAKE_WINDOW_MS;
  const handle = client.workflow.getHandle(housekeepingWorkflowId(taskQueue));
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let signals = 0;
  let listens = 0;
  let closed = false;

  const send = () => {
    signals++;
    // Without a run id: whichever run of the loop is current (it continues-as-new about hourly).
    handle.signal(HOUSEKEEPING_WAKE_SIGNAL).catch((err: unknown) => opts.onError?.(err));
    timer = setTimeout(windowEnds, windowMs);
    timer.unref();
  };
  const windowEnds = () => {
    timer = undefined;
    if (pending && !closed) {
      pending = false;
      send();
    }
  };
  const wake = () => {
    if (closed) return;
    if (timer) pending = true;
    else send();
  };

  const listening = listenForDueSyncs(sql, wake, () => {
    const first = listens++ === 0;
    opts.onListen?.(first);
    if (!first) wake();
  });
  // A failed first LISTEN (Postgres down at start): postgres.js retries it; until then the periodic sweep does the work.
  listening.catch((err: unknown) => opts.onError?.(err));
  // A provider's webhook was stored (api/routes/inbound.ts): the same wake, whose pass applies it first
  // (workflows/housekeeping.ts). Missed while the LISTEN was down: one wake after it is back.
  let inboundListens = 0;
  const inbound = listenForInbound(sql, wake, () => {
    if (inboundListens++ > 0) wake();
  });
  inbound.catch((err: unknown) => opts.onError?.(err));

  return {
    get signals() {
      return signals;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      // Not awaited: with Postgres gone it would wait for a reconnect. The owner's sql.end() closes the listen
      // connection in any case, and nothing heard after this point is acted on.
      listening.then((l) => l.unlisten()).catch(() => undefined);
      inbound.then((l) => l.unlisten()).catch(() => undefined);
      return Promise.resolve();
    },
  };
}
