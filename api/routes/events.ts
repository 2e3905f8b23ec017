import Router from '@koa/router';
import type { ServerResponse } from 'node:http';
import { eventsKeptAfter, readEventsAfter } from '../../db/events.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { renderEvents, type EventFrame, type EventsHub } from '../events-hub.js';
import { connectScope } from './scope.js';

export interface EventStreamLimits {
  /** EVENT_STREAMS_PER_KEY: streams one API key may hold open in this process. */
  perKey: number;
  /** EVENT_STREAMS_MAX: streams this process holds open in all. */
  max: number;
  /** A comment line this often keeps proxies from closing an idle stream (15 s). */
  heartbeatMs: number;
  /**
   * A consumer with more unsent bytes than this (past what the socket took) for a whole heartbeat interval, or with 64
   * times this at any moment, is dropped: never buffered without bound.
   */
  maxBufferedBytes: number;
}

export const DEFAULT_EVENT_STREAM_LIMITS: EventStreamLimits = { perKey: 5, max: 2000, heartbeatMs: 15_000, maxBufferedBytes: 256 * 1024 };
/** A longer gap than this is answered with a reset instead of a replay: the lists are the cheaper read then. */
const MAX_REPLAY = 1000;
const RESET = 'event: reset\ndata: {}\n\n';
const LAST_EVENT_ID = /^(0|[1-9][0-9]{0,17})$/;

/**
 * `GET …/audit/events` (audit:read): the project's live events as Server-Sent Events. A connect session may subscribe
 * too, to its own project, and hears only its providers' integration and sync events (no findings). Limits are checked
 * before the stream starts (429 in the envelope; a session counts against the key that created it); after that the
 * response is written here directly (ctx.respond = false) so a consumer that stops reading can be measured and dropped.
 */
