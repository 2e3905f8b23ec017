import { listTasksForFindings } from '../db/finding-tasks.js';
import { AUDIT_EVENTS_CHANNEL, lastEventId, pollEventIds, readEvents, type EventRow } from '../db/events.js';
import { SYNC_DUE_CHANNEL } from '../db/sync-due.js';
import type { Sql } from '../db/sql.js';
import { presentFinding } from './presenters-findings.js';
import { presentSyncRun } from './routes/sync-runs.js';

/** One event as a Server-Sent Events frame, rendered once and written to every subscriber of its project. */
export interface EventFrame {
  id: string;
  text: string;
  /** The integration's provider (integration and sync events), null for findings: a connect session sees its own. */
  provider: string | null;
}

export interface Subscriber {
  orgId: string;
  projectId: string;
  /** A connect session's providers: only their integration and sync events. Undefined: everything of the project. */
  providers?: ReadonlySet<string>;
  /** A rendered event, or `reset` when events may have been missed (a read failed after the hub moved on). */
  deliver(frame: EventFrame | 'reset'): void;
  /** The hub is closing: end the stream. */
  end(): void;
}

export interface Subscription {
  /** Every event up to this id was sent before the subscription began; later ones come to `deliver`, in id order. */
  upTo: bigint;
  unsubscribe(): void;
}

export interface EventsHub {
  subscribe(sub: Subscriber): Promise<Subscription>;
  /** How many streams are open in this process. */
  readonly size: number;
  /** Look for new events now (this process just committed a change). */
  poke(): void;
  /** Ends every stream and stops listening; later subscribes are refused. */
  close(): Promise<void>;
}

export interface EventsHubOptions {
  traceUiUrl?: string | undefined;
  onError?: (err: unknown) => void;
  /** The poll that finds events no NOTIFY announced (a writer that does not send one, a lost one). */
  pollMs?: number;
  /** How long a gap in the ids may hold the others back (GAP_WAIT_MS). */
  gapWaitMs?: number;
}

const READ_BATCH = 1000;
const DEFAULT_POLL_MS = 500;
/** A gap younger than this is looked at again every 20 ms; after it, at the poll's pace. */
const GAP_FAST_MS = 200;
/**
 * A gap held this long is passed, so one long transaction elsewhere in the cluster cannot hold every stream back: its
 * ids are then looked for on each pass for LATE_MS more and sent out of order if they appear (docs/api.md).
 */
const GAP_WAIT_MS = 5_000;
const LATE_MS = 10 * 60_000;
const LATE_MAX = 1000;
/** At start the hub looks this far back for ids whose transactions are still running (they are sent once committed). */
const START_WINDOW = 1000n;

/**
 * The live-event fan-out of one API process (issue 28). While anyone subscribes, it reads the `audit_events` ids after
 * the last one it sent, every `pollMs` and at once on a NOTIFY (the writers send one, debounced, after they
 * committed — never inside their transaction: db/debounced-notify.ts) or a poke from this process. Each event is read
 * and rendered once per process and written to the subscribers of its org and project.
 *
 * Ids come from a sequence inside the writing transactions, which commit in any order: id 11 can be visible while 10
 * is still being written. Events go out strictly in id order, so a `Last-Event-ID` resume never skips one: a missing
 * id holds back the ones after it until Postgres's snapshot shows that every transaction running when the gap was
 * first seen has ended (`xmin` passed that read's `xmax`). Then the id either appeared or never will (a rollback). A
 * gap held for GAP_WAIT_MS (a long transaction anywhere in the cluster keeps `xmin` back) is passed instead, and its ids
 * are still sent if they turn up within LATE_MS. The triggers that write these rows run after the row they describe was written, so the writer had its transaction id
 * before it took the event id, and that id is below the `xmax` of any read that saw a later event.
 */
