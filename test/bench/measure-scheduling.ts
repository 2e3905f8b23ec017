import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import type postgres from 'postgres';
import { createActivities, type SweepResult } from '../../activities/index.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import { createApiKey, revokeApiKey } from '../../db/api-keys.js';
import { claimDueIntegrations } from '../../db/integrations.js';
import type { CredentialCipher } from '../../db/crypto.js';
import { migrate } from '../../db/migrate.js';
import { createSql } from '../../db/sql.js';
import { SWEEP_BATCH_SIZE } from '../../db/sync-config.js';
import { freePort } from '../../worker/dev-services.js';
import { HOUSEKEEPING_WORKFLOW_TYPE } from '../../workflows/ids.js';
import { cpuSeconds, startRole, waitHttpOk, type Role } from './stack.js';

/**
 * The scheduling scenario (issue 13), on its own database and task queues so it neither disturbs nor is disturbed by
 * the API measurements:
 *  1. sweep cost at scale — `integrations` connected rows with a one-hour interval; batches of 500 made due; the claim
 *     statement timed alone (rolled back), then the real activity (claim + 500 workflow starts on a queue no worker
 *     polls, unthrottled) timed, with the Postgres backend's CPU per sweep read from /proc (the local server's backend
 *     process; n/a for a remote DATABASE_URL);
 *  2. connect → first sync started, idle system: a worker (worker/main.ts, so with its sweeper wake-ups) with the
 *     default SYNC_SWEEP_INTERVAL (10 s) and an API; connects spread over time so they land at every phase of the
 *     sweep, each timed from its 200 to its sync run's started_at (issue 26: about a second, not up to a sweep);
 *  3. revoke → 401 in the other API processes (two API processes with the key cache);
 *  4. what operators see in Temporal: Schedules (none) and housekeeping executions.
 */
export interface SchedulingStats {
  integrations: number;
  seedSeconds: number;
  sweep: {
    batches: number;
    batchSize: number;
    /** The claim statement alone (FOR UPDATE SKIP LOCKED over the due index), per batch. */
    claimP50Ms: number;
    claimP99Ms: number;
    /** The whole activity: claim + one workflow start per row, unthrottled (production paces starts at SYNC_START_RATE). */
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    startsPerSec: number;
    pgCpuMsPerSweep: number | null;
    idleSweepMs: number;
    failedStarts: number;
  };
  connectToFirstSync: { n: number; sweepIntervalMs: number; p50Ms: number; p99Ms: number; maxMs: number };
  revokeTo401: { n: number; processes: number; p50Ms: number; maxMs: number };
  temporal: { schedules: number; housekeepingExecutions: number; taskQueues: number; windowSec: number; sweepsPerRun: number };
}

export interface SchedulingDeps {
  admin: postgres.Sql;
  adminUrl: string;
  dbName: string;
  temporalAddress: string;
  cipher: CredentialCipher;
  credentialsKey: string;
  fakeGithubUrl: string;
  quick: boolean;
  log: (msg: string) => void;
}

const SWEEP_INTERVAL_MS = 10_000;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

/** CPU seconds of a Postgres backend process; null when /proc cannot see it (a remote server). */
async function backendCpu(pid: number): Promise<number | null> {
  return existsSync(`/proc/${pid}/stat`) ? cpuSeconds(pid) : null;
}

class Rollback extends Error {}

