import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { AuditApiError, createAuditClient, type EventStream, type LiveEvent, type StreamState } from '../../api/sdk/src/index.js';
import { openSse } from '../api/sse-client.js';
import type { Stack } from '../helpers/fixture.js';
import { call } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { githubStackTest } from '../sync/support.js';

const GOOD = `ghp_${randomUUID().replace(/-/g, '')}`;
const PER_KEY = 2;
// Two streams per key (so one key is easily refused with 429) and a heartbeat every 300 ms (something to wait on that
// takes a known least time without sleeping).
const test = githubStackTest({ token: GOOD, repository: 'acme/web' }, { api: { eventLimits: { perKey: PER_KEY, heartbeatMs: 300 } } });

interface Sent {
  method: string;
  path: string;
  status?: number;
  lastEventId: string | null;
}

/**
 * A client of the stack whose fetch records each request (and its answer's status), and can drop the event stream's
 * connection (`cut`) and hold the next attempt (until `restore`) as a network outage would.
 */
function recordingClient(baseUrl: string, token: string, org: string) {
  const sent: Sent[] = [];
  const live = new Set<AbortController>();
  let gate: Promise<void> | undefined;
  let open = () => undefined as void;
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const entry: Sent = { method: request.method, path: new URL(request.url).pathname, lastEventId: request.headers.get('last-event-id') };
    sent.push(entry);
    if (!entry.path.endsWith('/audit/events')) {
      const res = await fetch(request);
      entry.status = res.status;
      return res;
    }
    await gate;
    const connection = new AbortController();
    init?.signal?.addEventListener('abort', () => connection.abort());
    live.add(connection);
    const res = await fetch(request, { signal: connection.signal });
    entry.status = res.status;
    return res;
  };
  const client = createAuditClient({ baseUrl, token, org, fetch: fetchFn as typeof fetch });
  return {
    client,
    sent,
    cut() {
      gate = new Promise<void>((r) => (open = r));
      for (const c of live) c.abort();
      live.clear();
    },
    restore() {
      open();
      gate = undefined;
    },
  };
}

/** Reads a stream in the background into `events`, with its connection states; `until` waits for a matching event. */
function collect(stream: EventStream) {
  const events: LiveEvent[] = [];
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const e of stream) events.push(e);
    } catch (err) {
      failure = err;
    }
  })();
  return {
    events,
    done,
    failure: () => failure,
    until: (match: (e: LiveEvent) => boolean, what: string) => waitFor(async () => events.find(match), what),
  };
}

function stateLog() {
  const states: StreamState[] = [];
  return { states, onState: (s: StreamState) => void states.push(s), opened: (n = 1) => waitFor(async () => (states.filter((s) => s.state === 'open').length >= n ? true : undefined), 'the stream to open') };
}

/**
 * Connects GitHub in `projectId` and waits until a stream subscribed before the connect got its event: the hub has
 * handed it out, so a client subscribing next does not get it too. Answers that stream (its heartbeats count time).
 */
async function connectSettled(stack: Stack, projectId: string, credentials: Record<string, unknown>) {
  const raw = await openSse(stack.api.baseUrl, `/api/v1/orgs/${stack.orgId}/projects/${projectId}/audit/events`, await stack.api.createKey(stack.orgId));
  const res = await call(stack.api.baseUrl, 'POST', `/api/v1/orgs/${stack.orgId}/projects/${projectId}/audit/integrations/github/connect`, { token: stack.token, body: { credentials } });
  expect(res.status).toBe(200);
  await raw.next((e) => e.event === 'integration.updated', 0, 'the connect event');
  return raw;
}

const statusOf = (e: LiveEvent) => (e.type === 'integration.updated' ? e.data.status : undefined);

