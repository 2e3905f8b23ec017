import * as oauth from 'oauth4webapi';
import { FailureType, permanentFailure } from '../errors.js';
import { httpUrlOrFail } from '../outbound/client.js';
import { failureFromResponse } from './http.js';
import { CLIENT_ERRORS, oauthErrorOf, scopeAsString } from './oauth-responses.js';
import { selfManagedUrl, type OAuthSettings } from './definition.js';
import type { OAuthApp } from './oauth-apps.js';
import { instantOf, stringOf, type ProviderOptions } from './options.js';
import type { Provider } from './catalog.js';
import { sameConnection, tokenLockBounds } from './token-lock.js';
import type { TokenSource } from './token-source.js';
import type { ProviderSyncContext } from './types.js';
import { reconnectedFailure, type LockedCredentials } from '../stores/credentials-store.js';

// Adapters take the token side from here; the interface lives apart so this file stays the grant logic.
export { sendWithToken, type TokenSource } from './token-source.js';

/** Whose tokens: the provider (its env app) and its definition's OAuth settings (token key, default token URL). */
export interface OAuthSpec {
  label: string;
  provider: Provider;
  oauth: OAuthSettings;
}

interface Client {
  clientId: string;
  /** Undefined for a public client (a self-managed GitLab's own app): PKCE alone, no secret. */
  clientSecret: string | undefined;
  tokenUrl: string;
  redirectUri: string | undefined;
}

const EXPIRY_MARGIN_MS = 60_000;

/**
 * The token side of a sync, on oauth4webapi (code exchange, refresh, response checks) with its HTTP through the
 * outbound client (egress guard, body cap, timeouts). Secrets are only ever sent to the token URL of the OAuth client
 * they belong to: a credentials `token_url` is honoured only with a client_id/client_secret from the credentials too,
 * and a public client (client_id without a secret, where the definition allows self-managed apps) gets no secret at
 * all, so a user cannot point the deployment's client secret at a server of their choosing.
 */