export async function measureScheduling(deps: SchedulingDeps): Promise<SchedulingStats> {
  const { admin, log, quick } = deps;
  const started = Date.now();
  const integrations = Number(process.env.BENCH_SCALE_INTEGRATIONS ?? (quick ? 5000 : 100_000));
  const batches = quick ? 4 : 20;
  const dbName = `${deps.dbName}_sched`;
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(deps.adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const sql = createSql({ databaseUrl, max: 4 });
  // One connection: its backend process is the one whose CPU a sweep costs.
  const sweepSql = createSql({ databaseUrl, max: 1 });
  const connection = await Connection.connect({ address: deps.temporalAddress });
  const client = new Client({ connection });
  const roles: Role[] = [];
  try {
    await migrate(sql);
    log(`scheduling: seeding ${integrations} connected integrations (interval 1 h)`);
    const seedStart = Date.now();
    // Not due during the run: spread over the hour after next, as a steady state with a one-hour interval would be.
    await sql`
      insert into audit_integrations (org_id, project_id, provider, status, credentials, last_sync_at, next_sync_at)
      select gen_random_uuid(), 'p' || i, 'github', 'connected', 'v1.default.not-decrypted-by-this-scenario', now(), now() + interval '1 hour' + random() * interval '1 hour'
      from generate_series(1, ${integrations}) as i
    `;
    await sql`analyze audit_integrations`;
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const ids = (await sql<{ id: string }[]>`select id from audit_integrations order by random() limit ${batches * SWEEP_BATCH_SIZE}`).map((r) => r.id);

    // 1. Sweep cost at scale, the real activity on the real index.
    const activities = createActivities({ sql: sweepSql, cipher: deps.cipher, providers: createProviderRegistry(), temporal: { client, taskQueue: `bench-sched-idle-${randomBytes(3).toString('hex')}` } });
    const sweep = () => new MockActivityEnvironment().run(activities.sweepDueSyncs, { batchSize: SWEEP_BATCH_SIZE, startRatePerSecond: 10_000 }) as Promise<SweepResult>;
    const pid = (await sweepSql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
    await sweep(); // warm: connection, prepared statements, the client's channel
    const idleStart = performance.now();
    await sweep();
    const idleSweepMs = performance.now() - idleStart;
    const times: number[] = [];
    const claimTimes: number[] = [];
    let failedStarts = 0;
    let startCount = 0;
    let startMs = 0;
    const cpuBefore = await backendCpu(pid);
    for (let b = 0; b < batches; b++) {
      const chunk = ids.slice(b * SWEEP_BATCH_SIZE, (b + 1) * SWEEP_BATCH_SIZE);
      await sql`update audit_integrations set next_sync_at = now() - interval '1 second' where id = any(${chunk})`;
      // The claim statement alone, rolled back so the rows stay due for the activity.
      await sql
        .begin(async (tx) => {
          const t0 = performance.now();
          const claimed = await claimDueIntegrations(tx, { limit: SWEEP_BATCH_SIZE, claimMs: 60_000 });
          claimTimes.push(performance.now() - t0);
          if (claimed.length !== chunk.length) throw new Error(`the claim took ${claimed.length} of ${chunk.length} due rows`);
          throw new Rollback();
        })
        .catch((err: unknown) => {
          if (!(err instanceof Rollback)) throw err;
        });
      const t0 = performance.now();
      const result = await sweep();
      const ms = performance.now() - t0;
      times.push(ms);
      startMs += ms;
      startCount += result.started;
      failedStarts += result.failed;
      if (result.claimed !== chunk.length) throw new Error(`sweep claimed ${result.claimed} of ${chunk.length} due rows`);
      await sql`update audit_integrations set next_sync_at = now() + interval '1 hour' + random() * interval '1 hour' where id = any(${chunk})`;
    }
    const cpuAfter = await backendCpu(pid);
    const sweepStats = {
      batches,
      batchSize: SWEEP_BATCH_SIZE,
      claimP50Ms: quantile(claimTimes, 0.5),
      claimP99Ms: quantile(claimTimes, 0.99),
      p50Ms: quantile(times, 0.5),
      p99Ms: quantile(times, 0.99),
      maxMs: Math.max(...times),
      startsPerSec: startCount / (startMs / 1000),
      // The sweeping connection's backend ran only the activity's claims: its CPU over all batches, per sweep.
      pgCpuMsPerSweep: cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / batches,
      idleSweepMs,
      failedStarts,
    };
    log(
      `scheduling: batch of ${SWEEP_BATCH_SIZE} at ${integrations} rows: claim p99 ${sweepStats.claimP99Ms.toFixed(1)} ms; whole sweep (claim + ${SWEEP_BATCH_SIZE} unthrottled starts) p50 ${sweepStats.p50Ms.toFixed(0)} ms, p99 ${sweepStats.p99Ms.toFixed(0)} ms (${sweepStats.startsPerSec.toFixed(0)} starts/s); Postgres CPU ${sweepStats.pgCpuMsPerSweep?.toFixed(1) ?? 'n/a'} ms per sweep; empty sweep ${idleSweepMs.toFixed(1)} ms`,
    );

    // 2 and 3. A worker with the default sweep interval, two API processes with the key cache.
    const taskQueue = `bench-sched-${randomBytes(3).toString('hex')}`;
    const common = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: deps.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, CREDENTIALS_KEY: deps.credentialsKey, LOG_LEVEL: 'warn', PROVIDER_EGRESS_ALLOW: '127.0.0.0/8' };
    const windowStart = Date.now();
    roles.push(await startRole('sched-worker', 'worker/main.ts', [], { ...common, SYNC_INTERVAL: '1h', SYNC_SWEEP_INTERVAL: `${SWEEP_INTERVAL_MS}ms`, WORKER_METRICS_PORT: '0', TEMPORAL_METRICS_PORT: '0' }));
    const apiUrls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const role = await startRole(`sched-api-${i}`, 'api/main.ts', [], { ...common, PORT: String(port), HOST: '127.0.0.1' });
      roles.push(role);
      apiUrls.push(`http://127.0.0.1:${port}`);
      await waitHttpOk(`http://127.0.0.1:${port}/readyz`, 120_000, role);
    }

    const orgId = '77777777-7777-4777-8777-777777777777';
    const { token } = await createApiKey(sql, { orgId, scopes: ['audit:read', 'audit:write'] });
    const connects = quick ? 4 : 20;
    log(`scheduling: ${connects} connects spread over the sweep interval, waiting for each first sync`);
    const connectedAt = new Map<string, number>();
    for (let i = 0; i < connects; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * (SWEEP_INTERVAL_MS / 2)));
      const res = await fetch(`${apiUrls[0]}/api/v1/orgs/${orgId}/projects/first-sync-${i}/audit/integrations/github/connect`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ credentials: { token: `ghp_${randomBytes(12).toString('hex')}`, repository: 'acme/web', base_url: deps.fakeGithubUrl } }),
      });
      const body = (await res.json()) as { data: { id: string } };
      if (res.status !== 200) throw new Error(`connect answered ${res.status}`);
      connectedAt.set(body.data.id, Date.now());
    }
    const firstSync = new Map<string, number>();
    const deadline = Date.now() + 120_000;
    while (firstSync.size < connects) {
      if (Date.now() > deadline) throw new Error(`only ${firstSync.size} of ${connects} first syncs started in 120 s; see .data/bench/logs/sched-worker.log`);
      const rows = await sql<{ integration_id: string; started_at: Date }[]>`
        select integration_id, min(started_at) as started_at from sync_runs where integration_id = any(${[...connectedAt.keys()]}) group by integration_id
      `;
      for (const r of rows) firstSync.set(r.integration_id, r.started_at.getTime() - connectedAt.get(r.integration_id)!);
      await new Promise((r) => setTimeout(r, 200));
    }
    const delays = [...firstSync.values()];
    const connectToFirstSync = { n: connects, sweepIntervalMs: SWEEP_INTERVAL_MS, p50Ms: quantile(delays, 0.5), p99Ms: quantile(delays, 0.99), maxMs: Math.max(...delays) };
    log(`scheduling: connect → first sync started p50 ${connectToFirstSync.p50Ms.toFixed(0)} ms, p99 ${connectToFirstSync.p99Ms.toFixed(0)} ms, max ${connectToFirstSync.maxMs.toFixed(0)} ms (sweep every ${SWEEP_INTERVAL_MS} ms)`);

    const revokes = quick ? 3 : 10;
    const revokeDelays: number[] = [];
    const list = `/api/v1/orgs/${orgId}/projects/first-sync-0/audit/integrations`;
    const status = async (base: string, t: string) => (await fetch(`${base}${list}`, { headers: { authorization: `Bearer ${t}` } })).status;
    for (let i = 0; i < revokes; i++) {
      const created = await createApiKey(sql, { orgId, scopes: ['audit:read'] });
      for (const base of apiUrls) for (let k = 0; k < 2; k++) if ((await status(base, created.token)) !== 200) throw new Error('a fresh key was refused');
      // The keys CLI's own function (revoke + NOTIFY in one statement); timed from its commit.
      await revokeApiKey(sql, created.key.id);
      const t0 = Date.now();
      await Promise.all(
        apiUrls.map(async (base) => {
          while ((await status(base, created.token)) !== 401) {
            if (Date.now() - t0 > 10_000) throw new Error('a revoked key still worked after 10 s');
            await new Promise((r) => setTimeout(r, 5));
          }
          revokeDelays.push(Date.now() - t0);
        }),
      );
    }
    const revokeTo401 = { n: revokes, processes: apiUrls.length, p50Ms: quantile(revokeDelays, 0.5), maxMs: Math.max(...revokeDelays) };
    log(`scheduling: revoke → 401 in ${apiUrls.length} API processes: p50 ${revokeTo401.p50Ms} ms, max ${revokeTo401.maxMs} ms`);

    // 4. What the operator's Temporal shows: Schedules, and housekeeping executions (all task queues of this server).
    let schedules = 0;
    for await (const summary of client.schedule.list()) if (summary.scheduleId) schedules++;
    const taskQueues = new Set<string>();
    let housekeepingExecutions = 0;
    for await (const e of client.workflow.list({ query: `WorkflowType = '${HOUSEKEEPING_WORKFLOW_TYPE}'` })) {
      housekeepingExecutions++;
      taskQueues.add(e.taskQueue);
    }
    const temporal = {
      schedules,
      housekeepingExecutions,
      taskQueues: taskQueues.size,
      windowSec: (Date.now() - windowStart) / 1000,
      // workflows/housekeeping.ts: a run ends after an hour of sweeps (400 at most), so ≤ 1 execution per hour per queue.
      sweepsPerRun: Math.min(400, Math.ceil(3_600_000 / SWEEP_INTERVAL_MS)),
    };
    log(`scheduling: ${schedules} Temporal Schedules; ${housekeepingExecutions} housekeeping executions on ${taskQueues.size} task queues in ${(Date.now() - started) / 1000} s`);
    return { integrations, seedSeconds, sweep: sweepStats, connectToFirstSync, revokeTo401, temporal };
  } finally {
    await Promise.allSettled(roles.map((r) => r.stop()));
    await connection.close();
    await Promise.allSettled([sql.end({ timeout: 5 }), sweepSql.end({ timeout: 5 })]);
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  }
}
