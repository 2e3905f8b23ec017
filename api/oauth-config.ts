import { hkdfSync } from 'node:crypto';
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
  /** Registered redirect URI; default `<PUBLIC_URL or request origin>/oauth/<provider>/callback`. */
  redirectUri?: string;
}

export interface OAuthConfig {
  /** HMAC key for `state` and the PKCE verifier. */
  stateSecret: Buffer;
  /** Where browsers reach this API, e.g. https://audit.example.com — the redirect URI base. */
  publicUrl?: string;
  apps: Partial<Record<Provider, OAuthApp>>;
  stateTtlMs?: number;
}

/**
 * Called by api/main.ts with process.env. `<P>_CLIENT_ID` + `<P>_CLIENT_SECRET` enable a provider (the secret is
 * checked here only so the button never leads to a worker that cannot exchange the code); `<P>_AUTHORIZE_URL`,
 * `<P>_REDIRECT_URI`, `<P>_SCOPES` override. The state key is `OAUTH_STATE_SECRET`, else derived (HKDF) from the
 * credentials key so every API instance agrees without another secret to manage. Errors name variables, never values.
 */
export function oauthConfigFromEnv(env: Readonly<Record<string, string | undefined>>, credentialsKey: Buffer): OAuthConfig {
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
  return { stateSecret, apps, ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}) };
}
