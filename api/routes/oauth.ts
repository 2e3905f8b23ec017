import { formatTimestamp } from '../../db/timestamps.js';
import Router from '@koa/router';
import ipaddr from 'ipaddr.js';
import type { Context } from 'koa';
import * as oauth from 'oauth4webapi';
import { selfManagedUrl } from '../../activities/providers/definition.js';
import { HTTP_URL_MESSAGE, isHttpUrl } from '../../db/http-url.js';
import { findActiveKeyById } from '../../db/api-keys.js';
import { consumeOAuthState } from '../../db/oauth-states.js';
import type { CredentialCipher } from '../../db/crypto.js';
import { isProvider, type Provider } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../middleware/body.js';
import { sendData } from '../middleware/envelope.js';
import { parseConnectBody } from '../middleware/validate.js';
import { OAUTH_PROVIDERS, type OAuthApp, type OAuthConfig } from '../oauth-config.js';
import { requestActor } from '../audit.js';
import { connectWithinQuota, DEFAULT_QUOTAS, type Quotas } from '../quotas.js';
import { bindingMac, isBoundTo, newBinding, newStateId, pkceVerifier, signState, verifyState, type OAuthState } from '../oauth-state.js';
import { providerParam, scope } from './scope.js';

export interface OAuthRoutesDeps {
  sql: Sql;
  cipher: CredentialCipher;
  config: OAuthConfig | undefined;
  now?: () => number;
  quotas?: Quotas;
  /** After a connect committed: the row is due at once (api/sync-wakeup.ts). */
  wakeSweeper?: () => void;
}

const DEFAULT_TTL_MS = 10 * 60_000;
const COOKIE_PATH = '/oauth/';
const FIELD_MAX = 500;
const PROVIDER_ERROR = /^[a-z_]{1,64}$/;

const cookieName = (provider: Provider) => `oauth_${provider}`;

function appFor(config: OAuthConfig | undefined, provider: Provider): OAuthApp {
  const app = config?.apps[provider];
  if (!app) throw new ApiError('oauth_not_configured', 422);
  return app;
}

/** Only the provider's non-secret fields, as short strings: they ride in a URL. Messages name keys from our list only. */
function parseFields(app: OAuthApp, body: unknown): Record<string, string> {
  if (body === undefined) return {};
  const credentials = (body as { credentials?: unknown } | null)?.credentials;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('validation_failed', 422, 'body must be a JSON object');
  if (credentials === undefined) return {};
  if (typeof credentials !== 'object' || credentials === null || Array.isArray(credentials)) throw new ApiError('validation_failed', 422, 'credentials must be an object');
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(credentials)) {
    if (!app.fields.includes(key)) throw new ApiError('validation_failed', 422, `credentials may only hold ${app.fields.join(', ')} (secrets come from the provider)`);
    if (typeof value !== 'string' || value.length > FIELD_MAX) throw new ApiError('validation_failed', 422, `credentials.${key} must be a string of at most ${FIELD_MAX} characters`);
    if (value.trim() !== '') fields[key] = value.trim();
  }
  return fields;
}

/**
 * Where the browser goes and under which client id. A provider with self-managed instances (GitLab): a `client_id` in
 * the fields is the instance's own public app at `base_url`'s origin (PKCE, no secret anywhere); without one, the
 * deployment's app serves its own instance only, so a `base_url` elsewhere is refused here rather than failing later.
 */
function authorizeTarget(provider: Provider, app: OAuthApp, fields: Record<string, string>): { authorizeUrl: string; clientId: string } {
  if (!app.selfManaged) return { authorizeUrl: app.authorizeUrl, clientId: app.clientId };
  const base = fields.base_url;
  if (base !== undefined && !isHttpUrl(base)) throw new ApiError('validation_failed', 422, `credentials.base_url: ${HTTP_URL_MESSAGE}`);
  if (fields.client_id) return { authorizeUrl: selfManagedUrl(OAUTH_PROVIDERS[provider]!, base, 'authorize'), clientId: fields.client_id };
  const served = new URL(app.authorizeUrl).origin;
  if (base !== undefined && new URL(base).origin !== served) {
    throw new ApiError('validation_failed', 422, `credentials.client_id is required for a ${app.label} instance other than ${served} (the Application ID of an OAuth application there)`);
  }
  return { authorizeUrl: app.authorizeUrl, clientId: app.clientId };
}

