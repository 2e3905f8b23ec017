import { z } from 'zod';
import type { MetricValue } from '../../stores/metrics-store.js';
import { createGoogleClient, googleTokenSource } from '../google-oauth.js';
import { parseCredentials } from '../credentials.js';
import { parseAnswer } from '../http.js';
import { baseUrlOf, joinUrl, last28Days, PACING, syncCaps, type ProviderOptions } from '../options.js';
import type { ProviderAdapter } from '../types.js';
import { gsc } from './definition.js';

const DEFAULT_BASE_URL = 'https://www.googleapis.com';
const METRICS = ['clicks', 'impressions', 'ctr', 'position'] as const;
/** The API's maximum rowLimit. */
const DEFAULT_PAGE_SIZE = 25_000;

const Query = z.object({
  rows: z.array(z.object({ keys: z.array(z.unknown()).optional(), clicks: z.unknown(), impressions: z.unknown(), ctr: z.unknown(), position: z.unknown() }).partial()).optional(),
});
type QueryResponse = z.infer<typeof Query>;

export function metricsFromRows(rows: NonNullable<QueryResponse['rows']>): MetricValue[] {
  const out: MetricValue[] = [];
  for (const row of rows) {
    const page = row.keys?.[0];
    if (typeof page !== 'string') continue;
    for (const metric of METRICS) {
      const value = row[metric];
      if (typeof value === 'number' && Number.isFinite(value)) out.push({ dimension: page, metric, value });
    }
  }
  return out;
}

/**
 * Search Console `searchAnalytics/query`: clicks, impressions, ctr and position by page over the last 28 complete days,
 * paged with startRow until a page comes back short. The period's previous values are replaced.
 */
export function createGscAdapter(options: ProviderOptions = {}): ProviderAdapter {
  return {
    provider: 'gsc',
    async sync(ctx) {
      const { site_url: siteUrl } = parseCredentials(gsc, ctx.credentials);
      const baseUrl = baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'Search Console');
      const google = createGoogleClient(ctx, googleTokenSource(ctx, 'gsc', 'Search Console', options), 'Search Console', options, PACING.gsc);
      const caps = syncCaps(ctx.limits, 'Search Console');
      const window = last28Days(options.now?.() ?? new Date());
      const period = { start: window.start, end: window.end };
      const rowLimit = options.pageSize ?? DEFAULT_PAGE_SIZE;
      const url = joinUrl(baseUrl, `/webmasters/v3/sites/${encodeURIComponent(siteUrl)}/searchAnalytics/query`).href;
      const pull = ctx.stores.metrics.beginPull();
      let inserted = 0;
      let changed = 0;
      for (let startRow = 0; ; ) {
        const answer = await google.postJson(url, {
          startDate: window.startDate,
          endDate: window.endDate,
          dimensions: ['page'],
          type: 'web',
          rowLimit,
          startRow,
        });
        const body = parseAnswer(Query, answer, 'Search Console');
        const rows = body.rows ?? [];
        const written = await pull.write(period, metricsFromRows(rows));
        inserted += written.inserted;
        changed += written.changed;
        startRow += rows.length;
        ctx.heartbeat({ step: 'gsc-query', startRow });
        if (rows.length < rowLimit) break;
        if (!caps.page(rows.length)) break;
      }
      // A capped pull keeps the rows it did not reach rather than deleting them as gone.
      const { removed } = caps.warning ? { removed: 0 } : await pull.finish();
      return { pushed: 0, pulled: inserted, updated: changed + removed, ...(caps.warning ? { warnings: [caps.warning] } : {}) };
    },
  };
}
