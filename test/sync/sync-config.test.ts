import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../db/config.js';
import { envSchema } from '../../db/env.js';
import { housekeepingSettingsFrom, parseDuration, syncRetryFrom } from '../../db/sync-config.js';

const Schema = envSchema('worker').pick({
  SYNC_MAX_ATTEMPTS: true,
  SYNC_MAX_DURATION_MS: true,
  SYNC_HEARTBEAT_TIMEOUT_MS: true,
  RECONCILE_INTERVAL: true,
  RECONCILE_GRACE_MS: true,
  SYNC_INTERVAL: true,
  SYNC_SWEEP_INTERVAL: true,
  SYNC_START_RATE: true,
  CREDENTIALS_REFRESH_AHEAD: true,
  HEALTH_CHECK_INTERVAL: true,
});

describe('sync configuration (env)', () => {
  it('defaults to 5 attempts, 15 minutes, a 1-minute heartbeat, a 6-hour interval swept every 10 s at 50 starts/s and a 1-minute reconciler', () => {
    const cfg = loadConfig(Schema, {});
    expect(syncRetryFrom(cfg)).toEqual({ maximumAttempts: 5, maximumDurationMs: 900_000, heartbeatTimeoutMs: 60_000 });
    expect(cfg.SYNC_INTERVAL).toBe(6 * 3_600_000);
    expect(cfg).toMatchObject({ RECONCILE_INTERVAL: 60_000, RECONCILE_GRACE_MS: 30_000 });
    expect(housekeepingSettingsFrom(cfg)).toEqual({
      sweepIntervalMs: 10_000,
      sweep: { batchSize: 500, startRatePerSecond: 50 },
      reconcileIntervalMs: 60_000,
      reconcileGraceMs: 30_000,
      health: { everyMs: 30_000, batchSize: 200, perOrg: 20, checkIntervalMs: 24 * 3_600_000, refreshAheadMs: 600_000 },
    });
  });

  it('reads CREDENTIALS_REFRESH_AHEAD and HEALTH_CHECK_INTERVAL as durations, the check interval at least a minute', () => {
    expect(loadConfig(Schema, { CREDENTIALS_REFRESH_AHEAD: '5m', HEALTH_CHECK_INTERVAL: '1m' })).toMatchObject({ CREDENTIALS_REFRESH_AHEAD: 300_000, HEALTH_CHECK_INTERVAL: 60_000 });
    expect(() => loadConfig(Schema, { HEALTH_CHECK_INTERVAL: '30s' })).toThrow(/HEALTH_CHECK_INTERVAL/);
    expect(() => loadConfig(Schema, { CREDENTIALS_REFRESH_AHEAD: 'soon' })).toThrow(/CREDENTIALS_REFRESH_AHEAD/);
  });

  it('refuses a sweep interval under a second and a start rate of 0', () => {
    expect(() => loadConfig(Schema, { SYNC_SWEEP_INTERVAL: '500ms' })).toThrow(/^invalid configuration: SYNC_SWEEP_INTERVAL: /);
    expect(() => loadConfig(Schema, { SYNC_START_RATE: '0' })).toThrow(/SYNC_START_RATE/);
    expect(loadConfig(Schema, { SYNC_SWEEP_INTERVAL: '30s', SYNC_START_RATE: '5' })).toMatchObject({ SYNC_SWEEP_INTERVAL: 30_000, SYNC_START_RATE: 5 });
  });

  it.each([
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['45s', 45_000],
    ['1d', 86_400_000],
    ['90000', 90_000],
    ['1500ms', 1500],
  ])('reads SYNC_INTERVAL=%s', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
    expect(loadConfig(Schema, { SYNC_INTERVAL: value }).SYNC_INTERVAL).toBe(ms);
  });

  it.each(['6 hours', 'h', '-5m', '500', '1.5h'])('refuses SYNC_INTERVAL=%s naming the variable', (value) => {
    expect(() => loadConfig(Schema, { SYNC_INTERVAL: value })).toThrow(/^invalid configuration: SYNC_INTERVAL: /);
  });

  it('refuses attempt bounds outside 1–100', () => {
    expect(() => loadConfig(Schema, { SYNC_MAX_ATTEMPTS: '0' })).toThrow(/SYNC_MAX_ATTEMPTS/);
    expect(loadConfig(Schema, { SYNC_MAX_ATTEMPTS: '3', SYNC_MAX_DURATION_MS: '60000' })).toMatchObject({ SYNC_MAX_ATTEMPTS: 3, SYNC_MAX_DURATION_MS: 60_000 });
  });
});