export function createEventsHub(sql: Sql, opts: EventsHubOptions = {}): EventsHub {
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const gapWaitMs = opts.gapWaitMs ?? GAP_WAIT_MS;
  const byScope = new Map<string, Set<Subscriber>>();
  let size = 0;
  let closed = false;
  // The state of a running hub; undefined while nobody subscribes (a later first subscriber starts afresh).
  let run: HubRun | undefined;
  const scopeKey = (orgId: string, projectId: string) => `${orgId}\u0000${projectId}`;

  interface HubRun {
    ready: Promise<void>;
    /** Every id up to here was sent (or never will exist). */
    sent: bigint;
    /** The first missing id after `sent` and the `xmax` of the read that first missed it. */
    gap: { id: bigint; xmax: bigint; seenAt: number } | undefined;
    /** Ids passed while their transaction may still commit (a gap held past GAP_WAIT_MS), until this time (ms). */
    late: Map<string, number>;
    /** Ids that existed before the hub started: not sent, only passed. */
    skip: Set<string>;
    /** The newest id when the hub started: a subscriber's replay covers up to here even while a gap holds `sent` back. */
    startedAt: bigint;
    timer?: NodeJS.Timeout;
    listening?: Promise<{ unlisten(): Promise<void> }>;
    polling: Promise<void> | undefined;
    again: boolean;
    stopped: boolean;
  }

  const fanOut = (frame: EventFrame & { orgId: string; projectId: string }) => {
    for (const sub of byScope.get(scopeKey(frame.orgId, frame.projectId)) ?? []) {
      if (sub.providers && (frame.provider === null || !sub.providers.has(frame.provider))) continue;
      sub.deliver(frame);
    }
  };

  /** One pass: the ids after `sent`, the deliverable prefix read, rendered and sent. Returns whether to look again soon. */
  const pass = async (r: HubRun): Promise<boolean> => {
    const { ids, xmin, xmax } = await pollEventIds(sql, r.sent, READ_BATCH);
    const now = Date.now();
    const ready: string[] = [];
    let upTo = r.sent;
    for (const text of ids) {
      const id = BigInt(text);
      if (id > upTo + 1n) {
        // A gap below this id: wait for it unless every transaction that could still write it has ended, or too long.
        const gap = r.gap?.id === upTo + 1n ? r.gap : undefined;
        if (gap && xmin >= gap.xmax) r.gap = undefined;
        else if (gap && now - gap.seenAt >= gapWaitMs) {
          r.gap = undefined;
          for (let missing = upTo + 1n; missing < id && r.late.size < LATE_MAX; missing++) r.late.set(missing.toString(), now + LATE_MS);
        } else {
          r.gap ??= { id: upTo + 1n, xmax, seenAt: now };
          if (r.gap.id !== upTo + 1n) r.gap = { id: upTo + 1n, xmax, seenAt: now };
          break;
        }
      }
      upTo = id;
      if (r.skip.delete(text)) continue;
      ready.push(text);
    }
    // Passed ids whose transactions committed after all: sent now, out of order, rather than never.
    for (const [id, until] of r.late) if (until < now) r.late.delete(id);
    if (r.late.size > 0) {
      const found = await readEvents(sql, [...r.late.keys()]);
      for (const row of found) r.late.delete(row.id);
      if (found.length > 0 && !r.stopped) for (const frame of await renderEvents(sql, found, opts.traceUiUrl)) fanOut(frame);
    }
    if (ready.length > 0) {
      const frames = await renderEvents(sql, await readEvents(sql, ready), opts.traceUiUrl);
      if (r.stopped) return false;
      for (const frame of frames) fanOut(frame);
    }
    r.sent = upTo;
    if (r.gap && r.gap.id <= upTo) r.gap = undefined;
    return ids.length === READ_BATCH || (r.gap !== undefined && now - r.gap.seenAt < GAP_FAST_MS);
  };

  const poll = (r: HubRun) => {
    if (r.stopped) return;
    if (r.polling) {
      r.again = true;
      return;
    }
    r.polling = (async () => {
      try {
        let more = true;
        while (more && !r.stopped) {
          r.again = false;
          more = await pass(r);
          // A held-back gap: look again shortly, the transaction that holds it is usually a few ms from committing.
          if (more && r.gap) await new Promise((resolve) => setTimeout(resolve, 20));
          more ||= r.again;
        }
      } catch (err) {
        // Nothing was sent past `sent`: the next pass reads the same ids again. Nothing is lost, no reset is needed.
        opts.onError?.(err);
      } finally {
        r.polling = undefined;
      }
    })();
  };

  const start = (): HubRun => {
    const r: HubRun = { ready: Promise.resolve(), sent: 0n, gap: undefined, late: new Map(), skip: new Set(), startedAt: 0n, polling: undefined, again: false, stopped: false };
    r.ready = (async () => {
      // Begin after the newest event, but look back over the last ids: those still missing belong to transactions
      // that may commit after a subscriber has read the lists, so they are waited for like any gap; the rest existed
      // before and are only passed.
      const newest = await lastEventId(sql);
      r.startedAt = newest;
      r.sent = newest > START_WINDOW ? newest - START_WINDOW : 0n;
      const seen = await pollEventIds(sql, r.sent, Number(START_WINDOW));
      for (const id of seen.ids) r.skip.add(id);
      r.listening = Promise.all([AUDIT_EVENTS_CHANNEL, SYNC_DUE_CHANNEL].map((channel) => sql.listen(channel, () => poll(r)))).then((ls) => ({
        unlisten: async () => void (await Promise.all(ls.map((l) => l.unlisten()))),
      }));
      await r.listening;
      await pass(r);
      r.timer = setInterval(() => poll(r), pollMs);
      r.timer.unref();
    })();
    return r;
  };

  const stop = async (r: HubRun) => {
    r.stopped = true;
    clearInterval(r.timer);
    await r.listening?.then((l) => l.unlisten()).catch(() => undefined);
    await r.polling;
  };

  return {
    get size() {
      return size;
    },
    poke() {
      if (run) poll(run);
    },
    async subscribe(sub) {
      if (closed) throw new Error('events hub closed');
      const r = (run ??= start());
      try {
        await r.ready;
      } catch (err) {
        if (run === r) run = undefined;
        void stop(r);
        throw err;
      }
      if (closed || r.stopped) throw new Error('events hub closed');
      const key = scopeKey(sub.orgId, sub.projectId);
      let subs = byScope.get(key);
      if (!subs) byScope.set(key, (subs = new Set()));
      subs.add(sub);
      size++;
      let removed = false;
      return {
        // Past `sent` while a gap from before the start holds it back: the replay reads those ids (the live stream
        // skips them), and the gap's own id, once committed, still comes live, late rather than never.
        upTo: r.sent > r.startedAt ? r.sent : r.startedAt,
        unsubscribe: () => {
          if (removed) return;
          removed = true;
          size--;
          subs.delete(sub);
          if (subs.size === 0 && byScope.get(key) === subs) byScope.delete(key);
          // The last stream gone: stop polling; the next first subscriber starts from the newest event.
          if (size === 0 && run === r) {
            run = undefined;
            void stop(r);
          }
        },
      };
    },
    async close() {
      closed = true;
      for (const subs of byScope.values()) for (const sub of subs) sub.end();
      byScope.clear();
      if (run) await stop(run).catch(() => undefined);
      run = undefined;
    },
  };
}

