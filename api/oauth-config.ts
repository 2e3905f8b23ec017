import { hkdfSync } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { ConfigError } from '../db/config.js';
import { PROVIDER_DEFINITIONS, type Provider } from '../activities/providers/catalog.js';
import type { OAuthSettings } from '../activities/providers/definition.js';
import { oauthAppsFromEnv, type OAuthApp as EnvOAuthApp } from '../activities/providers/oauth-apps.js';
import { HTTP_URL_MESSAGE, isHttpUrl } from '../db/http-url.js';

/**
 * The providers with "Connect with …", from their definitions. `fields` are the non-secret credential keys the user fills
 * in before the redirect; they travel in the signed (not encrypted) state, so nothing secret may be listed there.
 */
export interface OAuthProviderSpec extends Omit<OAuthSettings, 'tokenUrl' | 'tokenKey'> {
  label: string;
}

export const OAUTH_PROVIDERS: Partial<Record<Provider, OAuthProviderSpec>> = Object.fromEntries(
  PROVIDER_DEFINITIONS.flatMap((d) => ('oauth' in d && d.oauth ? [[d.id, { label: d.label, ...d.oauth }]] : [])),
);

/** One provider's OAuth app as this API uses it: the client secret stays with the worker, which does the exchange. */
export interface OAuthApp extends OAuthProviderSpec {
  clientId: string;
  /** Registered redirect URI; default `<public base>/oauth/<provider>/callback` (api/public-base.ts). */
  redirectUri?: string;
}

export interface OAuthConfig {
  /** HMAC key for `state` and the PKCE verifier. */
  stateSecret: Buffer;
  /** Where browsers reach this API, e.g. https://audit.example.com — the redirect URI base. */
  publicUrl?: string;
  /** `http://<HOST>:<PORT>` as configured: the base without PUBLIC_URL (and without a trusted proxy's forwarded host). */
  listenUrl?: string;
  apps: Partial<Record<Provider, OAuthApp>>;
  stateTtlMs?: number;
}

/**
 * Called by api/main.ts with process.env. `<P>_CLIENT_ID` + `<P>_CLIENT_SECRET` enable a provider (the secret is
 * checked here only so the button never leads to a worker that cannot exchange the code); `<P>_AUTHORIZE_URL`,
 * `<P>_REDIRECT_URI`, `<P>_SCOPES` override. The state key is `OAUTH_STATE_SECRET`, else derived (HKDF) from the
 * credentials key so every API instance agrees without another secret to manage. `listen` is the parsed HOST and PORT:
 * the redirect base when PUBLIC_URL is unset, so it never follows a request's Host. Errors name variables, never values.
 */
export function oauthConfigFromEnv(env: Readonly<Record<string, string | undefined>>, credentialsKey: Buffer, listen?: { host: string; port: number }): OAuthConfig {
  const apps: Partial<Record<Provider, OAuthApp>> = {};
  for (const [provider, configured] of Object.entries(oauthAppsFromEnv(env)) as [Provider, EnvOAuthApp][]) {
    const spec = OAUTH_PROVIDERS[provider];
    const { clientId, clientSecret, authorizeUrl, redirectUri, scopes } = configured;
    if (!spec || !clientId || !clientSecret) continue;
    apps[provider] = { ...spec, clientId, ...(authorizeUrl ? { authorizeUrl } : {}), ...(redirectUri ? { redirectUri } : {}), ...(scopes ? { scopes } : {}) };
  }
  const explicit = env.OAUTH_STATE_SECRET?.trim();
  if (explicit !== undefined && explicit !== '' && explicit.length < 32) {
    throw new ConfigError('invalid configuration: OAUTH_STATE_SECRET: must be at least 32 characters');
  }
  const stateSecret = explicit
    ? Buffer.from(explicit, 'utf8')
    : Buffer.from(hkdfSync('sha256', credentialsKey, Buffer.alloc(0), 'audit-integrations/oauth-state', 32));
  const publicUrl = env.PUBLIC_URL?.trim();
  if (publicUrl && !isHttpUrl(publicUrl)) throw new ConfigError(`invalid configuration: PUBLIC_URL: ${HTTP_URL_MESSAGE}`);
  // In production the redirect URI must not follow whatever Host a request came with.
  if (!publicUrl && env.NODE_ENV?.trim() === 'production' && Object.keys(apps).length > 0) {
    throw new ConfigError(`invalid configuration: PUBLIC_URL: is required when NODE_ENV=production and an OAuth app is configured (${Object.keys(apps).join(', ')})`);
  }
  const listenUrl = listen ? listenOrigin(listen.host, listen.port) : undefined;
  return { stateSecret, apps, ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}), ...(listenUrl ? { listenUrl } : {}) };
}

/**
 * The API's own address as a browser would type it. A wildcard bind (0.0.0.0, ::) names no host a browser can use, so
 * it becomes localhost — the one host every provider accepts in a development redirect URI. Port 0 (any free port) is
 * not known until the server listens: undefined, and the route falls back to the socket's local address.
 */
export function listenOrigin(host: string, port: number): string | undefined {
  if (port === 0) return undefined;
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (bare === '' || (ipaddr.isValid(bare) && ipaddr.parse(bare).range() === 'unspecified')) return `http://localhost:${port}`;
  return `http://${ipaddr.IPv6.isValid(bare) ? `[${bare}]` : bare}:${port}`;
}
