import type * as z from 'zod';
import { baseUrl, httpUrl, oauthManaged, text, type OAuthSettings } from './definition.js';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** ga4 and gsc: a token, or a refresh token with its own OAuth client, or what "Connect with Google" stores. */
export function googleCredentials(defaultBaseUrl: string) {
  return {
    access_token: text({ title: 'Access token', description: 'An OAuth access token; or the three refresh fields below', secret: true }, 4096).optional(),
    refresh_token: text({ title: 'Refresh token', description: 'An OAuth refresh token of your own OAuth client', link: 'https://developers.google.com/identity/protocols/oauth2/web-server', secret: true }, 4096).optional(),
    client_id: text({ title: 'OAuth client ID', description: 'The OAuth client the refresh token belongs to', link: 'https://console.cloud.google.com/apis/credentials' }, 500).optional(),
    client_secret: text({ title: 'OAuth client secret', description: "That OAuth client's secret", secret: true }, 500).optional(),
    base_url: baseUrl(defaultBaseUrl),
    token_url: httpUrl({ title: 'Token URL', description: `Optional; default ${GOOGLE_TOKEN_URL}` }).optional(),
    ...oauthManaged,
  };
}

interface GoogleTokens {
  access_token?: string | undefined;
  refresh_token?: string | undefined;
  client_id?: string | undefined;
  client_secret?: string | undefined;
  auth_code?: string | undefined;
}

export const GOOGLE_CREDENTIALS_RULE = 'Enter an access token, or a refresh token (with its client ID and client secret unless this server has a Google OAuth app).';

/**
 * A way to a token: an access token, a stored code, or a refresh token — with its own client, or the deployment's
 * GA4_, GSC_ or GOOGLE_ app (the worker names those variables if neither is there). An own client is both keys.
 */
export function googleTokenCheck(value: GoogleTokens, ctx: z.RefinementCtx): void {
  if (!value.access_token && !value.auth_code && !value.refresh_token) ctx.addIssue({ code: 'custom', path: [], message: GOOGLE_CREDENTIALS_RULE });
  if (value.client_id && !value.client_secret) ctx.addIssue({ code: 'custom', path: ['client_secret'], message: 'is required with a client ID' });
  if (value.client_secret && !value.client_id) ctx.addIssue({ code: 'custom', path: ['client_id'], message: 'is required with a client secret' });
}

const GOOGLE_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

export function googleOAuth(env: string, scopes: string, fields: readonly string[]): OAuthSettings {
  return {
    env: [env, 'GOOGLE'],
    authorizeUrl: GOOGLE_AUTHORIZE_URL,
    tokenUrl: GOOGLE_TOKEN_URL,
    scopes,
    pkce: true,
    // Offline access + consent so Google returns a refresh token the worker can rotate.
    extraParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    fields,
    tokenKey: 'access_token',
  };
}
