import { z } from 'zod';
import type { HousekeepingSettings } from '../workflows/ids.js';

/**
 * Env fragments for syncs, shared by the API and worker config schemas (both start sync workflows, so both pass the
 * same bounds in the workflow input); the scheduling ones (sweepEnv) are the worker's.
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `6h`, `45s`, `1d`, `500ms`, or a bare number of milliseconds. */
export function parseDuration(value: string): number | undefined {
  const m = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2] ?? 'ms']!;
}

export function duration(fallback: string, minMs: number) {
  return z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined || ms < minMs) {
        ctx.addIssue({ code: 'custom', message: `must be a duration like 30m, 6h or a number of milliseconds (at least ${minMs} ms)` });
        return z.NEVER;
      }
      return ms;
    });
}


/** Rows one sweep query claims. */
export const SWEEP_BATCH_SIZE = 500;

/** Integrations one health pass checks at most, and of one org; a pass runs every HEALTH_PASS_EVERY_MS. */
export const HEALTH_BATCH_SIZE = 200;
export const HEALTH_PER_ORG = 20;
export const HEALTH_PASS_EVERY_MS = 30_000;

export function housekeepingSettingsFrom(cfg: {
  SYNC_SWEEP_INTERVAL: number;
  SYNC_START_RATE: number;
  RECONCILE_INTERVAL: number;
  RECONCILE_GRACE_MS: number;
  CREDENTIALS_REFRESH_AHEAD: number;
  HEALTH_CHECK_INTERVAL: number;
}): HousekeepingSettings {
  return {
    sweepIntervalMs: cfg.SYNC_SWEEP_INTERVAL,
    sweep: { batchSize: SWEEP_BATCH_SIZE, startRatePerSecond: cfg.SYNC_START_RATE },
    reconcileIntervalMs: cfg.RECONCILE_INTERVAL,
    reconcileGraceMs: cfg.RECONCILE_GRACE_MS,
    health: {
      everyMs: HEALTH_PASS_EVERY_MS,
      batchSize: HEALTH_BATCH_SIZE,
      perOrg: HEALTH_PER_ORG,
      checkIntervalMs: cfg.HEALTH_CHECK_INTERVAL,
      refreshAheadMs: cfg.CREDENTIALS_REFRESH_AHEAD,
    },
  };
}

export interface SyncRetryConfig {
  maximumAttempts: number;
  maximumDurationMs: number;
  heartbeatTimeoutMs: number;
}

export function syncRetryFrom(cfg: { SYNC_MAX_ATTEMPTS: number; SYNC_MAX_DURATION_MS: number; SYNC_HEARTBEAT_TIMEOUT_MS: number }): SyncRetryConfig {
  return { maximumAttempts: cfg.SYNC_MAX_ATTEMPTS, maximumDurationMs: cfg.SYNC_MAX_DURATION_MS, heartbeatTimeoutMs: cfg.SYNC_HEARTBEAT_TIMEOUT_MS };
}