/** The last entry of a forwarded header: the one our single trusted proxy wrote (earlier ones came from the client). */
function lastForwarded(ctx: Context, name: string): string | undefined {
  return ctx.get(name).split(',').at(-1)?.trim() || undefined;
}

// A DNS name or bracketed IPv6 literal with an optional port: nothing that could add a path, credentials or a query.
const FORWARDED_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `http(s)://host[:port]` from X-Forwarded-Host/-Proto, or undefined when the host is missing or not a bare host. */
function forwardedOrigin(ctx: Context): string | undefined {
  const host = lastForwarded(ctx, 'X-Forwarded-Host');
  if (!host || host.length > 255 || !FORWARDED_HOST.test(host)) return undefined;
  const proto = lastForwarded(ctx, 'X-Forwarded-Proto')?.toLowerCase() === 'https' ? 'https' : 'http';
  return URL.canParse(`${proto}://${host}`) ? new URL(`${proto}://${host}`).origin : undefined;
}

function socketOrigin(ctx: Context): string {
  const { localAddress, localPort } = ctx.req.socket;
  const address = localAddress && ipaddr.isValid(localAddress) ? ipaddr.process(localAddress) : undefined;
  const host = !address ? 'localhost' : address.kind() === 'ipv6' ? `[${address.toString()}]` : address.toString();
  return `http://${host}:${localPort ?? 80}`;
}

/**
 * The redirect URI's base, never from a header the client controls: PUBLIC_URL; else, only with TRUST_PROXY (Koa's
 * `app.proxy`), the host our proxy forwarded; else HOST:PORT as configured (`listenUrl`); an app built without one
 * (tests, PORT=0) uses the address this connection arrived at, which no request header can change either.
 */
function redirectBase(ctx: Context, config: OAuthConfig): string {
  if (config.publicUrl) return config.publicUrl;
  const forwarded = ctx.app.proxy ? forwardedOrigin(ctx) : undefined;
  return forwarded ?? config.listenUrl ?? socketOrigin(ctx);
}