export function createTokenSource(ctx: ProviderSyncContext, spec: OAuthSpec, options: ProviderOptions = {}): TokenSource {
  let creds: Record<string, unknown> = { ...ctx.credentials };
  let current: string | undefined;
  let refreshed = false;
  const seen = new Set<string>();
  const now = () => (options.now ?? (() => new Date()))().getTime();
  const envNames = spec.oauth.env;
  const app: OAuthApp = options.oauthApps?.[spec.provider] ?? {};
  const tokenKey = spec.oauth.tokenKey;

  function client(): Client | undefined {
    const ownId = stringOf(creds.client_id);
    const ownSecret = stringOf(creds.client_secret);
    const redirectUri = stringOf(creds.redirect_uri) ?? app.redirectUri;
    // A self-managed instance's own app is public: its token URL comes from base_url, so nothing secret goes there.
    if (ownId && spec.oauth.selfManaged) {
      return { clientId: ownId, clientSecret: undefined, tokenUrl: selfManagedUrl(spec.oauth, stringOf(creds.base_url), 'token'), redirectUri };
    }
    if (ownId && ownSecret) {
      return { clientId: ownId, clientSecret: ownSecret, tokenUrl: stringOf(creds.token_url) ?? app.tokenUrl ?? spec.oauth.tokenUrl, redirectUri };
    }
    if (!app.clientId || !app.clientSecret) return undefined;
    return { clientId: app.clientId, clientSecret: app.clientSecret, tokenUrl: app.tokenUrl ?? spec.oauth.tokenUrl, redirectUri };
  }

  function requireClient(why: string): Client {
    const c = client();
    if (c) return c;
    const vars = envNames.map((n) => `${n}_CLIENT_ID/${n}_CLIENT_SECRET`).join(' or ');
    throw permanentFailure(FailureType.Config, `${spec.label}: ${why} but no OAuth client is configured; set ${vars} on the worker, or client_id/client_secret in the credentials`);
  }

  /** One grant at the token endpoint: 429/5xx are retried, the rest is classified from oauth4webapi's checks. */
  async function grant(
    c: Client,
    kind: 'code' | 'refresh',
    request: (as: oauth.AuthorizationServer, client: oauth.Client, auth: oauth.ClientAuth, opts: oauth.TokenEndpointRequestOptions) => Promise<Response>,
    processResponse: (as: oauth.AuthorizationServer, client: oauth.Client, res: Response) => Promise<oauth.TokenEndpointResponse>,
  ): Promise<oauth.TokenEndpointResponse> {
    if (c.clientSecret !== undefined) seen.add(c.clientSecret);
    const label = `${spec.label} token endpoint`;
    const tokenUrl = httpUrlOrFail(c.tokenUrl, label);
    const as: oauth.AuthorizationServer = { issuer: tokenUrl.origin, token_endpoint: tokenUrl.href };
    const oauthClient: oauth.Client = { client_id: c.clientId };
    const auth = c.clientSecret === undefined ? oauth.None() : oauth.ClientSecretPost(c.clientSecret);
    const opts: oauth.TokenEndpointRequestOptions = {
      [oauth.customFetch]: async (url, init) =>
        scopeAsString(
          await ctx.http.send(url, {
            method: init.method,
            headers: init.headers,
            body: String(init.body),
            label,
            origin: 'token_url',
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          }),
        ),
      // Plain http only where the configured token URL is (tests, a local instance); https everywhere else.
      ...(tokenUrl.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
    };
    const res = await request(as, oauthClient, auth, opts);
    if (res.status === 429 || res.status >= 500) throw await failureFromResponse(res, label, [...seen]);
    try {
      return await processResponse(as, oauthClient, res);
    } catch (err) {
      // The library's messages and causes may quote the response body: only the error code is kept.
      const error = oauthErrorOf(err);
      if (error && CLIENT_ERRORS.has(error)) {
        const id = c.clientSecret === undefined ? 'client_id in the credentials' : `${envNames[0]}_CLIENT_ID and ${envNames[0]}_CLIENT_SECRET`;
        throw permanentFailure(FailureType.Config, `${label} rejected the OAuth client (${error}); check ${id}`);
      }
      if (res.ok && !error) throw permanentFailure(FailureType.Invalid, `${label} answered without a usable bearer access_token`);
      const what = kind === 'code' ? 'refused the authorization code' : 'refused the stored refresh token';
      throw permanentFailure(FailureType.Reconnect, `${spec.label} ${what}${error ? ` (${error})` : ''}: reconnect the integration to authorize again`);
    }
  }

  /** Keeps every other key; replaces the token fields; drops the used code and a stale expiry. */
  async function store(tokens: oauth.TokenEndpointResponse, save: LockedCredentials['save']): Promise<string> {
    const rest = { ...creds };
    // The code and its PKCE verifier are single-use: once exchanged they only get in the way of a reconnect.
    delete rest.auth_code;
    delete rest.code_verifier;
    delete rest.expires_at;
    const expiresIn = Number(tokens.expires_in);
    const expiresAt = instantOf(tokens.expires_at) ?? (Number.isFinite(expiresIn) && expiresIn > 0 ? now() + expiresIn * 1000 : undefined);
    const refreshToken = stringOf(tokens.refresh_token);
    creds = {
      ...rest,
      [tokenKey]: tokens.access_token,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(expiresAt !== undefined ? { expires_at: new Date(expiresAt).toISOString() } : {}),
    };
    seen.add(tokens.access_token);
    if (refreshToken) seen.add(refreshToken);
    await save(creds);
    current = tokens.access_token;
    return current;
  }

  async function exchange(code: string, save: LockedCredentials['save']): Promise<string> {
    const c = requireClient('an auth_code is stored');
    if (!c.redirectUri) throw permanentFailure(FailureType.Config, `${spec.label}: an auth_code is stored without the redirect_uri it was issued for; reconnect the integration`);
    const redirectUri = c.redirectUri;
    seen.add(code);
    // PKCE (RFC 7636): the dashboard's OAuth callback stores the verifier next to the code it belongs to.
    const verifier = stringOf(creds.code_verifier);
    if (verifier) seen.add(verifier);
    const tokens = await grant(
      c,
      'code',
      // The API checked state and browser binding at the callback; here the code alone is the callback's answer.
      (as, client, auth, opts) => oauth.authorizationCodeGrantRequest(as, client, auth, oauth.validateAuthResponse(as, client, new URLSearchParams({ code }), oauth.skipStateCheck), redirectUri, verifier ?? oauth.nopkce, opts),
      (as, client, res) => oauth.processAuthorizationCodeResponse(as, client, res),
    );
    return store(tokens, save);
  }

  async function refresh(refreshToken: string, save: LockedCredentials['save']): Promise<string> {
    const c = requireClient('the access token must be refreshed');
    refreshed = true;
    seen.add(refreshToken);
    const tokens = await grant(
      c,
      'refresh',
      (as, client, auth, opts) => oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, opts),
      (as, client, res) => oauth.processRefreshTokenResponse(as, client, res),
    );
    return store(tokens, save);
  }

  /** The stored token when it is not the one the provider just refused and not within a minute (or the margin) of expiry. */
  function usable(rejected?: string): string | undefined {
    const token = stringOf(creds[tokenKey]);
    const expiresAt = instantOf(creds.expires_at);
    if (!token || token === rejected) return undefined;
    return expiresAt === undefined || expiresAt - (options.expiryMarginMs ?? EXPIRY_MARGIN_MS) > now() ? token : undefined;
  }

  /** Takes the tokens another attempt stored; a reconnect is not mixed into this attempt (its retry starts from it). */
  function adopt(latest: Record<string, unknown>): void {
    if (!sameConnection(creds, latest, tokenKey)) throw reconnectedFailure();
    creds = { ...latest };
    for (const secret of [latest[tokenKey], latest.refresh_token]) if (typeof secret === 'string') seen.add(secret);
  }

  /**
   * Exchanges or refreshes holding the integration's token lock, so a rotating provider's single-use refresh token is
   * spent once: the grant first reads what is stored now, and when another attempt (a concurrent one, or the earlier
   * attempt of this retried activity) already refreshed, uses its token without calling the provider. Undefined when
   * there is nothing to grant with.
   */
  function grantExclusively(rejected?: string): Promise<string | undefined> {
    return ctx.stores.credentials.exclusive(tokenLockBounds(options.timeoutMs), async (locked) => {
      if (locked.latest) adopt(locked.latest);
      const ready = usable(rejected);
      if (ready) return (current = ready);
      const code = stringOf(creds.auth_code);
      if (!stringOf(creds[tokenKey]) && code) return exchange(code, locked.save);
      const refreshToken = stringOf(creds.refresh_token);
      if (!refreshToken) return undefined;
      try {
        return await refresh(refreshToken, locked.save);
      } catch (err) {
        // Refused, yet a writer outside the lock (a worker of an older release) may have stored a newer token meanwhile.
        const latest = (err as { type?: unknown }).type === FailureType.Reconnect ? await locked.reread() : undefined;
        const newer = stringOf(latest?.refresh_token);
        if (!latest || newer === refreshToken) throw err;
        adopt(latest);
        const adopted = usable(rejected);
        if (adopted) return (current = adopted);
        if (!newer) throw err;
        return refresh(newer, locked.save);
      }
    });
  }

  return {
    async get() {
      if (current) return current;
      const token = stringOf(creds[tokenKey]);
      if (token) seen.add(token);
      const ready = usable();
      if (ready) return (current = ready);
      if ((!token && stringOf(creds.auth_code)) || stringOf(creds.refresh_token)) {
        const granted = await grantExclusively();
        if (granted) return granted;
      }
      // Expired and nothing to refresh with: let the provider answer (401 → the auth failure names the problem).
      const stale = stringOf(creds[tokenKey]);
      if (stale) return (current = stale);
      throw permanentFailure(FailureType.Config, `${spec.label} credentials need "${tokenKey}", "refresh_token" or an auth_code`);
    },
    async refreshAfterRejection() {
      if (refreshed || !stringOf(creds.refresh_token) || !client()) return undefined;
      refreshed = true;
      const rejected = current;
      const fresh = await grantExclusively(rejected);
      if (fresh !== undefined) current = fresh;
      return fresh;
    },
    secrets: () => [...seen, ...[creds.client_secret, creds.refresh_token, creds.auth_code, creds.code_verifier].filter((v): v is string => typeof v === 'string')],
    async remember(values) {
      creds = { ...creds, ...values };
      await ctx.stores.credentials.save(creds);
    },
  };
}

/**
 * A key the user pasted (`key`), used as it is; otherwise the OAuth tokens "Connect with …" stored. `bearer` tells the
 * adapter which of the two it got (GitLab and Linear send a pasted key differently from an OAuth token).
 */
export function keyOrTokenSource(ctx: ProviderSyncContext, spec: OAuthSpec, key: string, options: ProviderOptions = {}): { tokens: TokenSource; oauth: boolean } {
  const pasted = stringOf(ctx.credentials[key]);
  if (!pasted) return { tokens: createTokenSource(ctx, spec, options), oauth: true };
  let creds: Record<string, unknown> = { ...ctx.credentials };
  return {
    oauth: false,
    tokens: {
      get: () => Promise.resolve(pasted),
      refreshAfterRejection: () => Promise.resolve(undefined),
      secrets: () => [pasted],
      async remember(values) {
        creds = { ...creds, ...values };
        await ctx.stores.credentials.save(creds);
      },
    },
  };
}
