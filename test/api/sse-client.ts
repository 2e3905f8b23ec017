import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * A Server-Sent Events reader as EventSource parses the format (fields per line, a blank line ends an event, `:` a
 * comment), keeping the raw text too, for checks on everything that went over the wire.
 */
export interface SseStream {
  status: number;
  headers: IncomingMessage['headers'];
  events: SseEvent[];
  comments: string[];
  raw: string;
  /** The first event from index `from` on that matches, as soon as it arrives (bounded only against a hang). */
  next(match: (e: SseEvent) => boolean, from?: number, what?: string, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream cleanly. */
  ended: Promise<void>;
  close(): void;
}

export function openSse(baseUrl: string, path: string, token: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      const waiters = new Set<() => void>();
      let buffer = '';
      // The response ended or failed: a waiter still unmatched never will be.
      let done = false;
      let endResolve!: () => void;
      let endReject!: (err: Error) => void;
      const ended = new Promise<void>((r, j) => ((endResolve = r), (endReject = j)));
      ended.catch(() => undefined);
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        comments: [],
        raw: '',
        next(match, from = 0, what = 'event', timeoutMs = 45_000) {
          return new Promise((ok, fail) => {
            const state = () => `${stream.events.length} events received, ${stream.raw.length} bytes, the stream ${done ? 'ended by the server' : 'still open'}`;
            const timer = setTimeout(() => (waiters.delete(check), fail(new Error(`timed out waiting for ${what} (${state()})`))), timeoutMs);
            // Each event is looked at once: a flood of thousands stays linear.
            let scanned = from;
            const check = () => {
              let hit: SseEvent | undefined;
              while (!hit && scanned < stream.events.length) {
                const e = stream.events[scanned++]!;
                if (match(e)) hit = e;
              }
              if (hit) {
                clearTimeout(timer);
                waiters.delete(check);
                ok(hit);
              } else if (done) {
                // Nothing more can arrive: say so now instead of waiting out the guard.
                clearTimeout(timer);
                waiters.delete(check);
                fail(new Error(`waiting for ${what}: ${state()}`));
              }
            };
            waiters.add(check);
            check();
          });
        },
        ended,
        close: () => req.destroy(),
      };
      res.on('data', (chunk: string) => {
        stream.raw += chunk;
        buffer += chunk;
        for (let cut = buffer.indexOf('\n\n'); cut !== -1; cut = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = { id: undefined, event: 'message', data: '' };
          let isEvent = false;
          for (const line of block.split('\n')) {
            const colon = line.indexOf(':');
            if (colon === 0) stream.comments.push(line.slice(1).trim());
            const field = line.slice(0, colon);
            const value = line.slice(colon + 2);
            if (field === 'id') event.id = value;
            else if (field === 'event') event.event = value;
            else if (field === 'data') event.data = value;
            else continue;
            isEvent = true;
          }
          if (isEvent) stream.events.push(event);
        }
        for (const w of [...waiters]) w();
      });
      const over = () => {
        done = true;
        for (const w of [...waiters]) w();
      };
      res.on('end', () => (over(), endResolve()));
      res.on('error', (err) => (over(), endReject(err)));
      res.on('close', () => {
        over();
        if (res.complete) endResolve();
        else endReject(new Error('stream cut'));
      });
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}