/** Frames of a project's events: the rows the events name as the API shows them, with the state the change produced. */
export async function renderEvents(sql: Sql, rows: readonly EventRow[], traceUiUrl?: string): Promise<(EventFrame & { orgId: string; projectId: string })[]> {
  const findingIds = rows.flatMap((r) => (r.finding ? [r.finding.id] : []));
  const tasks = findingIds.length > 0 ? await listTasksForFindings(sql, findingIds) : [];
  const frames: (EventFrame & { orgId: string; projectId: string })[] = [];
  for (const row of rows) {
    const data = eventData(row, tasks, traceUiUrl);
    // The row it names is gone (an integration deleted with its runs): nothing left to show.
    if (data === undefined) continue;
    frames.push({
      id: row.id,
      orgId: row.org_id,
      projectId: row.project_id,
      provider: row.type === 'finding.updated' ? null : row.provider,
      text: `id: ${row.id}\nevent: ${row.type}\ndata: ${data}\n\n`,
    });
  }
  return frames;
}

function eventData(row: EventRow, tasks: Parameters<typeof presentFinding>[1], traceUiUrl?: string): string | undefined {
  switch (row.type) {
    case 'integration.updated':
      return row.integration_json === null ? undefined : JSON.stringify({ ...(JSON.parse(row.integration_json) as object), ...(row.subject.status ? { status: row.subject.status } : {}) });
    case 'sync.started':
    case 'sync.finished': {
      if (!row.run || row.provider === null) return undefined;
      const run = presentSyncRun(row.run, row.provider, traceUiUrl);
      // sync.started read after the run ended still says what started: a running run.
      return JSON.stringify(row.type === 'sync.started' ? { ...run, outcome: 'running', finished_at: null } : run);
    }
    case 'finding.updated':
      return row.finding ? JSON.stringify({ ...presentFinding(row.finding, tasks), ...(row.subject.status ? { status: row.subject.status } : {}) }) : undefined;
  }
}
