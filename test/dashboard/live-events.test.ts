import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { call, type TestApi } from '../helpers/stack.js';
import { githubDashboardTest, screenshot, type Dashboard, type Gate, type PageWatch } from './support.js';

const TOKEN = 'ghp_liveEventsToken0123456789abcdefab';
const REPOSITORY = 'acme/web';
const PROJECT = 'live';
const WAIT = { timeout: 60_000 };
const test = githubDashboardTest({ token: TOKEN, repository: REPOSITORY });

const REFUSAL_BODY = JSON.stringify({ data: null, meta: { request_id: 'network' }, error: { code: 'unavailable', message: 'The service is shutting down.' } });
const REFUSAL = `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(REFUSAL_BODY)}\r\nconnection: close\r\n\r\n${REFUSAL_BODY}`;

/**
 * The network between the browser and the API: a TCP proxy the page is loaded through. `down()` drops the connections
 * that carry the live event stream and answers new stream requests 503 (as a server shutting down does); `up()` lets
 * them through again. Every other request passes untouched.
 */
async function startStreamBreaker(target: string) {
  const { hostname, port } = new URL(target);
  const streams = new Set<Socket>();
  const sockets = new Set<Socket>();
  let broken = false;
  let refused = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    upstream.pipe(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      // Each request the browser sends on this connection starts a chunk with its request line.
      const line = /^[A-Z]+ (\S+) HTTP\/1\.1\r\n/.exec(chunk.toString('latin1', 0, 2048));
      if (line) {
        const stream = line[1]!.split('?')[0]!.endsWith('/audit/events');
        if (stream) streams.add(client);
        else streams.delete(client);
        if (stream && broken) {
          refused += 1;
          upstream.unpipe(client);
          upstream.destroy();
          client.end(REFUSAL);
          return;
        }
      }
      upstream.write(chunk);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    down() {
      broken = true;
      for (const s of streams) s.destroy();
      streams.clear();
    },
    up() {
      broken = false;
    },
    close() {
      // The browser keeps its connections alive: end them, or close would wait for it.
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The integration list reads the poller makes (the org-wide list, the project's list) and the runs list. */
const isListRead = (url: string) => /\/orgs\/[^/]+\/integrations$|\/audit\/integrations$|\/syncs$/.test(new URL(url).pathname);

describe('the dashboard on the live event stream (Chromium, real API + worker, fake GitHub)', () => {
  let api: TestApi;
  let gate: Gate;
  let dashboard: Dashboard;
  let page: Page;
  let watch: PageWatch;
  let apiKey: string;
  let orgId: string;
  let breaker: Awaited<ReturnType<typeof startStreamBreaker>>;
  const card = (provider: string): Locator => page.locator(`audit-integration-card[data-provider="${provider}"]`);
  const cardIn = (status: string): Locator => page.locator(`audit-integration-card[data-provider="github"][data-status="${status}"]`);
  const view = (live: 'stream' | 'polling'): Locator => page.locator(`audit-integrations[data-live="${live}"]`);
  const listReadsSince = (mark: number) => watch.urls.slice(mark).filter(isListRead);
  // As the worker records a health check: the row changes, its event goes out.
  const setHealth = (state: string, reason: string | null) =>
    api.db.sql`update audit_integrations set health_state = ${state}, health_reason = ${reason}, health_checked_at = now() where org_id = ${orgId} and project_id = ${PROJECT} and provider = 'github'`;

  test.beforeAll(async ({ stack, dashboard: d, gate: g }) => {
    ({ api, orgId, token: apiKey } = stack);
    ({ page, watch } = (dashboard = d));
    gate = g;
    breaker = await startStreamBreaker(api.baseUrl);
    const res = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/${PROJECT}/audit/integrations/github/connect`, {
      token: apiKey,
      body: { credentials: { token: TOKEN, repository: REPOSITORY, base_url: gate.url } },
    });
    expect(res.status).toBe(200);
  });

  test.afterAll(async () => {
    await breaker.close();
  });

  test('shows a sync live, syncing → connected, with no request to the list endpoints while the stream is up', async () => {
    // The page's timers are the test's to advance: a poller left running would fire within the time skipped below.
    await page.clock.install();
    await page.goto(`${breaker.url}/dashboard/`);
    await dashboard.signIn(apiKey, PROJECT);
    await view('stream').waitFor(WAIT);
    await cardIn('connected').waitFor(WAIT);
    await expect(page.locator('.live-state').textContent()).resolves.toBe('Live updates on.');
    const mark = watch.urls.length;

    gate.hold();
    await card('github').getByRole('button', { name: 'Sync now (GitHub)', exact: true }).click();
    await cardIn('syncing').waitFor(WAIT);
    await expect.poll(() => gate.waiting(), WAIT).toBeGreaterThan(0);
    // Twenty seconds of the page's time while GitHub holds the sync: a poller would have read the list ~8 times.
    await page.clock.runFor(20_000);
    await screenshot(page, 'live-01-syncing');
    expect(listReadsSince(mark)).toEqual([]);

    gate.release();
    await cardIn('connected').waitFor(WAIT);
    await expect(card('github').locator('.last-sync time').count()).resolves.toBe(1);
    const [row] = ((await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/${PROJECT}/audit/integrations`, { token: apiKey })).json.data as { provider: string; last_sync_at: string }[]).filter((r) => r.provider === 'github');
    await expect.poll(() => card('github').locator('.last-sync time').getAttribute('datetime'), WAIT).toBe(row!.last_sync_at);
    // The sync's progress came from the stream: the POST and nothing else (events carry the row with its settings and
    // next periodic sync, so no read of the integration follows either).
    expect(watch.urls.slice(mark).filter((u) => u.includes('/integrations'))).toEqual([expect.stringMatching(/\/integrations\/github\/sync$/)]);
    expect(listReadsSince(mark)).toEqual([]);
  });

  test('falls back to polling while the stream is down, and stops polling once it is back', async () => {
    const down = watch.urls.length;
    breaker.down();
    await view('polling').waitFor(WAIT);
    await expect(page.locator('.live-state').textContent()).resolves.toBe('Live updates unavailable: refreshing every few seconds.');
    await expect.poll(() => listReadsSince(down).length, WAIT).toBeGreaterThan(0);

    // A sync while the stream is down: its progress reaches the card through the poller.
    gate.hold();
    await card('github').getByRole('button', { name: 'Sync now (GitHub)', exact: true }).click();
    await cardIn('syncing').waitFor(WAIT);
    await expect.poll(() => gate.waiting(), WAIT).toBeGreaterThan(0);
    gate.release();
    await cardIn('connected').waitFor(WAIT);
    await screenshot(page, 'live-02-polling');
    expect(listReadsSince(down).length).toBeGreaterThan(1);
    // The client kept trying the stream meanwhile.
    await expect.poll(() => breaker.refused(), WAIT).toBeGreaterThan(0);

    breaker.up();
    // Past any reconnect backoff (at most 30 s, spread by a quarter).
    await page.clock.runFor(40_000);
    await view('stream').waitFor(WAIT);
    // A change that can only arrive by the stream, handled after the re-read of the reconnect (events are applied in order).
    await setHealth('degraded', 'GitHub answered 503');
    await expect.poll(() => card('github').getAttribute('data-health'), WAIT).toBe('degraded');
    const back = watch.urls.length;
    await page.clock.runFor(35_000);
    await setHealth('ok', null);
    await expect.poll(() => card('github').getAttribute('data-health'), WAIT).toBe('ok');
    expect(listReadsSince(back)).toEqual([]);

    // An open sync history follows a sync started elsewhere (its sync.started and sync.finished events).
    await card('github').locator('summary', { hasText: 'Sync history' }).click();
    const runs = card('github').locator('tbody tr');
    await expect.poll(() => runs.count(), WAIT).toBe(2);
    expect((await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/${PROJECT}/audit/integrations/github/sync`, { token: apiKey })).status).toBe(202);
    await expect.poll(() => runs.count(), WAIT).toBe(3);
    await expect.poll(() => runs.first().getAttribute('data-outcome'), WAIT).toBe('succeeded');
    // Chromium reports the dropped stream and the 503s; nothing else.
    expect(watch.consoleErrors.filter((e) => !/status of (4\d\d|503)|ERR_INCOMPLETE_CHUNKED_ENCODING/.test(e))).toEqual([]);
    expect(await watch.leaks([TOKEN])).toEqual([]);
  });
});
