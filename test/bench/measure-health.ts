import { existsSync } from 'node:fs';
import type postgres from 'postgres';
import { claimHealthChecks, recordHealth, type HealthClaimOptions } from '../../db/credential-health.js';
import { migrate } from '../../db/migrate.js';
import { createSql, type Db } from '../../db/sql.js';
import { HEALTH_PER_ORG } from '../../db/sync-config.js';
import { planStats, type ExplainRow, type PlanStats } from './plan.js';
import { cpuSeconds } from './stack.js';

/**
 * Issue 26's health pass at scale, on its own database: `integrations` connected rows (one insert … select
 * generate_series; every fifth an OAuth provider with an access token expiring within the hour), of which 1 % are made
 * due before each pass — four fifths not checked within HEALTH_CHECK_INTERVAL, one fifth with a token expiring within
 * CREDENTIALS_REFRESH_AHEAD. A pass is the Postgres side of the worker's runHealthPass: the real claim
 * (claimHealthChecks, batches of 500 until it claims nothing) and the real verdict write (recordHealth, one
 * transaction per row, as the activity does), plus one statement per batch standing in for the refresh's token save.
 * The probes themselves are HTTP to the providers, not Postgres work, and are left out. Postgres CPU per pass: the
 * pass connection's backend process, from /proc. One claim is also run under EXPLAIN (ANALYZE, BUFFERS), rolled back.
 */
export interface HealthStats {
  integrations: number;
  due: number;
  passes: number;
  batchSize: number;
  /** HEALTH_PER_ORG: rows of one org per claim, at most. */
  perOrg: number;
  seedSeconds: number;
  /** Claims that returned rows, over every pass. */
  claimP50Ms: number;
  claimP99Ms: number;
  claimMaxMs: number;
  /** The last claim of a pass, which finds nothing due. */
  emptyClaimMs: number;
  /** Claims plus verdict writes of one pass, wall clock. */
  passP50Ms: number;
  pgCpuMsPerPass: number | null;
  /** One claim of the first due set under EXPLAIN (ANALYZE, BUFFERS), rolled back; `rows` = the rows it claimed. */
  explain: PlanStats;
}

export interface HealthDeps {
  admin: postgres.Sql;
  adminUrl: string;
  dbName: string;
  quick: boolean;
  log: (msg: string) => void;
}

export const HEALTH_BENCH_BATCH = 500;
const CHECK_INTERVAL_MS = 24 * 3_600_000;
const REFRESH_AHEAD_MS = 10 * 60_000;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

class Rollback extends Error {}

/** A handle that runs the statement it is given under EXPLAIN: the real claim function's own SQL is what is explained. */
function explaining(tx: Db): Db {
  const run = (strings: TemplateStringsArray, ...values: never[]) => tx`explain (analyze, buffers, format json) ${tx(strings, ...values)}`;
  return run as unknown as Db;
}

