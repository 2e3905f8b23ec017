import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_DEFINITIONS, PROVIDERS } from '../../activities/providers/catalog.js';
import { credentialKeys, credentialProblems } from '../../activities/providers/definition.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('the provider definitions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('match every SQL check constraint on a provider column of the migrated schema', async () => {
    const rows = await db.sql<{ table: string; def: string }[]>`
      select conrelid::regclass::text as table, pg_get_constraintdef(oid) as def
      from pg_constraint
      where contype = 'c' and pg_get_constraintdef(oid) like '%provider%'`;
    expect(rows.map((r) => r.table).sort()).toEqual(['audit_integrations', 'connect_sessions', 'metrics']);
    for (const row of rows) {
      const listed = [...row.def.matchAll(/'([a-z0-9_]+)'::text/g)].map((m) => m[1]);
      expect({ table: row.table, providers: listed.sort() }).toEqual({ table: row.table, providers: [...PROVIDERS].sort() });
    }
  });

  it('have unique ids, a described credential schema and an adapter each', () => {
    expect(new Set(PROVIDERS).size).toBe(PROVIDER_DEFINITIONS.length);
    const registry = createProviderRegistry();
    for (const def of PROVIDER_DEFINITIONS) {
      const keys = credentialKeys(def);
      expect(keys.length, def.id).toBeGreaterThan(0);
      for (const key of keys) expect(key.description.length, `${def.id}.${key.key}`).toBeGreaterThan(0);
      expect(keys.some((k) => k.secret && !k.managed), `${def.id} has a secret`).toBe(true);
      expect(registry.get(def.id)?.provider).toBe(def.id);
      if ('oauth' in def && def.oauth) {
        for (const field of def.oauth.fields) expect(keys.find((k) => k.key === field)?.secret, `${def.id} OAuth field ${field} is not secret`).toBe(false);
      }
    }
  });

  it('check credentials strictly per key without quoting a value', () => {
    const github = PROVIDER_DEFINITIONS.find((d) => d.id === 'github')!;
    expect(credentialProblems(github, { token: 'ghp_x', repository: 'acme/web' }, { strict: true })).toEqual([]);
    expect(credentialProblems(github, { repository: 'not a repo ghp_secret', credential: 'x' }, { strict: true })).toEqual([
      { key: 'token', message: 'is required' },
      { key: 'repository', message: 'must look like owner/name' },
      { key: 'credential', message: 'is not a GitHub credential key' },
    ]);
    expect(credentialProblems(github, { token: 'ghp_x', repository: 'acme/web', 'ghp_pasted secret value': 'x' }, { strict: true })).toEqual([
      { key: 'credentials', message: 'holds a key that is not a credential key' },
    ]);
    // Non-strict (what a sync uses): unknown keys are ignored.
    expect(credentialProblems(github, { token: 'ghp_x', repository: 'acme/web', extra: 1 }, { strict: false })).toEqual([]);
    const ga4 = PROVIDER_DEFINITIONS.find((d) => d.id === 'ga4')!;
    expect(credentialProblems(ga4, { property_id: '123' }, { strict: true })).toEqual([
      { key: 'credentials', message: 'Enter an access token, or a refresh token (with its client ID and client secret unless this server has a Google OAuth app).' },
    ]);
    expect(credentialProblems(ga4, { property_id: '123', auth_code: '4/0code', code_verifier: 'v' }, { strict: true })).toEqual([]);
  });
});
