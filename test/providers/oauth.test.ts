import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundClient, type Transport } from '../../activities/outbound/client.js';
import { createGa4Adapter } from '../../activities/providers/ga4/adapter.js';
import { createGscAdapter } from '../../activities/providers/gsc/adapter.js';
import { createTokenSource } from '../../activities/providers/oauth.js';
import { oauthAppsFromEnv } from '../../activities/providers/oauth-apps.js';
import { linear } from '../../activities/providers/linear/definition.js';
import { sentry } from '../../activities/providers/sentry/definition.js';
import type { ProviderSyncContext } from '../../activities/providers/types.js';
import type { LockedCredentials } from '../../activities/stores/credentials-store.js';
import type { ProviderStores } from '../../activities/stores/index.js';
import { json, startFakeServer, type FakeServer } from '../fakes/fake-server.js';
import { startFakeGoogle, type FakeGoogle } from '../fakes/google.js';
import { startDataStack, type DataStack } from './data-stack.js';

const APP = { clientId: 'google-app.apps.googleusercontent.com', clientSecret: 'GOCSPX-google-app-secret' };
const REDIRECT = 'https://app.example/oauth/google';
const HOUR = 3_600_000;

describe('Google OAuth in a real sync (auth_code exchange, refresh, rotation, refusal)', () => {
  let google: FakeGoogle;
  let elsewhere: FakeServer;
  let stack: DataStack;
  let nextProperty = 9000;
  const form = (i: number) => Object.fromEntries(new URLSearchParams(google.tokenRequests()[i]!.body as string));
  const stored = async (project: string) => {
    const [row] = await stack.api.db.sql<{ credentials: string }[]>`
      select credentials from audit_integrations where org_id = ${stack.orgId} and project_id = ${project} and provider = 'ga4'`;
    return stack.api.cipher.decrypt(row!.credentials, { orgId: stack.orgId, projectId: project, provider: 'ga4' });
  };
  const ga4Property = (): string => {
    const id = String(nextProperty++);
    google.ga4.set(id, [{ pagePath: '/', sessions: 10, screenPageViews: 20, bounceRate: 0.5 }]);
    return id;
  };
  const refreshToken = (): string => {
    const token = `1//0g-refresh-${nextProperty++}`;
    google.oauth.refreshTokens.set(token, APP.clientId);
    return token;
  };

  beforeAll(async () => {
    google = await startFakeGoogle();
    google.oauth.clients.set(APP.clientId, APP.clientSecret);
    elsewhere = await startFakeServer(() => json(200, { access_token: 'ya29.stolen', expires_in: 3599 }));
    const oauthApps = { ga4: { ...APP, tokenUrl: `${google.url}/token`, redirectUri: REDIRECT } };
    // gsc gets no OAuth app: it shows what happens when a code is stored but the worker has no client configured.
    stack = await startDataStack([createGa4Adapter({ oauthApps }), createGscAdapter({})]);
  });
  afterAll(async () => {
    await stack?.close();
    await google?.close();
    await elsewhere?.close();
  });

  it('exchanges the auth_code (form-encoded, with the app and redirect_uri), stores the tokens encrypted and drops the code', async () => {
    const property = ga4Property();
    google.oauth.codes.set('4/0code-exchange', { clientId: APP.clientId, redirectUri: REDIRECT });
    await stack.connect('exchange', 'ga4', { auth_code: '4/0code-exchange', property_id: property, base_url: google.url });
    expect(await stack.sync('exchange', 'ga4')).toMatchObject({ status: 'connected', run: { items_pulled: 3 } });

    expect(google.tokenRequests()).toHaveLength(1);
    expect(form(0)).toEqual({ grant_type: 'authorization_code', code: '4/0code-exchange', client_id: APP.clientId, client_secret: APP.clientSecret, redirect_uri: REDIRECT });
    const creds = await stored('exchange');
    expect(creds.auth_code).toBeUndefined();
    expect(google.accessTokens.has(String(creds.access_token))).toBe(true);
    expect(google.oauth.refreshTokens.has(String(creds.refresh_token))).toBe(true);
    expect(Date.parse(String(creds.expires_at))).toBeGreaterThan(Date.now() + 50 * 60_000);
    const [report] = google.ga4Requests().filter((r) => r.path.includes(property));
    expect(report!.headers.authorization).toBe(`Bearer ${String(creds.access_token)}`);

    await stack.sync('exchange', 'ga4');
    expect(google.tokenRequests()).toHaveLength(1);
  });

  it('refreshes an expired access token before calling the API and saves the new one', async () => {
    const before = google.tokenRequests().length;
    const rt = refreshToken();
    const property = ga4Property();
    await stack.connect('refresh', 'ga4', { property_id: property, access_token: 'ya29.expired', refresh_token: rt, expires_at: new Date(Date.now() - HOUR).toISOString(), base_url: google.url });
    expect((await stack.sync('refresh', 'ga4')).status).toBe('connected');

    expect(form(before)).toEqual({ grant_type: 'refresh_token', refresh_token: rt, client_id: APP.clientId, client_secret: APP.clientSecret });
    const creds = await stored('refresh');
    expect(creds.access_token).not.toBe('ya29.expired');
    expect(creds.refresh_token).toBe(rt);
    expect(Date.parse(String(creds.expires_at))).toBeGreaterThan(Date.now());
    expect(google.ga4Requests().filter((r) => r.path.includes(property)).map((r) => r.headers.authorization)).toEqual([`Bearer ${String(creds.access_token)}`]);
  });

  it('saves a rotated refresh token, and a later 401 is answered by refreshing with it', async () => {
    google.oauth.rotate = true;
    try {
      const rt = refreshToken();
      const property = ga4Property();
      await stack.connect('rotate', 'ga4', { property_id: property, refresh_token: rt, base_url: google.url });
      expect((await stack.sync('rotate', 'ga4')).status).toBe('connected');
      const first = await stored('rotate');
      expect(first.refresh_token).not.toBe(rt);
      expect(google.oauth.refreshTokens.has(rt)).toBe(false);

      // Google revokes the access token early; the next sync is refused once, refreshes with the rotated token, retries.
      google.accessTokens.delete(String(first.access_token));
      expect((await stack.sync('rotate', 'ga4')).status).toBe('connected');
      const second = await stored('rotate');
      expect(form(google.tokenRequests().length - 1)).toMatchObject({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(google.ga4Requests().filter((r) => r.path.includes(property)).map((r) => r.headers.authorization)).toEqual([
        `Bearer ${String(first.access_token)}`,
        `Bearer ${String(first.access_token)}`,
        `Bearer ${String(second.access_token)}`,
      ]);
      const history = await stack.history('rotate', 'ga4');
      for (const secret of [rt, first.refresh_token, first.access_token, second.refresh_token, second.access_token, APP.clientSecret]) {
        expect(history).not.toContain(String(secret));
      }
    } finally {
      google.oauth.rotate = false;
    }
  });

  it('fails with ProviderReconnectRequired on invalid_grant, says to reconnect, leaks nothing and does not retry', async () => {
    const before = google.tokenRequests().length;
    const property = ga4Property();
    await stack.connect('revoked', 'ga4', { property_id: property, refresh_token: '1//0g-revoked-refresh', expires_at: 0, base_url: google.url });
    const { status, run } = await stack.sync('revoked', 'ga4');
    expect(status).toBe('error');
    expect(run.error_code).toBe('ProviderReconnectRequired');
    expect(run.error_message).toMatch(/invalid_grant.*reconnect/);
    for (const secret of ['1//0g-revoked-refresh', APP.clientSecret]) expect(run.error_message).not.toContain(secret);
    expect(google.tokenRequests().length - before).toBe(1);
    expect(google.ga4Requests().filter((r) => r.path.includes(property))).toHaveLength(0);
  });

  it('uses a client_id/client_secret/token_url from the credentials when they hold their own OAuth client', async () => {
    google.oauth.clients.set('own-client', 'own-secret');
    google.oauth.refreshTokens.set('1//0g-own-refresh', 'own-client');
    await stack.connect('ownclient', 'ga4', {
      property_id: ga4Property(),
      refresh_token: '1//0g-own-refresh',
      client_id: 'own-client',
      client_secret: 'own-secret',
      token_url: `${google.url}/token`,
      base_url: google.url,
    });
    expect((await stack.sync('ownclient', 'ga4')).status).toBe('connected');
    expect(form(google.tokenRequests().length - 1)).toMatchObject({ client_id: 'own-client', client_secret: 'own-secret' });
  });

  it('never sends the deployment client secret to a token_url taken from the credentials', async () => {
    await stack.connect('redirected', 'ga4', { property_id: ga4Property(), refresh_token: refreshToken(), token_url: `${elsewhere.url}/token`, base_url: google.url });
    expect((await stack.sync('redirected', 'ga4')).status).toBe('connected');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('fails with ProviderConfigInvalid naming the env variables when a code is stored but no OAuth client is configured', async () => {
    await stack.connect('noapp', 'gsc', { auth_code: '4/0code-noapp', site_url: 'https://noapp.example.com/', base_url: google.url });
    const { run } = await stack.sync('noapp', 'gsc');
    expect(run.error_code).toBe('ProviderConfigInvalid');
    expect(run.error_message).toContain('GSC_CLIENT_ID');
    expect(run.error_message).toContain('GOOGLE_CLIENT_ID');
  });
});

describe('createTokenSource', () => {
  /** The token endpoint answered by `fetchImpl` in place of the network (the client's guard and caps still apply). */
  function context(credentials: Record<string, unknown>, fetchImpl: Transport) {
    const saved: Record<string, unknown>[] = [];
    const signal = new AbortController().signal;
    const ctx = {
      integrationId: 'i',
      orgId: 'o',
      projectId: 'p',
      credentials,
      http: createOutboundClient({ intercept: () => fetchImpl }).session({ signal, heartbeat: () => undefined }),
      heartbeat: () => undefined,
      signal,
      stores: {
        credentials: {
          save: (c: Record<string, unknown>) => Promise.resolve(void saved.push(c)),
          // Nothing else writes here: the lock finds the credentials unchanged.
          exclusive: <T>(_bounds: unknown, grant: (locked: LockedCredentials) => Promise<T>) =>
            grant({ latest: undefined, reread: () => Promise.resolve(undefined), save: (c) => Promise.resolve(void saved.push(c)) }),
        },
      } as unknown as ProviderStores,
      resumeFrom: undefined,
    } satisfies ProviderSyncContext;
    return { ctx, saved };
  }
  const spec = { label: 'Sentry', provider: 'sentry' as const, oauth: { ...sentry.oauth, tokenUrl: 'https://sentry.invalid/oauth/token/' } };
  const apps = { sentry: { clientId: 'id', clientSecret: 'secret', tokenUrl: 'https://tokens.invalid/' } };

  it('uses a token that is not yet within a minute of expiry without calling the token endpoint', async () => {
    const now = new Date('2025-06-10T12:00:00Z');
    const { ctx } = context({ token: 't1', refresh_token: 'r1', expires_at: '2025-06-10T12:05:00Z' }, () => Promise.reject(new Error('no call expected')));
    expect(await createTokenSource(ctx, spec, { oauthApps: apps, now: () => now }).get()).toBe('t1');
  });

  it('refreshes within the last minute, keeping every other credential and the old refresh token when none is returned', async () => {
    const now = new Date('2025-06-10T12:04:30Z');
    const calls: { url: string; body: string }[] = [];
    const fetchImpl: Transport = (url, init) => {
      calls.push({ url: String(url), body: String(init?.body) });
      return Promise.resolve(Response.json({ access_token: 't2', expires_in: 7200, token_type: 'bearer' }));
    };
    const { ctx, saved } = context({ token: 't1', refresh_token: 'r1', expires_at: '2025-06-10T12:05:00Z', organization: 'acme' }, fetchImpl);
    expect(await createTokenSource(ctx, spec, { oauthApps: apps, now: () => now }).get()).toBe('t2');
    expect(calls.map((c) => c.url)).toEqual(['https://tokens.invalid/']);
    expect(saved).toEqual([{ token: 't2', refresh_token: 'r1', organization: 'acme', expires_at: '2025-06-10T14:04:30.000Z' }]);
  });

  it('sends the stored PKCE code_verifier and redirect_uri with the code, then drops code and verifier', async () => {
    const forms: Record<string, string>[] = [];
    const fetchImpl: Transport = (_url, init) => {
      forms.push(Object.fromEntries(new URLSearchParams(String(init?.body))));
      return Promise.resolve(Response.json({ access_token: 't1', token_type: 'bearer', refresh_token: 'r1', expires_in: 3600 }));
    };
    const { ctx, saved } = context({ auth_code: 'c1', code_verifier: 'v'.repeat(43), redirect_uri: 'https://api.example/oauth/sentry/callback', organization: 'acme' }, fetchImpl);
    expect(await createTokenSource(ctx, spec, { oauthApps: apps }).get()).toBe('t1');
    expect(forms).toEqual([
      { grant_type: 'authorization_code', code: 'c1', client_id: 'id', client_secret: 'secret', redirect_uri: 'https://api.example/oauth/sentry/callback', code_verifier: 'v'.repeat(43) },
    ]);
    expect(saved).toEqual([{ token: 't1', refresh_token: 'r1', expires_at: expect.any(String), redirect_uri: 'https://api.example/oauth/sentry/callback', organization: 'acme' }]);
  });

  it('turns invalid_client into ProviderConfigInvalid and a 503 into a retryable failure', async () => {
    const answer = (res: Response): Transport => () => Promise.resolve(res);
    const source = (res: Response) => createTokenSource(context({ auth_code: 'c', redirect_uri: 'https://api.example/cb' }, answer(res)).ctx, spec, { oauthApps: apps });
    const bad = await source(Response.json({ error: 'invalid_client' }, { status: 401 })).get().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApplicationFailure);
    expect(bad).toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
    const down = await source(new Response('upstream down', { status: 503 })).get().catch((e: unknown) => e);
    expect(down).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
  });

  it("maps oauth4webapi's refusals to the same failures, quoting no token: a challenge, a non-bearer answer, a non-JSON 400", async () => {
    const answer = (res: Response): Transport => () => Promise.resolve(res);
    const source = (res: Response) => createTokenSource(context({ auth_code: 'code-secret-value', redirect_uri: 'https://api.example/cb' }, answer(res)).ctx, spec, { oauthApps: apps });
    const challenge = new Response('', { status: 401, headers: { 'www-authenticate': 'Basic realm="token", error="invalid_client"' } });
    expect(await source(challenge).get().catch((e: unknown) => e)).toMatchObject({ type: 'ProviderConfigInvalid', message: expect.stringContaining('SENTRY_CLIENT_ID') });
    const mac = await source(Response.json({ access_token: 'tok-secret-value', token_type: 'mac' })).get().catch((e: unknown) => e);
    expect(mac).toMatchObject({ type: 'ProviderResponseInvalid', message: 'Sentry token endpoint answered without a usable bearer access_token' });
    const html = await source(new Response('<html>bad request</html>', { status: 400, headers: { 'content-type': 'text/html' } })).get().catch((e: unknown) => e);
    expect(html).toMatchObject({ type: 'ProviderReconnectRequired', message: 'Sentry refused the authorization code: reconnect the integration to authorize again' });
  });

  it("accepts the legacy array `scope` some Linear apps still answer, and fails plainly without a redirect_uri", async () => {
    const legacy: Transport = () => Promise.resolve(Response.json({ access_token: 'lin_oauth_x', token_type: 'Bearer', expires_in: 315705599, scope: ['read', 'write'] }));
    const linearSpec = { label: 'Linear', provider: 'linear' as const, oauth: linear.oauth };
    const { ctx } = context({ auth_code: 'c', redirect_uri: 'https://api.example/cb' }, legacy);
    expect(await createTokenSource(ctx, linearSpec, { oauthApps: { linear: { clientId: 'id', clientSecret: 'secret', tokenUrl: 'https://tokens.invalid/' } } }).get()).toBe('lin_oauth_x');
    const bare = context({ auth_code: 'c' }, () => Promise.reject(new Error('no call expected')));
    expect(await createTokenSource(bare.ctx, spec, { oauthApps: apps }).get().catch((e: unknown) => e)).toMatchObject({ type: 'ProviderConfigInvalid', message: expect.stringContaining('without the redirect_uri') });
  });
});

describe('oauthAppsFromEnv', () => {
  it('resolves each OAuth provider from its env prefixes in order, per variable (GSC_* before GOOGLE_*)', () => {
    expect(
      oauthAppsFromEnv({
        SENTRY_CLIENT_ID: 'sid',
        SENTRY_CLIENT_SECRET: 'ssecret',
        SENTRY_TOKEN_URL: 'https://sentry.internal/oauth/token/',
        GOOGLE_CLIENT_ID: 'gid',
        GOOGLE_CLIENT_SECRET: 'gsecret',
        GOOGLE_REDIRECT_URI: 'https://app.example/cb',
        GSC_TOKEN_URL: 'https://oauth2.example/token',
        UNRELATED: 'x',
      }),
    ).toEqual({
      sentry: { clientId: 'sid', clientSecret: 'ssecret', tokenUrl: 'https://sentry.internal/oauth/token/' },
      ga4: { clientId: 'gid', clientSecret: 'gsecret', redirectUri: 'https://app.example/cb' },
      gsc: { clientId: 'gid', clientSecret: 'gsecret', redirectUri: 'https://app.example/cb', tokenUrl: 'https://oauth2.example/token' },
    });
  });

  it('refuses an id without its secret and a token URL that is not http(s), naming the variable but not the value', () => {
    expect(() => oauthAppsFromEnv({ GA4_CLIENT_ID: 'only-id' })).toThrow(/GA4_CLIENT_ID and GA4_CLIENT_SECRET must be set together/);
    expect(() => oauthAppsFromEnv({ SENTRY_TOKEN_URL: 'ftp://secret-host' })).toThrow(/SENTRY_TOKEN_URL/);
    expect(() => oauthAppsFromEnv({ SENTRY_TOKEN_URL: 'ftp://secret-host' })).not.toThrow(/secret-host/);
  });
});
