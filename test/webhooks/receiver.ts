import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  /** The body exactly as it arrived: what the signature covers. */
  raw: string;
  payload: { id: string; type: string; created_at: string; data: Record<string, unknown> };
  headers: IncomingHttpHeaders;
  /** Which of the receiver's secrets verified it (standardwebhooks' own verify). */
  verifiedWith: string[];
}

export interface Receiver {
  url: string;
  /** Every request, retries included. */
  received: ReceivedWebhook[];
  /** What a de-duplicating receiver keeps: one per webhook-id, counted only once answered 2xx. */
  accepted: Map<string, ReceivedWebhook>;
  /** Secrets to verify against (the endpoint's, as the API answered them). */
  secrets: string[];
  /** Answers for the next requests, in order; afterwards 204. */
  answer(...statuses: number[]): void;
  /** Answer every request with this status from now on (null: back to the queue, then 204). */
  answerAlways(status: number | null): void;
  /** The next request is held without an answer until release() or close (a receiver that is slow to answer). */
  holdNext(): void;
  release(): void;
  close(): Promise<void>;
}

/** A customer's webhook endpoint on 127.0.0.1, as the receiver example in docs/api.md: verify, then de-duplicate by webhook-id. */
export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const accepted = new Map<string, ReceivedWebhook>();
  const statuses: number[] = [];
  const secrets: string[] = [];
  let always: number | null = null;
  let hold = false;
  let held: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
        const verifiedWith = secrets.filter((s) => {
          try {
            new Webhook(s).verify(raw, headers);
            return true;
          } catch {
            return false;
          }
        });
        const hook: ReceivedWebhook = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], raw, payload: JSON.parse(raw) as ReceivedWebhook['payload'], headers: req.headers, verifiedWith };
        received.push(hook);
        if (hold) {
          hold = false;
          await new Promise<void>((r) => held.push(r));
          if (res.destroyed) return;
        }
        const status = always ?? statuses.shift() ?? 204;
        if (status >= 200 && status < 300 && verifiedWith.length > 0) accepted.set(hook.id, hook);
        res.writeHead(status).end();
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const release = () => {
    const h = held;
    held = [];
    h.forEach((f) => f());
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    accepted,
    secrets,
    answer: (...s) => void statuses.push(...s),
    answerAlways: (s) => void (always = s),
    holdNext: () => void (hold = true),
    release,
    async close() {
      release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
