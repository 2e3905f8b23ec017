import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { createCredentialCipher } from '../../db/crypto.js';
import { migrate } from '../../db/migrate.js';
import { createSql, type Sql } from '../../db/sql.js';
import { freePort, PROJECT_ROOT, startTemporalDevServer, temporalCliPath, waitForPort } from '../../worker/dev-services.js';
import { benchConfig } from './config.js';
import { startFakeGithub } from '../fakes/github.js';
import type { DurationResult, LoadRequest } from './load-types.js';
import { machineInfo } from './machine.js';
import { measureCrypto } from './measure-crypto.js';
import { measureSyncPairs } from './measure-sync.js';
import { measureHealth } from './measure-health.js';
import { measureOrgList } from './measure-org-list.js';
import { measureScheduling } from './measure-scheduling.js';
import { measureEvents } from './measure-events.js';
import { measureInbound } from './measure-inbound.js';
import { renderReport } from './report.js';
import { buildRequests } from './requests.js';
import { checkTargets, median, type BenchResults, type HttpTarget, type LimiterPair, type MemorySample } from './results.js';
import { seed } from './seed.js';
import { BENCH_DIR, cpuMeter, rssMiB, runLoad, settle, startRole, waitHttpOk, type Role } from './stack.js';

/**
 * `npm run bench`: starts its own stack (a fresh database on the local Postgres or DATABASE_URL, a Temporal dev server,
 * the API and the worker as separate processes), seeds it, measures everything in one run and writes BENCHMARKS.md and
 * test/bench/results.json. BENCH_QUICK=1 runs a small, short version and writes under .data/bench instead.
 */