export async function measureHealth(deps: HealthDeps): Promise<HealthStats> {
  const { admin, log, quick } = deps;
  const integrations = Number(process.env.BENCH_HEALTH_INTEGRATIONS ?? (quick ? 10_000 : 100_000));
  const passes = quick ? 2 : 10;
  const due = Math.round(integrations / 100);
  const dbName = `${deps.dbName}_health`;
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(deps.adminUrl);
  url.pathname = `/${dbName}`;
  const sql = createSql({ databaseUrl: url.toString(), max: 2 });
  // One connection: its backend process is the one whose CPU a pass costs.
  const passSql = createSql({ databaseUrl: url.toString(), max: 1 });
  const claim: HealthClaimOptions = { limit: HEALTH_BENCH_BATCH, perOrg: HEALTH_PER_ORG, claimMs: 120_000, checkIntervalMs: CHECK_INTERVAL_MS, refreshAheadMs: REFRESH_AHEAD_MS };
  try {
    await migrate(sql);
    log(`health: seeding ${integrations} connected integrations (${integrations / 10} orgs), all checked within the interval`);
    const seedStart = Date.now();
    // Ten integrations per org (projects p0…p9); every fifth a GA4 one whose token the pass would refresh.
    await sql`
      insert into audit_integrations (org_id, project_id, provider, status, credentials, last_sync_at, health_state, health_checked_at, credentials_expire_at)
      select md5('org-' || (i % ${integrations / 10}))::uuid, 'p' || (i / ${integrations / 10}), case when i % 5 = 0 then 'ga4' else 'github' end, 'connected',
        'v1.default.not-decrypted-by-this-scenario', now(), 'ok', now() - random() * interval '23 hours',
        case when i % 5 = 0 then now() + interval '15 minutes' + random() * interval '45 minutes' end
      from generate_series(0, ${integrations - 1}) as i
    `;
    await sql`analyze audit_integrations`;
    const seedSeconds = (Date.now() - seedStart) / 1000;

    const makeDue = async () => {
      const expiring = Math.round(due / 5);
      await sql`
        update audit_integrations set health_checked_at = now() - interval '25 hours' - random() * interval '1 hour'
        where id in (select id from audit_integrations where provider = 'github' order by random() limit ${due - expiring})
      `;
      await sql`
        update audit_integrations set credentials_expire_at = now() + random() * interval '9 minutes'
        where id in (select id from audit_integrations where provider = 'ga4' and health_checked_at > now() - interval '24 hours' order by random() limit ${expiring})
      `;
    };

    await makeDue();
    const explain = await sql
      .begin(async (tx) => {
        const [row] = (await claimHealthChecks(explaining(tx), claim)) as unknown as ExplainRow[];
        const stats = planStats(row);
        throw Object.assign(new Rollback(), { stats });
      })
      .catch((err: unknown) => {
        if (err instanceof Rollback) return (err as Rollback & { stats: PlanStats }).stats;
        throw err;
      });

    const pid = (await passSql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
    const claimTimes: number[] = [];
    const emptyTimes: number[] = [];
    const passTimes: number[] = [];
    let cpuMs: number | null = 0;
    for (let p = 0; p < passes; p++) {
      if (p > 0) await makeDue();
      const cpuBefore = existsSync(`/proc/${pid}/stat`) ? await cpuSeconds(pid) : null;
      const t0 = performance.now();
      let claimed = 0;
      for (;;) {
        const c0 = performance.now();
        const rows = await claimHealthChecks(passSql, claim);
        const ms = performance.now() - c0;
        if (rows.length === 0) {
          emptyTimes.push(ms);
          break;
        }
        claimTimes.push(ms);
        claimed += rows.length;
        for (const row of rows) await passSql.begin((tx) => recordHealth(tx, row.id, { state: 'ok', reason: null }, { release: true }));
        // What the refresh's compare-and-swap saves: the new access token's expiry, an hour on.
        await passSql`
          update audit_integrations set credentials_expire_at = now() + interval '1 hour'
          where id = any(${rows.map((r) => r.id)}) and credentials_expire_at < now() + interval '10 minutes'
        `;
      }
      passTimes.push(performance.now() - t0);
      const cpuAfter = existsSync(`/proc/${pid}/stat`) ? await cpuSeconds(pid) : null;
      cpuMs = cpuMs === null || cpuBefore === null || cpuAfter === null ? null : cpuMs + (cpuAfter - cpuBefore) * 1000;
      if (claimed !== due) throw new Error(`health pass ${p + 1} claimed ${claimed} of ${due} due rows`);
    }
    const stats: HealthStats = {
      integrations,
      due,
      passes,
      batchSize: HEALTH_BENCH_BATCH,
      perOrg: HEALTH_PER_ORG,
      seedSeconds,
      claimP50Ms: quantile(claimTimes, 0.5),
      claimP99Ms: quantile(claimTimes, 0.99),
      claimMaxMs: Math.max(...claimTimes),
      emptyClaimMs: quantile(emptyTimes, 0.5),
      passP50Ms: quantile(passTimes, 0.5),
      pgCpuMsPerPass: cpuMs === null ? null : cpuMs / passes,
      explain,
    };
    log(
      `health: ${passes} passes over ${integrations} rows, ${due} due each: claim (batch of ${HEALTH_BENCH_BATCH}) p50 ${stats.claimP50Ms.toFixed(1)} ms, p99 ${stats.claimP99Ms.toFixed(1)} ms; empty claim ${stats.emptyClaimMs.toFixed(1)} ms; pass p50 ${stats.passP50Ms.toFixed(0)} ms; Postgres CPU ${stats.pgCpuMsPerPass?.toFixed(0) ?? 'n/a'} ms per pass; EXPLAIN: ${explain.executionMs.toFixed(1)} ms, ${explain.rowsExamined} rows examined, ${explain.sharedBuffers} buffers, ${explain.rows} claimed`,
    );
    return stats;
  } finally {
    await Promise.allSettled([sql.end({ timeout: 5 }), passSql.end({ timeout: 5 })]);
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  }
}
