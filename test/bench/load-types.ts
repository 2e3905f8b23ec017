/** What run.ts hands the load process (as a JSON file) and what it gets back. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: string;
}

export interface DurationSpec {
  mode: 'duration';
  url: string;
  connections: number;
  warmupSec: number;
  durationSec: number;
  requests: LoadRequest[];
}

/** Each request exactly once, `connections` at a time, with its own send time: the sync-engine measurement. */
export interface ListSpec {
  mode: 'list';
  url: string;
  connections: number;
  requests: LoadRequest[];
}

export type LoadSpec = DurationSpec | ListSpec;

export interface DurationResult {
  /** 2xx responses per second over the measured window. */
  rps: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  durationSec: number;
  statusCounts: Record<string, number>;
  /** 2xx responses in each second of the measured window: shows throughput that decays while it runs. */
  perSecond: number[];
}

export interface ListResult {
  /** Epoch milliseconds at which each request was sent, and its status (0 = transport error). */
  sentAt: number[];
  status: number[];
  latencyMs: number[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}
