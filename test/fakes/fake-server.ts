import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body was JSON, else the raw text (or undefined when empty). */
  body: unknown;
  at: number;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A canned answer for the next matching request(s): errors, rate limits, slow responses. */
export interface Fault extends Partial<FakeReply> {
  match?: (req: RecordedRequest) => boolean;
  /** How many matching requests get it (default 1). */
  times?: number;
  /** Wait this long before answering; with no status, then answer normally. */
  delayMs?: number;
  /** A hostile provider: writes the answer itself (a huge or endless body, invalid UTF-8). */
  raw?: (res: ServerResponse) => void;
}

export interface FakeServer {
  url: string;
  /** Every request received, in order (empty when started with `record: false`). */
  requests: RecordedRequest[];
  /** `METHOD path` of each recorded request, for assertions that need only the route. */
  calls(): string[];
  /** Answers sent, by outcome; kept even with `record: false` (the benchmark reports them). */
  counts: { ok: number; refused: number };
  /** What the fake found wrong in what it received (method, header, body shape). Tests expect it to stay empty. */
  violations: string[];
  fail(fault: Fault): void;
  /** The next `n` requests (default 1) wait, recorded but unanswered, until `release()`: a provider call in flight. */
  hold(n?: number): void;
  /** Resolves once a held request is waiting. */
  held(): Promise<void>;
  /** Answers the held requests as usual and cancels holds not used yet. */
  release(): void;
  close(): Promise<void>;
}

export type FakeHandler = (req: RecordedRequest, violation: (message: string) => FakeReply) => FakeReply | Promise<FakeReply>;

export const json = (status: number, body?: unknown, headers: Record<string, string> = {}): FakeReply => ({ status, body, headers });

/**
 * A local HTTP server on 127.0.0.1:0 that records every request, holds it while a hold is set, answers injected faults
 * first, and otherwise hands the request to the provider fake's handler. `record: false` keeps only `counts`, so a
 * long benchmark run does not grow a log.
 */
export async function startFakeServer(handler: FakeHandler, opts: { record?: boolean } = {}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const counts = { ok: 0, refused: 0 };
  const violations: string[] = [];
  const faults: (Fault & { left: number })[] = [];
  let holds = 0;
  let waiting: (() => void)[] = [];
  const onHeld: (() => void)[] = [];
  const releaseAll = () => {
    const w = waiting;
    waiting = [];
    w.forEach((go) => go());
  };
  const violation = (message: string): FakeReply => {
    violations.push(message);
    return json(400, { message: `fake: ${message}` });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text === '' ? undefined : text;
        if (text !== '' && (req.headers['content-type'] ?? '').startsWith('application/json')) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        const url = new URL(req.url ?? '/', 'http://fake');
        const recorded: RecordedRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, query: url.searchParams, headers: req.headers, body, at: Date.now() };
        if (opts.record !== false) requests.push(recorded);
        if (holds > 0) {
          holds -= 1;
          const go = new Promise<void>((resolve) => waiting.push(resolve));
          onHeld.splice(0).forEach((notify) => notify());
          await go;
        }
        const fault = faults.find((f) => f.left > 0 && (f.match?.(recorded) ?? true));
        if (fault) fault.left -= 1;
        if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault?.raw) return fault.raw(res);
        let reply: FakeReply;
        try {
          reply = fault?.status ? { status: fault.status, body: fault.body, headers: fault.headers ?? {} } : await handler(recorded, violation);
        } catch (err) {
          reply = json(500, { message: `fake crashed: ${(err as Error).message}` });
        }
        if (res.destroyed) return;
        if (reply.status >= 400) counts.refused += 1;
        else counts.ok += 1;
        const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
        res.writeHead(reply.status, { ...(payload ? { 'content-type': type } : {}), ...(reply.headers ?? {}) }).end(payload);
      })();
    });
  });
  // Clients pool connections longer than Node's 5 s default; a fake that drops them mid-run adds reconnects to timings.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    counts,
    violations,
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    hold: (n = 1) => void (holds += n),
    held: () => new Promise<void>((resolve) => (waiting.length > 0 ? resolve() : onHeld.push(resolve))),
    release() {
      holds = 0;
      releaseAll();
    },
    async close() {
      holds = 0;
      releaseAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Pages of `items` for page-number APIs (GitHub, GitLab): 1-based `page`, at most `size` per page. */
export function pageOf<T>(items: readonly T[], page: number, size: number): { items: T[]; last: number } {
  const last = Math.max(1, Math.ceil(items.length / size));
  return { items: items.slice((page - 1) * size, page * size), last };
}

export type IssueState = 'open' | 'closed';

/** What the shared tracker tests need from each tracker fake, beyond the recorded traffic. */
export interface FakeTracker extends FakeServer {
  /** Every issue the tracker holds: its id as our tasks record it, its body text, its state. */
  issues(): { externalId: string; text: string; state: IssueState }[];
  /** Someone closes or reopens the issue in the tracker itself. */
  setState(externalId: string, state: IssueState): void;
  /** Someone deletes the issue: reading it answers as the tracker does for a deleted issue. */
  removeIssue(externalId: string): void;
  /** An issue filed by someone else, or (with a marker in `text`) one an attempt created before it crashed. */
  addIssue(text?: string): string;
  isCreate(req: RecordedRequest): boolean;
  isList(req: RecordedRequest): boolean;
  /** Requests made with the fake's bad credential. */
  badAuthRequests(): RecordedRequest[];
}
