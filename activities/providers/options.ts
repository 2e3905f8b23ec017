import { ConfigError } from '../../db/config.js';
import { PROVIDERS, type Provider } from '../../db/providers.js';
import { FailureType, permanentFailure } from '../errors.js';

/**
 * OAuth apps of this deployment, from the worker's env: `<NAME>_CLIENT_ID`, `<NAME>_CLIENT_SECRET`, `<NAME>_TOKEN_URL`,
 * `<NAME>_REDIRECT_URI` for NAME in the providers plus GOOGLE (shared by ga4 and gsc; GA4_* / GSC_* win per variable).
 */
export interface OAuthApp {
  clientId?: string;
  clientSecret?: string;
  tokenUrl?: string;
  redirectUri?: string;
}
export type OAuthAppName = Provider | 'google';
export type OAuthApps = Partial<Record<OAuthAppName, OAuthApp>>;

/** What data adapters take from the worker: OAuth apps, and knobs the tests turn (page size, timeouts, clock). */
export interface ProviderOptions {
  oauthApps?: OAuthApps;
  pageSize?: number;
  timeoutMs?: number;
  now?: () => Date;
}

function httpUrl(value: string, name: string): string {
  if (!/^https?:\/\/[^\s/]+/i.test(value)) throw new ConfigError(`invalid configuration: ${name}: must be an http(s) URL`);
  return value;
}

/** Called by worker/main.ts with process.env; names a bad variable, never a value. */
export function oauthAppsFromEnv(env: Readonly<Record<string, string | undefined>>): OAuthApps {
  const apps: OAuthApps = {};
  for (const name of [...PROVIDERS, 'google'] as const) {
    const p = name.toUpperCase();
    const get = (suffix: string) => env[`${p}_${suffix}`]?.trim() || undefined;
    const [clientId, clientSecret, tokenUrl, redirectUri] = [get('CLIENT_ID'), get('CLIENT_SECRET'), get('TOKEN_URL'), get('REDIRECT_URI')];
    if ((clientId === undefined) !== (clientSecret === undefined)) {
      throw new ConfigError(`invalid configuration: ${p}_CLIENT_ID and ${p}_CLIENT_SECRET must be set together`);
    }
    const app: OAuthApp = {
      ...(clientId && clientSecret ? { clientId, clientSecret } : {}),
      ...(tokenUrl ? { tokenUrl: httpUrl(tokenUrl, `${p}_TOKEN_URL`) } : {}),
      ...(redirectUri ? { redirectUri } : {}),
    };
    if (Object.keys(app).length > 0) apps[name] = app;
  }
  return apps;
}

/** `base_url` from the credentials (self-hosted, tests) or the provider's default, without trailing slashes. */
export function baseUrlOf(credentials: Record<string, unknown>, fallback: string, label: string): string {
  const raw = credentials.base_url;
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^https?:\/\/[^\s/]+/i.test(raw.trim())) {
    throw permanentFailure(FailureType.Config, `${label} credentials: "base_url" must be an http(s) URL`);
  }
  return raw.trim().replace(/\/+$/, '');
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Milliseconds since the epoch from an ISO string, epoch seconds or epoch milliseconds. */
export function instantOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e12 ? value : value * 1000;
  if (typeof value === 'string') {
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : at;
  }
  return undefined;
}

/** The last 28 complete UTC days: [start, end) as instants, and the inclusive YYYY-MM-DD dates the providers take. */
export function last28Days(now: Date): { start: Date; end: Date; startDate: string; endDate: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const start = new Date(end.getTime() - 28 * DAY_MS);
  return { start, end, startDate: isoDate(start), endDate: isoDate(new Date(end.getTime() - DAY_MS)) };
}

export const DAY_MS = 86_400_000;

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
