import { formatTimestamp } from '../../db/timestamps.js';
import Router from '@koa/router';
import * as oauth from 'oauth4webapi';
import { selfManagedUrl } from '../../activities/providers/definition.js';
import { HTTP_URL_MESSAGE, isHttpUrl } from '../../db/http-url.js';
import { findActiveKeyById } from '../../db/api-keys.js';
import { findActiveSessionById } from '../../db/connect-sessions.js';
import { consumeOAuthState } from '../../db/oauth-states.js';
import type { CredentialCipher } from '../../db/crypto.js';
import { isProvider, type Provider } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../middleware/body.js';
import { sendData } from '../middleware/envelope.js';
import { parseConnectBody } from '../middleware/validate.js';
import { OAUTH_PROVIDERS, type OAuthApp, type OAuthConfig } from '../oauth-config.js';
import { publicBase } from '../public-base.js';
import { requestActor, sessionActor } from '../audit.js';
import { connectWithinQuota, DEFAULT_QUOTAS, type Quotas } from '../quotas.js';
import { bindingMac, isBoundTo, newBinding, newStateId, pkceVerifier, signState, verifyState, type OAuthState } from '../oauth-state.js';
import { connectScope, providerParam } from './scope.js';

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

function cookie(provider: Provider, value: string, maxAgeS: number, secure: boolean): string {
  return `${cookieName(provider)}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * `POST …/integrations/:provider/oauth/start` (audit:write, under /api/v1) answers the provider's authorize URL with a
 * signed state, and binds the flow to this browser with an HttpOnly cookie (so nobody can send a victim through an
 * authorization that lands in the sender's project). A connect session may start it for its own project and providers:
 * the state then names the session (`cs`) and its creating key. `GET /api/v1/oauth/providers` lists the configured apps.
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
    const { key, session, orgId, projectId } = connectScope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const app = appFor(config, provider);
    const fields = parseFields(app, await readJsonBody(ctx));
    const redirectUri = app.redirectUri ?? `${publicBase(ctx, config)}/oauth/${provider}/callback`;
    const ttl = config!.stateTtlMs ?? DEFAULT_TTL_MS;
    // The cookie is not in the state, only its MAC: whoever reads the state from a URL cannot answer for this browser.
    const binding = newBinding();
    const state: OAuthState = {
      v: 2, org: orgId, project: projectId, provider, key: session ? session.api_key_id : key.id, exp: now() + ttl,
      id: newStateId(), bind: bindingMac(config!.stateSecret, binding), ru: redirectUri, fields, ...(session ? { cs: session.id } : {}),
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
 * redirect with an outcome code: to the dashboard, or for a flow a connect session started, to the hosted connect page
 * (`/connect/#oauth=<outcome>&provider=…[&integration_id=…]`, in the fragment: it never reaches a server log). A
 * session's flow connects only while the session is still active, and is recorded under the session. The authorization
 * code is stored exactly as connect stores it (merged into the credentials, with the redirect URI and PKCE verifier the
 * worker's token exchange must repeat).
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
    // Until a verified state says a connect session started the flow, the outcome goes to the dashboard.
    let connectPage = false;
    const done = (outcome: Record<string, string>) => {
      ctx.status = 303;
      if (!connectPage) return ctx.redirect(`/dashboard/?${new URLSearchParams({ ...outcome, provider }).toString()}`);
      const { oauth_error: error, oauth: ok, integration_id: integrationId } = outcome;
      ctx.redirect(`/connect/#${new URLSearchParams({ oauth: error ?? ok ?? 'invalid_state', provider, ...(integrationId ? { integration_id: integrationId } : {}) }).toString()}`);
    };
    if (!config?.apps[provider]) return done({ oauth_error: 'oauth_not_configured' });
    const app = config.apps[provider];
    const raw = typeof ctx.query.state === 'string' ? ctx.query.state : '';
    const state = verifyState(config.stateSecret, raw, now());
    if (typeof state === 'string') {
      // An expired state is still ours (its signature checks out at any time): a session's flow hears it on its page.
      const signed = state === 'expired_state' ? verifyState(config.stateSecret, raw, Number.NEGATIVE_INFINITY) : undefined;
      connectPage = typeof signed === 'object' && signed.cs !== undefined;
      return done({ oauth_error: state });
    }
    connectPage = state.cs !== undefined;
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
    // Revoked or expired since the start (or its key revoked): the session no longer acts, so nothing is connected.
    const session = state.cs === undefined ? undefined : await findActiveSessionById(sql, state.cs);
    if (state.cs !== undefined && (!session || session.org_id !== state.org || session.project_id !== state.project || !session.providers.includes(provider))) {
      return done({ oauth_error: 'unauthorized' });
    }

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
    let row;
    try {
      row = await connectWithinQuota(sql, deps.quotas ?? DEFAULT_QUOTAS, cipher, target, credentials, session ? sessionActor(ctx, session) : requestActor(ctx, key));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'quota_exceeded') return done({ oauth_error: 'quota_exceeded' });
      throw err;
    }
    deps.wakeSweeper?.();
    if (session) return done({ oauth: 'connected', integration_id: (JSON.parse(row.json) as { id: string }).id });
    return done({ oauth: 'connected', project: state.project });
  });

  return router;
}
