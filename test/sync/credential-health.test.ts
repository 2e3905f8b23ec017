import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import { interleaveByOrg, syncHealthVerdict } from '../../activities/health.js';
import { claimHealthChecks } from '../../db/credential-health.js';
import { upsertIntegration, type IntegrationKey } from '../../db/integrations.js';
import { housekeepingWorkflowId } from '../../workflows/ids.js';
import { startFakeGitlab, type FakeGitlab } from '../fakes/gitlab.js';
import { stackTest } from '../helpers/fixture.js';
import { createTestDatabase } from '../helpers/db.js';
import { call, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { TEST_WEBHOOK_RETRY, webhooksFor } from '../webhooks/support.js';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { apiFor, historyJson } from './support.js';

const PROJECT = 'acme/web';
const PAT = `glpat-${randomBytes(12).toString('hex')}`;

// Health passes on every sweep beat (300 ms); every integration is due a probe a second after its last check, and a
// failed check is retried when its 1-second claim runs out. CREDENTIALS_REFRESH_AHEAD 5 minutes: a token expiring in 2
// minutes is refreshed by the first pass.
const test = stackTest({
  worker: {
    syncIntervalMs: 3_600_000,
    webhooks: { retry: TEST_WEBHOOK_RETRY },
    housekeeping: {
      sweepIntervalMs: 300,
      health: { everyMs: 300, batchSize: 50, perOrg: 50, checkIntervalMs: 1000, refreshAheadMs: 5 * 60_000, claimMs: 1000, probeTimeoutMs: 500 },
    },
  },
});

interface HealthRow {
  health_state: string;
  health_reason: string | null;
  health_checked_at: Date | null;
  credentials_expire_at: Date | null;
}

let gitlab: FakeGitlab;
let receiver: Receiver;
/** Accepts TCP connections and never answers: a provider that times out. */
let silent: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  gitlab = await startFakeGitlab({ token: PAT, project: PROJECT });
  receiver = await startReceiver();
  silent = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent?.close(r));
  await receiver?.close();
  await gitlab?.close();
});

