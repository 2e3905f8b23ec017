import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect } from 'vitest';
import { pruneAuditEvents } from '../../db/events.js';
import { createEventsHub } from '../../api/events-hub.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { githubStackTest } from '../sync/support.js';
import { openSse, type SseEvent, type SseStream } from './sse-client.js';

// A credential no event may carry, however the row that holds it changes.
const SECRET = `ghp_EventCanary${randomBytes(12).toString('hex')}`;
const PER_KEY = 3;
const test = githubStackTest(
  { token: SECRET, repository: 'acme/web' },
  // A short heartbeat, to see one soon.
  { api: { eventLimits: { perKey: PER_KEY, heartbeatMs: 200 } } },
);

const eventsPath = (orgId: string, projectId: string) => `/api/v1/orgs/${orgId}/projects/${projectId}/audit/events`;
const data = (e: SseEvent) => JSON.parse(e.data) as Record<string, unknown>;
const idNum = (e: SseEvent) => Number(e.id);
/**
 * What the consumer-drop tests run against: a second API process on the file's database, with a one-second heartbeat.
 * A consumer is dropped after a whole interval in which the socket took nothing, and the socket shows what was taken
 * only in steps of about a megabyte (the kernel wakes a writer when a third of its send buffer is free: up to 4 MiB on
 * loopback). A reader slower than a megabyte per interval looks idle: 200 ms asked for 5 MB/s of a reader that shares
 * 2 cores with the rest of the suite (it missed that in CI); one second asks for 1 MB/s.
 */
const HEARTBEAT_MS = 1000;
async function withDropApi(api: TestApi, body: (dropApi: TestApi) => Promise<void>): Promise<void> {
  const dropApi = await startTestApi({ db: api.db, eventLimits: { heartbeatMs: HEARTBEAT_MS } });
  try {
    await body(dropApi);
  } finally {
    await dropApi.close();
  }
}
/** A key of its own for each test: streams a failed test left open do not count against the next one's limit. */
const freshKey = (api: TestApi, orgId: string) => api.createKey(orgId);

