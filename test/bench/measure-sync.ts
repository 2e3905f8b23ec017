import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Sql } from '../../db/sql.js';
import { percentile, type ListResult, type LoadRequest } from './load-types.js';
import { median } from './results.js';
import { BENCH_DIR, cpuMeter, runLoad, runToExit, settle, startRole } from './stack.js';

export interface SyncStats {
  count: number;
  succeeded: number;
  failed: number;
  /** First request sent → last sync finished. */
  wallSec: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Sync-start answers other than 202 (each is a sync that never ran). */
  rejected: number;
  /** Cores each process used while the syncs ran. */
  cpu?: Record<string, number>;
}

function stats(sentAt: number[], doneAt: (number | undefined)[], rejected: number, failed: number): SyncStats {
  const lat = doneAt.flatMap((d, i) => (d === undefined ? [] : [d - sentAt[i]!])).sort((a, b) => a - b);
  const first = Math.min(...sentAt);
  const last = Math.max(...doneAt.filter((d): d is number => d !== undefined));
  const wallSec = (last - first) / 1000;
  return { count: sentAt.length, succeeded: lat.length - failed, failed, wallSec, perSec: lat.length / wallSec, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99), rejected };
}

/**
 * 500 (or BENCH_QUICK's 50) sync requests through the API, `concurrency` at a time from the load process; done when
 * every row is back to `connected` (or `error`). Per integration: request sent → its sync run's finished_at.
 */
export async function measureSyncEngine(
  sql: Sql,
  opts: { apiUrl: string; requests: LoadRequest[]; integrationIds: string[]; concurrency: number; timeoutMs: number; pids: Record<string, number | undefined> },
): Promise<SyncStats> {
  const ids = opts.integrationIds;
  const stopMeter = cpuMeter(opts.pids);
  const t0 = new Date(Date.now() - 1);
  let sent: ListResult | undefined;
  let loadError: unknown;
  const load = runLoad({ mode: 'list', url: opts.apiUrl, connections: opts.concurrency, requests: opts.requests }).then(
    (r) => void (sent = r),
    (err: unknown) => void (loadError = err),
  );
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (loadError) throw loadError;
    const [row] = await sql<{ done: number }[]>`
      select count(*)::int as done from audit_integrations
      where id = any(${ids}::uuid[]) and updated_at >= ${t0} and status in ('connected', 'error')
    `;
    // A refused start leaves its row untouched: wait only for the syncs that were accepted.
    const expected = sent ? sent.status.filter((s) => s === 202).length : ids.length;
    if (sent && row!.done >= expected) break;
    if (Date.now() > deadline) throw new Error(`sync engine: only ${row!.done}/${expected} syncs finished in ${opts.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await load;
  const accepted = sent!;
  const runs = await sql<{ integration_id: string; finished_at: Date | null; outcome: string }[]>`
    select distinct on (integration_id) integration_id, finished_at, outcome from sync_runs
    where integration_id = any(${ids}::uuid[]) and started_at >= ${t0}
    order by integration_id, started_at desc
  `;
  const byId = new Map(runs.map((r) => [r.integration_id, r]));
  const doneAt = ids.map((id) => byId.get(id)?.finished_at?.getTime());
  const failed = runs.filter((r) => r.outcome !== 'succeeded').length;
  return { ...stats(accepted.sentAt, doneAt, accepted.status.filter((s) => s !== 202).length, failed), cpu: await stopMeter() };
}

/** The ceiling: the same count of bare workflows (three no-op activities) on a bare worker with the same settings. */
export async function measureBareTemporal(opts: { env: Record<string, string>; count: number; concurrency: number; temporalPid: number | undefined }): Promise<SyncStats> {
  const worker = await startRole('bare-worker', 'test/bench/bare-temporal.ts', ['worker'], opts.env);
  try {
    const resultPath = path.join(BENCH_DIR, 'bare-result.json');
    await runToExit(await startRole('bare-warmup', 'test/bench/bare-temporal.ts', ['start', '10', '10', resultPath], opts.env));
    const starter = await startRole('bare-starter', 'test/bench/bare-temporal.ts', ['start', String(opts.count), String(opts.concurrency), resultPath], opts.env);
    const stopMeter = cpuMeter({ worker: worker.child.pid, temporal: opts.temporalPid });
    await runToExit(starter);
    const cpu = await stopMeter();
    const { sentAt, doneAt } = JSON.parse(await readFile(resultPath, 'utf8')) as { sentAt: number[]; doneAt: number[] };
    return { ...stats(sentAt, doneAt, 0, 0), cpu };
  } finally {
    await worker.stop();
  }
}

export interface SyncPair {
  engine: SyncStats;
  bare: SyncStats;
}

/**
 * The sync engine against its ceiling, drift cancelled: real and bare syncs take turns (real/bare, then bare/real, …),
 * each pair on its own integrations (a second sync of the same rows would do different provider work), with Temporal
 * and the worker idle before each run. The ratio is the median of the pairs'; engine and bare are that pair's runs.
 */
export async function measureSyncPairs(
  sql: Sql,
  opts: {
    apiUrl: string;
    sets: { requests: LoadRequest[]; integrationIds: string[] }[];
    concurrency: number;
    pids: { api: number | undefined; worker: number | undefined; temporal: number | undefined };
    bareEnv: Record<string, string>;
    log: (line: string) => void;
  },
): Promise<SyncPair & { ratio: number; pairs: SyncPair[] }> {
  const pairs: SyncPair[] = [];
  for (const [k, set] of opts.sets.entries()) {
    const runEngine = () => measureSyncEngine(sql, { apiUrl: opts.apiUrl, ...set, concurrency: opts.concurrency, timeoutMs: 600_000, pids: opts.pids });
    const runBare = () => measureBareTemporal({ env: opts.bareEnv, count: set.integrationIds.length, concurrency: opts.concurrency, temporalPid: opts.pids.temporal });
    const got: Partial<SyncPair> = {};
    for (const side of k % 2 === 0 ? (['engine', 'bare'] as const) : (['bare', 'engine'] as const)) {
      await settle(opts.pids);
      got[side] = side === 'engine' ? await runEngine() : await runBare();
    }
    const pair = { engine: got.engine!, bare: got.bare! };
    pairs.push(pair);
    const cores = (s: SyncStats) => JSON.stringify(s.cpu);
    opts.log(`sync pair ${k + 1}: ${pair.engine.perSec.toFixed(1)} syncs/s (p50 ${pair.engine.p50Ms.toFixed(0)} ms, ${pair.engine.failed} failed, ${pair.engine.rejected} refused; cores ${cores(pair.engine)}) vs bare ${pair.bare.perSec.toFixed(1)} workflows/s (cores ${cores(pair.bare)}): ${((pair.engine.perSec / pair.bare.perSec) * 100).toFixed(1)} %`);
  }
  const ratioOf = (p: SyncPair) => p.engine.perSec / p.bare.perSec;
  const ratio = median(pairs.map(ratioOf));
  const middle = pairs.reduce((best, p) => (Math.abs(ratioOf(p) - ratio) < Math.abs(ratioOf(best) - ratio) ? p : best));
  return { ...middle, ratio, pairs };
}
