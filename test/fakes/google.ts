import { json, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from './fake-server.js';
import { checkTokenRequest, issueTokens, newOAuthState, type OAuthFakeState } from './oauth-endpoint.js';

export interface Ga4Row {
  pagePath: string;
  sessions: number;
  screenPageViews: number;
  bounceRate: number;
}

export interface GscRow {
  page: string;
  clicks: number;
  impressions: number;
  ctr: number;
  position: number;
}

export interface FakeGoogle extends FakeServer {
  /** property id → report rows */
  ga4: Map<string, Ga4Row[]>;
  /** site URL → rows */
  gsc: Map<string, GscRow[]>;
  /** Access tokens the APIs accept. */
  accessTokens: Set<string>;
  oauth: OAuthFakeState;
  ga4Requests(): RecordedRequest[];
  gscRequests(): RecordedRequest[];
  tokenRequests(): RecordedRequest[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GA4_METRICS = ['sessions', 'screenPageViews', 'bounceRate'] as const;

function googleError(code: number, status: string, message: string, reason?: string): FakeReply {
  return json(code, { error: { code, message, status, ...(reason ? { errors: [{ message, domain: 'usageLimits', reason }] } : {}) } });
}

/** Both APIs take the last 28 days as inclusive dates: the range must span exactly 28 days. */
function checkRange(start: unknown, end: unknown): string | undefined {
  if (typeof start !== 'string' || typeof end !== 'string' || !DATE.test(start) || !DATE.test(end)) return `dates ${String(start)}..${String(end)} are not YYYY-MM-DD`;
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
  return days === 28 ? undefined : `the date range covers ${days} days, not 28`;
}

function bearer(req: RecordedRequest, tokens: Set<string>): FakeReply | undefined {
  const auth = String(req.headers.authorization ?? '');
  if (!tokens.has(auth.replace(/^Bearer /, '')) || !auth.startsWith('Bearer ')) {
    return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
  }
  return undefined;
}

/**
 * Google as documented: the GA4 Data API (`POST /v1beta/properties/{id}:runReport`, offset/limit paging, `rowCount`,
 * at most `maxRowsPerCall` rows per call like the API's own cap), the Search Console API (`POST
 * /webmasters/v3/sites/{site}/searchAnalytics/query`, startRow/rowLimit paging) and the OAuth token endpoint `/token`.
 */
export async function startFakeGoogle(opts: { accessToken?: string; maxRowsPerCall?: number } = {}): Promise<FakeGoogle> {
  const ga4 = new Map<string, Ga4Row[]>();
  const gsc = new Map<string, GscRow[]>();
  const accessTokens = new Set<string>(opts.accessToken ? [opts.accessToken] : []);
  const oauth: OAuthFakeState = newOAuthState((t) => accessTokens.add(t));
  const cap = opts.maxRowsPerCall ?? 100_000;

  const runReport = (req: RecordedRequest, violation: (m: string) => FakeReply, propertyId: string): FakeReply => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return violation('runReport without a JSON body');
    const ranges = body.dateRanges as { startDate?: unknown; endDate?: unknown }[] | undefined;
    const bad = Array.isArray(ranges) && ranges.length === 1 ? checkRange(ranges[0]?.startDate, ranges[0]?.endDate) : 'dateRanges must hold one range';
    if (bad) return violation(bad);
    if (JSON.stringify(body.dimensions) !== JSON.stringify([{ name: 'pagePath' }])) return violation(`dimensions ${JSON.stringify(body.dimensions)}`);
    if (JSON.stringify(body.metrics) !== JSON.stringify(GA4_METRICS.map((name) => ({ name })))) return violation(`metrics ${JSON.stringify(body.metrics)}`);
    const offset = Number(body.offset ?? 0);
    const limit = Number(body.limit ?? 10_000);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 250_000) return violation('offset/limit out of range');
    const rows = ga4.get(propertyId);
    if (!rows) return googleError(403, 'PERMISSION_DENIED', 'User does not have sufficient permissions for this property.');
    const sorted = [...rows].sort((a, b) => (a.pagePath < b.pagePath ? -1 : 1));
    const page = sorted.slice(offset, offset + Math.min(limit, cap));
    return json(200, {
      dimensionHeaders: [{ name: 'pagePath' }],
      metricHeaders: [
        { name: 'sessions', type: 'TYPE_INTEGER' },
        { name: 'screenPageViews', type: 'TYPE_INTEGER' },
        { name: 'bounceRate', type: 'TYPE_FLOAT' },
      ],
      ...(page.length > 0
        ? { rows: page.map((r) => ({ dimensionValues: [{ value: r.pagePath }], metricValues: GA4_METRICS.map((m) => ({ value: String(r[m]) })) })) }
        : {}),
      ...(sorted.length > 0 ? { rowCount: sorted.length } : {}),
      metadata: { currencyCode: 'USD', timeZone: 'Etc/UTC' },
      kind: 'analyticsData#runReport',
    });
  };

  const searchAnalytics = (req: RecordedRequest, violation: (m: string) => FakeReply, siteUrl: string): FakeReply => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return violation('query without a JSON body');
    const bad = checkRange(body.startDate, body.endDate);
    if (bad) return violation(bad);
    if (JSON.stringify(body.dimensions) !== JSON.stringify(['page'])) return violation(`dimensions ${JSON.stringify(body.dimensions)}`);
    const startRow = Number(body.startRow ?? 0);
    const rowLimit = Number(body.rowLimit ?? 1000);
    if (!Number.isInteger(startRow) || startRow < 0 || !Number.isInteger(rowLimit) || rowLimit < 1 || rowLimit > 25_000) return violation('startRow/rowLimit out of range');
    const rows = gsc.get(siteUrl);
    if (!rows) return json(403, { error: { code: 403, message: `User does not have sufficient permission for site '${siteUrl}'.`, errors: [{ message: 'forbidden', domain: 'global', reason: 'forbidden' }] } });
    const page = [...rows].sort((a, b) => (a.page < b.page ? -1 : 1)).slice(startRow, startRow + rowLimit);
    return json(200, {
      ...(page.length > 0 ? { rows: page.map((r) => ({ keys: [r.page], clicks: r.clicks, impressions: r.impressions, ctr: r.ctr, position: r.position })) } : {}),
      responseAggregationType: 'byPage',
    });
  };

  const server = await startFakeServer((req, violation) => {
    if (req.path === '/token') {
      if (req.method !== 'POST') return violation(`token endpoint called with ${req.method}`);
      const checked = checkTokenRequest(req, violation);
      return 'reply' in checked ? checked.reply : issueTokens(oauth, checked.form, { style: 'google', authorization: req.headers.authorization });
    }
    // Metadata of a property (GA4) and a site (Search Console): what credential verify reads.
    const metadataPath = /^\/v1beta\/properties\/(\d+)\/metadata$/.exec(req.path);
    const sitePath = /^\/webmasters\/v3\/sites\/([^/]+)$/.exec(req.path);
    if (metadataPath || sitePath) {
      if (req.method !== 'GET') return violation(`${req.path} called with ${req.method}`);
      const denied = bearer(req, accessTokens);
      if (denied) return denied;
      if (metadataPath) {
        return ga4.has(metadataPath[1]!)
          ? json(200, { name: `properties/${metadataPath[1]}/metadata`, dimensions: [{ apiName: 'pagePath' }], metrics: GA4_METRICS.map((apiName) => ({ apiName })) })
          : googleError(403, 'PERMISSION_DENIED', 'User does not have sufficient permissions for this property.');
      }
      const site = decodeURIComponent(sitePath![1]!);
      return gsc.has(site) ? json(200, { siteUrl: site, permissionLevel: 'siteOwner' }) : googleError(403, 'PERMISSION_DENIED', `User does not have sufficient permission for site '${site}'.`);
    }
    const ga4Path = /^\/v1beta\/properties\/(\d+):runReport$/.exec(req.path);
    const gscPath = /^\/webmasters\/v3\/sites\/([^/]+)\/searchAnalytics\/query$/.exec(req.path);
    if (!ga4Path && !gscPath) return googleError(404, 'NOT_FOUND', `Requested entity was not found: ${req.path}`);
    if (req.method !== 'POST') return violation(`${req.path} called with ${req.method}`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return violation('body is not JSON');
    const denied = bearer(req, accessTokens);
    if (denied) return denied;
    return ga4Path ? runReport(req, violation, ga4Path[1]!) : searchAnalytics(req, violation, decodeURIComponent(gscPath![1]!));
  });

  return {
    ...server,
    ga4,
    gsc,
    accessTokens,
    oauth,
    ga4Requests: () => server.requests.filter((r) => r.path.startsWith('/v1beta/')),
    gscRequests: () => server.requests.filter((r) => r.path.startsWith('/webmasters/')),
    tokenRequests: () => server.requests.filter((r) => r.path === '/token'),
  };
}

/** Quota errors as Google sends them: GA4's RESOURCE_EXHAUSTED 429 and Search Console's 403 rateLimitExceeded. */
export const ga4QuotaExhausted = (retryAfter?: string) => ({
  status: 429,
  body: { error: { code: 429, message: 'Exhausted concurrent requests quota.', status: 'RESOURCE_EXHAUSTED' } },
  headers: retryAfter ? { 'retry-after': retryAfter } : {},
});
export const gscRateLimitExceeded = (retryAfter?: string) => ({
  status: 403,
  body: { error: { code: 403, message: 'Quota exceeded for quota metric', errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason: 'rateLimitExceeded' }] } },
  headers: retryAfter ? { 'retry-after': retryAfter } : {},
});
