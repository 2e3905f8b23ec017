import { hkdfSync } from 'node:crypto';
import { ConfigError } from '../db/config.js';
import type { Provider } from '../db/providers.js';

/**
 * The providers whose adapters exchange a stored `auth_code` for tokens (activities/providers/oauth.ts): only these get
 * a "Connect with …" button. `fields` are the non-secret credential keys the user fills in before the redirect; they
 * travel in the signed (not encrypted) state, so nothing secret may be listed there.
 */
export interface OAuthProviderSpec {
  label: string;
  /** Env prefixes consulted in order, per variable — the same precedence the worker uses (GA4_* before GOOGLE_*). */
  env: readonly string[];
  authorizeUrl: string;
  scopes: string;
  /** RFC 7636 S256. Google documents it for web-server apps; Sentry does not, so it is not sent there. */
  pkce: boolean;
  extraParams: Readonly<Record<string, string>>;
  fields: readonly string[];
}

const GOOGLE_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
// Offline access + consent so Google returns a refresh token the worker can rotate.
const GOOGLE_EXTRA = { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' };

export const OAUTH_PROVIDERS: Partial<Record<Provider, OAuthProviderSpec>> = {
  sentry: {
    label: 'Sentry',
    env: ['SENTRY'],
    authorizeUrl: 'https://sentry.io/oauth/authorize/',
    scopes: 'org:read project:read event:read',
    pkce: false,
    extraParams: {},
    fields: ['organization', 'project', 'base_url'],
  },
  ga4: {
    label: 'Google Analytics 4',
    env: ['GA4', 'GOOGLE'],
    authorizeUrl: GOOGLE_AUTHORIZE_URL,
    scopes: 'https://www.googleapis.com/auth/analytics.readonly',
    pkce: true,
    extraParams: GOOGLE_EXTRA,
    fields: ['property_id', 'base_url'],
  },
  gsc: {
    label: 'Google Search Console',
    env: ['GSC', 'GOOGLE'],
    authorizeUrl: GOOGLE_AUTHORIZE_URL,
    scopes: 'https://www.googleapis.com/auth/webmasters.readonly',
    pkce: true,
    extraParams: GOOGLE_EXTRA,
    fields: ['site_url', 'base_url'],
  },
};

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

function httpUrl(value: string, name: string): string {
  if (!/^https?:\/\/[^\s/]+/i.test(value) || !URL.canParse(value)) throw new ConfigError(`invalid configuration: ${name}: must be an http(s) URL`);
  return value.replace(/\/+$/, '');
}

/**
 * Called by api/main.ts with process.env. `<P>_CLIENT_ID` + `<P>_CLIENT_SECRET` enable a provider (the secret is
 * checked here only so the button never leads to a worker that cannot exchange the code); `<P>_AUTHORIZE_URL`,
 * `<P>_REDIRECT_URI`, `<P>_SCOPES` override. The state key is `OAUTH_STATE_SECRET`, else derived (HKDF) from the
 * credentials key so every API instance agrees without another secret to manage. Errors name variables, never values.
 */
export function oauthConfigFromEnv(env: Readonly<Record<string, string | undefined>>, credentialsKey: Buffer): OAuthConfig {
  const apps: Partial<Record<Provider, OAuthApp>> = {};
  for (const [provider, spec] of Object.entries(OAUTH_PROVIDERS) as [Provider, OAuthProviderSpec][]) {
    const get = (suffix: string) => spec.env.map((p) => env[`${p}_${suffix}`]?.trim()).find((v) => v);
    const clientId = get('CLIENT_ID');
    const clientSecret = get('CLIENT_SECRET');
    if (!clientId || !clientSecret) continue;
    const authorizeUrl = get('AUTHORIZE_URL');
    const redirectUri = get('REDIRECT_URI');
    const scopes = get('SCOPES');
    const name = spec.env[0]!;
    apps[provider] = {
      ...spec,
      clientId,
      ...(authorizeUrl ? { authorizeUrl: httpUrl(authorizeUrl, `${name}_AUTHORIZE_URL`) } : {}),
      ...(redirectUri ? { redirectUri: httpUrl(redirectUri, `${name}_REDIRECT_URI`) } : {}),
      ...(scopes ? { scopes } : {}),
    };
  }
  const explicit = env.OAUTH_STATE_SECRET?.trim();
  if (explicit !== undefined && explicit !== '' && explicit.length < 32) {
    throw new ConfigError('invalid configuration: OAUTH_STATE_SECRET: must be at least 32 characters');
  }
  const stateSecret = explicit
    ? Buffer.from(explicit, 'utf8')
    : Buffer.from(hkdfSync('sha256', credentialsKey, Buffer.alloc(0), 'audit-integrations/oauth-state', 32));
  const publicUrl = env.PUBLIC_URL?.trim();
  return { stateSecret, apps, ...(publicUrl ? { publicUrl: httpUrl(publicUrl, 'PUBLIC_URL') } : {}) };
}