const cfg = benchConfig(process.env);
const started = Date.now();
const log = (msg: string) => process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${msg}\n`);
const cleanups: (() => Promise<unknown>)[] = [];
const POOL_MAX = '10';
const WORKER_MAX_CONCURRENT_ACTIVITIES = '50';

async function cleanup(): Promise<void> {
  for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => log(`cleanup: ${(err as Error).message}`));
  cleanups.length = 0;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanup().then(() => process.exit(130)));

async function drain(sql: Sql, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from audit_integrations where status = 'syncing'`;
    if (row!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${row!.n} rows still syncing after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<BenchResults | undefined> {
  const load1 = os.loadavg()[0]!;
  log(`${cfg.quick ? 'QUICK run (numbers are not representative)' : 'full run'}; 1-min load average ${load1.toFixed(2)}${load1 > 1.5 ? ' — the machine is busy, results will be low' : ''}`);
  await rm(path.join(BENCH_DIR, 'logs'), { recursive: true, force: true });
  await mkdir(BENCH_DIR, { recursive: true });

  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  cleanups.push(() => admin.end({ timeout: 5 }));
  const dbName = `audit_bench_${Date.now()}`;
  await admin.unsafe(`create database ${dbName}`);
  cleanups.push(() => admin.unsafe(`drop database if exists ${dbName} with (force)`));
  const dbUrlObj = new URL(adminUrl);
  dbUrlObj.pathname = `/${dbName}`;
  const databaseUrl = dbUrlObj.toString();
  const sql = createSql({ databaseUrl, max: 4 });
  cleanups.push(() => sql.end({ timeout: 5 }));
  await migrate(sql);

  const cli = temporalCliPath(process.env.TEMPORAL_CLI);
  const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null, cliPath: cli });
  cleanups.push(() => temporal.stop());
  // Any repository, one token per seeded org; no request log, so a long run stays flat (it reads only counts).
  const fake = await startFakeGithub({ token: /^ghp_\w+$/, repository: '*', record: false });
  cleanups.push(() => fake.close());
  const machine = await machineInfo(sql, cli);

  const credentialsKey = randomBytes(32).toString('base64');
  const cipher = createCredentialCipher([{ id: 'default', key: Buffer.from(credentialsKey, 'base64') }]);
  log(`seeding ${cfg.orgs} orgs into ${dbName}`);
  const seedStart = Date.now();
  const orgs = await seed(sql, cipher, { orgs: cfg.orgs, fakeGithubUrl: fake.url });
  const [counts] = await sql<{ integrations: number; keys: number; runs: number }[]>`
    select (select count(*) from audit_integrations)::int as integrations, (select count(*) from api_keys)::int as keys,
           (select count(*) from sync_runs)::int as runs
  `;
  const seedStats = { orgs: orgs.length, integrations: counts!.integrations, apiKeys: counts!.keys, syncRuns: counts!.runs, seconds: (Date.now() - seedStart) / 1000 };
  log(`seeded ${seedStats.integrations} integrations, ${seedStats.apiKeys} API keys in ${seedStats.seconds.toFixed(1)} s`);
  const want = (part: string) => !cfg.only || cfg.only.has(part);
  const lists = buildRequests(orgs, { syncs: cfg.syncs, syncSets: want('sync') ? cfg.syncPairs : 0, fakeGithubUrl: fake.url });
  const http: BenchResults['http'] = {};
  const measure = async (target: HttpTarget, url: string, requests: LoadRequest[], pids: Record<string, number | undefined>, after?: () => Promise<void>) => {
    if (!want(target.startsWith('ceiling') ? 'ceilings' : target)) return;
    for (const c of cfg.concurrencies) {
      const busy = await settle({ temporal: temporal.process.pid, worker: pids.worker });
      if (busy >= 0.1) log(`background still busy (${busy.toFixed(2)} cores) before ${target} c=${c}`);
      const stopMeter = cpuMeter({ ...pids, temporal: temporal.process.pid });
      const r = await runLoad({ mode: 'duration', url, connections: c, warmupSec: cfg.warmupSec, durationSec: cfg.measureSec, requests });
      const cpu = await stopMeter();
      (http[target] ??= {})[String(c)] = { ...r, cpu };
      const bad = r.non2xx + r.errors > 0 ? ` — ${r.non2xx} non-2xx, ${r.errors} errors ${JSON.stringify(r.statusCounts)}` : '';
      log(`${target} c=${c}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms; cores ${JSON.stringify(cpu)}${bad}`);
      if (process.env.BENCH_VERBOSE) log(`  per second: ${r.perSecond.join(' ')}`);
      await after?.();
    }
  };

  const ceilings = [
    ['const', 'ceiling_const', lists.ceilingConst],
    ['select', 'ceiling_select', lists.ceilingSelect],
    ['list', 'ceiling_list', lists.list],
    ['upsert', 'ceiling_upsert', lists.ceilingUpsert],
    ['connect', 'ceiling_connect', lists.ceilingConnect],
  ] as const;
  const measureCeiling = async ([mode, target, requests]: readonly [string, HttpTarget, LoadRequest[]]) => {
    if (!want('ceilings')) return;
    const port = await freePort();
    const env = { PORT: String(port), DATABASE_URL: databaseUrl, DB_POOL_MAX: POOL_MAX, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: 'bench-ceiling' };
    const role = await startRole(`ceiling-${mode}`, 'test/bench/ceiling-server.ts', [mode], env, { profile: cfg.profile });
    try {
      await waitForPort(port, '127.0.0.1', 60_000);
      await measure(target, `http://127.0.0.1:${port}`, requests, { server: role.child.pid });
    } finally {
      await role.stop();
    }
  };
  for (const ceiling of ceilings) await measureCeiling(ceiling);

  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const common = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: 'bench', CREDENTIALS_KEY: credentialsKey, LOG_LEVEL: 'warn', DB_POOL_MAX: POOL_MAX };
  // Rate limits off (RATE_LIMIT_PER_MINUTE=0): the load would exceed any per-key limit; list_limited measures their cost.
  const noLimits = { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '0' };
  const apiEnv = { ...common, ...noLimits, HOST: '127.0.0.1' };
  const api = await startRole('api', 'api/main.ts', [], { ...apiEnv, PORT: String(apiPort), METRICS_PORT: String(await freePort()) }, { profile: cfg.profile });
  const roles: Role[] = [api];
  cleanups.push(() => Promise.all(roles.map((r) => r.stop())));
  await waitHttpOk(`${apiUrl}/readyz`, 120_000, api);
  log('API ready');

  if (process.env.BENCH_VS) {
    await compareWithCheckout(process.env.BENCH_VS, apiEnv, { url: apiUrl, pid: api.child.pid }, lists, { temporal: temporal.process.pid });
    return undefined;
  }
  // List and connect are the API's and Postgres's work alone: the worker starts after them. A connect makes its row due
  // at once and wakes a running worker's sweeper (issue 26), so with a worker up the connect load would start syncs by
  // the thousand in the middle of its own measurement and of the ones after it.
  await measure('list', apiUrl, lists.list, { server: api.child.pid });
  let limiterPairs: LimiterPair[] | undefined;
  if (want('list_limited')) {
    await withLimitedApi(apiEnv, async (url, pid) => {
      await measure('list_limited', url, lists.list, { server: pid });
      if (want('list')) limiterPairs = await interleaveLimiter({ off: { url: apiUrl, pid: api.child.pid }, on: { url, pid } }, lists.list, temporal.process.pid, undefined);
    });
  }
  await measure('connect', apiUrl, lists.connect, { server: api.child.pid });
  // The rows the connects made due go an hour out, as if swept: the worker starting now must not sync them all.
  await sql`update audit_integrations set next_sync_at = now() + interval '1 hour' where next_sync_at <= now()`;

  // No periodic sweep during the measurements (its first one is an hour away). The sweeper is measured on its own
  // stack (measure-scheduling.ts).
  const worker = await startRole('worker', 'worker/main.ts', [], { ...common, WORKER_MAX_CONCURRENT_ACTIVITIES, SYNC_SWEEP_INTERVAL: '1h', PROVIDER_EGRESS_ALLOW: '127.0.0.0/8' }, { profile: cfg.profile });
  roles.push(worker);
  await warmUpSyncPath(sql, apiUrl, lists.syncStart.slice(0, 3), worker);
  log('worker ready');
  const pids = { server: api.child.pid, worker: worker.child.pid };
  await measure('sync_start', apiUrl, lists.syncStart, pids, () => drain(sql));
  // Issue 28: live events on this API process, before the sync engine's load (its syncs would be events too).
  const events = want('events')
    ? await measureEvents({ sql, apiUrl, apiPid: pids.server!, orgs, list: lists.list, connections: Math.max(...cfg.concurrencies), measureSec: cfg.measureSec, quick: cfg.quick, background: { temporal: temporal.process.pid, worker: pids.worker }, log })
    : undefined;
  const inbound = want('inbound') ? await measureInbound({ sql, cipher, apiUrl, orgs, quick: cfg.quick, log }) : undefined;

  let sync: BenchResults['sync'] | undefined;
  if (want('sync')) {
    log(`sync engine: ${cfg.syncPairs} interleaved pairs of ${cfg.syncs} syncs (real) and ${cfg.syncs} bare workflows, ${cfg.syncConcurrency} requests in flight`);
    const bareEnv = { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: 'bench-bare', WORKER_MAX_CONCURRENT_ACTIVITIES };
    const measured = await measureSyncPairs(sql, { apiUrl, sets: lists.syncEngine, concurrency: cfg.syncConcurrency, pids: { api: pids.server, worker: pids.worker, temporal: temporal.process.pid }, bareEnv, log });
    log(`sync engine: ${(measured.ratio * 100).toFixed(1)} % of bare Temporal (median of ${measured.pairs.length} pairs)`);
    sync = measured;
  }

  const crypto = want('crypto') ? measureCrypto(cfg.cryptoSec) : undefined;
  if (crypto) log(`crypto: ${crypto.roundTripsPerSec.toFixed(0)} encrypt+decrypt/s`);

  const memory = want('soak') ? await soak(sql, apiUrl, lists.soak, api, worker) : undefined;
  await Promise.all(roles.map((r) => r.stop()));
  roles.length = 0;

  // Issue 26's scenarios, each on its own database (and, for the org list, its own API process), after the API stack
  // is stopped: their 100,000 and 50,000 rows touch nothing measured above.
  const health = want('health') ? await measureHealth({ admin, adminUrl, dbName, quick: cfg.quick, log }) : undefined;
  const orgList = want('org_list')
    ? await measureOrgList({ admin, adminUrl, dbName, apiEnv, concurrencies: cfg.concurrencies, warmupSec: cfg.warmupSec, measureSec: cfg.measureSec, quick: cfg.quick, log })
    : undefined;

  // Last, on its own database and task queues: its 100,000 rows and its processes touch nothing measured above.
  const scheduling = want('scheduling')
    ? await measureScheduling({ admin, adminUrl, dbName, temporalAddress: temporal.address, cipher, credentialsKey, fakeGithubUrl: fake.url, quick: cfg.quick, log })
    : undefined;

  if (!sync || !crypto || !memory || cfg.only) return undefined;
  const partial = { config: cfg, machine, seed: seedStats, http, ...(limiterPairs ? { limiterPairs } : {}), sync, crypto, memory, fakeProvider: { ...fake.counts }, ...(scheduling ? { scheduling } : {}), ...(health ? { health } : {}), ...(orgList ? { orgList } : {}), ...(events ? { events } : {}), ...(inbound ? { inbound } : {}) };
  return { ...partial, targets: checkTargets(partial), totalSeconds: (Date.now() - started) / 1000 };
}

