import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, type Transport } from '../../activities/outbound/client.js';
import { unreachableMessage } from '../../activities/errors.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const MIB = 1024 * 1024;
const TOKEN = 'ghp_verifyBoundsGood';

/**
 * A GitHub-shaped fake whose repository name picks the answer: `acme/hold` waits until the test releases it,
 * `acme/big` streams 1 MiB without a length, `acme/declared` declares 1 MiB, anything else answers at once.
 */
async function startHoldingFake() {
  const held: ServerResponse[] = [];
  /** Held requests whose connection closed before the test released them: the API ended the read. */
  const dropped = new Set<ServerResponse>();
  const events = new EventEmitter();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/repos/acme/hold') {
      held.push(res);
      res.once('close', () => {
        if (!res.writableFinished) dropped.add(res);
        events.emit('dropped');
      });
      events.emit('held');
      return;
    }
    if (path === '/repos/acme/big') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (!res.destroyed && sent < MIB) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      return pump();
    }
    if (path === '/repos/acme/declared') return void res.writeHead(200, { 'content-length': String(MIB) }).end(Buffer.alloc(MIB, 0x20));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"full_name":"acme/web"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    dropped,
    /** Resolves once `n` requests are held in total. */
    async heldCount(n: number): Promise<void> {
      while (held.length < n) await once(events, 'held');
    },
    async droppedCount(n: number): Promise<void> {
      while (dropped.size < n) await once(events, 'dropped');
    },
    release() {
      for (const res of held.splice(0)) if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end('{"full_name":"acme/hold"}');
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('POST …/integrations/:provider/verify is cheap and bounded', () => {
  let api: TestApi;
  let fake: Awaited<ReturnType<typeof startHoldingFake>>;
  /** Bytes of provider answers the API's outbound client pulled off the wire, counted as it reads them. */
  let pulled = 0;
  const counting = (next: Transport): Transport => async (url, init) => {
    const res = await next(url, init);
    const body = res.body?.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
    );
    return { status: res.status, statusText: res.statusText, headers: res.headers, body: body ?? null };
  };
  const orgs = { a: randomUUID(), b: randomUUID(), c: randomUUID() };
  const keys: Record<string, string> = {};
  const path = (org: string) => `/api/v1/orgs/${org}/projects/web/audit/integrations/github/verify`;
  const body = (repository: string) => ({ credentials: { token: TOKEN, repository, base_url: fake.url } });
  const verify = (org: keyof typeof orgs, repository: string) => call(api.baseUrl, 'POST', path(orgs[org]), { token: keys[org]!, body: body(repository) });
  const verifyRoutes = () => api.logs.filter((l) => l.includes('"route":"/api/v1/orgs/:org_id/projects/:project_id/audit/integrations/:provider/verify"')).length;

  beforeAll(async () => {
    fake = await startHoldingFake();
    // The production outbound client (PROVIDER_MAX_RESPONSE_BYTES 10 MiB), loopback allowed for the fake.
    api = await startTestApi({ outbound: createOutboundClient({ allow: parseAllowList('127.0.0.1/32'), intercept: counting }) });
    for (const org of Object.keys(orgs) as (keyof typeof orgs)[]) keys[org] = await api.createKey(orgs[org]);
  });
  afterAll(async () => {
    fake?.release();
    await api?.close();
    await fake?.close();
  });

  it('runs at most 4 verifies of one org at once: the 5th answers 429 with Retry-After, another org passes, and the org verifies again once they end', async () => {
    const first = Array.from({ length: 4 }, () => verify('a', 'acme/hold'));
    await fake.heldCount(4);

    const fifth = await verify('a', 'acme/web');
    expect(fifth.status).toBe(429);
    expect(fifth.json).toMatchObject({ data: null, error: { code: 'rate_limited', message: expect.stringContaining('At most 4 verifies') } });
    expect(fifth.headers.get('retry-after')).toBe('5');

    const other = await verify('b', 'acme/web');
    expect(other.status).toBe(200);
    expect(other.json.data).toEqual({ ok: true, problems: [], checked: 'provider' });

    fake.release();
    for (const res of await Promise.all(first)) expect(res.json.data).toEqual({ ok: true, problems: [], checked: 'provider' });
    // Each slot is given back before its answer is written: the org is free again.
    const again = await verify('a', 'acme/web');
    expect(again.status).toBe(200);
    expect(again.json.data).toEqual({ ok: true, problems: [], checked: 'provider' });
  });

  it('gives the slot back when a client goes away mid-verify, ending its provider read at once', async () => {
    const before = fake.held.length;
    const aborts = Array.from({ length: 4 }, () => new AbortController());
    const pending = aborts.map((a) =>
      fetch(`${api.baseUrl}${path(orgs.c)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.c!}`, 'content-type': 'application/json' },
        body: JSON.stringify(body('acme/hold')),
        signal: a.signal,
      }).catch((err: unknown) => err),
    );
    await fake.heldCount(before + 4);
    expect((await verify('c', 'acme/web')).status).toBe(429);

    const logged = verifyRoutes();
    aborts.slice(0, 3).forEach((a) => a.abort());
    await Promise.all(pending.slice(0, 3));
    // The API ended the provider reads of the three clients that left, while the fourth is still held: no waiting for
    // VERIFY_TIMEOUT_MS, which would end all four together.
    await fake.droppedCount(3);
    expect(fake.held.slice(before).filter((r) => !fake.dropped.has(r))).toHaveLength(1);
    // Their slots are back once their requests finished in the API (the access log line is written after the route's finally).
    await waitFor(async () => (verifyRoutes() >= logged + 3 ? true : undefined), 'the aborted verifies to finish');
    const after = await verify('c', 'acme/web');
    expect(after.status).toBe(200);
    expect(after.json.data).toEqual({ ok: true, problems: [], checked: 'provider' });

    fake.release();
    expect((await pending[3]) as Response).toHaveProperty('status', 200);
  });

  it('reads at most 256 KiB of an answer: a 1 MiB body, streamed or declared, reports the generic message, never a 500', async () => {
    const generic = { ok: false, checked: 'provider', problems: [{ key: 'base_url', message: unreachableMessage('GitHub') }] };
    pulled = 0;
    const streamed = await verify('b', 'acme/big');
    expect(streamed.status).toBe(200);
    expect(streamed.json.data).toEqual(generic);
    // The cap is checked chunk by chunk as the body streams: 256 KiB, one chunk past it and a read-ahead one at most.
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(512 * 1024);

    pulled = 0;
    const declared = await verify('b', 'acme/declared');
    expect(declared.status).toBe(200);
    expect(declared.json.data).toEqual(generic);
    // A Content-Length over the cap is refused before a byte of the body is read.
    expect(pulled).toBe(0);
  });
});