describe('client.events.stream (the SDK against the real API)', () => {
  test('sees connect → syncing → connected in order, the run start and finish, typed as the API shows them', async ({ stack, github }) => {
    const { client } = recordingClient(stack.api.baseUrl, stack.token, stack.orgId);
    const log = stateLog();
    const stream = client.events.stream('order', { onState: log.onState });
    const reader = collect(stream);
    await log.opened();

    const connected = await client.integrations.connect('order', 'github', { token: GOOD, repository: 'acme/web', base_url: github.url });
    await client.integrations.sync('order', 'github');
    const finished = await reader.until((e) => e.type === 'sync.finished', 'sync.finished');
    const settled = await reader.until((e) => statusOf(e) === 'connected' && Number(e.id) > Number(finished.id), 'connected after the run');

    const ours = reader.events.filter((e) => Number(e.id) <= Number(settled.id));
    const statuses = ours.flatMap((e) => (e.type === 'integration.updated' ? [e.data.status] : []));
    expect(statuses[0]).toBe('connected');
    const syncing = statuses.indexOf('syncing');
    expect(syncing).toBeGreaterThan(0);
    expect(statuses.lastIndexOf('connected')).toBeGreaterThan(syncing);
    const started = ours.find((e) => e.type === 'sync.started');
    expect(started && ours.indexOf(started)).toBeLessThan(ours.indexOf(finished));
    // Each event as the API's own reads show it: the row as the single GET shows it but `realtime`, and the run.
    const { realtime, ...detail } = await client.integrations.get('order', 'github');
    expect(realtime).toBeDefined();
    expect(settled.data).toEqual({ ...detail, health: expect.objectContaining({ state: 'ok' }) });
    expect(settled.type === 'integration.updated' && settled.data.id).toBe(connected.id);
    const [run] = (await client.syncRuns.list('order', 'github').page()).items;
    expect(finished.data).toEqual(run);
    const ids = reader.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(JSON.stringify(reader.events)).not.toContain(GOOD);

    // Leaving the loop ends the stream: the iterator finishes and the server lets the connection go.
    const open = stack.api.events.size;
    stream.close();
    await reader.done;
    expect(reader.failure()).toBeUndefined();
    await waitFor(async () => (stack.api.events.size === open - 1 ? true : undefined), 'the server to let the stream go');
  });

  test('resumes after the connection drops with Last-Event-ID: what happened meanwhile arrives once, in order, then live events', async ({ stack }) => {
    const net = recordingClient(stack.api.baseUrl, stack.token, stack.orgId);
    const log = stateLog();
    const stream = net.client.events.stream('resume', { onState: log.onState });
    const reader = collect(stream);
    await log.opened();
    const findings = `/api/v1/orgs/${stack.orgId}/projects/resume/audit/findings`;
    const create = async (title: string) => expect((await call(stack.api.baseUrl, 'POST', findings, { token: stack.token, body: { title, severity: 'low' } })).status).toBe(201);
    const titled = (title: string) => (e: LiveEvent) => e.type === 'finding.updated' && e.data.title === title;

    await create('Before the drop');
    const before = await reader.until(titled('Before the drop'), 'the event before the drop');
    net.cut();
    await waitFor(async () => (log.states.at(-1)?.state === 'down' ? true : undefined), 'the client to see the drop');
    for (const title of ['Missed one', 'Missed two', 'Missed three']) await create(title);
    // The reconnect waits at the cut network until everything above is committed.
    await waitFor(async () => (net.sent.filter((s) => s.path.endsWith('/audit/events')).length === 2 ? true : undefined), 'the reconnect');
    expect(net.sent.filter((s) => s.path.endsWith('/audit/events')).map((s) => s.lastEventId)).toEqual([null, before.id]);
    net.restore();
    await reader.until(titled('Missed three'), 'the replay');
    await create('After the reconnect');
    const after = await reader.until(titled('After the reconnect'), 'a live event after the replay');

    const rows = await stack.api.db.sql<{ id: string }[]>`
      select id::text as id from audit_events
      where org_id = ${stack.orgId} and project_id = 'resume' and id > ${before.id}::bigint and id <= ${after.id}::bigint
      order by audit_events.id
    `;
    const seen = reader.events.filter((e) => Number(e.id) > Number(before.id));
    expect(seen.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    expect(seen.map((e) => e.type === 'finding.updated' && e.data.title)).toEqual(['Missed one', 'Missed two', 'Missed three', 'After the reconnect']);
    expect(log.states.map((s) => s.state)).toEqual(['open', 'down', 'open']);
    stream.close();
    await reader.done;
  });

  test('sync({wait: true}) subscribes first, then waits for the events: no polling, one final read', async ({ stack, github }) => {
    // A raw stream beside the client whose heartbeats (every 300 ms) measure the hold without a sleep.
    const clock = await connectSettled(stack, 'waits', { token: GOOD, repository: 'acme/web', base_url: github.url });
    const net = recordingClient(stack.api.baseUrl, stack.token, stack.orgId);
    github.hold();
    const waiting = net.client.integrations.sync('waits', 'github', { wait: true, timeoutMs: 45_000 });
    await github.held();
    // GitHub holds the sync for three heartbeats (≥ 0.9 s): polling would have read the row three times by now.
    const beats = clock.comments.length;
    await waitFor(async () => (clock.comments.length >= beats + 3 ? true : undefined), 'three heartbeats');
    const duringHold = net.sent.map((s) => `${s.method} ${s.path.split('/audit/')[1]}`);
    github.release();
    const row = await waiting;
    clock.close();

    expect(row).toMatchObject({ provider: 'github', status: 'connected', health: { state: 'ok' }, settings: { paused: false } });
    expect(duringHold).toEqual(['GET events', 'POST integrations/github/sync']);
    expect(net.sent.map((s) => `${s.method} ${s.path.split('/audit/')[1]}`)).toEqual(['GET events', 'POST integrations/github/sync', 'GET integrations/github']);
    expect(net.sent[0]!.status).toBe(200);
  });

  test('sync({wait: true}) falls back to polling when the stream answers 429, with the same outcome', async ({ stack, github, project }) => {
    expect((await project('busy').connect('github', { token: GOOD, repository: 'acme/web', base_url: github.url })).status).toBe(200);
    // The key already holds as many streams as it may.
    const key = await stack.api.createKey(stack.orgId);
    const held = await Promise.all(Array.from({ length: PER_KEY }, () => openSse(stack.api.baseUrl, `/api/v1/orgs/${stack.orgId}/projects/busy/audit/events`, key)));
    const net = recordingClient(stack.api.baseUrl, key, stack.orgId);
    const seen: string[] = [];
    const row = await net.client.integrations.sync('busy', 'github', { wait: true, timeoutMs: 45_000, onProgress: (r) => seen.push(r.status) });
    for (const s of held) s.close();

    expect(row).toMatchObject({ provider: 'github', status: 'connected' });
    expect(seen.at(-1)).toBe('connected');
    const [first, ...rest] = net.sent;
    expect(first).toMatchObject({ method: 'GET', status: 429 });
    expect(first!.path).toMatch(/\/audit\/events$/);
    expect(rest[0]).toMatchObject({ method: 'POST', status: 202 });
    // Then the single GET, as many times as the sync took, and nothing else.
    const reads = rest.slice(1);
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(new Set(reads.map((s) => `${s.method} ${s.path.split('/audit/')[1]}`))).toEqual(new Set(['GET integrations/github']));
  });

  test('sync({wait: true}) through the stream rejects with the failed run’s code and message', async ({ stack, github }) => {
    (await connectSettled(stack, 'refused', { token: 'ghp_refusedByGithub', repository: 'acme/web', base_url: github.url })).close();
    const net = recordingClient(stack.api.baseUrl, stack.token, stack.orgId);
    const err = await net.client.integrations.sync('refused', 'github', { wait: true, timeoutMs: 45_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AuditApiError);
    const run = (await net.client.syncRuns.list('refused', 'github').page()).items[0]!;
    expect(run).toMatchObject({ outcome: 'failed', error_code: 'ProviderAuthFailed' });
    expect({ status: (err as AuditApiError).status, code: (err as AuditApiError).code, message: (err as AuditApiError).message }).toEqual({ status: 0, code: 'ProviderAuthFailed', message: run.error_message });
    // The message came with sync.finished: no read of the runs while waiting.
    const waited = net.sent.slice(0, -1).map((s) => `${s.method} ${s.path.split('/audit/')[1]}`);
    expect(waited).toEqual(['GET events', 'POST integrations/github/sync', 'GET integrations/github']);
  });

  test('a key without audit:read gets 403 once: the iterator throws it and does not retry', async ({ stack }) => {
    const writeOnly = await stack.api.createKey(stack.orgId, ['audit:write']);
    const net = recordingClient(stack.api.baseUrl, writeOnly, stack.orgId);
    const log = stateLog();
    const reader = collect(net.client.events.stream('web', { onState: log.onState }));
    await reader.done;
    expect(reader.failure()).toBeInstanceOf(AuditApiError);
    expect((reader.failure() as AuditApiError).code).toBe('forbidden');
    expect(log.states).toEqual([{ state: 'down', error: reader.failure(), retryInMs: null }]);
    expect(net.sent).toHaveLength(1);
  });

  // Last in the file: it closes the hub, as api/main.ts does at shutdown.
  test('at server shutdown the stream ends cleanly and the client retries (503) until aborted', async ({ stack }) => {
    const net = recordingClient(stack.api.baseUrl, stack.token, stack.orgId);
    const log = stateLog();
    const abort = new AbortController();
    const reader = collect(net.client.events.stream('web', { onState: log.onState, signal: abort.signal }));
    await log.opened();
    await stack.api.events.close();
    await waitFor(async () => (net.sent.some((s) => s.status === 503) ? true : undefined), 'a retry refused with 503');
    await waitFor(async () => (log.states.filter((s) => s.state === 'down').length >= 2 ? true : undefined), 'the 503 reported');
    const downs = log.states.filter((s): s is Extract<StreamState, { state: 'down' }> => s.state === 'down');
    expect(downs.map((s) => s.error.code).slice(0, 2)).toEqual(['stream_ended', 'unavailable']);
    expect(downs.every((s) => s.retryInMs !== null && s.retryInMs > 0)).toBe(true);
    abort.abort();
    await reader.done;
    expect(reader.failure()).toBeUndefined();
  });
});