async function writeOutputs(results: BenchResults): Promise<void> {
  const resultsPath = cfg.quick ? path.join(BENCH_DIR, 'results.quick.json') : path.join(PROJECT_ROOT, 'test', 'bench', 'results.json');
  const reportPath = cfg.quick ? path.join(BENCH_DIR, 'BENCHMARKS.quick.md') : path.join(PROJECT_ROOT, 'BENCHMARKS.md');
  await writeFile(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  const analysis = await reportTail();
  await writeFile(reportPath, renderReport(results, analysis));
  for (const t of results.targets) log(`${t.pass ? 'PASS' : 'MISS'} ${t.name}: ${t.measured} (goal ${t.goal})`);
  log(`wrote ${path.relative(PROJECT_ROOT, reportPath)} and ${path.relative(PROJECT_ROOT, resultsPath)}`);
}

type PairSide = { url: string; pid: number | undefined };
type SideResult = { rps: number; cpuUsPerRequest: number };

/**
 * Two API processes measured so that the machine's drift cancels out: both stay up and take turns under the same load
 * at the top concurrency, in the order a/b, b/a, a/b… (`count` pairs of runs). Each pair gives one ratio; the
 * limiter's cost (BENCHMARKS.md) and BENCH_VS's comparison report their median, with the server CPU per request.
 */
async function interleave(label: string, sides: { a: PairSide; b: PairSide }, requests: LoadRequest[], count: number, background: Record<string, number | undefined>): Promise<{ a: SideResult; b: SideResult }[]> {
  const connections = Math.max(...cfg.concurrencies);
  const durationSec = Math.max(2, Math.round(cfg.measureSec / 2));
  const one = async (side: 'a' | 'b'): Promise<SideResult> => {
    await settle(background);
    const stopMeter = cpuMeter({ server: sides[side].pid });
    const r = await runLoad({ mode: 'duration', url: sides[side].url, connections, warmupSec: 1, durationSec, requests });
    const cpu = await stopMeter();
    return { rps: r.rps, cpuUsPerRequest: ((cpu.server ?? Number.NaN) * 1e6) / r.rps };
  };
  const pairs: { a: SideResult; b: SideResult }[] = [];
  for (let i = 0; i < count; i++) {
    const got: Partial<Record<'a' | 'b', SideResult>> = {};
    for (const side of i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) got[side] = await one(side);
    const [a, b] = [got.a!, got.b!];
    pairs.push({ a, b });
    log(`${label} pair ${i + 1}: ${a.rps.toFixed(0)} vs ${b.rps.toFixed(0)} req/s (b/a ${((b.rps / a.rps) * 100).toFixed(1)} %), CPU ${a.cpuUsPerRequest.toFixed(0)} vs ${b.cpuUsPerRequest.toFixed(0)} µs/request`);
  }
  return pairs;
}

/** The limiter's cost: off (a) against on (b), LIMITER_PAIRS interleaved pairs of list runs. */
const LIMITER_PAIRS = cfg.quick ? 2 : 6;
async function interleaveLimiter(apis: Record<'off' | 'on', PairSide>, requests: LoadRequest[], temporalPid: number | undefined, workerPid: number | undefined): Promise<LimiterPair[]> {
  const pairs = await interleave('limiter', { a: apis.off, b: apis.on }, requests, LIMITER_PAIRS, { temporal: temporalPid, worker: workerPid });
  return pairs.map(({ a, b }) => ({ off: a, on: b }));
}

/**
 * BENCH_VS=<checkout>: a developer's A/B. The API of another checkout of this project (a git worktree of the commit
 * to compare with; give it a node_modules, e.g. a symlink to this one's) runs next to this one against the same
 * database, and list and connect take turns between them (BENCH_VS_PAIRS pairs, default 6). Prints each pair and the
 * medians; writes no report.
 */
async function compareWithCheckout(dir: string, apiEnv: Record<string, string>, head: PairSide, lists: { list: LoadRequest[]; connect: LoadRequest[] }, background: Record<string, number | undefined>): Promise<void> {
  const port = await freePort();
  const base = await startRole('api-vs', path.resolve(dir, 'api/main.ts'), [], { ...apiEnv, PORT: String(port), METRICS_PORT: String(await freePort()) }, { profile: cfg.profile });
  try {
    await waitHttpOk(`http://127.0.0.1:${port}/readyz`, 120_000, base);
    const count = Number(process.env.BENCH_VS_PAIRS ?? 6);
    for (const target of ['list', 'connect'] as const) {
      if (cfg.only && !cfg.only.has(target)) continue;
      const pairs = await interleave(`vs ${target}`, { a: { url: `http://127.0.0.1:${port}`, pid: base.child.pid }, b: head }, lists[target], count, background);
      log(`vs ${target}: this checkout at ${(median(pairs.map((p) => p.b.rps / p.a.rps)) * 100).toFixed(1)} % of ${dir}'s req/s, ${(median(pairs.map((p) => p.b.cpuUsPerRequest / p.a.cpuUsPerRequest)) * 100).toFixed(1)} % of its CPU per request (medians of ${count} pairs)`);
    }
  } finally {
    await base.stop();
  }
}

async function withLimitedApi(apiEnv: Record<string, string>, run: (url: string, pid: number | undefined) => Promise<void>): Promise<void> {
  const port = await freePort();
  const limits = { RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_BURST: '100000000', RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '60' };
  const limited = await startRole('api-limited', 'api/main.ts', [], { ...apiEnv, ...limits, PORT: String(port), METRICS_PORT: String(await freePort()) }, { profile: cfg.profile });
  try {
    await waitHttpOk(`http://127.0.0.1:${port}/readyz`, 120_000, limited);
    await run(`http://127.0.0.1:${port}`, limited.child.pid);
  } finally {
    await limited.stop();
  }
}

/** Sends a few syncs and waits for them: the worker has bundled its workflows and the whole path works. */
async function warmUpSyncPath(sql: Sql, apiUrl: string, requests: LoadRequest[], worker: Role): Promise<void> {
  for (const r of requests) {
    const res = await fetch(new URL(r.path, apiUrl), { method: 'POST', headers: { authorization: `Bearer ${r.token}` } });
    if (res.status !== 202) throw new Error(`warm-up sync answered ${res.status}: ${await res.text()}`);
  }
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (worker.child.exitCode !== null) throw new Error('the worker exited; see .data/bench/logs/worker.log');
    const [row] = await sql<{ n: number; failed: number }[]>`
      select count(*) filter (where status = 'syncing')::int as n, count(*) filter (where status = 'error')::int as failed from audit_integrations
    `;
    if (row!.failed > 0) throw new Error('a warm-up sync failed: check the fake provider and the worker log');
    if (row!.n === 0) return;
    if (Date.now() > deadline) throw new Error('warm-up syncs did not finish in 180 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function soak(sql: Sql, apiUrl: string, requests: LoadRequest[], api: Role, worker: Role): Promise<BenchResults['memory']> {
  const t0 = Date.now();
  const sample = async (): Promise<MemorySample> => ({ atSec: (Date.now() - t0) / 1000, apiMiB: await rssMiB(api.child.pid!), workerMiB: await rssMiB(worker.child.pid!) });
  const spec = { mode: 'duration' as const, url: apiUrl, connections: cfg.soakConcurrency, requests };
  log(`soak: warm-up ${cfg.soakWarmupSec} s, then ${cfg.soakSec} s at c=${cfg.soakConcurrency} (16 list : 3 connect : 1 sync)`);
  await runLoad({ ...spec, warmupSec: 0, durationSec: cfg.soakWarmupSec });
  const before = await sample();
  const samples: MemorySample[] = [before];
  const timer = setInterval(() => void sample().then((s) => samples.push(s), () => undefined), 5000);
  let result: DurationResult;
  try {
    result = await runLoad({ ...spec, warmupSec: 0, durationSec: cfg.soakSec });
  } finally {
    clearInterval(timer);
  }
  const after = await sample();
  samples.push(after);
  await drain(sql);
  await new Promise((r) => setTimeout(r, 5000));
  const afterDrain = await sample();
  log(`soak: ${result.rps.toFixed(0)} req/s; RSS api ${before.apiMiB} → ${after.apiMiB} MiB, worker ${before.workerMiB} → ${after.workerMiB} MiB; samples (s: api/worker MiB) ${samples.map((s) => `${s.atSec.toFixed(0)}: ${s.apiMiB.toFixed(0)}/${s.workerMiB.toFixed(0)}`).join(', ')}`);
  return { before, after, afterDrain, samples, soak: result };
}

if (process.env.BENCH_RENDER_ONLY === '1') {
  // Re-renders BENCHMARKS.md from the last full run's results.json, e.g. after editing test/bench/analysis.md.
  const results = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'bench', 'results.json'), 'utf8')) as BenchResults;
  const analysis = await reportTail();
  await writeFile(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), renderReport(results, analysis));
  process.exit(0);
}

try {
  const results = await main();
  if (results) await writeOutputs(results);
  else log('BENCH_ONLY: partial run, no report written');
} finally {
  await cleanup();
  // Load specs hold the run's API tokens; the database they open is gone, but do not leave them lying around.
  for (const f of await readdir(BENCH_DIR)) if (/^load-\d+(\.result)?\.json$|^bare-result\.json$/.test(f)) await rm(path.join(BENCH_DIR, f), { force: true });
}

/**
 * What follows the measured tables: test/bench/analysis.md, then the chaos-soak section that `npm run soak` appends to
 * BENCHMARKS.md (carried over, so a bench run never erases the soak results).
 */
async function reportTail(): Promise<string> {
  const analysis = await readFile(path.join(PROJECT_ROOT, 'test', 'bench', 'analysis.md'), 'utf8').catch(() => '');
  const current = await readFile(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), 'utf8').catch(() => '');
  const soak = current.indexOf('\n## Chaos soak');
  return soak === -1 ? analysis : `${analysis.trim()}\n${current.slice(soak)}`;
}