describe('credential health (housekeeping health pass, sync outcomes, auth webhooks)', () => {
  test('maps sync outcomes: success → ok, refused → needs_reconnect, unavailable/timeout → degraded, the rest leaves it', () => {
    expect(syncHealthVerdict('succeeded', null, null)).toEqual({ state: 'ok', reason: null });
    expect(syncHealthVerdict('failed', 'ProviderAuthFailed', 'GitLab answered 401')).toEqual({ state: 'needs_reconnect', reason: 'GitLab answered 401' });
    expect(syncHealthVerdict('failed', 'ProviderReconnectRequired', 'refused (invalid_grant)')).toEqual({ state: 'needs_reconnect', reason: 'refused (invalid_grant)' });
    expect(syncHealthVerdict('failed', 'ProviderUnavailable', 'GitLab answered 503')?.state).toBe('degraded');
    expect(syncHealthVerdict('failed', 'ProviderTimedOut', 'timed out')?.state).toBe('degraded');
    for (const code of ['ProviderConfigInvalid', 'ProviderResponseTooLarge', 'ProviderResponseInvalid', 'ProviderRateLimited']) expect(syncHealthVerdict('failed', code, 'x')).toBeUndefined();
    expect(syncHealthVerdict('cancelled', 'Cancelled', 'the sync was cancelled')).toBeUndefined();
  });

  test('claims due rows once (skip locked), at most perOrg of one org, never refreshing a refused grant again', async () => {
    // A database no housekeeping loop claims from.
    const quiet = await createTestDatabase();
    try {
      const [big, small] = [randomUUID(), randomUUID()];
      /** checkedAgo/expiresIn in seconds (null: never checked / no expiry). */
      const seed = async (orgId: string, projectId: string, checkedAgo: number | null, state = 'unknown', expiresIn: number | null = null) => {
        const [row] = await quiet.sql<{ id: string }[]>`
          insert into audit_integrations (org_id, project_id, provider, status, credentials, health_state, health_checked_at, credentials_expire_at)
          values (${orgId}, ${projectId}, 'github', 'connected', 'x', ${state},
            now() - make_interval(secs => ${checkedAgo}::float8), now() + make_interval(secs => ${expiresIn}::float8))
          returning id`;
        return row!.id;
      };
      const due = await Promise.all([1, 2, 3, 4, 5].map((i) => seed(big, `p${i}`, null)));
      due.push(await seed(small, 'p1', 7200));
      // Checked recently; and a refused grant whose token has expired: neither is due.
      await seed(small, 'p2', 0);
      await seed(small, 'p3', 0, 'needs_reconnect', -3600);
      const expiring = await seed(small, 'p4', 0, 'ok', 60);
      const opts = { limit: 3, perOrg: 2, claimMs: 60_000, checkIntervalMs: 3_600_000, refreshAheadMs: 300_000 };
      const [a, b] = await Promise.all([claimHealthChecks(quiet.sql, opts), claimHealthChecks(quiet.sql, opts)]);
      const c = await claimHealthChecks(quiet.sql, { ...opts, limit: 50, perOrg: 50 });
      const ids = [...a, ...b, ...c].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(new Set([...due, expiring]));
      for (const batch of [a, b]) {
        expect(batch.length).toBeLessThanOrEqual(3);
        expect(batch.filter((r) => r.org_id === big).length).toBeLessThanOrEqual(2);
      }
      expect(await claimHealthChecks(quiet.sql, { ...opts, limit: 50, perOrg: 50 })).toEqual([]);
      expect(interleaveByOrg([{ org_id: 'a', n: 1 }, { org_id: 'a', n: 2 }, { org_id: 'b', n: 3 }]).map((r) => r.n)).toEqual([1, 3, 2]);
    } finally {
      await quiet.drop();
    }
  });

  /** A GitLab OAuth connection (a self-managed instance's public app) stored as a sync's token grant leaves it. */
  async function seedOAuth(stack: { api: TestApi; orgId: string }, projectId: string, expiresInMs: number) {
    const hex = () => randomBytes(16).toString('hex');
    const clientId = `app-${hex()}`;
    const access = `glpat-oauth-${hex()}`;
    const refresh = `glrt-${hex()}`;
    gitlab.oauth.publicClients.add(clientId);
    gitlab.oauth.refreshTokens.set(refresh, clientId);
    gitlab.oauthTokens.add(access);
    const expiresAt = new Date(Date.now() + expiresInMs);
    const credentials = { project: PROJECT, base_url: gitlab.url, client_id: clientId, access_token: access, refresh_token: refresh, expires_at: expiresAt.toISOString() };
    const key: IntegrationKey = { orgId: stack.orgId, projectId, provider: 'gitlab' };
    // Synced recently (next periodic sync in a day), as after an earlier sync: only the health pass touches it.
    const id = await stack.api.db.sql.begin(async (tx) => {
      const row = await upsertIntegration(tx, key, stack.api.cipher.encrypt(credentials, key));
      await tx`update audit_integrations set next_sync_at = now() + interval '1 day', credentials_expire_at = ${expiresAt} where id = ${row.id}`;
      return row.id;
    });
    return { id, key, clientId, access, refresh, expiresAt };
  }

  const healthOf = async (api: TestApi, id: string) =>
    (await api.db.sql<HealthRow[]>`select health_state, health_reason, health_checked_at, credentials_expire_at from audit_integrations where id = ${id}`)[0]!;
  const refreshesOf = (clientId: string) =>
    gitlab.tokenRequests().filter((r) => {
      const form = new URLSearchParams(String(r.body));
      return form.get('grant_type') === 'refresh_token' && form.get('client_id') === clientId;
    }).length;
  /** Waits until the row was checked `n` more times after `after` (each check moves health_checked_at). */
  async function checkedAgain(api: TestApi, id: string, n: number) {
    let last = (await healthOf(api, id)).health_checked_at?.getTime() ?? 0;
    for (let i = 0; i < n; i++) {
      const seen = last;
      last = await waitFor(async () => {
        const t = (await healthOf(api, id)).health_checked_at?.getTime() ?? 0;
        return t > seen ? t : undefined;
      }, 'another health check');
    }
  }

  test('refreshes a token expiring in 2 minutes before it expires, without a sync, and shows health in the single GET', async ({ stack: { api, orgId, token } }) => {
    const seeded = await seedOAuth({ api, orgId }, 'refresh-ahead', 2 * 60_000);
    const row = await waitFor(async () => {
      const h = await healthOf(api, seeded.id);
      return h.health_state === 'ok' && h.credentials_expire_at && h.credentials_expire_at.getTime() > seeded.expiresAt.getTime() ? h : undefined;
    }, 'the refreshed token');
    expect(refreshesOf(seeded.clientId)).toBe(1);
    // GitLab's tokens last 2 hours: the stored expiry is the new token's.
    expect(row.credentials_expire_at!.getTime()).toBeGreaterThan(Date.now() + 100 * 60_000);
    const stored = (await api.db.sql<{ credentials: string }[]>`select credentials from audit_integrations where id = ${seeded.id}`)[0]!;
    const creds = api.cipher.decrypt(stored.credentials, seeded.key);
    expect(creds.access_token).not.toBe(seeded.access);
    expect(gitlab.oauthTokens.has(String(creds.access_token))).toBe(true);
    expect(new Date(String(creds.expires_at)).getTime()).toBe(row.credentials_expire_at!.getTime());
    expect((await api.db.sql`select id from sync_runs where integration_id = ${seeded.id}`).length).toBe(0);

    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/refresh-ahead/audit/integrations/gitlab`, { token });
    expect(res.status).toBe(200);
    const health = (res.json.data as { health: Record<string, unknown> }).health;
    expect(health).toEqual({ state: 'ok', reason: null, checked_at: expect.stringMatching(/Z$/), credentials_expire_at: `${row.credentials_expire_at!.toISOString().slice(0, 19)}Z` });
    expect(res.text).not.toContain(String(creds.access_token));

    // Later passes probe it again but leave the fresh token alone.
    await checkedAgain(api, seeded.id, 2);
    expect(refreshesOf(seeded.clientId)).toBe(1);
    expect((await api.db.sql`select id from sync_runs where integration_id = ${seeded.id}`).length).toBe(0);
  });

  test('a revoked token → needs_reconnect and one auth_failed; reconnecting → ok and one auth_recovered', async ({ stack: { api, orgId, token } }) => {
    const hooks = webhooksFor(api, token, orgId);
    const hook = await hooks.create({ url: receiver.url, events: ['integration.auth_failed', 'integration.auth_recovered'], project_id: 'revoked' });
    receiver.secrets.push(hook.secret);
    const seeded = await seedOAuth({ api, orgId }, 'revoked', 60 * 60_000);
    await waitFor(async () => ((await healthOf(api, seeded.id)).health_state === 'ok' ? true : undefined), 'the first probe');

    // The provider revokes the grant: the access token is refused and the refresh token is invalid_grant.
    gitlab.oauthTokens.delete(seeded.access);
    for (const [rt, client] of gitlab.oauth.refreshTokens) if (client === seeded.clientId) gitlab.oauth.refreshTokens.delete(rt);
    const failed = await waitFor(async () => {
      const h = await healthOf(api, seeded.id);
      return h.health_state === 'needs_reconnect' ? h : undefined;
    }, 'needs_reconnect');
    expect(failed.health_reason).toMatch(/GitLab refused the stored refresh token \(invalid_grant\)/);
    expect(failed.health_reason).not.toContain(seeded.refresh);

    // More failing probes and a failing sync: still one event.
    const p = apiFor(api, token, orgId, 'revoked');
    expect((await p.sync('gitlab')).status).toBe(202);
    await waitFor(async () => {
      const [run] = await api.db.sql<{ outcome: string; error_code: string }[]>`select outcome, error_code from sync_runs where integration_id = ${seeded.id}`;
      return run?.outcome === 'failed' ? run : undefined;
    }, 'the failed sync');
    await checkedAgain(api, seeded.id, 2);
    expect((await healthOf(api, seeded.id)).health_state).toBe('needs_reconnect');
    const eventsOf = async (type: string) => (await api.db.sql`select id from webhook_events where type = ${type} and data->>'integration_id' = ${seeded.id}`).length;
    expect(await eventsOf('integration.auth_failed')).toBe(1);
    const delivered = (type: string) => receiver.received.filter((r) => r.payload.type === type && r.payload.data.integration_id === seeded.id);
    const [authFailed] = await waitFor(async () => (delivered('integration.auth_failed').length > 0 ? delivered('integration.auth_failed') : undefined), 'the auth_failed delivery');
    expect(authFailed!.verifiedWith).toEqual([hook.secret]);
    expect(authFailed!.payload.data).toEqual({
      integration_id: seeded.id,
      org_id: orgId,
      project_id: 'revoked',
      provider: 'gitlab',
      health: { state: 'needs_reconnect', reason: failed.health_reason, checked_at: expect.stringMatching(/Z$/), credentials_expire_at: expect.stringMatching(/Z$/) },
    });

    // The user reconnects (a personal access token this time): the next sync or probe succeeds.
    const re = await p.connect('gitlab', { token: PAT, project: PROJECT, base_url: gitlab.url });
    expect(re.status).toBe(200);
    const recovered = await waitFor(async () => (delivered('integration.auth_recovered').length > 0 ? delivered('integration.auth_recovered') : undefined), 'the auth_recovered delivery');
    expect(recovered[0]!.payload.data).toMatchObject({ integration_id: seeded.id, provider: 'gitlab', health: { state: 'ok', reason: null, credentials_expire_at: null } });
    await checkedAgain(api, seeded.id, 2);
    expect((await healthOf(api, seeded.id)).health_state).toBe('ok');
    expect(await eventsOf('integration.auth_recovered')).toBe(1);
    expect(await eventsOf('integration.auth_failed')).toBe(1);
    expect(delivered('integration.auth_failed')).toHaveLength(1);
    expect(delivered('integration.auth_recovered')).toHaveLength(1);

    // Only ids and numbers crossed into the housekeeping loop's history.
    const history = await historyJson(housekeepingWorkflowId(api.taskQueue));
    for (const secret of [seeded.access, seeded.refresh, PAT]) expect(history).not.toContain(secret);
  });

  test('a probe that times out → degraded, with the one unreachable text as the reason', async ({ stack: { api, orgId, token } }) => {
    const key: IntegrationKey = { orgId, projectId: 'silent', provider: 'gitlab' };
    const { port } = silent.address() as AddressInfo;
    const id = await api.db.sql.begin(async (tx) => {
      const row = await upsertIntegration(tx, key, api.cipher.encrypt({ token: PAT, project: PROJECT, base_url: `http://127.0.0.1:${port}` }, key));
      await tx`update audit_integrations set next_sync_at = now() + interval '1 day' where id = ${row.id}`;
      return row.id;
    });
    await waitFor(async () => ((await healthOf(api, id)).health_state === 'degraded' ? true : undefined), 'degraded');
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/silent/audit/integrations/gitlab`, { token });
    expect(res.status).toBe(200);
    expect((res.json.data as { health: Record<string, unknown> }).health).toMatchObject({
      state: 'degraded',
      reason: 'GitLab could not be reached from this deployment (the address is refused, does not resolve, or did not answer)',
      credentials_expire_at: null,
    });
    expect(res.text).not.toContain(PAT);
  });
});
