import { AuditApiError } from './errors.js';
import type { EventStream, EventStreamOptions, LiveEvent } from './events.js';
import type { Integration, IntegrationDetail, IntegrationPlaceholderDetail, SyncRun } from './types.js';

export interface SyncWaitOptions {
  /** Give up (reject with code `timeout`) after this long; default 300 000 ms. */
  timeoutMs?: number;
  /** Every state of the row while waiting (from the live events, or each read while polling), the final one included. */
  onProgress?: (row: IntegrationDetail | IntegrationPlaceholderDetail) => void;
}

export const DEFAULT_SYNC_TIMEOUT_MS = 300_000;
const FIRST_DELAY_MS = 250;
/** Polling slows down to one read every two seconds: a long sync costs ~30 requests a minute, a short one waits little. */
const MAX_DELAY_MS = 2000;
/** A stream not open by then (a proxy that holds the request) is given up for polling: the sync must start. */
const OPEN_TIMEOUT_MS = 10_000;

type Row = IntegrationDetail | IntegrationPlaceholderDetail;

/** What waiting needs of the client, for one integration. */
export interface SyncWaitDeps {
  /** `POST …/sync`. */
  start(): Promise<Integration>;
  /** The single GET. */
  read(): Promise<Row>;
  /** The newest sync run (its code and message when the row ends in error). */
  latestRun(): Promise<SyncRun | undefined>;
  /** The project's live events. */
  events(opts: Pick<EventStreamOptions, 'signal' | 'onState'>): EventStream;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const timeoutError = (timeoutMs: number) => new AuditApiError(0, 'timeout', `The sync did not finish within ${Math.round(timeoutMs / 1000)} s; it goes on in the service.`);

/**
 * `sync({wait: true})`: subscribes to the project's live events first, so nothing committed after the sync starts can
 * be missed, then starts the sync and waits for its integration's `sync.finished` (or the row leaving `syncing`), then
 * reads the row once. Where the stream is not available (an older server's 404, 429, a network error) or breaks for
 * good while waiting, it polls the single GET instead, as before. Same outcomes either way (see judge).
 */
export async function startSyncAndWait(deps: SyncWaitDeps, options: SyncWaitOptions): Promise<IntegrationDetail> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const stop = new AbortController();
  try {
    const live = await openLive(deps, stop.signal, deadline);
    const started = await deps.start();
    if (live) {
      const outcome = await waitOnStream(live, started, deps, options, deadline, timeoutMs);
      if (outcome) return outcome;
    }
    stop.abort();
    return await waitForSync(deps, options, deadline, timeoutMs);
  } finally {
    stop.abort();
  }
}

/** The stream once the server has subscribed it, or undefined when its first attempt failed (then: poll). */
async function openLive(deps: SyncWaitDeps, signal: AbortSignal, deadline: number): Promise<EventStream | undefined> {
  let stream: EventStream | undefined;
  const opened = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, Math.min(OPEN_TIMEOUT_MS, deadline - Date.now())));
    stream = deps.events({
      signal,
      onState: (s) => {
        clearTimeout(timer);
        resolve(s.state === 'open');
      },
    });
  });
  if (!opened) stream?.close();
  return opened ? stream : undefined;
}

/**
 * Follows the stream until the sync of `started` ended, then answers judge's outcome of one read; undefined when the
 * stream failed for good (the caller polls for the time left).
 */
async function waitOnStream(live: EventStream, started: Integration, deps: SyncWaitDeps, options: SyncWaitOptions, deadline: number, timeoutMs: number): Promise<IntegrationDetail | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), Math.max(0, deadline - Date.now()))));
  // Progress rows are the single GET's shape: the events' fields over one read made for them (only with onProgress).
  let shown: Row | undefined = options.onProgress ? await deps.read() : undefined;
  if (shown) options.onProgress?.(shown);
  try {
    for (;;) {
      let next: IteratorResult<LiveEvent> | 'expired';
      try {
        next = await Promise.race([live.next(), expired]);
      } catch {
        return undefined;
      }
      if (next === 'expired') throw timeoutError(timeoutMs);
      if (next.done) return undefined;
      const event = next.value;
      let run: SyncRun | undefined;
      if (event.type === 'integration.updated' && event.data.id === started.id) {
        if (shown) options.onProgress?.((shown = { ...shown, ...event.data }));
        if (event.data.status === 'syncing') continue;
      } else if (event.type === 'sync.finished' && event.data.integration_id === started.id) {
        run = event.data;
      } else if (event.type !== 'reset') {
        continue;
      }
      // The sync ended (or events may have been missed: look). A row still syncing is a sync started since: wait on.
      const row = await deps.read();
      options.onProgress?.(row);
      if (row.status !== 'syncing') return await judge(row, deps, run);
    }
  } finally {
    clearTimeout(timer);
    live.close();
  }
}

/**
 * Polls the single GET until the row leaves `syncing`: what the wait does without a stream.
 */
async function waitForSync(deps: SyncWaitDeps, options: SyncWaitOptions, deadline: number, timeoutMs: number): Promise<IntegrationDetail> {
  let delay = FIRST_DELAY_MS;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw timeoutError(timeoutMs);
    await sleep(Math.min(delay, left));
    delay = Math.min(Math.round(delay * 1.5), MAX_DELAY_MS);
    const row = await deps.read();
    options.onProgress?.(row);
    if (row.status !== 'syncing') return judge(row, deps);
  }
}

/**
 * A row that left `syncing`: `connected` resolves with it; `error` rejects with the sync run's code and message (the
 * event's run, else the newest one: it is recorded in the same transaction as the row's status); `disconnected` (a
 * disconnect cancelled the sync) rejects with `cancelled`.
 */
async function judge(row: Row, deps: SyncWaitDeps, run?: SyncRun): Promise<IntegrationDetail> {
  if (row.id === null) throw new AuditApiError(0, 'not_connected', 'The integration does not exist any more.');
  if (row.status === 'connected') return row;
  if (row.status === 'disconnected') throw new AuditApiError(0, 'cancelled', 'The integration was disconnected while it synced.');
  const failed = run?.outcome === 'failed' ? run : await deps.latestRun();
  throw new AuditApiError(0, failed?.error_code ?? 'sync_failed', failed?.error_message ?? 'The sync failed.');
}
