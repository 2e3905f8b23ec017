import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueIntegrations } from '../../db/integrations.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { apiFor, type Row } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';
// The deployment's SYNC_INTERVAL is an hour: every periodic sync seen here follows an integration's own interval.
const SYNC_INTERVAL_MS = 3_600_000;
const SWEEP_INTERVAL_MS = 250;

interface RunRow {
  trigger: string;
  outcome: string;
  started_at: Date;
  finished_at: Date | null;
}

describe('per-integration sync interval and pause, as the sweeper follows them', () => {
  let api: TestApi;
  let worker: TestWorker;
  let github: FakeGithub;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
    // SYNC_INTERVAL_MIN of 1 s, so intervals of seconds can be set through the API.
    api = await startTestApi({ syncSchedule: { defaultIntervalMs: SYNC_INTERVAL_MS, minIntervalMs: 1000 } });
    token = await api.createKey(orgId);
    worker = await startTestWorker(api, { syncIntervalMs: SYNC_INTERVAL_MS, housekeeping: { sweepIntervalMs: SWEEP_INTERVAL_MS } });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await github?.close();
  });

  const runsOf = (id: string) => api.db.sql<RunRow[]>`select trigger, outcome, started_at, finished_at from sync_runs where integration_id = ${id} order by started_at`;
  const finishedRuns = async (id: string) => (await runsOf(id)).filter((r) => r.finished_at !== null);
  const settings = (projectId: string, body: unknown) => call(api.baseUrl, 'PATCH', `${apiFor(api, token, orgId, projectId).base}/github/settings`, { token, body });
  const single = async (projectId: string) => (await call(api.baseUrl, 'GET', `${apiFor(api, token, orgId, projectId).base}/github`, { token })).json.data as Row;
  /** Connects GitHub in a fresh project with its own interval (seconds); due at once, so the first sync follows. */
  async function connectEvery(projectId: string, seconds: number) {
    const p = apiFor(api, token, orgId, projectId);
    const id = ((await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url })).json.data as Row).id!;
    const res = await settings(projectId, { sync_interval_seconds: seconds });
    expect(res.status, JSON.stringify(res.json.error)).toBe(200);
    return { p, id };
  }
  /** Waits until `id` has at least `n` finished runs, and returns them. */
  const finishedAtLeast = (id: string, n: number, what: string) =>
    waitFor(async () => {
      const runs = await finishedRuns(id);
      return runs.length >= n && runs.every((r) => r.outcome === 'succeeded') ? runs : undefined;
    }, what, 60_000);
  const gaps = (runs: RunRow[]) => runs.slice(1).map((r, i) => r.started_at.getTime() - runs[i]!.finished_at!.getTime());

  it.concurrent('two integrations with different intervals (1 s and 3 s) sync at their own pace', async () => {
    const fast = await connectEvery('fast', 1);
    const slow = await connectEvery('slow', 3);
    // The first sync (at connect) and three periodic ones of the slow integration: a window of three of its intervals.
    const slowRuns = await finishedAtLeast(slow.id, 4, 'four syncs of the 3-second integration');
    const fastRuns = await finishedRuns(fast.id);
    // Each due its own interval (+ ≤ 10 % jitter) after its previous finish, started by a following sweep. The start
    // itself (sweep, workflow start, activity, run row) took up to 2.2 s on a loaded 2-core machine running four test
    // files at once: tolerance 5 s, far from the deployment's hour that a missed interval would fall back to.
    const START_TOLERANCE_MS = 5000;
    for (const [runs, ms] of [[slowRuns, 3000], [fastRuns, 1000]] as const) {
      for (const gap of gaps(runs)) {
        expect(gap).toBeGreaterThanOrEqual(ms);
        expect(gap).toBeLessThanOrEqual(ms * 1.1 + SWEEP_INTERVAL_MS + START_TOLERANCE_MS);
      }
    }
    for (const r of [...slowRuns.slice(1), ...fastRuns.slice(1)]) expect(r.trigger).toBe('schedule');
    // Over the same window the 1-second integration synced more often than the 3-second one.
    const window = (r: RunRow) => r.started_at > slowRuns[0]!.finished_at! && r.started_at <= slowRuns.at(-1)!.started_at;
    expect(fastRuns.filter(window).length).toBeGreaterThan(slowRuns.filter(window).length);
    // The API shows each integration's own schedule: next sync one own interval after its last finish.
    const [row] = await api.db.sql<{ next_sync_at: Date }[]>`select next_sync_at from audit_integrations where id = ${slow.id}`;
    const last = (await finishedRuns(slow.id)).at(-1)!;
    expect(row!.next_sync_at.getTime()).toBeGreaterThanOrEqual(last.finished_at!.getTime() + 3000 - 1);
    expect(row!.next_sync_at.getTime()).toBeLessThanOrEqual(last.finished_at!.getTime() + 3300 + 1);
  });

  it.concurrent('paused: no periodic sync for three intervals, a manual sync still runs and leaves it paused, resume syncs at once', async () => {
    // A metronome with the same 1-second interval: its syncs are the clock that proves the intervals passed.
    const metronome = await connectEvery('metronome', 1);
    const paused = await connectEvery('paused', 1);
    await finishedAtLeast(paused.id, 1, 'the first sync');
    const pause = await settings('paused', { paused: true });
    expect(pause.json.data).toMatchObject({ settings: { sync_interval_seconds: 1, paused: true }, next_sync_at: null });
    // A sync the sweeper claimed just before the pause may still start and finish: let one metronome tick settle it.
    const settled = (await finishedRuns(metronome.id)).length;
    await finishedAtLeast(metronome.id, settled + 1, 'one metronome sync');
    await waitFor(async () => ((await single('paused')).status === 'connected' ? true : undefined), 'the paused integration idle');
    const before = (await runsOf(paused.id)).length;

    await finishedAtLeast(metronome.id, settled + 4, 'three more metronome syncs');
    expect(await runsOf(paused.id)).toHaveLength(before);
    expect(await single('paused')).toMatchObject({ settings: { paused: true }, next_sync_at: null });

    // An explicit request still syncs; afterwards the row is still paused, with nothing scheduled.
    expect((await paused.p.sync('github')).status).toBe(202);
    const manual = await waitFor(async () => (await finishedRuns(paused.id)).find((r) => r.trigger === 'manual'), 'the manual sync');
    expect(manual.outcome).toBe('succeeded');
    await waitFor(async () => ((await single('paused')).status === 'connected' ? true : undefined), 'the manual sync recorded');
    expect(await single('paused')).toMatchObject({ settings: { paused: true }, next_sync_at: null });
    // Not only as shown: the worker scheduled nothing after the manual sync.
    expect((await api.db.sql`select next_sync_at from audit_integrations where id = ${paused.id}`)[0]).toEqual({ next_sync_at: null });
    const afterManual = (await runsOf(paused.id)).length;
    const ticks = (await finishedRuns(metronome.id)).length;
    await finishedAtLeast(metronome.id, ticks + 2, 'two more metronome syncs');
    expect(await runsOf(paused.id)).toHaveLength(afterManual);

    // Resume: last finish (the manual sync) + 1 s has long passed, so it is due at once and the next sweep starts it.
    const resumedAt = new Date();
    const resume = await settings('paused', { paused: false });
    const next = (resume.json.data as Row & { next_sync_at: string }).next_sync_at;
    expect(Date.parse(next)).toBeLessThanOrEqual(resumedAt.getTime());
    const periodic = await waitFor(async () => (await finishedRuns(paused.id)).find((r) => r.trigger === 'schedule' && r.started_at > manual.finished_at!), 'a periodic sync after resume', 30_000);
    expect(periodic.outcome).toBe('succeeded');
  });
});

