import { AuditApiError, errorOfResponse, NETWORK_MESSAGE } from './errors.js';
import type { OrgResolver } from './org.js';
import type { ClientOptions, PathWith } from './transport.js';
import type { Finding, Integration, IntegrationHealth, IntegrationSettings, OrgOption, SyncRun } from './types.js';

const EVENTS = '/api/v1/orgs/{org_id}/projects/{project_id}/audit/events' satisfies PathWith<'get'>;

/** `integration.updated`: the row as the project's list shows it, plus its settings, next periodic sync and health. */
export type IntegrationEventRow = Integration & { settings: IntegrationSettings; next_sync_at: string | null; health: IntegrationHealth };

/**
 * One live event of a project (`GET …/audit/events`), its `data` parsed: the integration row, the sync run as
 * `GET …/syncs` shows it, or the finding as the findings list shows it. `reset` (no id) means events may have been
 * missed: read the lists again.
 */
export type LiveEvent =
  | { id: string; type: 'integration.updated'; data: IntegrationEventRow }
  | { id: string; type: 'sync.started' | 'sync.finished'; data: SyncRun }
  | { id: string; type: 'finding.updated'; data: Finding }
  | { id: null; type: 'reset'; data: Record<string, never> };

/**
 * The connection behind a stream: `open` once the server is subscribed (everything committed from then on arrives);
 * `down` with why and when the next attempt is (`retryInMs` null: given up, the iterator throws `error`).
 */
export type StreamState = { state: 'open' } | { state: 'down'; error: AuditApiError; retryInMs: number | null };

export interface EventStreamOptions extends OrgOption {
  /** Resume after this event (its `id`): what was missed since is replayed, or a `reset` comes first. */
  lastEventId?: string;
  /** Aborting ends the stream: the iterator finishes, the connection closes. */
  signal?: AbortSignal;
  /** Every change of the connection (e.g. to poll while it is down). */
  onState?: (state: StreamState) => void;
}

export interface EventStream extends AsyncIterableIterator<LiveEvent> {
  /** The id of the last event received: what a reconnect sends as `Last-Event-ID`. */
  readonly lastEventId: string | undefined;
  /** Ends the stream (as leaving a `for await` loop does). */
  close(): void;
}

export interface EventsClient {
  /**
   * The project's live events as an async iterator. The connection opens at once and is kept: when it drops (server
   * restart, network, 429, 503) it reconnects with backoff, honouring the server's `retry:` and `Retry-After`, and
   * resumes with `Last-Event-ID`. A 401, 403 or 404 (a server without the stream) is final: the iterator throws it.
   */
  stream(project: string, opts?: EventStreamOptions): EventStream;
}

/** Until the server says otherwise with `retry:` (it sends 2000). */
const DEFAULT_RETRY_MS = 2000;
const MAX_BACKOFF_MS = 30_000;
/** The server sends a heartbeat every 15 s: nothing for three of them means the connection is dead but not closed. */
const STALL_MS = 45_000;
/** Events held for a consumer that does not keep up; past this the connection is not read (the server may drop it). */
const HIGH_WATER = 1000;
/** Answers that no retry changes. */
const FINAL_STATUSES = new Set([400, 401, 403, 404, 405, 406, 410, 422]);

class Final {
  constructor(readonly error: AuditApiError) {}
}

export function eventsClient(options: ClientOptions, token: () => string | null, orgOf: OrgResolver): EventsClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const connect = async (project: string, opts: EventStreamOptions, lastEventId: string | undefined, signal: AbortSignal): Promise<Response> => {
    let org: string;
    try {
      org = await orgOf(opts.org === undefined ? {} : { org: opts.org });
    } catch (err) {
      throw err instanceof AuditApiError && FINAL_STATUSES.has(err.status) ? new Final(err) : err;
    }
    const path = EVENTS.replace('{org_id}', encodeURIComponent(org)).replace('{project_id}', encodeURIComponent(project));
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const value = token();
    if (value) headers.authorization = `Bearer ${value}`;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    try {
      // Looked up per request, as the transport does (a page or a test may replace the global).
      return await (options.fetch ?? globalThis.fetch)(`${base}${path}`, { headers, signal });
    } catch (cause) {
      throw new AuditApiError(0, 'network_error', NETWORK_MESSAGE, null, { cause });
    }
  };
  return {
    stream: (project, opts = {}) => openStream((lastEventId, signal) => connect(project, opts, lastEventId, signal), options.onUnauthorized, opts),
  };
}

