import type { BenchConfig } from './config.js';
import type { DurationResult } from './load-types.js';
import type { MachineInfo } from './machine.js';
import type { CryptoStats } from './measure-crypto.js';
import type { SyncStats } from './measure-sync.js';
import type { HealthStats } from './measure-health.js';
import type { OrgListStats } from './measure-org-list.js';
import type { SchedulingStats } from './measure-scheduling.js';
import type { EventStats } from './measure-events.js';
import type { InboundStats } from './measure-inbound.js';

export const HTTP_TARGETS = ['list', 'list_limited', 'connect', 'sync_start', 'ceiling_const', 'ceiling_select', 'ceiling_list', 'ceiling_upsert', 'ceiling_connect'] as const;
export type HttpTarget = (typeof HTTP_TARGETS)[number];

/** A load measurement plus the cores each process used meanwhile (warm-up included). */
export type HttpMeasurement = DurationResult & { cpu: Record<string, number> };

export interface MemorySample {
  atSec: number;
  apiMiB: number;
  workerMiB: number;
}

export interface MemoryStats {
  before: MemorySample;
  after: MemorySample;
  afterDrain: MemorySample;
  samples: MemorySample[];
  soak: DurationResult;
}

export interface TargetCheck {
  name: string;
  goal: string;
  measured: string;
  pass: boolean;
}