describe('the due query with paused integrations', () => {
  let quiet: TestDatabase;

  beforeAll(async () => {
    // No sweeper runs on this database: only the claims below touch it.
    quiet = await createTestDatabase();
  });
  afterAll(async () => {
    await quiet?.drop();
  });

  it('claims no paused row, even one with a past due time, and is served by the partial due index', async () => {
    const seed = (count: number, paused: boolean, due: string) => quiet.sql`
      insert into audit_integrations (org_id, project_id, provider, status, paused, next_sync_at)
      select gen_random_uuid(), 'p' || g, 'github', 'connected', ${paused}, now() + ${due}::interval from generate_series(1, ${count}) g
    `;
    await seed(20_000, false, '1 day');
    // Paused rows carry no due time through the API; a stale one must still never be claimed.
    await seed(50, true, '-1 hour');
    await seed(5, false, '-1 minute');
    await quiet.sql`analyze audit_integrations`;
    const claimed = await claimDueIntegrations(quiet.sql, { limit: 500, claimMs: 60_000 });
    expect(claimed).toHaveLength(5);
    const [unpaused] = await quiet.sql<{ n: number }[]>`select count(*)::int as n from audit_integrations where id = any(${claimed.map((c) => c.id)}) and not paused`;
    expect(unpaused!.n).toBe(5);
    // The claim's row selection (db/integrations.ts claimDueIntegrations) reads the partial index only.
    const plan = (await quiet.sql<{ 'QUERY PLAN': string }[]>`
      explain select id from audit_integrations
      where next_sync_at <= now() and next_sync_at is not null and status <> 'disconnected' and not paused
      order by next_sync_at limit 500 for update skip locked
    `).map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('audit_integrations_due_idx');
    expect(plan).not.toContain('Seq Scan');
    const [index] = await quiet.sql<{ def: string }[]>`select pg_get_indexdef('audit_integrations_due_idx'::regclass) as def`;
    expect(index!.def).toContain('NOT paused');
  });
});