function cookie(provider: Provider, value: string, maxAgeS: number, secure: boolean): string {
  return `${cookieName(provider)}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * `POST …/integrations/:provider/oauth/start` (audit:write, under /api/v1) answers the provider's authorize URL with a
 * signed state, and binds the flow to this browser with an HttpOnly cookie (so nobody can send a victim through an
 * authorization that lands in the sender's project). `GET /api/v1/oauth/providers` lists the configured apps.
 */
export function oauthApiRoutes(deps: OAuthRoutesDeps): Router {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const router = new Router();

  router.get('/oauth/providers', (ctx) => {
    const apps = Object.entries(config?.apps ?? {}) as [Provider, OAuthApp][];
    sendData(ctx, apps.map(([provider, app]) => ({ provider, label: app.label, fields: app.fields })));
  });

  router.post('/orgs/:org_id/projects/:project_id/audit/integrations/:provider/oauth/start', async (ctx) => {
    const { key, orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const app = appFor(config, provider);
    const fields = parseFields(app, await readJsonBody(ctx));
    const redirectUri = app.redirectUri ?? `${redirectBase(ctx, config!)}/oauth/${provider}/callback`;
    const ttl = config!.stateTtlMs ?? DEFAULT_TTL_MS;
    // The cookie is not in the state, only its MAC: whoever reads the state from a URL cannot answer for this browser.
    const binding = newBinding();
    const state: OAuthState = {
      v: 2, org: orgId, project: projectId, provider, key: key.id, exp: now() + ttl,
      id: newStateId(), bind: bindingMac(config!.stateSecret, binding), ru: redirectUri, fields,
    };
    const target = authorizeTarget(provider, app, fields);
    const url = new URL(target.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', target.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', app.scopes);
    url.searchParams.set('state', signState(config!.stateSecret, state));
    if (app.pkce) {
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pkceVerifier(config!.stateSecret, binding)));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    for (const [k, v] of Object.entries(app.extraParams)) url.searchParams.set(k, v);
    ctx.append('Set-Cookie', cookie(provider, binding, Math.ceil(ttl / 1000), redirectUri.startsWith('https:')));
    ctx.set('Cache-Control', 'no-store');
    sendData(ctx, { authorize_url: url.toString(), expires_at: formatTimestamp(new Date(state.exp)) });
  });

  return router;
}

/**
 * `GET /oauth/:provider/callback` — outside /api/v1 because it is a browser navigation from the provider, with no API
 * key: the signed, single-use state, the cookie it is bound to and the key id in it stand in for one. Always ends in a
 * redirect to the dashboard with an outcome code; the authorization code is stored exactly as connect stores it (merged
 * into the credentials, with the redirect URI and PKCE verifier the worker's token exchange must repeat).
 */
export function oauthCallbackRoutes(deps: OAuthRoutesDeps): Router {
  const { sql, cipher, config } = deps;
  const now = deps.now ?? Date.now;
  const router = new Router();

  router.get('/oauth/:provider/callback', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    const provider = String(ctx.params.provider);
    // Not one of the eight: no such callback (a 404 like any unknown path), rather than a redirect naming no provider.
    if (!isProvider(provider)) throw new ApiError('not_found', 404);
    const done = (outcome: Record<string, string>) => {
      ctx.status = 303;
      ctx.redirect(`/dashboard/?${new URLSearchParams({ ...outcome, provider }).toString()}`);
    };
    if (!config?.apps[provider]) return done({ oauth_error: 'oauth_not_configured' });
    const app = config.apps[provider];
    const state = verifyState(config.stateSecret, typeof ctx.query.state === 'string' ? ctx.query.state : '', now());
    if (typeof state === 'string') return done({ oauth_error: state });
    if (state.provider !== provider) return done({ oauth_error: 'invalid_state' });
    const bound = ctx.cookies.get(cookieName(provider));
    ctx.append('Set-Cookie', cookie(provider, '', 0, state.ru.startsWith('https:')));
    if (!isBoundTo(config.stateSecret, state, bound)) return done({ oauth_error: 'state_mismatch' });
    // Spent only now that signature, expiry, provider and cookie all check out: a request without the browser's cookie
    // (someone who merely saw the URL) cannot burn the victim's state. From here on it is spent whatever the outcome.
    if (!(await consumeOAuthState(sql, state.id, new Date(state.exp), new Date(now())))) return done({ oauth_error: 'invalid_state' });
    const error = ctx.query.error;
    if (error !== undefined) return done({ oauth_error: typeof error === 'string' && PROVIDER_ERROR.test(error) ? error : 'provider_error' });
    const code = ctx.query.code;
    if (typeof code !== 'string' || code === '') return done({ oauth_error: 'missing_code' });
    const key = await findActiveKeyById(sql, state.key);
    if (!key || key.org_id !== state.org || !key.scopes.includes('audit:write')) return done({ oauth_error: 'forbidden' });

    const extra: Record<string, string> = { redirect_uri: state.ru };
    if (app.pkce) extra.code_verifier = pkceVerifier(config.stateSecret, bound);
    let credentials;
    try {
      credentials = parseConnectBody({ credentials: { ...state.fields, ...extra }, auth_code: code });
    } catch {
      return done({ oauth_error: 'invalid_code' });
    }
    const target = { orgId: state.org, projectId: state.project, provider };
    // Due at once, like the API's connect: the wake-up after it starts the first sync.
    try {
      await connectWithinQuota(sql, deps.quotas ?? DEFAULT_QUOTAS, cipher, target, credentials, requestActor(ctx, key));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'quota_exceeded') return done({ oauth_error: 'quota_exceeded' });
      throw err;
    }
    deps.wakeSweeper?.();
    return done({ oauth: 'connected', project: state.project });
  });

  return router;
}