/** One interleaved pair of list runs at the top concurrency: rate limiter off and on (run.ts interleaveLimiter). */
export interface LimiterPair {
  off: { rps: number; cpuUsPerRequest: number };
  on: { rps: number; cpuUsPerRequest: number };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The limiter's cost: the median over the interleaved pairs, else (no pairs) the two table runs. */
export function limiterCost(r: Pick<BenchResults, 'http' | 'limiterPairs' | 'config'>): { cost: number; how: string } {
  if (r.limiterPairs && r.limiterPairs.length > 0) {
    return { cost: median(r.limiterPairs.map((p) => 1 - p.on.rps / p.off.rps)), how: `median of ${r.limiterPairs.length} interleaved pairs` };
  }
  const top = String(Math.max(...r.config.concurrencies));
  return { cost: 1 - (r.http.list_limited?.[top]?.rps ?? Number.NaN) / (r.http.list?.[top]?.rps ?? Number.NaN), how: 'one run each' };
}

export interface BenchResults {
  config: BenchConfig;
  machine: MachineInfo;
  seed: { orgs: number; integrations: number; apiKeys: number; syncRuns: number; seconds: number };
  /** target → concurrency → result */
  http: Partial<Record<HttpTarget, Record<string, HttpMeasurement>>>;
  /** The rate limiter's cost, off and on in turns. */
  limiterPairs?: LimiterPair[];
  /** engine and bare: the runs of the pair whose ratio is the median; pairs: every interleaved pair (absent before 2026-12-06's second run). */
  sync: { engine: SyncStats; bare: SyncStats; ratio: number; pairs?: { engine: SyncStats; bare: SyncStats }[] };
  crypto: CryptoStats;
  memory: MemoryStats;
  fakeProvider: { ok: number; refused: number };
  /** Issue 13's scenario (measure-scheduling.ts): sweep at scale, connect → first sync, revoke → 401, Temporal counts. */
  scheduling?: SchedulingStats;
  /** Issue 26's health pass at scale (measure-health.ts). */
  health?: HealthStats;
  /** Issue 26's org-wide list at scale (measure-org-list.ts). */
  orgList?: OrgListStats;
  /** Issue 28's live events: latency and 1,000 open streams (measure-events.ts). */
  events?: EventStats;
  /** Issue 28's inbound provider webhooks: a signed close → the finding resolved (measure-inbound.ts). */
  inbound?: InboundStats;
  targets: TargetCheck[];
  totalSeconds: number;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/**
 * RSS growth over the soak read through GC's sawtooth: the median of the last third of the samples against the median
 * of the first third. Reported next to the target's first → last sample (which stays the target's measure), because
 * one sample can fall on a high or a low of the sawtooth (BENCHMARKS.md, analysis).
 */
export function thirdsGrowth(samples: MemorySample[], key: 'apiMiB' | 'workerMiB'): number {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = median(samples.slice(0, third).map((s) => s[key]));
  return (median(samples.slice(-third).map((s) => s[key])) - first) / first;
}

export function checkTargets(r: Omit<BenchResults, 'targets' | 'totalSeconds'>): TargetCheck[] {
  const rps = (t: HttpTarget, c: number) => r.http[t]?.[String(c)]?.rps ?? Number.NaN;
  const top = Math.max(...r.config.concurrencies);
  const listRatio = rps('list', top) / rps('ceiling_select', top);
  const connectRatio = rps('connect', top) / rps('ceiling_upsert', top);
  const p99 = r.http.list?.['16']?.p99Ms ?? Number.NaN;
  // The rate limiter on (RATE_LIMIT_PER_MINUTE far above the load) against off (0): its cost on list throughput.
  const limiter = limiterCost(r);
  const growth = (a: number, b: number) => (b - a) / a;
  const apiGrowth = growth(r.memory.before.apiMiB, r.memory.after.apiMiB);
  const workerGrowth = growth(r.memory.before.workerMiB, r.memory.after.workerMiB);
  const rssMeasured = (g: number, key: 'apiMiB' | 'workerMiB') => `${(g * 100).toFixed(1)} % (medians of first and last thirds: ${(thirdsGrowth(r.memory.samples, key) * 100).toFixed(1)} %)`;
  return [
    // Issue 13's targets.
    { name: `list throughput vs ceiling (b), c=${top}`, goal: '≥ 80 %', measured: pct(listRatio), pass: listRatio >= 0.8 },
    { name: 'list p99 latency, c=16', goal: '< 20 ms', measured: `${p99.toFixed(1)} ms`, pass: p99 < 20 },
    { name: `rate limiter cost on list throughput (on, not reached, vs off), c=${top}`, goal: '< 5 %', measured: `${(limiter.cost * 100).toFixed(1)} % (${limiter.how})`, pass: limiter.cost < 0.05 },
    { name: `connect throughput vs ceiling (c), c=${top}`, goal: '≥ 70 %', measured: pct(connectRatio), pass: connectRatio >= 0.7 },
    { name: 'sync end-to-end vs bare Temporal (syncs/s)', goal: '≥ 80 %', measured: pct(r.sync.ratio), pass: r.sync.ratio >= 0.8 },
    ...schedulingTargets(r.scheduling),
    ...issue26Targets(r.health, r.orgList),
    ...issue28Targets(r.events, r.inbound),
    { name: 'API RSS growth over the soak (first → last sample)', goal: '≤ 10 %', measured: rssMeasured(apiGrowth, 'apiMiB'), pass: apiGrowth <= 0.1 },
    { name: 'worker RSS growth over the soak (first → last sample)', goal: '≤ 10 %', measured: rssMeasured(workerGrowth, 'workerMiB'), pass: workerGrowth <= 0.1 },
  ];
}

/** Issue 28's live-event targets; a run without the scenario reports them as not measured. */
function issue28Targets(e: EventStats | undefined, inbound: InboundStats | undefined): TargetCheck[] {
  const closed = 'tracker issue closed (signed GitHub webhook) → finding resolved here, p50';
  const closedCheck: TargetCheck = inbound
    ? { name: closed, goal: '≤ 5 s', measured: `${(inbound.resolvedP50Ms / 1000).toFixed(2)} s; p99 ${(inbound.resolvedP99Ms / 1000).toFixed(2)} s; answered p99 ${inbound.answerP99Ms.toFixed(0)} ms (n=${inbound.samples})`, pass: inbound.resolvedP50Ms <= 5000 }
    : { name: closed, goal: '≤ 5 s', measured: 'not measured', pass: false };
  const latency = 'integration row change → event at a subscribed client, p99 (through the API / straight in Postgres)';
  const streams = '1,000 open event streams on one API process: RSS growth; list throughput with them vs without';
  if (!e) return [...[latency, streams].map((name) => ({ name, goal: name === latency ? '≤ 1 s' : '≤ 100 MiB; ≥ 90 %', measured: 'not measured', pass: false })), closedCheck];
  const worst = Math.max(e.viaApi.p99Ms, e.viaSql.p99Ms);
  const growth = e.rssWithStreamsMiB - e.rssBeforeMiB;
  return [
    {
      name: latency,
      goal: '≤ 1 s',
      measured: `${e.viaApi.p99Ms.toFixed(0)} ms / ${e.viaSql.p99Ms.toFixed(0)} ms (p50 ${e.viaApi.p50Ms.toFixed(0)} / ${e.viaSql.p50Ms.toFixed(0)} ms, n=${e.samples})`,
      pass: worst <= 1000,
    },
    {
      name: streams.replace('1,000', e.streams.toLocaleString('en-US')),
      goal: '≤ 100 MiB; ≥ 90 %',
      measured: `${growth.toFixed(1)} MiB (${e.rssBeforeMiB} → ${e.rssWithStreamsMiB}); ${pct(e.listRatio)} (median of ${e.listPairs.length} interleaved pairs, c=${e.connections})`,
      pass: growth <= 100 && e.listRatio >= 0.9 && e.streams >= 1000,
    },
    closedCheck,
  ];
}

/** Issue 13's scheduling targets; a run without the scenario (BENCH_ONLY) reports them as not measured. */
function schedulingTargets(s: SchedulingStats | undefined): TargetCheck[] {
  const missing = (name: string, goal: string): TargetCheck => ({ name, goal, measured: 'not measured', pass: false });
  const firstSync = 'connect → first sync started, idle system, p50';
  const sweep = 'sweep per batch of 500: claim p99 (100,000 integrations, interval 1 h)';
  const temporal = 'Temporal Schedules / housekeeping executions per hour';
  const revoke = 'revoke → 401 in every other API process';
  if (!s) return [missing(firstSync, '≤ 1 s'), missing(sweep, '< 1 s'), missing(temporal, 'a constant handful'), missing(revoke, '< 1 s')];
  // Issue 26: the connect wakes the sweeper (NOTIFY → the worker's LISTEN → a signal), whatever the sweep interval.
  const firstSyncGoal = 1000;
  const perHour = s.temporal.taskQueues * Math.max(1, Math.ceil(3600 / ((s.temporal.sweepsPerRun * s.connectToFirstSync.sweepIntervalMs) / 1000)));
  return [
    {
      name: firstSync,
      goal: `≤ ${(firstSyncGoal / 1000).toFixed(0)} s`,
      measured: `${(s.connectToFirstSync.p50Ms / 1000).toFixed(2)} s; p99 ${(s.connectToFirstSync.p99Ms / 1000).toFixed(2)} s (n=${s.connectToFirstSync.n})`,
      pass: s.connectToFirstSync.p50Ms <= firstSyncGoal,
    },
    {
      name: sweep.replace('100,000', s.integrations.toLocaleString('en-US')),
      goal: '< 1 s; Postgres CPU reported',
      measured: `${s.sweep.claimP99Ms.toFixed(1)} ms; Postgres ${s.sweep.pgCpuMsPerSweep === null ? 'n/a' : `${s.sweep.pgCpuMsPerSweep.toFixed(1)} ms CPU`} per sweep; with 500 unthrottled starts ${(s.sweep.p99Ms / 1000).toFixed(1)} s (${s.sweep.startsPerSec.toFixed(0)} starts/s)`,
      pass: s.sweep.claimP99Ms < 1000 && s.integrations >= 100_000,
    },
    {
      name: temporal,
      goal: 'a constant handful',
      measured: `${s.temporal.schedules} Schedules; ${perHour} per hour (${s.temporal.taskQueues} task queues, ${s.temporal.housekeepingExecutions} executions seen)`,
      pass: s.temporal.schedules === 0 && perHour <= 5,
    },
    { name: revoke, goal: '< 1 s', measured: `max ${s.revokeTo401.maxMs} ms (${s.revokeTo401.n} keys × ${s.revokeTo401.processes} processes)`, pass: s.revokeTo401.maxMs < 1000 },
  ];
}

/** Issue 26's health-pass and org-list targets; a run without their scenarios (BENCH_ONLY) reports them as not measured. */
function issue26Targets(h: HealthStats | undefined, o: OrgListStats | undefined): TargetCheck[] {
  const healthName = 'health pass per batch of 500: claim p99 (100,000 integrations, 1 % due)';
  const orgName = 'org-wide list p99, limit 50, c=16 (10,000 integrations in one org), first page / cursor page';
  const out: TargetCheck[] = [];
  if (!h) out.push({ name: healthName, goal: '< 1 s; Postgres CPU reported', measured: 'not measured', pass: false });
  else {
    out.push({
      name: healthName.replace('100,000', h.integrations.toLocaleString('en-US')),
      goal: '< 1 s; Postgres CPU reported',
      measured: `${h.claimP99Ms.toFixed(1)} ms; Postgres ${h.pgCpuMsPerPass === null ? 'n/a' : `${h.pgCpuMsPerPass.toFixed(0)} ms CPU`} per pass of ${h.due} (claims + verdicts); claim reads ${h.explain.rowsExamined} rows`,
      pass: h.claimP99Ms < 1000 && h.integrations >= 100_000,
    });
  }
  const at16 = (runs: OrgListStats['firstPage']) => runs.find((x) => x.c === 16);
  const first = o ? at16(o.firstPage) : undefined;
  const cursor = o ? at16(o.cursorPage) : undefined;
  if (!o || !first || !cursor) out.push({ name: orgName, goal: '< 50 ms', measured: 'not measured', pass: false });
  else {
    const clean = [first, cursor].every((x) => x.non2xx + x.errors === 0);
    out.push({
      name: orgName.replace('10,000', o.integrations.toLocaleString('en-US')),
      goal: '< 50 ms',
      measured: `${first.p99Ms.toFixed(1)} ms / ${cursor.p99Ms.toFixed(1)} ms${clean ? '' : ' (with non-2xx answers)'}`,
      pass: first.p99Ms < 50 && cursor.p99Ms < 50 && clean && o.integrations >= 10_000,
    });
  }
  return out;
}
