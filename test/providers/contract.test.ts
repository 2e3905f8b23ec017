import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVIDER_DEFINITIONS, type Provider } from '../../activities/providers/catalog.js';
import { credentialKeys } from '../../activities/providers/definition.js';
import { PROBES } from '../../activities/providers/probes.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import { PROVIDERS as DASHBOARD_FORMS } from '../../api/dashboard/src/providers.js';

const here = (path: string) => new URL(path, import.meta.url);
/**
 * The fake of each provider in test/fakes/ (a Record, so a new provider does not compile without one). Google's two
 * products share one fake server, as they share one OAuth app.
 */
const FAKE_OF: Record<Provider, string> = {
  ga4: 'google',
  gsc: 'google',
  sentry: 'sentry',
  github: 'github',
  gitlab: 'gitlab',
  jira: 'jira',
  linear: 'linear',
  cloudflare: 'cloudflare',
};

/** Walks the catalog: a provider missing any of its pieces fails here (docs/providers.md "Adding a ninth provider"). */
describe('every provider in the catalog', () => {
  const readme = readFileSync(here('../../docs/providers.md'), 'utf8');
  const verifyTest = readFileSync(here('./verify.test.ts'), 'utf8');
  const oauthFlows = readFileSync(here('../dashboard/oauth-providers.test.ts'), 'utf8');
  const registry = createProviderRegistry();

  it.each(PROVIDER_DEFINITIONS.map((d) => [d.id, d] as const))('%s has a definition, an adapter, a probe, a fake, tests and a dashboard form', async (id, def) => {
    expect(credentialKeys(def).length).toBeGreaterThan(0);
    expect(registry.get(id)?.provider).toBe(id);
    expect(PROBES[id]).toBeDefined();
    const fake = (await import(`../fakes/${FAKE_OF[id]}.ts`)) as Record<string, unknown>;
    expect(Object.entries(fake).some(([name, value]) => name.startsWith('start') && typeof value === 'function'), `test/fakes/${FAKE_OF[id]}.ts exports a start function`).toBe(true);
    expect(existsSync(here(`./${id}.test.ts`)), `test/providers/${id}.test.ts`).toBe(true);
    expect(verifyTest, 'a case in verify.test.ts').toMatch(new RegExp(`\\n\\s+${id}: \\{ good:`));
    if ('oauth' in def && def.oauth) expect(oauthFlows, 'a row in test/dashboard/oauth-providers.test.ts').toContain(`provider: '${id}'`);
    const form = DASHBOARD_FORMS.find((f) => f.id === id);
    expect(form?.fields.map((f) => f.key)).toEqual(credentialKeys(def).filter((k) => !k.managed).map((k) => k.key));
  });

  it.each(PROVIDER_DEFINITIONS.map((d) => [d.id, d] as const))('%s has a README row naming exactly its keys', (id, def) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| ${id} | `));
    expect(row, `README provider row for ${id}`).toBeDefined();
    const column = row!.split(' | ')[1]!;
    const named = new Set([...column.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!));
    const keys = credentialKeys(def);
    for (const key of keys.filter((k) => !k.managed)) expect(named.has(key.key), `${id}: README names ${key.key}`).toBe(true);
    for (const name of named) expect(keys.some((k) => k.key === name), `${id}: ${name} is a credential key`).toBe(true);
  });
});
