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
  requests: RecordedRequest[];
  /** What the fake found wrong in what it received (method, header, body shape). Tests expect it to stay empty. */
  violations: string[];
  fail(fault: Fault): void;
  close(): Promise<void>;
}

export type FakeHandler = (req: RecordedRequest, violation: (message: string) => FakeReply) => FakeReply | Promise<FakeReply>;

export const json = (status: number, body?: unknown, headers: Record<string, string> = {}): FakeReply => ({ status, body, headers });

/**
 * A local HTTP server on 127.0.0.1:0 that records every request, answers injected faults first, and otherwise hands
 * the request to the provider fake's handler.
 */
export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const faults: (Fault & { left: number })[] = [];
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
        requests.push(recorded);
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
        const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json; charset=utf-8';
        res.writeHead(reply.status, { ...(payload ? { 'content-type': type } : {}), ...(reply.headers ?? {}) }).end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    async close() {
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
