/**
 * How big and how long `npm run bench` runs. BENCH_QUICK=1 is for developing the harness: short measurements and a
 * small table; its numbers mean nothing and it writes under .data/bench instead of the committed report.
 */
export interface BenchConfig {
  quick: boolean;
  /** Seconds each measurement runs after its warm-up. */
  measureSec: number;
  warmupSec: number;
  concurrencies: number[];
  orgs: number;
  syncs: number;
  /** Interleaved (real, bare) pairs of the sync-engine measurement, each on its own integrations; the ratio is their median. */
  syncPairs: number;
  /** Concurrent sync-start requests (and workflow starts, for the bare ceiling) in the sync-engine measurement. */
  syncConcurrency: number;
  soakSec: number;
  /** Mixed load before the first RSS reading: long enough for the heaps to reach their working size. */
  soakWarmupSec: number;
  soakConcurrency: number;
  cryptoSec: number;
  /** Write the API's, the worker's and the ceiling servers' --cpu-prof profiles to .data/bench/profiles. */
  profile: boolean;
  /**
   * BENCH_ONLY=list,connect,…: run only these parts (ceilings, list, list_limited, connect, sync_start, events, inbound, sync, crypto, soak, health, org_list, scheduling) and write
   * no report — for profiling one endpoint while developing.
   */
  only: ReadonlySet<string> | undefined;
}

export function benchConfig(env: Record<string, string | undefined>): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const conc = (env.BENCH_CONCURRENCY ?? '').split(',').map(Number).filter((n) => n > 0);
  return {
    quick,
    measureSec: Number(env.BENCH_SECONDS ?? (quick ? 2 : 10)),
    warmupSec: quick ? 1 : 3,
    concurrencies: conc.length > 0 ? conc : [1, 16, 64],
    orgs: Number(env.BENCH_ORGS ?? (quick ? 200 : 10_000)),
    syncs: Number(env.BENCH_SYNCS ?? (quick ? 50 : 500)),
    syncPairs: Math.max(1, Number(env.BENCH_SYNC_PAIRS ?? (quick ? 1 : 5))),
    syncConcurrency: 16,
    soakSec: Number(env.BENCH_SOAK_SECONDS ?? (quick ? 10 : 60)),
    soakWarmupSec: quick ? 5 : 90,
    soakConcurrency: 16,
    cryptoSec: quick ? 2 : 10,
    profile: env.BENCH_PROFILE === '1',
    only: env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((p) => p.trim())) : undefined,
  };
}