type Connect = (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;

function openStream(connect: Connect, onUnauthorized: (() => void) | undefined, opts: EventStreamOptions): EventStream {
  const stop = new AbortController();
  const queue: LiveEvent[] = [];
  let failure: AuditApiError | undefined;
  let finished = false;
  let lastEventId = opts.lastEventId;
  // Consumers waiting in next(), and the pump waiting for room when the consumer does not keep up.
  const consumers: (() => void)[] = [];
  let wakeProducer: (() => void) | undefined;
  const wake = () => {
    for (const resolve of consumers.splice(0)) resolve();
  };
  const close = () => {
    stop.abort();
    wakeProducer?.();
    wake();
  };
  if (opts.signal?.aborted) close();
  else opts.signal?.addEventListener('abort', close, { once: true });

  /** Hands one frame to the consumer; resolves when there is room for more. */
  const deliver = async (frame: SseFrame): Promise<void> => {
    const event = liveEvent(frame);
    lastEventId = frame.lastId;
    if (!event) return;
    queue.push(event);
    wake();
    while (queue.length >= HIGH_WATER && !stop.signal.aborted) await new Promise<void>((r) => (wakeProducer = r));
  };

  const pump = async () => {
    let retryMs = DEFAULT_RETRY_MS;
    let failures = 0;
    while (!stop.signal.aborted) {
      let ended: { error: AuditApiError; retryAfterMs: number };
      try {
        ended = await attempt(connect, lastEventId, stop.signal, {
          onOpen: () => {
            failures = 0;
            opts.onState?.({ state: 'open' });
          },
          onRetry: (ms) => (retryMs = Math.min(ms, MAX_BACKOFF_MS)),
          deliver,
          onUnauthorized,
        });
      } catch (err) {
        if (stop.signal.aborted) break;
        if (!(err instanceof Final)) {
          ended = { error: err as AuditApiError, retryAfterMs: 0 };
        } else {
          failure = err.error;
          opts.onState?.({ state: 'down', error: err.error, retryInMs: null });
          break;
        }
      }
      if (stop.signal.aborted) break;
      // The server's reconnection time, doubled per failed attempt in a row and spread, so a restarted server is not
      // hit by all its clients in the same instant; never sooner than a 429's Retry-After.
      const backoff = Math.min(retryMs * 2 ** failures, MAX_BACKOFF_MS) * (0.75 + Math.random() * 0.5);
      const delay = Math.round(Math.max(backoff, ended.retryAfterMs));
      failures += 1;
      opts.onState?.({ state: 'down', error: ended.error, retryInMs: delay });
      await sleep(delay, stop.signal);
    }
    finished = true;
    opts.signal?.removeEventListener('abort', close);
    wake();
  };
  void pump();

  const stream: EventStream = {
    get lastEventId() {
      return lastEventId;
    },
    close,
    async next(): Promise<IteratorResult<LiveEvent>> {
      for (;;) {
        if (stop.signal.aborted && !failure) return { value: undefined, done: true };
        const event = queue.shift();
        if (event) {
          if (queue.length < HIGH_WATER / 2) wakeProducer?.();
          return { value: event, done: false };
        }
        if (failure) {
          const err = failure;
          failure = undefined;
          stop.abort();
          throw err;
        }
        if (finished) return { value: undefined, done: true };
        await new Promise<void>((r) => consumers.push(r));
      }
    },
    async return(): Promise<IteratorResult<LiveEvent>> {
      close();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

interface AttemptHooks {
  onOpen(): void;
  onRetry(ms: number): void;
  deliver(frame: SseFrame): Promise<void>;
  onUnauthorized: (() => void) | undefined;
}

/**
 * One connection: resolves with why it ended (to retry), throws Final for an answer no retry changes. A connection
 * that goes quiet for STALL_MS is treated as dropped.
 */
async function attempt(connect: Connect, lastEventId: string | undefined, stop: AbortSignal, hooks: AttemptHooks): Promise<{ error: AuditApiError; retryAfterMs: number }> {
  const connection = new AbortController();
  const cut = () => connection.abort();
  stop.addEventListener('abort', cut, { once: true });
  try {
    const res = await connect(lastEventId, connection.signal);
    if (!res.ok) {
      const error = errorOfResponse(res, await res.json().catch(() => undefined));
      if (res.status === 401) hooks.onUnauthorized?.();
      if (FINAL_STATUSES.has(res.status)) throw new Final(error);
      return { error, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
    }
    if (!res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      await res.body?.cancel().catch(() => undefined);
      throw new Final(new AuditApiError(res.status, 'invalid_response', 'The API answered something that is not an event stream.', res.headers.get('x-request-id')));
    }
    hooks.onOpen();
    const requestId = res.headers.get('x-request-id');
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const watch = (on: boolean) => {
      clearTimeout(quiet);
      if (on) quiet = setTimeout(cut, STALL_MS);
    };
    try {
      watch(true);
      await readFrames(res.body, {
        chunk: () => watch(true),
        retry: hooks.onRetry,
        // While the consumer catches up nothing is read, so that silence is not the server's.
        frame: async (frame) => {
          watch(false);
          await hooks.deliver(frame);
          watch(true);
        },
      });
    } finally {
      watch(false);
    }
    return { error: new AuditApiError(0, 'stream_ended', 'The event stream ended; reconnecting.', requestId), retryAfterMs: 0 };
  } catch (err) {
    if (err instanceof Final || err instanceof AuditApiError) throw err;
    // A cut connection (the server dropped it, the network, or our stall timer).
    throw new AuditApiError(0, 'network_error', NETWORK_MESSAGE, null, { cause: err });
  } finally {
    stop.removeEventListener('abort', cut);
    connection.abort();
  }
}

/** The frames this SDK knows, parsed; a frame whose data is not JSON is a reset (re-read rather than miss it). */
function liveEvent(frame: SseFrame): LiveEvent | undefined {
  const known = ['integration.updated', 'sync.started', 'sync.finished', 'finding.updated', 'reset'];
  // An event type a newer server added: not this SDK's to interpret.
  if (!known.includes(frame.event)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(frame.data);
  } catch {
    return { id: null, type: 'reset', data: {} };
  }
  if (frame.event === 'reset' || typeof data !== 'object' || data === null) return { id: null, type: 'reset', data: {} };
  return { id: frame.lastId ?? '', type: frame.event, data } as LiveEvent;
}

function retryAfterMs(header: string | null): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One dispatched Server-Sent Event; `lastId` is the stream's last event id at that point (the spec's buffer). */
interface SseFrame {
  event: string;
  data: string;
  lastId: string | undefined;
}

/** A line longer than this is no event of this API: the connection is treated as broken. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

/**
 * Reads an event stream as the WHATWG HTML spec's "interpreting an event stream" says: UTF-8 (a leading BOM dropped),
 * lines ended by CRLF, LF or CR, `:` comments, `data` lines joined with LF, `id` kept across events (not with a NUL),
 * `retry` digits only, an event dispatched on a blank line only when it has data, an unfinished one dropped at the end.
 */
async function readFrames(body: ReadableStream<Uint8Array>, on: { chunk(): void; retry(ms: number): void; frame(f: SseFrame): Promise<void> }): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const eol = /\r\n|\r|\n/g;
  let buffer = '';
  let afterCR = false;
  let lastId: string | undefined;
  let event = '';
  let data: string[] = [];
  const line = async (text: string) => {
    if (text === '') {
      if (data.length > 0) await on.frame({ event: event || 'message', data: data.join('\n'), lastId });
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(text[colon + 1] === ' ' ? colon + 2 : colon + 1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) on.retry(Number(value));
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      on.chunk();
      let decoded = decoder.decode(value, { stream: true });
      // A CR at the end of the last chunk and an LF at the start of this one are one line end.
      if (afterCR && decoded.startsWith('\n')) decoded = decoded.slice(1);
      afterCR = false;
      buffer += decoded;
      let start = 0;
      eol.lastIndex = 0;
      for (let m = eol.exec(buffer); m; m = eol.exec(buffer)) {
        const text = buffer.slice(start, m.index);
        start = eol.lastIndex;
        afterCR = m[0] === '\r' && start === buffer.length;
        await line(text);
      }
      buffer = buffer.slice(start);
      if (buffer.length > MAX_LINE_CHARS) throw new Error('event stream line too long');
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