export function eventRoutes(deps: { sql: Sql; hub: EventsHub; limits: EventStreamLimits; traceUiUrl?: string | undefined }): Router {
  const { sql, hub, limits } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/events' });
  const perKey = new Map<string, number>();

  router.get('/', async (ctx) => {
    const scoped = connectScope(ctx, 'audit:read');
    const { orgId, projectId, session } = scoped;
    const key = scoped.session ? { id: scoped.session.api_key_id } : scoped.key;
    const held = perKey.get(key.id) ?? 0;
    if (held >= limits.perKey || hub.size >= limits.max) {
      ctx.set('Retry-After', '5');
      throw new ApiError('rate_limited', 429, held >= limits.perKey ? `at most ${limits.perKey} event streams per API key` : 'this server holds as many event streams as it may; retry (another server may take it)');
    }
    const lastHeader = ctx.get('last-event-id');
    perKey.set(key.id, held + 1);
    const res = ctx.res;
    let ended = false;
    // Live frames heard while the replay is read wait here (bounded by the drop rule below), then go out after it.
    let queued: (EventFrame | 'reset')[] | undefined = [];
    const replayed = new Set<string>();
    let unsubscribe: (() => void) | undefined;
    let upTo = 0n;
    const providers = session ? new Set<string>(session.providers) : undefined;
    const timers: { heartbeat?: NodeJS.Timeout } = {};

    // Bounded buffering. Frames go to the socket only while it takes them (`write` answers true), the rest wait here
    // until 'drain': what the consumer took is then counted frame by frame. (Node hands every buffered chunk to the
    // kernel as one write and counts none of it as gone until all of it is, so `writableLength` alone would show a
    // consumer reading a multi-MiB burst steadily as taking nothing.) A burst (one read of up to a thousand events) may
    // queue past maxBufferedBytes; a consumer that then takes nothing for a whole heartbeat interval is dropped, and
    // nobody is buffered past 64 times the bound.
    const waiting: { text: string; bytes: number }[] = [];
    let waitingFrom = 0;
    let waitingBytes = 0;
    let blocked = false;
    let taken = 0;
    // 'keep': the envelope still answers (nothing was written); 'end' closes the stream; 'destroy' drops the consumer.
    const finish = (how: 'keep' | 'end' | 'destroy') => {
      if (ended) return;
      ended = true;
      clearInterval(timers.heartbeat);
      unsubscribe?.();
      const left = (perKey.get(key.id) ?? 1) - 1;
      if (left > 0) perKey.set(key.id, left);
      else perKey.delete(key.id);
      // A clean end still sends what waits (the socket buffers it); a dropped consumer gets nothing more.
      if (how === 'end' && !res.destroyed) for (let i = waitingFrom; i < waiting.length; i++) res.write(waiting[i]!.text);
      waiting.length = 0;
      waitingFrom = 0;
      waitingBytes = 0;
      if (how === 'destroy') res.destroy();
      else if (how === 'end') res.end();
    };
    const unsent = () => waitingBytes + res.writableLength;
    const send = (text: string, bytes: number) => {
      taken += bytes;
      blocked = !res.write(text);
    };
    const pump = () => {
      blocked = false;
      while (!blocked && !ended && waitingFrom < waiting.length) {
        const { text, bytes } = waiting[waitingFrom++]!;
        waitingBytes -= bytes;
        send(text, bytes);
      }
      if (waitingFrom > 0 && (waitingFrom === waiting.length || waitingFrom > 1024)) {
        waiting.splice(0, waitingFrom);
        waitingFrom = 0;
      }
    };
    res.on('drain', pump);
    const write = (text: string) => {
      if (ended) return;
      const bytes = Buffer.byteLength(text);
      if (!blocked && waitingFrom === waiting.length) return send(text, bytes);
      waiting.push({ text, bytes });
      waitingBytes += bytes;
      if (unsent() > limits.maxBufferedBytes * 64) finish('destroy');
    };
    let idleTicks = 0;
    let takenAtTick = 0;
    const tick = () => {
      // Two ticks in a row with no frame taken while more than the bound waits: a full interval went by without the
      // consumer taking a byte.
      idleTicks = unsent() > limits.maxBufferedBytes && taken === takenAtTick ? idleTicks + 1 : 0;
      if (idleTicks >= 2) return finish('destroy');
      takenAtTick = taken;
      write(': heartbeat\n\n');
    };
    const deliver = (frame: EventFrame | 'reset') => {
      if (queued) {
        // More than a replay's worth heard meanwhile: the client re-reads the lists instead.
        if (queued.length >= MAX_REPLAY) queued.splice(0, queued.length, 'reset');
        queued.push(frame);
      } else if (frame === 'reset') write(RESET);
      else if (!replayed.has(frame.id)) write(frame.text);
    };
    res.on('close', () => finish('end'));

    try {
      const subscription = await hub.subscribe({ orgId, projectId, ...(providers ? { providers } : {}), deliver, end: () => finish('end') });
      ({ upTo, unsubscribe } = subscription);
    } catch {
      // The hub is closing (shutdown) or LISTEN failed: the client retries, possibly on another process.
      finish('keep');
      throw new ApiError('unavailable', 503);
    }
    ctx.respond = false;
    writeHead(res);
    timers.heartbeat = setInterval(tick, limits.heartbeatMs);
    timers.heartbeat.unref();

    try {
      if (lastHeader !== '') {
        if (!LAST_EVENT_ID.test(lastHeader) || !(await eventsKeptAfter(sql, lastHeader))) write(RESET);
        else {
          const missed = await readEventsAfter(sql, { orgId, projectId }, lastHeader, upTo, MAX_REPLAY + 1);
          if (missed.length > MAX_REPLAY) write(RESET);
          else for (const frame of await renderEvents(sql, missed, deps.traceUiUrl)) {
            if (providers && (frame.provider === null || !providers.has(frame.provider))) continue;
            replayed.add(frame.id);
            write(frame.text);
          }
        }
      }
    } catch {
      write(RESET);
    }
    const live = queued;
    queued = undefined;
    for (const frame of live) deliver(frame);
  });

  return router;
}

/** Headers already set on ctx (x-request-id) are kept: ctx.set wrote them to `res`. */
function writeHead(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    // nginx and friends: pass each frame through at once.
    'x-accel-buffering': 'no',
  });
  // Tells EventSource how long to wait before reconnecting, and gets the headers to the client now.
  res.write('retry: 2000\n\n');
}
