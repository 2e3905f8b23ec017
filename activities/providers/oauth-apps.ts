import { ConfigError } from '../../db/config.js';
import { HTTP_URL_MESSAGE, isHttpUrl } from '../../db/http-url.js';
import { PROVIDER_DEFINITIONS, type Provider } from './catalog.js';

/**
 * This deployment's OAuth app per provider, resolved from `<PREFIX>_CLIENT_ID`, `_CLIENT_SECRET`, `_AUTHORIZE_URL`,
 * `_TOKEN_URL`, `_REDIRECT_URI`, `_SCOPES` for the prefixes of the provider's definition, in order, per variable
 * (ga4: GA4_* before GOOGLE_*). The one parser for the API (authorize URLs) and the worker (code exchange, refresh).
 */
export interface OAuthApp {
  clientId?: string;
  clientSecret?: string;
  authorizeUrl?: string;
  tokenUrl?: string;
  redirectUri?: string;
  scopes?: string;
}
export type OAuthApps = Partial<Record<Provider, OAuthApp>>;

const URL_SUFFIXES = new Set(['AUTHORIZE_URL', 'TOKEN_URL', 'REDIRECT_URI']);
const FIELDS = { clientId: 'CLIENT_ID', clientSecret: 'CLIENT_SECRET', authorizeUrl: 'AUTHORIZE_URL', tokenUrl: 'TOKEN_URL', redirectUri: 'REDIRECT_URI', scopes: 'SCOPES' } as const;

/** Every env prefix any provider's OAuth settings read (for the docs check and the env module). */
export const OAUTH_ENV_PREFIXES = [...new Set(PROVIDER_DEFINITIONS.flatMap((d) => ('oauth' in d && d.oauth ? d.oauth.env : [])))];
export const OAUTH_ENV_SUFFIXES = Object.values(FIELDS);

/** Names a bad variable, never a value. */
export function oauthAppsFromEnv(env: Readonly<Record<string, string | undefined>>): OAuthApps {
  const read = (name: string) => {
    const value = env[name]?.trim() || undefined;
    if (value !== undefined && URL_SUFFIXES.has(name.slice(name.indexOf('_') + 1)) && !isHttpUrl(value)) {
      throw new ConfigError(`invalid configuration: ${name}: ${HTTP_URL_MESSAGE}`);
    }
    return value;
  };
  const apps: OAuthApps = {};
  for (const def of PROVIDER_DEFINITIONS) {
    if (!('oauth' in def) || !def.oauth) continue;
    const prefixes = def.oauth.env;
    const app: OAuthApp = {};
    for (const [field, suffix] of Object.entries(FIELDS) as [keyof OAuthApp, string][]) {
      const value = prefixes.map((p) => read(`${p}_${suffix}`)).find((v) => v !== undefined);
      if (value !== undefined) app[field] = field === 'authorizeUrl' || field === 'redirectUri' ? value.replace(/\/+$/, '') : value;
    }
    // Per variable, so GA4_CLIENT_ID may pair with GOOGLE_CLIENT_SECRET; half an app is a start-up error.
    if ((app.clientId === undefined) !== (app.clientSecret === undefined)) {
      const prefix = prefixes.find((p) => read(`${p}_CLIENT_ID`) !== undefined || read(`${p}_CLIENT_SECRET`) !== undefined) ?? prefixes[0];
      throw new ConfigError(`invalid configuration: ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET must be set together`);
    }
    if (Object.keys(app).length > 0) apps[def.id] = app;
  }
  return apps;
}
