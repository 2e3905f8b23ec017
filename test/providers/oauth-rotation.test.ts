import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, type OutboundClient } from '../../activities/outbound/client.js';
import { gitlab } from '../../activities/providers/gitlab/definition.js';
import { createTokenSource } from '../../activities/providers/oauth.js';
import type { ProviderSyncContext } from '../../activities/providers/types.js';
import { createProviderStores, type ProviderStores } from '../../activities/stores/index.js';
import { createCredentialCipher } from '../../db/crypto.js';
import { upsertIntegration } from '../../db/integrations.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fakes/oauth-endpoint.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { randomKey, TEST_EGRESS_ALLOW } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const APP = { clientId: 'gitlab-rotation-app', clientSecret: 'gloas-rotation-secret-0123' };
const spec = { label: 'GitLab', provider: 'gitlab' as const, oauth: gitlab.oauth };
const EXPIRED = '2020-01-01T00:00:00.000Z';

/**
 * GitLab's token endpoint rotates on every refresh: the refresh token used is spent and a new one comes back, and a
 * spent one is refused with invalid_grant. These are the token acquisitions of sync attempts against one stored
 * integration, through the real credentials store (Postgres) and the real outbound client.
 */
describe('refresh-token rotation: one refresh per integration at a time, and no reconnect for a token another attempt rotated', () => {
  let db: TestDatabase;
  let auth: FakeOAuthServer;
  let outbound: OutboundClient;
  const cipher = createCredentialCipher([randomKey()]);
  const options = () => ({ oauthApps: { gitlab: { ...APP, tokenUrl: auth.tokenUrl } }, timeoutMs: 2000 });

  /** A connected GitLab integration whose access token has expired, and a refresh token the fake honours. */
  async function integration(extra: Record<string, unknown> = {}) {
    const refreshToken = `glrt-seed-${randomUUID()}`;
    auth.oauth.refreshTokens.set(refreshToken, APP.clientId);
    const key = { orgId: randomUUID(), projectId: `p-${randomUUID().slice(0, 8)}`, provider: 'gitlab' as const };
    const credentials = { access_token: `glpat-oauth-expired-${randomUUID()}`, refresh_token: refreshToken, expires_at: EXPIRED, project: 'acme/web', ...extra };
    const row = await upsertIntegration(db.sql, key, cipher.encrypt(credentials, key));
    const read = async () => (await db.sql<{ credentials: string }[]>`select credentials from audit_integrations where id = ${row.id}`)[0]!.credentials;
    return {
      refreshToken,
      /** What an attempt loads when it starts: the credentials and the ciphertext its saves compare against. */
      snapshot: async () => {
        const ciphertext = await read();
        return { credentials: cipher.decrypt(ciphertext, key), ciphertext };
      },
      stored: async () => cipher.decrypt(await read(), key),
      reconnect: (next: Record<string, unknown>) => upsertIntegration(db.sql, key, cipher.encrypt(next, key)),
      /** One attempt's token source, as an adapter builds it, over the given snapshot. */
      source(snap: { credentials: Record<string, unknown>; ciphertext: string }, stores?: (real: ProviderStores) => ProviderStores) {
        const signal = new AbortController().signal;
        const real = createProviderStores(db.sql, cipher, { integrationId: row.id, key, ciphertext: snap.ciphertext });
        const ctx: ProviderSyncContext = {
          integrationId: row.id,
          orgId: key.orgId,
          projectId: key.projectId,
          credentials: snap.credentials,
          http: outbound.session({ signal, heartbeat: () => undefined }),
          heartbeat: () => undefined,
          signal,
          stores: stores ? stores(real) : real,
          resumeFrom: undefined,
        };
        return createTokenSource(ctx, spec, options());
      },
    };
  }
  /** Sessions of this database waiting for an advisory lock (another attempt's token lock). */
  const lockWaiters = async () => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from pg_locks
      where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`;
    return row!.n;
  };
  const failureOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

  beforeAll(async () => {
    [db, auth] = await Promise.all([
      createTestDatabase(),
      startFakeOAuthServer({ style: 'gitlab', authorizePath: '/oauth/authorize', tokenPath: '/oauth/token', rules: { scope: 'api', pkce: true } }),
    ]);
    auth.oauth.clients.set(APP.clientId, APP.clientSecret);
    outbound = createOutboundClient({ allow: parseAllowList(TEST_EGRESS_ALLOW) });
  });
  afterAll(async () => {
    await outbound?.close();
    await auth?.close();
    await db?.drop();
  });

  it('two concurrent acquisitions for one integration both get the token of a single refresh', async () => {
    const one = await integration();
    const [a, b] = [await one.snapshot(), await one.snapshot()];
    const refreshes = auth.oauth.refreshes;
    const requests = auth.tokenRequests().length;
    auth.hold(1);
    const first = one.source(a).get();
    await auth.held();
    const second = one.source(b).get();
    // Let the second get as far as it goes while the first refresh is in flight: to the provider, or to the lock.
    await waitFor(async () => (auth.tokenRequests().length - requests > 1 || (await lockWaiters()) > 0 ? true : undefined), 'the second acquisition to refresh or to wait');
    auth.release();
    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [tokenA, tokenB] = results.map((r) => (r as PromiseFulfilledResult<string>).value);
    expect(tokenB).toBe(tokenA);
    expect(auth.oauth.refreshes - refreshes).toBe(1);
    expect(auth.tokenRequests().length - requests).toBe(1);
    const stored = await one.stored();
    expect(stored).toMatchObject({ access_token: tokenA, project: 'acme/web', expires_at: expect.stringMatching(/Z$/) });
    expect(auth.oauth.refreshTokens.has(String(stored.refresh_token))).toBe(true);
    expect(auth.violations).toEqual([]);
  });

  it('a retried attempt that starts from the credentials before the rotation uses the stored rotated token', async () => {
    const one = await integration();
    const before = await one.snapshot();
    // Attempt 1 refreshed (the provider rotated) and saved; then its heartbeat timed out and the activity was retried
    // with what had been loaded before that save.
    const token = await one.source(before).get();
    const rotated = await one.stored();
    const refreshes = auth.oauth.refreshes;
    expect(await one.source(before).get()).toBe(token);
    expect(auth.oauth.refreshes).toBe(refreshes);
    expect(await one.stored()).toEqual(rotated);

    // Later still, the rotated token has expired as well: the retry refreshes with the newer refresh token, not the spent one.
    await one.source(await one.snapshot()).remember({ expires_at: EXPIRED });
    const fresh = await one.source(before).get();
    expect(fresh).not.toBe(token);
    expect(auth.oauth.refreshes - refreshes).toBe(1);
    expect((await one.stored()).access_token).toBe(fresh);
    expect(auth.violations).toEqual([]);
  });

  it('a refresh token refused because a writer outside the lock rotated it meanwhile gives way to the newer stored one', async () => {
    const one = await integration();
    const snap = await one.snapshot();
    auth.hold(1);
    const attempt = one.source(snap).get();
    await auth.held();
    // A worker of an older release, which takes no lock, refreshes the same token and saves while the first is in flight.
    const unlocked = (real: ProviderStores): ProviderStores => ({
      ...real,
      credentials: { save: real.credentials.save, exclusive: (_bounds, grant) => grant({ latest: undefined, reread: () => Promise.resolve(undefined), save: real.credentials.save }) },
    });
    const outside = await one.source(snap, unlocked).get();
    auth.release();
    expect(await attempt).toBe(outside);
    const stored = await one.stored();
    expect(stored.access_token).toBe(outside);
    expect(auth.oauth.usedRefreshTokens.has(one.refreshToken)).toBe(true);
    expect(auth.oauth.refreshTokens.has(String(stored.refresh_token))).toBe(true);
  });

  it('still asks for a reconnect when the refused refresh token is the newest stored, naming no secret', async () => {
    const one = await integration();
    auth.oauth.refreshTokens.delete(one.refreshToken);
    const err = await failureOf(one.source(await one.snapshot()).get());
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'ProviderReconnectRequired', nonRetryable: true });
    expect((err as Error).message).not.toContain(one.refreshToken);
  });

  it("does not mix a reconnect into an attempt: the attempt fails retryably and the user's new connection is kept", async () => {
    const one = await integration();
    const before = await one.snapshot();
    const fresh = { access_token: 'glpat-oauth-after-reconnect', refresh_token: 'glrt-after-reconnect', expires_at: EXPIRED, project: 'acme/other' };
    await one.reconnect(fresh);
    const requests = auth.tokenRequests().length;
    const err = await failureOf(one.source(before).get());
    expect(err).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    expect(auth.tokenRequests()).toHaveLength(requests);
    expect(await one.stored()).toEqual(fresh);
  });

  it('releases the lock when a grant fails, so the next attempt refreshes at once', async () => {
    const one = await integration();
    auth.fail({ status: 503, body: { error: 'temporarily_unavailable' } });
    const err = await failureOf(one.source(await one.snapshot()).get());
    expect(err).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
    const token = await one.source(await one.snapshot()).get();
    expect((await one.stored()).access_token).toBe(token);
    expect(await lockWaiters()).toBe(0);
  });
});
