import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV, envSchema, renderEnvTable } from '../../db/env.js';
import { loadConfig } from '../../db/config.js';

describe('the env module', () => {
  it('is what the configuration table of docs/configuration.md lists, row for row', () => {
    const readme = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const start = readme.indexOf('| variable | default | read by | meaning |');
    expect(start, 'README has the configuration table').toBeGreaterThan(-1);
    const table = readme.slice(start, readme.indexOf('\n\n', start));
    // On failure: paste renderEnvTable() (db/env.ts) into docs/configuration.md.
    expect(table).toBe(renderEnvTable());
  });

  it('gives each process only its variables, with their defaults, and names a bad one without its value', () => {
    expect(Object.keys(envSchema('migrate').shape)).toEqual(['DATABASE_URL']);
    expect(Object.keys(envSchema('api').shape)).toContain('PROVIDER_EGRESS_ALLOW');
    expect(Object.keys(envSchema('api').shape)).not.toContain('SYNC_SWEEP_INTERVAL');
    for (const [name, def] of Object.entries(ENV)) expect(def.readBy.length, name).toBeGreaterThan(0);
    const worker = envSchema('worker').pick({ PROVIDER_MAX_PAGES: true, SYNC_INTERVAL: true, PROVIDER_EGRESS_ALLOW: true });
    expect(loadConfig(worker, {})).toMatchObject({ PROVIDER_MAX_PAGES: 1000, SYNC_INTERVAL: 21_600_000 });
    expect(() => loadConfig(worker, { PROVIDER_MAX_PAGES: 'lots-of-secret' })).toThrow(/PROVIDER_MAX_PAGES/);
    expect(() => loadConfig(worker, { PROVIDER_MAX_PAGES: 'lots-of-secret' })).not.toThrow(/lots-of-secret/);
  });
});
