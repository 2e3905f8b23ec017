import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities, type SweepResult } from '../../activities/index.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import { claimDueIntegrations, upsertIntegration } from '../../db/integrations.js';
import { housekeepingWorkflowId, ORG_ID_ATTRIBUTE, PROVIDER_ATTRIBUTE, syncWorkflowId } from '../../workflows/ids.js';
import { ensureHousekeeping } from '../../worker/housekeeping.js';
import { startRole, type RoleProcess } from '../deploy/processes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { housekeepingSettings, housekeepingStatus, randomKey, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { apiFor, executionsOf, type Row } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';
// Short enough to see several periodic syncs in a test; the sweeper looks every half second.
const SYNC_INTERVAL_MS = 4000;
const SWEEP_INTERVAL_MS = 500;

interface RunRow {
  integration_id: string;
  trigger: string;
  outcome: string;
  started_at: Date;
  finished_at: Date | null;
}

describe('due-time sweeper (one housekeeping workflow per task queue)', () => {
  let api: TestApi;
  let workers: TestWorker[] = [];
  let github: FakeGithub;
  /** A database no housekeeping loop sweeps, for the activity-level tests. */
  let quiet: TestDatabase;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
    quiet = await createTestDatabase();
    api = await startTestApi();
    token = await api.createKey(orgId);
    const opts = { syncIntervalMs: SYNC_INTERVAL_MS, housekeeping: { sweepIntervalMs: SWEEP_INTERVAL_MS } };
    // Two workers of one deployment, both starting the housekeeping loop as worker/main.ts does.
    workers = [await startTestWorker(api, { ...opts, keepHousekeeping: true }), await startTestWorker(api, opts)];
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await api?.close();
    await github?.close();
    await quiet?.drop();
  });

  const credentials = () => ({ token: TOKEN, repository: REPOSITORY, base_url: github.url });
  const runsOf = (integrationId: string) =>
    api.db.sql<RunRow[]>`select integration_id, trigger, outcome, started_at, finished_at from sync_runs where integration_id = ${integrationId} order by started_at`;
  const nextSyncAt = async (id: string) => (await api.db.sql<{ next_sync_at: Date | null }[]>`select next_sync_at from audit_integrations where id = ${id}`)[0]!.next_sync_at;
  const connect = async (projectId: string) => {
    const p = apiFor(api, token, orgId, projectId);
    const row = (await p.connect('github', credentials())).json.data as Row;
    return { p, id: row.id! };
  };

  it('runs one housekeeping execution per task queue although two workers started it', async () => {
    const runs = await executionsOf(api.client, housekeepingWorkflowId(api.taskQueue));
    expect(runs.filter((r) => r.status === 'RUNNING')).toHaveLength(1);
    const status = await waitFor(() => housekeepingStatus(api.client, api.taskQueue), 'the housekeeping status');
    expect(status.settings.sweepIntervalMs).toBe(SWEEP_INTERVAL_MS);
  });

  it('connect starts the first sync by itself, with trigger "schedule" and the search attributes', async () => {
    const { p, id } = await connect('first');
    const runs = await waitFor(async () => {
      const r = await runsOf(id);
      return r[0]?.outcome === 'succeeded' ? r : undefined;
    }, 'the first sync');
    expect(runs[0]).toMatchObject({ trigger: 'schedule' });
    const d = await api.client.workflow.getHandle(syncWorkflowId({ orgId, projectId: 'first', provider: 'github' })).describe();
    expect(d.typedSearchAttributes.get(ORG_ID_ATTRIBUTE)).toBe(orgId);
    expect(d.typedSearchAttributes.get(PROVIDER_ATTRIBUTE)).toBe('github');
    // Read-only in the sync-runs API: the next periodic sync, SYNC_INTERVAL after this one finished (+ ≤ 10 % jitter).
    const res = await p.syncs('github');
    const next = Date.parse(res.json.meta.next_sync_at as string);
    const finished = runs[0]!.finished_at!.getTime();
    expect(next).toBeGreaterThanOrEqual(finished + SYNC_INTERVAL_MS - 1000);
    expect(next).toBeLessThanOrEqual(finished + SYNC_INTERVAL_MS * 1.1 + 1000);
    // The spec's list row is unchanged: no next_sync_at there.
    expect(Object.keys(await p.row('github'))).not.toContain('next_sync_at');
  });

  it('syncs a due integration once per interval, never sooner, across both workers', async () => {
    const { id } = await connect('periodic');
    const runs = await waitFor(async () => {
      const r = await runsOf(id);
      return r.length >= 3 && r.every((x) => x.outcome === 'succeeded') ? r : undefined;
    }, 'three periodic syncs', 60_000);
    for (let i = 1; i < runs.length; i++) {
      const gap = runs[i]!.started_at.getTime() - runs[i - 1]!.finished_at!.getTime();
      // Due SYNC_INTERVAL (+ up to 10 % jitter) after the previous finish; started by the next sweep (tolerance 2 s).
      expect(gap).toBeGreaterThanOrEqual(SYNC_INTERVAL_MS);
      expect(gap).toBeLessThanOrEqual(SYNC_INTERVAL_MS * 1.1 + SWEEP_INTERVAL_MS + 2000);
      expect(runs[i]!.trigger).toBe('schedule');
    }
  });

  it('a manual sync in between pushes next_sync_at forward', async () => {
    const { p, id } = await connect('manual');
    await waitFor(async () => ((await runsOf(id))[0]?.outcome === 'succeeded' ? true : undefined), 'the first sync');
    const before = (await nextSyncAt(id))!;
    expect((await p.sync('github')).status).toBe(202);
    const manual = await waitFor(async () => (await runsOf(id)).find((r) => r.trigger === 'manual' && r.outcome === 'succeeded'), 'the manual sync');
    const after = (await nextSyncAt(id))!;
    expect(after.getTime()).toBeGreaterThan(before.getTime() - SYNC_INTERVAL_MS * 0.1);
    expect(after.getTime()).toBeGreaterThanOrEqual(manual.finished_at!.getTime() + SYNC_INTERVAL_MS - 1000);
    // The periodic sync that was due at `before` did not run beside it: the next run starts after `after`.
    const next = await waitFor(async () => (await runsOf(id)).find((r) => r.started_at > manual.finished_at!), 'the next periodic sync', 30_000);
    expect(next.started_at.getTime()).toBeGreaterThanOrEqual(after.getTime() - 1000);
  });

  it('disconnect stops periodic syncs', async () => {
    const { p, id } = await connect('stopped');
    await waitFor(async () => ((await runsOf(id))[0]?.outcome === 'succeeded' ? true : undefined), 'the first sync');
    expect((await p.disconnect('github')).status).toBe(200);
    expect(await nextSyncAt(id)).toBeNull();
    const count = (await runsOf(id)).length;
    // Two intervals and several sweeps later, nothing new.
    await new Promise((r) => setTimeout(r, SYNC_INTERVAL_MS * 2 + SWEEP_INTERVAL_MS * 2));
    expect(await runsOf(id)).toHaveLength(count);
    expect((await p.syncs('github')).json.meta.next_sync_at).toBeNull();
  });

  it('a claim that runs out makes the row due again: the next sweep starts it, once', async () => {
    const key = { orgId, projectId: 'claimed', provider: 'github' as const };
    // Due, then claimed by a sweeper that dies at once (a 3-second claim stands in for the real one-minute claim).
    const row = await upsertIntegration(api.db.sql, key, api.cipher.encrypt(credentials(), key));
    const claimed = await claimDueIntegrations(api.db.sql, { limit: 1000, claimMs: 3000 });
    expect(claimed.map((c) => c.id)).toContain(row.id);
    const claimedAt = Date.now();
    const runs = await waitFor(async () => {
      const r = await runsOf(row.id);
      return r[0]?.outcome === 'succeeded' ? r : undefined;
    }, 'the sync after the claim ran out');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.started_at.getTime()).toBeGreaterThanOrEqual(claimedAt + 3000 - 1000);
  });

  /** The sweep activity on the quiet database, starting workflows on a task queue no worker polls (they just wait). */
  const sweep = (input: { batchSize: number; startRatePerSecond: number }) => {
    const activities = createActivities({ sql: quiet.sql, cipher: api.cipher, providers: createProviderRegistry(), temporal: { client: api.client, taskQueue: `idle-${randomUUID()}` } });
    return new MockActivityEnvironment().run(activities.sweepDueSyncs, input) as Promise<SweepResult>;
  };
  const seedDue = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const key = { orgId: randomUUID(), projectId: `p${i}`, provider: 'github' as const };
      await upsertIntegration(quiet.sql, key, api.cipher.encrypt(credentials(), key));
    }
  };

  it('two sweeps at once claim and start each due row exactly once', async () => {
    await seedDue(300);
    const [a, b] = await Promise.all([sweep({ batchSize: 50, startRatePerSecond: 10_000 }), sweep({ batchSize: 50, startRatePerSecond: 10_000 })]);
    expect(a.failed + b.failed).toBe(0);
    // 300 rows, each claimable once (the claim moves next_sync_at a minute on): no row was taken by both sweeps.
    expect(a.claimed + b.claimed).toBe(300);
    expect(a.started + b.started).toBe(300);
    const [left] = await quiet.sql<{ n: number }[]>`select count(*)::int as n from audit_integrations where next_sync_at <= now()`;
    expect(left!.n).toBe(0);
    // And a third sweep right after finds nothing due.
    expect(await sweep({ batchSize: 50, startRatePerSecond: 10_000 })).toMatchObject({ claimed: 0, started: 0 });
  });

  it('paces starts at SYNC_START_RATE', async () => {
    await seedDue(20);
    const began = Date.now();
    const result = await sweep({ batchSize: 500, startRatePerSecond: 10 });
    const elapsed = Date.now() - began;
    // 20 starts at 10 per second take at least 19 × 100 ms (the pacing sleeps; tolerance 50 ms for timer rounding).
    expect(result.started).toBe(20);
    expect(elapsed).toBeGreaterThanOrEqual(19 * 100 - 50);
  });

  it('hands new settings to the running loop when a worker starts again', async () => {
    await ensureHousekeeping(api.client, api.taskQueue, housekeepingSettings({ sweepIntervalMs: SWEEP_INTERVAL_MS, sweep: { batchSize: 500, startRatePerSecond: 77 } }));
    const status = await waitFor(async () => {
      const s = await housekeepingStatus(api.client, api.taskQueue);
      return s?.settings.sweep.startRatePerSecond === 77 ? s : undefined;
    }, 'the new settings');
    expect(status.sweeps).toBeGreaterThan(0);
    expect((await executionsOf(api.client, housekeepingWorkflowId(api.taskQueue))).filter((r) => r.status === 'RUNNING')).toHaveLength(1);
  });
});

