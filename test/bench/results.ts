import type { BenchConfig } from './config.js';
import type { DurationResult } from './load-types.js';
import type { MachineInfo } from './machine.js';
import type { CryptoStats } from './measure-crypto.js';
import type { SyncStats } from './measure-sync.js';

export const HTTP_TARGETS = ['list', 'connect', 'sync_start', 'ceiling_const', 'ceiling_select', 'ceiling_upsert'] as const;
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

export interface BenchResults {
  config: BenchConfig;
  machine: MachineInfo;
  seed: { orgs: number; integrations: number; apiKeys: number; syncRuns: number; seconds: number };
  /** target → concurrency → result */
  http: Partial<Record<HttpTarget, Record<string, HttpMeasurement>>>;
  sync: { engine: SyncStats; bare: SyncStats; ratio: number };
  crypto: CryptoStats;
  memory: MemoryStats;
  fakeProvider: { ok: number; refused: number };
  targets: TargetCheck[];
  totalSeconds: number;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

export function checkTargets(r: Omit<BenchResults, 'targets' | 'totalSeconds'>): TargetCheck[] {
  const rps = (t: HttpTarget, c: number) => r.http[t]?.[String(c)]?.rps ?? Number.NaN;
  const top = Math.max(...r.config.concurrencies);
  const listRatio = rps('list', top) / rps('ceiling_select', top);
  const connectRatio = rps('connect', top) / rps('ceiling_upsert', top);
  const p99 = r.http.list?.['16']?.p99Ms ?? Number.NaN;
  const growth = (a: number, b: number) => (b - a) / a;
  const apiGrowth = growth(r.memory.before.apiMiB, r.memory.after.apiMiB);
  const workerGrowth = growth(r.memory.before.workerMiB, r.memory.after.workerMiB);
  return [
    { name: `list throughput vs ceiling (b), c=${top}`, goal: '≥ 70 %', measured: pct(listRatio), pass: listRatio >= 0.7 },
    { name: 'list p99 latency, c=16', goal: '< 25 ms', measured: `${p99.toFixed(1)} ms`, pass: p99 < 25 },
    { name: `connect throughput vs ceiling (c), c=${top}`, goal: '≥ 60 %', measured: pct(connectRatio), pass: connectRatio >= 0.6 },
    { name: 'sync end-to-end vs bare Temporal (syncs/s)', goal: '≥ 70 %', measured: pct(r.sync.ratio), pass: r.sync.ratio >= 0.7 },
    { name: 'API RSS growth over the soak', goal: '≤ 10 %', measured: `${(apiGrowth * 100).toFixed(1)} %`, pass: apiGrowth <= 0.1 },
    { name: 'worker RSS growth over the soak', goal: '≤ 10 %', measured: `${(workerGrowth * 100).toFixed(1)} %`, pass: workerGrowth <= 0.1 },
  ];
}
