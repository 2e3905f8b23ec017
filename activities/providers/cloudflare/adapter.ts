import { z } from 'zod';
import { FailureType, MAX_PROVIDER_TEXT, permanentFailure, sanitizeMessage, transientFailure } from '../../errors.js';
import type { MetricValue } from '../../stores/metrics-store.js';
import { parseCredentials } from '../credentials.js';
import { failureFromResponse, jsonOf, parseAnswer } from '../http.js';
import { baseUrlOf, DAY_MS, isoDate, joinUrl, last28Days, PACING, syncCaps, type ProviderOptions } from '../options.js';
import type { ProviderAdapter } from '../types.js';
import { cloudflare } from './definition.js';

const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';
const METRICS = ['requests', 'cachedRequests', 'threats', 'bytes'] as const;
const DEFAULT_PAGE_SIZE = 100;

/** The API has no cursors: pages are `limit` + `orderBy` + a filter starting after the last date seen. */
export function zoneRequestsQuery(limit: number): string {
  return `query ZoneHttpRequests($zoneTag: string, $since: Date, $until: Date) {
  viewer {
    zones(filter: { zoneTag: $zoneTag }) {
      httpRequests1dGroups(limit: ${Math.trunc(limit)}, orderBy: [date_ASC], filter: { date_geq: $since, date_leq: $until }) {
        dimensions { date }
        sum { requests cachedRequests threats bytes }
      }
    }
  }
}`;
}

interface GraphQLError {
  message?: unknown;
  extensions?: { code?: unknown } | undefined;
}
interface Group {
  dimensions?: { date?: unknown } | undefined;
  sum?: Partial<Record<(typeof METRICS)[number], unknown>> | undefined;
}
const Answer = z.object({
  data: z
    .object({
      viewer: z.object({
        zones: z.array(
          z.object({
            httpRequests1dGroups: z.array(z.object({ dimensions: z.object({ date: z.unknown() }).partial().optional(), sum: z.record(z.string(), z.unknown()).optional() })).optional(),
          }),
        ),
      }),
    })
    .nullish(),
  errors: z.array(z.object({ message: z.unknown().optional(), extensions: z.object({ code: z.unknown().optional() }).optional() })).nullish(),
});

function messagesOf(errors: readonly GraphQLError[]): string {
  return errors.map((e) => (typeof e.message === 'string' ? e.message : '')).filter(Boolean).join('; ');
}

/** A 200 can carry `errors` (GraphQL): auth problems are permanent, budget/quota ones wait, parse errors are ours. */
export function graphqlFailure(errors: readonly GraphQLError[], secrets: readonly string[]): Error {
  // Cut before any pattern looks at it: a hostile answer may carry megabytes of "errors".
  const text = messagesOf(errors.slice(0, 20)).slice(0, MAX_PROVIDER_TEXT);
  const what = `Cloudflare GraphQL error: ${sanitizeMessage(text || 'unknown error', secrets)}`;
  const codes = errors.map((e) => e.extensions?.code);
  if (codes.includes('authz') || codes.includes('authn') || /not authori[sz]ed|unauthori[sz]ed|authentication/i.test(text)) {
    return permanentFailure(FailureType.Auth, what);
  }
  if (/budget depleted|quota exceeded|rate limit|too many (queries|requests)/i.test(text)) {
    const minutes = /after (\d+) minutes?/i.exec(text)?.[1];
    return transientFailure(FailureType.RateLimited, what, minutes ? Number(minutes) * 60_000 : 60_000);
  }
  if (/try again later|internal|timeout|timed out/i.test(text)) return transientFailure(FailureType.Unavailable, what);
  return permanentFailure(FailureType.Config, what);
}

export function metricsFromGroups(zoneId: string, groups: readonly Group[]): { date: string; rows: MetricValue[] }[] {
  const out: { date: string; rows: MetricValue[] }[] = [];
  for (const g of groups) {
    const date = g.dimensions?.date;
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    const rows = METRICS.flatMap((metric) => {
      const value = Number(g.sum?.[metric]);
      return g.sum?.[metric] !== undefined && Number.isFinite(value) ? [{ dimension: zoneId, metric, value }] : [];
    });
    out.push({ date, rows });
  }
  return out;
}

/**
 * Cloudflare GraphQL Analytics `httpRequests1dGroups` of the zone over the last 28 complete days: one period per day,
 * dimension = the zone id; requests, cachedRequests, threats and bytes. Each re-pulled day replaces its values.
 */
export function createCloudflareAdapter(options: ProviderOptions = {}): ProviderAdapter {
  return {
    provider: 'cloudflare',
    async sync(ctx) {
      const { api_token: token, zone_id: zoneId } = parseCredentials(cloudflare, ctx.credentials);
      const baseUrl = baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'Cloudflare');
      const caps = syncCaps(ctx.limits, 'Cloudflare');
      const window = last28Days(options.now?.() ?? new Date());
      const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
      const pull = ctx.stores.metrics.beginPull();
      let inserted = 0;
      let changed = 0;
      for (let since = window.startDate, page = 1; since <= window.endDate; page++) {
        const res = await ctx.http.send(joinUrl(baseUrl, '/graphql').href, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: zoneRequestsQuery(limit), variables: { zoneTag: zoneId, since, until: window.endDate } }),
          label: 'Cloudflare',
          pacing: PACING.cloudflare,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        });
        if (!res.ok) throw await failureFromResponse(res, 'Cloudflare', [token]);
        const raw = await jsonOf(res);
        if (raw === undefined) throw transientFailure(FailureType.Unavailable, 'Cloudflare answered with something other than JSON');
        const body = parseAnswer(Answer, raw, 'Cloudflare');
        if (Array.isArray(body.errors) && body.errors.length > 0) throw graphqlFailure(body.errors, [token]);
        const zone = body.data?.viewer?.zones?.[0];
        if (!zone) throw permanentFailure(FailureType.Config, 'Cloudflare: the zone does not exist or the API token cannot read its analytics');
        const groups = zone.httpRequests1dGroups ?? [];
        for (const day of metricsFromGroups(zoneId, groups)) {
          const start = new Date(`${day.date}T00:00:00Z`);
          const written = await pull.write({ start, end: new Date(start.getTime() + DAY_MS) }, day.rows);
          inserted += written.inserted;
          changed += written.changed;
        }
        ctx.heartbeat({ step: 'cloudflare-days', page });
        const last = groups.at(-1)?.dimensions?.date;
        if (groups.length < limit || typeof last !== 'string' || last < since) break;
        if (!caps.page(groups.length)) break;
        since = isoDate(new Date(Date.parse(`${last}T00:00:00Z`) + DAY_MS));
      }
      const { removed } = caps.warning ? { removed: 0 } : await pull.finish();
      return { pushed: 0, pulled: inserted, updated: changed + removed, ...(caps.warning ? { warnings: [caps.warning] } : {}) };
    },
  };
}