describe('a worker killed between claim and start', () => {
  const key = randomKey();
  let api: TestApi;
  let github: FakeGithub;
  let workerA: RoleProcess | undefined;
  let workerB: TestWorker | undefined;
  const orgId = randomUUID();

  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
    api = await startTestApi({ keys: [key] });
  });
  afterAll(async () => {
    await workerA?.stop('SIGKILL');
    await workerB?.stop();
    await api?.close();
    await github?.close();
  });

  it('loses none of the claimed rows and starts none twice: the claims run out and the new worker starts them', async () => {
    // Every row is due before the worker starts: its first sweep claims them all (a connect also wakes a running
    // sweeper, which would claim them one by one as they come).
    const token = await api.createKey(orgId);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await apiFor(api, token, orgId, `killed-${i}`).connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url });
      ids.push((res.json.data as Row).id!);
    }
    // worker/main.ts as deployed, starting one sync every 2 s, so most rows are still claimed-not-started when it dies.
    workerA = startRole(['--import', 'tsx', 'worker/main.ts'], {
      DATABASE_URL: api.db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: api.taskQueue,
      CREDENTIALS_KEYS: `${key.id}:${key.key.toString('base64')}`,
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      WORKER_METRICS_PORT: '0',
      TEMPORAL_METRICS_PORT: '0',
      SYNC_SWEEP_INTERVAL: '1s',
      SYNC_START_RATE: '0.5',
      SYNC_HEARTBEAT_TIMEOUT_MS: '2000',
      RECONCILE_INTERVAL: '1h',
      PROVIDER_EGRESS_ALLOW: '127.0.0.0/8',
    });
    await workerA.waitForLog((l) => l.msg === 'worker polling', 'worker A polling');
    const runCount = async () => (await api.db.sql<{ n: number }[]>`select count(distinct integration_id)::int as n from sync_runs where integration_id = any(${ids})`)[0]!.n;
    await waitFor(async () => ((await runCount()) >= 1 ? true : undefined), 'the first periodic sync', 60_000);
    await workerA.stop('SIGKILL');
    // Claimed (due a minute from now) but never started: what the dead worker leaves behind.
    const [orphans] = await api.db.sql<{ n: number }[]>`
      select count(*)::int as n from audit_integrations i
      where id = any(${ids}) and next_sync_at > now() and not exists (select 1 from sync_runs r where r.integration_id = i.id)
    `;
    expect(orphans!.n).toBeGreaterThanOrEqual(3);

    // The claims would run out a minute from now; the clock of those rows moves instead of the test waiting for it
    // (a claim running out by itself is tested above).
    await api.db.sql`update audit_integrations set next_sync_at = now() where id = any(${ids}) and next_sync_at > now()`;
    workerB = await startTestWorker(api, { housekeeping: { sweepIntervalMs: 1000 } });
    // The dead sweep is retried after its 20 s heartbeat timeout; the rows it claimed are due again.
    const runs = await waitFor(
      async () => {
        const r = await api.db.sql<{ integration_id: string; outcome: string }[]>`select integration_id, outcome from sync_runs where integration_id = any(${ids})`;
        return r.filter((x) => x.outcome === 'succeeded').length >= ids.length ? r : undefined;
      },
      'every integration synced',
      150_000,
    );
    // Each integration synced exactly once: nothing lost, nothing doubled.
    expect(runs.map((r) => r.integration_id).sort()).toEqual([...ids].sort());
  }, 240_000);
});