describe('GET …/audit/events (Server-Sent Events)', () => {
  test('a client sees connect → syncing → connected in order, the sync run start and finish, and no credential', async ({ stack: { api, orgId, }, github, project }) => {
    const token = await freshKey(api, orgId);
    const stream = await openSse(api.baseUrl, eventsPath(orgId, 'web'), token);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['x-request-id']).toBeTruthy();

    const web = project('web');
    const connected = await web.connect('github', { token: SECRET, repository: 'acme/web', base_url: github.url });
    expect(connected.status).toBe(200);
    expect((await web.sync('github')).status).toBe(202);
    const finished = await stream.next((e) => e.event === 'sync.finished', 0, 'sync.finished');
    const settled = await stream.next((e) => e.event === 'integration.updated' && data(e).status === 'connected' && idNum(e) > idNum(finished), 0, 'connected after the run');

    const integration = stream.events.filter((e) => e.event === 'integration.updated' && idNum(e) <= idNum(settled));
    const statuses = integration.map((e) => data(e).status);
    // The connect's own row first, then the sync's syncing and the final connected, in that order.
    expect(statuses[0]).toBe((connected.json.data as { status: string }).status);
    expect(statuses.lastIndexOf('syncing')).toBeGreaterThan(-1);
    expect(statuses.lastIndexOf('syncing')).toBeLessThan(statuses.lastIndexOf('connected'));
    // The row as the list shows it, plus health; ids strictly increasing.
    expect(data(settled)).toMatchObject({ ...(await web.row('github')), status: 'connected', health: expect.objectContaining({ state: expect.any(String) }) });
    const ids = stream.events.filter((e) => e.id !== undefined).map(idNum);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const started = await stream.next((e) => e.event === 'sync.started' && data(e).id === data(finished).id, 0, 'sync.started');
    expect(idNum(started)).toBeLessThan(idNum(finished));
    expect(data(started)).toMatchObject({ provider: 'github', outcome: 'running', finished_at: null });
    const [run] = (await web.syncs('github')).json.data as Record<string, unknown>[];
    expect(data(finished)).toEqual(run);
    expect(stream.raw).not.toContain(SECRET);
    expect(stream.raw).not.toContain('credentials":{"');
    stream.close();
  });

  test('reconnecting with Last-Event-ID replays exactly what was missed, then continues live without duplicates', async ({ stack: { api, orgId, }, github, project }) => {
    const token = await freshKey(api, orgId);
    const web = project('replay');
    // A witness that stays connected the whole time: what the reconnecting client must end up with.
    const witness = await openSse(api.baseUrl, eventsPath(orgId, 'replay'), token);
    const first = await openSse(api.baseUrl, eventsPath(orgId, 'replay'), token);
    expect((await web.connect('github', { token: SECRET, repository: 'acme/web', base_url: github.url })).status).toBe(200);
    const seen = await first.next((e) => e.event === 'integration.updated', 0, 'the connect');
    first.close();

    // Missed while disconnected: settings changes and findings.
    expect((await web.settings('github', { paused: true })).status).toBe(200);
    for (const title of ['Missing alt text', 'Broken link']) {
      expect((await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/replay/audit/findings`, { token, body: { title, severity: 'low' } })).status).toBe(201);
    }
    const missedLast = await witness.next((e) => e.event === 'finding.updated' && data(e).title === 'Broken link', 0, 'the last missed event');

    const again = await openSse(api.baseUrl, eventsPath(orgId, 'replay'), token, { 'last-event-id': seen.id! });
    await again.next((e) => e.id === missedLast.id, 0, 'the replay');
    expect((await web.settings('github', { paused: false })).status).toBe(200);
    const live = await witness.next((e) => e.event === 'integration.updated' && idNum(e) > idNum(missedLast), 0, 'the live change');
    await again.next((e) => e.id === live.id, 0, 'the live change after the replay');

    const after = (s: SseStream) => s.events.filter((e) => idNum(e) > idNum(seen) && idNum(e) <= idNum(live)).map((e) => [e.id, e.event, e.data]);
    expect(after(again)).toEqual(after(witness));
    expect(after(again).length).toBeGreaterThanOrEqual(4);
    expect(new Set(again.events.map((e) => e.id)).size).toBe(again.events.length);
    // What the table holds after the id, and nothing of another project.
    const rows = await api.db.sql<{ id: string }[]>`
      select e.id::text as id from audit_events e
      where e.org_id = ${orgId} and e.project_id = 'replay' and e.id > ${seen.id!}::bigint and e.id <= ${live.id!}::bigint
      order by e.id
    `;
    expect(after(again).map(([id]) => id)).toEqual(rows.map((r) => r.id));
    witness.close();
    again.close();
  });

  test('a Last-Event-ID older than the table keeps (or not an id) gets one reset event, then live events', async ({ stack: { api, orgId, } }) => {
    const token = await freshKey(api, orgId);
    const [row] = await api.db.sql<{ max: string }[]>`select coalesce(max(id), 0)::text as max from audit_events`;
    const max = row!.max;
    // As the retention prune would leave it: the event after the client's last one is gone.
    await api.db.sql`delete from audit_events where id <= ${max}::bigint`;
    const stale = await openSse(api.baseUrl, eventsPath(orgId, 'web'), token, { 'last-event-id': String(Math.max(1, Number(max) - 1)) });
    const bogus = await openSse(api.baseUrl, eventsPath(orgId, 'web'), token, { 'last-event-id': 'not-an-id' });
    for (const s of [stale, bogus]) {
      const reset = await s.next((e) => e.event === 'reset', 0, 'reset');
      expect(reset.id).toBeUndefined();
      expect(s.events[0]).toBe(reset);
    }
    expect((await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/web/audit/findings`, { token, body: { title: 'After the reset', severity: 'low' } })).status).toBe(201);
    for (const s of [stale, bogus]) await s.next((e) => e.event === 'finding.updated', 0, 'a live event after the reset');
    stale.close();
    bogus.close();
  });

  test('the retention prune deletes events older than 15 minutes and keeps younger ones', async ({ stack: { api, orgId } }) => {
    const rows = await api.db.sql<{ id: string }[]>`
      insert into audit_events (org_id, project_id, type, subject, created_at)
      values (${orgId}, 'prune', 'finding.updated', '{}', now() - interval '16 minutes'),
             (${orgId}, 'prune', 'finding.updated', '{}', now() - interval '14 minutes')
      returning id::text
    `;
    expect(await pruneAuditEvents(api.db.sql)).toBeGreaterThanOrEqual(1);
    const left = await api.db.sql<{ id: string }[]>`select id::text from audit_events where project_id = 'prune' order by id`;
    expect(left.map((r) => r.id)).toEqual([rows[1]!.id]);
  });

  test('a change no NOTIFY announces, and one made while the listen connection is lost, still arrive (the poll)', async ({ stack: { api, orgId } }) => {
    const token = await freshKey(api, orgId);
    const stream = await openSse(api.baseUrl, eventsPath(orgId, 'relisten'), token);
    const insert = (title: string) => api.db.sql`insert into findings (org_id, project_id, title, severity) values (${orgId}, 'relisten', ${title}, 'low')`;
    // Written straight to the table, as a script or another tool would: no NOTIFY follows it.
    await insert('Unannounced');
    await stream.next((e) => e.event === 'finding.updated' && data(e).title === 'Unannounced', 0, 'the unannounced change');
    const [killed] = await api.db.sql<{ n: number }[]>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query ilike 'listen %'
    `;
    // postgres.js LISTENs for the whole pool on one connection (the key cache's channel rides on it too).
    expect(killed!.n).toBe(1);
    await insert('While the listen connection is down');
    expect((await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/relisten/audit/findings`, { token, body: { title: 'Through the API', severity: 'low' } })).status).toBe(201);
    await stream.next((e) => e.event === 'finding.updated' && data(e).title === 'Through the API', 0, 'a live event after the reconnect');
    // Nothing was missed, so nothing tells the client to re-read.
    expect(stream.events.map((e) => (e.event === 'reset' ? 'reset' : data(e).title))).toEqual(['Unannounced', 'While the listen connection is down', 'Through the API']);
    stream.close();
  });

  test('events go out in id order: a later id waits for an earlier one still being written, and passes a rolled-back one', async ({ stack: { api, orgId } }) => {
    const token = await freshKey(api, orgId);
    const stream = await openSse(api.baseUrl, eventsPath(orgId, 'order'), token);
    const insert = (sql: typeof api.db.sql, title: string) => sql`insert into findings (org_id, project_id, title, severity) values (${orgId}, 'order', ${title}, 'low')`;
    // Transaction A takes its event id and stays open; B takes the next id and commits first.
    const [a, b] = await Promise.all([api.db.sql.reserve(), api.db.sql.reserve()]);
    try {
      await a`begin`;
      await insert(a, 'First, committed late');
      await insert(b, 'Second, committed at once');
      const [{ n } = { n: -1 }] = await api.db.sql<{ n: number }[]>`select count(*)::int as n from audit_events where org_id = ${orgId} and project_id = 'order'`;
      expect(n).toBe(1); // only B's is visible
      // The heartbeat (200 ms here) goes out while B's event is held back: more than a poll interval passes.
      const beats = stream.comments.length;
      await waitFor(async () => (stream.comments.length >= beats + 2 ? true : undefined), 'two heartbeats');
      expect(stream.events).toEqual([]);
      await a`commit`;
      await stream.next((e) => data(e).title === 'Second, committed at once', 0, 'both events');
      expect(stream.events.map((e) => data(e).title)).toEqual(['First, committed late', 'Second, committed at once']);
      expect(idNum(stream.events[0]!)).toBeLessThan(idNum(stream.events[1]!));

      // A rolled-back event id is a gap that never fills: the next event goes out once A has ended.
      await a`begin`;
      await insert(a, 'Rolled back');
      await insert(b, 'After the rollback');
      await a`rollback`;
      await stream.next((e) => data(e).title === 'After the rollback', 0, 'the event after the rolled-back one');
      expect(stream.events.map((e) => data(e).title)).not.toContain('Rolled back');
    } finally {
      a.release();
      b.release();
    }
    stream.close();
  });

  test('a transaction that stays open holds the others back only so long; its event still comes when it commits', async ({ stack: { api, orgId } }) => {
    // A hub of its own with a short wait, subscribed to directly: the same code api/main.ts runs, minus the HTTP.
    const hub = createEventsHub(api.db.sql, { gapWaitMs: 300, pollMs: 100 });
    const got: string[] = [];
    const sub = await hub.subscribe({ orgId, projectId: 'long', deliver: (f) => got.push(f === 'reset' ? 'reset' : (JSON.parse(f.text.split('data: ')[1]!) as { title: string }).title), end: () => undefined });
    const insert = (sql: typeof api.db.sql, title: string) => sql`insert into findings (org_id, project_id, title, severity) values (${orgId}, 'long', ${title}, 'low')`;
    const held = await api.db.sql.reserve();
    try {
      await held`begin`;
      await insert(held, 'Held open');
      await insert(api.db.sql, 'Committed meanwhile');
      // Passed after the wait, though the first transaction is still open.
      await waitFor(async () => (got.includes('Committed meanwhile') ? true : undefined), 'the later event, after the wait');
      expect(got).toEqual(['Committed meanwhile']);
      await held`commit`;
      await waitFor(async () => (got.includes('Held open') ? true : undefined), 'the held event, late');
      expect(got).toEqual(['Committed meanwhile', 'Held open']);
    } finally {
      held.release();
      sub.unsubscribe();
      await hub.close();
    }
  });

  test('a finding\'s issue linked, closed or unlinked is a finding.updated with its tasks; an intent is not', async ({ stack: { api, orgId } }) => {
    const token = await freshKey(api, orgId);
    const stream = await openSse(api.baseUrl, eventsPath(orgId, 'tasks'), token);
    const [finding] = await api.db.sql<{ id: string }[]>`insert into findings (org_id, project_id, title, severity) values (${orgId}, 'tasks', 'Linked', 'low') returning id`;
    const [integration] = await api.db.sql<{ id: string }[]>`
      insert into audit_integrations (org_id, project_id, provider, status, credentials) values (${orgId}, 'tasks', 'github', 'connected', 'x') returning id
    `;
    const findingEvents = () => stream.events.filter((e) => e.event === 'finding.updated');
    const tasksOf = (e: SseEvent) => (data(e).tasks as { external_id: string; state: string }[]).map((t) => `${t.external_id}:${t.state}`);
    // One change at a time: an event shows the rows as they are when it is read.
    const step = async (change: Promise<unknown>, n: number) => {
      await change;
      await waitFor(async () => (findingEvents().length >= n ? true : undefined), `finding event ${n}`);
    };
    await step(Promise.resolve(), 1);
    const [task] = await api.db.sql<{ id: string }[]>`insert into finding_tasks (finding_id, integration_id, provider) values (${finding!.id}, ${integration!.id}, 'github') returning id`;
    await step(api.db.sql`update finding_tasks set external_id = '42', url = 'https://github.com/acme/web/issues/42' where id = ${task!.id}`, 2);
    await step(api.db.sql`update finding_tasks set state = 'closed' where id = ${task!.id}`, 3);
    await step(api.db.sql`delete from finding_tasks where id = ${task!.id}`, 4);
    // Created; linked (the intent before it was no event); closed there; unlinked.
    expect(findingEvents().map(tasksOf)).toEqual([[], ['42:open'], ['42:closed'], []]);
    stream.close();
  });

  test('sends a heartbeat comment on an idle stream', async ({ stack: { api, orgId, } }) => {
    const token = await freshKey(api, orgId);
    const stream = await openSse(api.baseUrl, eventsPath(orgId, 'quiet'), token);
    await waitFor(async () => (stream.comments.includes('heartbeat') ? true : undefined), 'a heartbeat');
    expect(stream.events).toEqual([]);
    stream.close();
  });

  test('a consumer that stops reading is dropped while another keeps receiving everything', async ({ stack: { api, orgId } }) => {
    const token = await freshKey(api, orgId);
    await withDropApi(api, async (dropApi) => {
      const reader = await openSse(dropApi.baseUrl, eventsPath(orgId, 'flood'), token);
      const before = dropApi.events.size;
      // A raw client that sends its request and then never reads a byte.
      const stalled = connect(Number(new URL(dropApi.baseUrl).port), '127.0.0.1');
      stalled.pause();
      stalled.write(`GET ${eventsPath(orgId, 'flood')} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token}\r\naccept: text/event-stream\r\n\r\n`);
      const closed = new Promise<void>((r) => stalled.on('close', () => r()));
      stalled.on('error', () => undefined);
      await waitFor(async () => (dropApi.events.size === before + 1 ? true : undefined), 'the stalled stream to open');

      // Far more than the socket buffers hold: 6,000 findings of 2 KiB, each an event.
      await api.db.sql`
        insert into findings (org_id, project_id, title, description, severity)
        select ${orgId}, 'flood', 'Flood ' || n, repeat('x', 2048), 'low' from generate_series(1, 6000) n
      `;
      await waitFor(async () => (dropApi.events.size === before ? true : undefined), 'the stalled consumer to be dropped');
      // A hang guard, not a speed assertion; a reader the server dropped fails at once, saying how far it got.
      const last = await reader.next((e) => e.event === 'finding.updated' && data(e).title === 'Flood 6000', 0, 'every event at the reader', 150_000);
      expect(reader.events.filter((e) => e.event === 'finding.updated')).toHaveLength(6000);
      expect(last.id).toBeDefined();
      // Its connection is gone once it looks.
      stalled.resume();
      await closed;
      reader.close();
    });
  }, 180_000);

  test('a consumer that reads slowly but steadily is kept through a burst of megabytes and receives every event', async ({ stack: { api, orgId } }) => {
    const token = await freshKey(api, orgId);
    await withDropApi(api, async (dropApi) => {
      const before = dropApi.events.size;
      // A raw client that takes 64 KiB every 20 ms (about 3 MiB/s): slower than the burst, never idle for an interval.
      // The server counts what the socket took frame by frame; counted by Node's own buffer, which hands the socket
      // its whole backlog (here up to 14 MiB) as one write and counts none of it gone until all of it is, this reader
      // looked idle for seconds and was dropped.
      const slow = connect(Number(new URL(dropApi.baseUrl).port), '127.0.0.1');
      slow.on('error', () => undefined);
      slow.pause();
      let text = '';
      // Settles from the reads themselves: the last event arrived, or the server closed the connection first.
      const LAST = '"title":"Slow 6000"';
      let arrived!: () => void;
      let dropped!: (err: Error) => void;
      const received = new Promise<void>((ok, fail) => ((arrived = ok), (dropped = fail)));
      // Awaited below; a drop before that is not an unhandled rejection.
      received.catch(() => undefined);
      slow.on('close', () => dropped(new Error(`the slow consumer was dropped after ${text.length} bytes`)));
      const reading = setInterval(() => {
        for (let got = 0, chunk: Buffer | null; got < 64 * 1024 && (chunk = slow.read() as Buffer | null); ) {
          got += chunk.length;
          text += chunk.toString('latin1');
          if (text.includes(LAST, text.length - chunk.length - LAST.length)) arrived();
        }
      }, 20);
      try {
        slow.write(`GET ${eventsPath(orgId, 'slow')} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${token}\r\naccept: text/event-stream\r\n\r\n`);
        await waitFor(async () => (dropApi.events.size === before + 1 ? true : undefined), 'the slow stream to open');
        await api.db.sql`
          insert into findings (org_id, project_id, title, description, severity)
          select ${orgId}, 'slow', 'Slow ' || n, repeat('y', 2048), 'low' from generate_series(1, 6000) n
        `;
        await received;
        expect(text.match(/^event: finding\.updated$/gm)).toHaveLength(6000);
        expect(dropApi.events.size).toBe(before + 1);
      } finally {
        clearInterval(reading);
        slow.destroy();
      }
    });
  }, 180_000);

  test('holds at most EVENT_STREAMS_PER_KEY streams per key: 429 rate_limited in the envelope, a closed stream frees its slot', async ({ stack: { api, orgId } }) => {
    const key = await api.createKey(orgId, ['audit:read']);
    const streams = await Promise.all(Array.from({ length: PER_KEY }, () => openSse(api.baseUrl, eventsPath(orgId, 'web'), key)));
    expect(streams.map((s) => s.status)).toEqual(Array(PER_KEY).fill(200));
    const refused = await call(api.baseUrl, 'GET', eventsPath(orgId, 'web'), { token: key });
    expect(refused.status).toBe(429);
    expect(refused.json.error?.code).toBe('rate_limited');
    expect(refused.json.meta.request_id).toBeTruthy();
    // Another key is not affected.
    const other = await openSse(api.baseUrl, eventsPath(orgId, 'web'), await api.createKey(orgId, ['audit:read']));
    expect(other.status).toBe(200);

    const open = api.events.size;
    streams[0]!.close();
    await waitFor(async () => (api.events.size === open - 1 ? true : undefined), 'the closed stream to be let go');
    const replacement = await openSse(api.baseUrl, eventsPath(orgId, 'web'), key);
    expect(replacement.status).toBe(200);
    for (const s of [...streams.slice(1), other, replacement]) s.close();
  });

  test('needs audit:read on the org: 403 forbidden, 404 for a project id that cannot exist', async ({ stack: { api, orgId } }) => {
    const writeOnly = await api.createKey(orgId, ['audit:write']);
    const res = await call(api.baseUrl, 'GET', eventsPath(orgId, 'web'), { token: writeOnly });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe('forbidden');
    const bad = await call(api.baseUrl, 'GET', eventsPath(orgId, 'Not A Project'), { token: await api.createKey(orgId, ['audit:read']) });
    expect(bad.status).toBe(404);
  });

  test('a connect session hears its own providers\' integration and sync events, nothing else, and no other project', async ({ stack: { api, orgId }, github, project }) => {
    const token = await freshKey(api, orgId);
    const created = await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/connect-sessions`, { token, body: { project_id: 'embed', providers: ['github'] } });
    expect(created.status).toBe(201);
    const session = (created.json.data as { token: string }).token;
    const stream = await openSse(api.baseUrl, eventsPath(orgId, 'embed'), session);
    expect(stream.status).toBe(200);
    const embed = project('embed');
    // A finding and another provider's row: not the session's to see.
    expect((await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/embed/audit/findings`, { token, body: { title: 'Not for the session', severity: 'low' } })).status).toBe(201);
    expect((await embed.connect('linear', { api_key: 'lin_api_x', team_id: 'T1' })).status).toBe(200);
    expect((await embed.connect('github', { token: SECRET, repository: 'acme/web', base_url: github.url })).status).toBe(200);
    const row = await stream.next((e) => e.event === 'integration.updated' && data(e).provider === 'github', 0, 'the github row');
    expect(stream.events.map((e) => [e.event, data(e).provider])).toEqual([['integration.updated', 'github']]);
    // A replay from before the finding is filtered the same way.
    const [{ before } = { before: '' }] = await api.db.sql<{ before: string }[]>`select (min(id) - 1)::text as before from audit_events where org_id = ${orgId} and project_id = 'embed'`;
    const again = await openSse(api.baseUrl, eventsPath(orgId, 'embed'), session, { 'last-event-id': before });
    await again.next((e) => e.id === row.id, 0, 'the replayed github row');
    expect(again.events.map((e) => [e.event, data(e).provider])).toEqual([['integration.updated', 'github']]);
    const elsewhere = await call(api.baseUrl, 'GET', eventsPath(orgId, 'web'), { token: session });
    expect(elsewhere.status).toBe(403);
    for (const s of [stream, again]) s.close();
  });

  test('EVENT_STREAMS_MAX: a full process answers 429; a consumer past 64 times its buffer bound is dropped at once', async ({ stack: { api, orgId } }) => {
    // A second API process on the same database: two streams at most, a 64 KiB bound (4 MiB at once), and a heartbeat
    // too slow to matter, so only the hard bound can drop the consumer.
    const small = await startTestApi({ db: api.db, eventLimits: { max: 2, maxBufferedBytes: 65_536, heartbeatMs: 3_600_000 } });
    try {
      const [a, b] = await Promise.all([api.createKey(orgId, ['audit:read']), api.createKey(orgId, ['audit:read'])]);
      // Another project's stream: it fills the second slot and hears none of the flood.
      const first = await openSse(small.baseUrl, eventsPath(orgId, 'cap-other'), a);
      const stalled = connect(Number(new URL(small.baseUrl).port), '127.0.0.1');
      stalled.pause();
      stalled.on('error', () => undefined);
      const closed = new Promise<void>((r) => stalled.on('close', () => r()));
      stalled.write(`GET ${eventsPath(orgId, 'cap')} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${b}\r\naccept: text/event-stream\r\n\r\n`);
      await waitFor(async () => (small.events.size === 2 ? true : undefined), 'two streams');
      const full = await call(small.baseUrl, 'GET', eventsPath(orgId, 'cap'), { token: await api.createKey(orgId, ['audit:read']) });
      expect(full.status).toBe(429);
      expect(full.json.error?.code).toBe('rate_limited');
      expect(full.headers.get('retry-after')).toBe('5');

      // 6,000 events of 2 KiB: far past what loopback sockets take (a few MiB) plus 4 MiB queued.
      await api.db.sql`
        insert into findings (org_id, project_id, title, description, severity)
        select ${orgId}, 'cap', 'Cap ' || n, repeat('x', 2048), 'low' from generate_series(1, 6000) n
      `;
      // The stalled consumer was cut off: once it reads, it finds its connection closed after far less than was sent.
      // (That a consumer who reads keeps receiving while another is dropped is the test above.)
      let received = 0;
      stalled.on('data', (chunk: Buffer) => (received += chunk.length));
      await waitFor(async () => (small.events.size === 1 ? true : undefined), 'the stalled consumer to be dropped');
      stalled.resume();
      await closed;
      expect(received).toBeLessThan(6000 * 2048);
      first.close();
    } finally {
      await small.close();
    }
  });

  // Last in the file: it closes the hub, as api/main.ts does at shutdown.
  test('open streams end cleanly when the API shuts down, and new ones are refused with 503', async ({ stack: { api, orgId, } }) => {
    const token = await freshKey(api, orgId);
    const stream = await openSse(api.baseUrl, eventsPath(orgId, 'web'), token);
    await api.events.close();
    await stream.ended;
    const res = await call(api.baseUrl, 'GET', eventsPath(orgId, 'web'), { token });
    expect(res.status).toBe(503);
    expect(res.json.error?.code).toBe('unavailable');
  });
});
