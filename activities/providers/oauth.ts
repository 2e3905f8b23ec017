import { FailureType, permanentFailure } from '../errors.js';
import { failureFromResponse, jsonOf } from './http.js';
import type { OAuthSettings } from './definition.js';
import type { OAuthApp } from './oauth-apps.js';
import { instantOf, stringOf, type ProviderOptions } from './options.js';
import type { Provider } from './catalog.js';
import type { ProviderSyncContext } from './types.js';

/** Whose tokens: the provider (its env app) and its definition's OAuth settings (token key, default token URL). */
export interface OAuthSpec {
  label: string;
  provider: Provider;
  oauth: OAuthSettings;
}

export interface TokenSource {
  /** A usable access token: exchanges a stored auth_code or refreshes an expired token first, and saves the result. */
  get(): Promise<string>;
  /** After the provider answered 401: a refreshed token if a refresh is possible (once per sync), else undefined. */
  refreshAfterRejection(): Promise<string | undefined>;
  /** Every secret this source has seen, for sanitizeMessage. */
  secrets(): string[];
}

interface Client {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  redirectUri: string | undefined;
}

interface TokenResponse {
  access_token: string;
  refresh_token?: unknown;
  expires_in?: unknown;
  expires_at?: unknown;
}

const EXPIRY_MARGIN_MS = 60_000;
const OAUTH_ERROR = /^[a-z_]{1,64}$/;

/**
 * The token side of a sync. Secrets are only ever sent to the token URL of the OAuth client they belong to: a
 * credentials `token_url` is honoured only with a client_id/client_secret from the credentials too, so a user cannot
 * point the deployment's client secret at a server of their choosing.
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

  async function callTokenEndpoint(c: Client, form: Record<string, string>, kind: 'code' | 'refresh'): Promise<TokenResponse> {
    for (const v of Object.values(form)) seen.add(v);
    seen.add(c.clientSecret);
    const label = `${spec.label} token endpoint`;
    const res = await ctx.http.send(c.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      label,
      origin: 'token_url',
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    const parsed = await jsonOf(res.clone());
    // Not JSON, or not an object: classified by status below.
    const json: Record<string, unknown> = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    if (res.ok && stringOf(json.access_token)) return json as unknown as TokenResponse;
    if (res.ok) throw permanentFailure(FailureType.Invalid, `${label} answered without an access_token`);
    if (res.status === 429 || res.status >= 500) throw await failureFromResponse(res, label, [...seen]);
    const error = typeof json.error === 'string' && OAUTH_ERROR.test(json.error) ? json.error : undefined;
    if (error === 'invalid_client' || error === 'unauthorized_client') {
      throw permanentFailure(FailureType.Config, `${label} rejected the OAuth client (${error}); check ${envNames[0]}_CLIENT_ID and ${envNames[0]}_CLIENT_SECRET`);
    }
    const what = kind === 'code' ? 'refused the authorization code' : 'refused the stored refresh token';
    throw permanentFailure(FailureType.Reconnect, `${spec.label} ${what}${error ? ` (${error})` : ''}: reconnect the integration to authorize again`);
  }

  /** Keeps every other key; replaces the token fields; drops the used code and a stale expiry. */
  async function store(tokens: TokenResponse): Promise<string> {
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
    await ctx.stores.credentials.save(creds);
    current = tokens.access_token;
    return current;
  }

  async function exchange(code: string): Promise<string> {
    const c = requireClient('an auth_code is stored');
    const form: Record<string, string> = { grant_type: 'authorization_code', code, client_id: c.clientId, client_secret: c.clientSecret };
    if (c.redirectUri) form.redirect_uri = c.redirectUri;
    // PKCE (RFC 7636): the dashboard's OAuth callback stores the verifier next to the code it belongs to.
    const verifier = stringOf(creds.code_verifier);
    if (verifier) form.code_verifier = verifier;
    return store(await callTokenEndpoint(c, form, 'code'));
  }

  async function refresh(refreshToken: string): Promise<string> {
    const c = requireClient('the access token must be refreshed');
    refreshed = true;
    const form = { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: c.clientId, client_secret: c.clientSecret };
    return store(await callTokenEndpoint(c, form, 'refresh'));
  }

  return {
    async get() {
      if (current) return current;
      const token = stringOf(creds[tokenKey]);
      const code = stringOf(creds.auth_code);
      const refreshToken = stringOf(creds.refresh_token);
      const expiresAt = instantOf(creds.expires_at);
      if (token) seen.add(token);
      if (!token && code) return exchange(code);
      if (token && (expiresAt === undefined || expiresAt - EXPIRY_MARGIN_MS > now())) return (current = token);
      if (refreshToken) return refresh(refreshToken);
      // Expired and nothing to refresh with: let the provider answer (401 → the auth failure names the problem).
      if (token) return (current = token);
      throw permanentFailure(FailureType.Config, `${spec.label} credentials need "${tokenKey}", "refresh_token" or an auth_code`);
    },
    async refreshAfterRejection() {
      const refreshToken = stringOf(creds.refresh_token);
      if (refreshed || !refreshToken || !client()) return undefined;
      return refresh(refreshToken);
    },
    secrets: () => [...seen, ...[creds.client_secret, creds.refresh_token, creds.auth_code, creds.code_verifier].filter((v): v is string => typeof v === 'string')],
  };
}

/** Sends with the current token; on a 401 refreshes once (when a refresh token and client are at hand) and resends. */
export async function sendWithToken(tokens: TokenSource, send: (token: string) => Promise<Response>): Promise<Response> {
  const res = await send(await tokens.get());
  if (res.status !== 401) return res;
  let fresh: string | undefined;
  try {
    fresh = await tokens.refreshAfterRejection();
  } catch (err) {
    await res.body?.cancel();
    throw err;
  }
  if (fresh === undefined) return res;
  await res.body?.cancel();
  return send(fresh);
}
