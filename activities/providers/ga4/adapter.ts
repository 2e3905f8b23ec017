import { z } from 'zod';
import { FailureType, permanentFailure } from '../../errors.js';
import type { MetricValue } from '../../stores/metrics-store.js';
import { createGoogleClient, googleTokenSource } from '../google-oauth.js';
import { parseCredentials } from '../credentials.js';
import { parseAnswer } from '../http.js';
import { baseUrlOf, joinUrl, last28Days, PACING, syncCaps, type ProviderOptions } from '../options.js';
import type { ProviderAdapter } from '../types.js';
import { ga4 } from './definition.js';

const DEFAULT_BASE_URL = 'https://analyticsdata.googleapis.com';
const METRICS = ['sessions', 'screenPageViews', 'bounceRate'] as const;
/** The Data API returns at most 250k rows a call; smaller pages keep each write and heartbeat short. */
const DEFAULT_PAGE_SIZE = 10_000;

const Report = z.object({
  metricHeaders: z.array(z.object({ name: z.unknown().optional() })).optional(),
  rows: z.array(z.object({ dimensionValues: z.array(z.object({ value: z.unknown().optional() })).optional(), metricValues: z.array(z.object({ value: z.unknown().optional() })).optional() })).optional(),
  rowCount: z.union([z.number(), z.string()]).optional(),
});
type RunReportResponse = z.infer<typeof Report>;

export function parsePropertyId(value: string): string {
  const m = /^(?:properties\/)?(\d{1,20})$/.exec(value);
  if (!m) throw permanentFailure(FailureType.Config, 'GA4 credentials: "property_id" must be a numeric property id (or properties/<id>)');
  return m[1]!;
}

export function metricsFromReport(report: RunReportResponse): MetricValue[] {
  const names = report.metricHeaders?.map((h) => String(h.name)) ?? [...METRICS];
  const out: MetricValue[] = [];
  for (const row of report.rows ?? []) {
    const dimension = row.dimensionValues?.[0]?.value;
    if (typeof dimension !== 'string') continue;
    row.metricValues?.forEach((v, i) => {
      const metric = names[i];
      const value = Number(v.value);
      if (metric && v.value !== undefined && Number.isFinite(value)) out.push({ dimension, metric, value });
    });
  }
  return out;
}

/**
 * GA4 Data API `properties/{id}:runReport`: sessions, screenPageViews and bounceRate by pagePath over the last 28 complete
 * days, paged by offset until rowCount rows were read. The period's previous values are replaced.
 */
export function createGa4Adapter(options: ProviderOptions = {}): ProviderAdapter {
  return {
    provider: 'ga4',
    async sync(ctx) {
      const propertyId = parsePropertyId(parseCredentials(ga4, ctx.credentials).property_id);
      const baseUrl = baseUrlOf(ctx.credentials, DEFAULT_BASE_URL, 'GA4');
      const google = createGoogleClient(ctx, googleTokenSource(ctx, 'ga4', 'GA4', options), 'GA4', options, PACING.ga4);
      const caps = syncCaps(ctx.limits, 'GA4');
      const window = last28Days(options.now?.() ?? new Date());
      const period = { start: window.start, end: window.end };
      const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
      const pull = ctx.stores.metrics.beginPull();
      let inserted = 0;
      let changed = 0;
      for (let offset = 0; ; ) {
        const answer = await google.postJson(joinUrl(baseUrl, `/v1beta/properties/${propertyId}:runReport`).href, {
          dateRanges: [{ startDate: window.startDate, endDate: window.endDate }],
          dimensions: [{ name: 'pagePath' }],
          metrics: METRICS.map((name) => ({ name })),
          // A stable order keeps offsets meaningful between pages.
          orderBys: [{ dimension: { dimensionName: 'pagePath' } }],
          offset,
          limit,
        });
        const report = parseAnswer(Report, answer, 'GA4');
        const rows = report.rows ?? [];
        const written = await pull.write(period, metricsFromReport(report));
        inserted += written.inserted;
        changed += written.changed;
        offset += rows.length;
        ctx.heartbeat({ step: 'ga4-report', offset });
        const rowCount = Number(report.rowCount ?? 0);
        if (rows.length === 0 || !(offset < rowCount)) break;
        if (!caps.page(rows.length)) break;
      }
      // A capped pull keeps the rows it did not reach rather than deleting them as gone.
      const { removed } = caps.warning ? { removed: 0 } : await pull.finish();
      return { pushed: 0, pulled: inserted, updated: changed + removed, ...(caps.warning ? { warnings: [caps.warning] } : {}) };
    },
  };
}
