import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGscAdapter } from '../../activities/providers/gsc/adapter.js';
import { baseUrlOf, httpLinkOf, joinUrl } from '../../activities/providers/options.js';
import type { ProviderAdapter } from '../../activities/providers/types.js';
import { createCredentialsStore } from '../../activities/stores/credentials-store.js';
import { createCredentialCipher } from '../../db/crypto.js';
import { upsertIntegration } from '../../db/integrations.js';
import { isTransientDbError } from '../../db/sync-runs.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { randomKey } from '../helpers/stack.js';
import { byKey, startDataStack, type DataStack } from './data-stack.js';

describe('base_url and stored links', () => {
  const refused = (base_url: string) => {
    try {
      baseUrlOf({ base_url }, undefined, 'GitLab');
    } catch (err) {
      return err as ApplicationFailure;
    }
    throw new Error(`${base_url} was accepted`);
  };

  it('parses base_url as a URL and refuses a fragment, a query, userinfo and other schemes', () => {
    for (const bad of ['https://gitlab.example.com/#', 'https://gitlab.example.com/x#y', 'https://gitlab.example.com/?a=1', 'https://user:pw@gitlab.example.com', 'ftp://gitlab.example.com', 'not a url']) {
      expect(refused(bad)).toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
    }
    expect(baseUrlOf({ base_url: 'https://gitlab.example.com/gitlab///' }, undefined, 'GitLab').href).toBe('https://gitlab.example.com/gitlab');
    expect(baseUrlOf({}, 'https://api.github.com', 'GitHub').href).toBe('https://api.github.com/');
  });

  it('joins paths with the URL API: nothing in a part escapes into the query or a fragment', () => {
    const base = baseUrlOf({ base_url: 'https://jira.example.com/jira' }, undefined, 'Jira');
    expect(joinUrl(base, '/rest/api/3/issue/A#B?x').href).toBe('https://jira.example.com/jira/rest/api/3/issue/A%23B?x');
    expect(joinUrl(base, `/browse/${encodeURIComponent('KEY-1#frag')}`).href).toBe('https://jira.example.com/jira/browse/KEY-1%23frag');
    expect(joinUrl(base, '/search?jql=a%20b').search).toBe('?jql=a%20b');
  });

  it('keeps provider links only when they are http(s)', () => {
    expect(httpLinkOf('https://github.com/acme/web/issues/1')).toBe('https://github.com/acme/web/issues/1');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '', 42, null]) expect(httpLinkOf(bad)).toBeUndefined();
  });
});

describe('token saves are a compare-and-swap on the stored ciphertext', () => {
  let db: TestDatabase;
  beforeAll(async () => void (db = await createTestDatabase()));
  afterAll(async () => void (await db?.drop()));

  it('saves over the credentials the attempt started from, and never over a reconnect that landed meanwhile', async () => {
    const cipher = createCredentialCipher([randomKey()]);
    const key = { orgId: randomUUID(), projectId: 'p-cas', provider: 'sentry' as const };
    const original = cipher.encrypt({ token: 'old', refresh_token: 'r-old' }, key);
    const row = await upsertIntegration(db.sql, key, original);
    const store = createCredentialsStore(db.sql, cipher, { id: row.id, scope: key, ciphertext: original });
    const stored = async () => cipher.decrypt((await db.sql<{ credentials: string }[]>`select credentials from audit_integrations where id = ${row.id}`)[0]!.credentials, key);

    await store.save({ token: 't1', refresh_token: 'r1' });
    await store.save({ token: 't2', refresh_token: 'r2' });
    expect(await stored()).toEqual({ token: 't2', refresh_token: 'r2' });

    // The user reconnects during the sync: the sync's next refresh must not put its tokens back.
    await upsertIntegration(db.sql, key, cipher.encrypt({ token: 'fresh-from-reconnect' }, key));
    const err = await store.save({ token: 't3', refresh_token: 'r3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(await stored()).toEqual({ token: 'fresh-from-reconnect' });
  });
});

describe('the final bookkeeping write cannot wedge', () => {
  let stack: DataStack;
  let google: FakeGoogle;
  const ACCESS = 'ya29.bounds-test-access-token';
  // A result Postgres refuses (integer out of range, 22003) — like any data the database cannot store.
  const unstorable: ProviderAdapter = { provider: 'github', sync: () => Promise.resolve({ pushed: 2 ** 40, pulled: 0, updated: 0 }) };

  beforeAll(async () => {
    google = await startFakeGoogle({ accessToken: ACCESS });
    stack = await startDataStack([unstorable, createGscAdapter({ pageSize: 2, timeoutMs: 1000 })], { limits: { maxPages: 2, maxRows: 1_000_000 } });
  });
  afterAll(async () => {
    await stack?.close();
    await google?.close();
  });

  it('classifies database errors: only connection-level ones are retried', () => {
    for (const code of ['08006', '53300', '57P01', '40001', '55P03', 'ECONNRESET', 'CONNECTION_CLOSED']) expect(isTransientDbError({ code })).toBe(true);
    for (const code of ['22003', '22021', '22P05', '23505', '42703']) expect(isTransientDbError({ code })).toBe(false);
  });

  it('records a result the database refuses as a failed run with a generic message; the row leaves syncing', async () => {
    await stack.connect('unstorable', 'github', { anything: 'x' });
    const { status, run } = await stack.sync('unstorable', 'github');
    expect(status).toBe('error');
    expect(run).toMatchObject({ outcome: 'failed', error_code: 'SyncResultUnrecordable', error_message: 'the sync ended but its result could not be stored; marked failed' });
  });

  it('stops a listing at PROVIDER_MAX_PAGES and says so on the sync run, keeping what it did not reach', async () => {
    const site = 'https://capped.example.com/';
    const data = Array.from({ length: 7 }, (_, i) => ({ page: `${site}p${i}`, clicks: i, impressions: 10 + i, ctr: 0.1, position: 2 }));
    google.gsc.set(site, data);
    await stack.connect('capped', 'gsc', { site_url: site, access_token: ACCESS, base_url: google.url });
    const { status, run } = await stack.sync('capped', 'gsc');
    expect(status).toBe('connected');
    expect(run).toMatchObject({ outcome: 'succeeded', items_pulled: 16, warnings: ['Search Console: stopped after 2 pages (PROVIDER_MAX_PAGES); the rest was not read'] });
    expect(Object.keys(byKey(await stack.metrics('capped', 'provider=gsc')))).toHaveLength(16);
  });
});
