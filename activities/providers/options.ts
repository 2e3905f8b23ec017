import type { Provider } from './catalog.js';
import { FailureType, permanentFailure } from '../errors.js';
import type { PacingPolicy } from '../outbound/pacing.js';
import type { OAuthApps } from './oauth-apps.js';
import { DEFAULT_MAX_PAGES, DEFAULT_MAX_ROWS } from './limits.js';

/** What data adapters take from the worker: OAuth apps, and knobs the tests turn (page size, timeouts, clock). */
export interface ProviderOptions {
  oauthApps?: OAuthApps;
  pageSize?: number;
  timeoutMs?: number;
  now?: () => Date;
  /** Refresh an access token this long before it expires (default a minute); the health pass uses CREDENTIALS_REFRESH_AHEAD. */
  expiryMarginMs?: number;
  /** Where api.atlassian.com is (Jira over OAuth: accessible-resources and /ex/jira/{cloud_id}); tests point it at a fake. */
  atlassianApiUrl?: string;
  /** Where sentry.io is (the apex whose organizations live in regions, found from it); tests point it at a fake. */
  sentryUrl?: string;
}

/** Per-sync caps (PROVIDER_MAX_PAGES, PROVIDER_MAX_ROWS): reaching one ends the listing with a warning on the run. */
export interface SyncLimits {
  maxPages: number;
  maxRows: number;
}

/**
 * Per provider host, for one integration's requests, from each provider's documented limits (the provider's own
 * rate-limit headers and 429s are honoured on top). The limits are published per minute/hour, so they are windows: a
 * small sync goes out at once, a big first sync is spread. `minIntervalMs` is there for a provider that documents a
 * spacing; none of the eight currently does beyond these windows.
 * - GitHub: 900 points a minute for REST (secondary limit) and at most 80 content-creating requests a minute.
 * - GitLab.com: 2,000 authenticated API requests a minute per user.
 * - Linear: 1,500 requests an hour per API key.
 * - Search Console: 1,200 queries a minute per site.
 * - Cloudflare GraphQL Analytics: 300 queries per 5 minutes.
 * - Jira Cloud, Sentry and GA4 publish no fixed rate (cost- or token-based); their 429 + Retry-After pace them.
 */
export const PACING: Readonly<Record<Provider, PacingPolicy>> = {
  github: { window: { max: 900, windowMs: 60_000 }, writeWindow: { max: 80, windowMs: 60_000 } },
  gitlab: { window: { max: 2000, windowMs: 60_000 } },
  linear: { window: { max: 1500, windowMs: 3_600_000 } },
  gsc: { window: { max: 1200, windowMs: 60_000 } },
  cloudflare: { window: { max: 300, windowMs: 300_000 } },
  jira: {},
  sentry: {},
  ga4: {},
};

/** Counts a sync's pages and rows against the caps; `warning` says which was reached, for the sync run. */
export function syncCaps(limits: Partial<SyncLimits> | undefined, label: string) {
  const maxPages = limits?.maxPages ?? DEFAULT_MAX_PAGES;
  const maxRows = limits?.maxRows ?? DEFAULT_MAX_ROWS;
  let pages = 0;
  let rows = 0;
  let warning: string | undefined;
  return {
    /** Records one page of `n` rows; false once a cap is reached (the caller stops listing). */
    page(n: number): boolean {
      pages += 1;
      rows += n;
      if (pages >= maxPages) warning ??= `${label}: stopped after ${pages} pages (PROVIDER_MAX_PAGES); the rest was not read`;
      else if (rows >= maxRows) warning ??= `${label}: stopped after ${rows} rows (PROVIDER_MAX_ROWS); the rest was not read`;
      return warning === undefined;
    },
    get warning() {
      return warning;
    },
  };
}

/**
 * `base_url` from the credentials (self-hosted, tests) or the provider's default, parsed as a URL: http(s) only, no
 * userinfo, query or fragment (a trailing `#` would turn every provider path into a fragment). Trailing slashes go.
 */
export function baseUrlOf(credentials: Record<string, unknown>, fallback: string | undefined, label: string): URL {
  const raw = credentials.base_url;
  const given = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  if (raw !== undefined && raw !== null && raw !== '' && given === undefined) {
    throw permanentFailure(FailureType.Config, `${label} credentials: "base_url" must be an http(s) URL`);
  }
  const value = given ?? fallback;
  if (value === undefined) throw permanentFailure(FailureType.Config, `${label} credentials are missing the "base_url" key`);
  if (!URL.canParse(value)) throw permanentFailure(FailureType.Config, `${label} credentials: "base_url" is not a URL`);
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw permanentFailure(FailureType.Config, `${label} credentials: "base_url" must be an http(s) URL`);
  if (url.username || url.password || url.search || url.hash || /[?#]/.test(value)) {
    throw permanentFailure(FailureType.Config, `${label} credentials: "base_url" must not hold a user, a query or a fragment`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/**
 * `path` (ours: a constant with encodeURIComponent'd parts, optionally `?query`) under `base`'s path, through the URL
 * API: whatever the parts hold stays in the path.
 */
export function joinUrl(base: URL, path: string): URL {
  const url = new URL(base.href);
  const at = path.indexOf('?');
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${at === -1 ? path : path.slice(0, at)}`;
  url.search = at === -1 ? '' : path.slice(at);
  return url;
}

/** Links stored for users (issue URLs, permalinks): kept only when they are http(s). */
export function httpLinkOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const protocol = new URL(value).protocol;
  return protocol === 'https:' || protocol === 'http:' ? value : undefined;
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
