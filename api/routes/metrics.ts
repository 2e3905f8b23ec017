import Router from '@koa/router';
import { z } from 'zod';
import { listMetrics, type MetricRow, type MetricsCursor } from '../../db/metrics.js';
import { isProvider, PROVIDERS } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { sendData } from '../middleware/envelope.js';
import { formatTimestamp } from '../../db/timestamps.js';
import { intQuery, queryOf } from './query.js';
import { scope, validationError } from './scope.js';

export const ListQuerySchema = z.object({
  // Checked after parsing, to answer invalid_provider like every other provider field; documented as the enum it is.
  provider: z.string().meta({ enum: [...PROVIDERS] }).optional(),
  metric: z.string().max(100, 'must be at most 100 characters').optional(),
  period: z.enum(['latest', 'all'], { error: 'must be one of latest, all' }).optional(),
  limit: intQuery(1, 1000).optional(),
  cursor: z.string().max(2000, 'is invalid').optional(),
});

/** Explicit fields: ids, org and project stay internal. Values are JSON numbers; timestamps UTC to the second. */
export function presentMetric(row: MetricRow) {
  return {
    provider: row.provider,
    dimension: row.dimension,
    metric: row.metric,
    value: row.value,
    period_start: formatTimestamp(row.period_start),
    period_end: formatTimestamp(row.period_end),
    pulled_at: formatTimestamp(row.pulled_at),
  };
}

/** Opaque to clients: base64url of the last row's sort key. */
function encodeCursor(row: MetricRow): string {
  return Buffer.from(JSON.stringify([row.provider, row.period_start.toISOString(), row.period_end.toISOString(), row.dimension, row.metric])).toString('base64url');
}

function decodeCursor(value: string): MetricsCursor {
  try {
    const p = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(p) && p.length === 5 && p.every((v) => typeof v === 'string') && isProvider(p[0] as string)) {
      const [provider, start, end, dimension, metric] = p as string[];
      const periodStart = new Date(start!);
      const periodEnd = new Date(end!);
      if (!Number.isNaN(periodStart.getTime()) && !Number.isNaN(periodEnd.getTime())) {
        return { provider: provider!, periodStart, periodEnd, dimension: dimension!, metric: metric! };
      }
    }
  } catch {
    // Falls through to the 422 below.
  }
  throw new ApiError('validation_failed', 422, 'cursor is invalid');
}

/**
 * GET …/audit/metrics: what the data providers (ga4, gsc, cloudflare) reported. By default only each integration's
 * newest pull (`period=latest`); `period=all` includes every stored period.
 */
export function metricRoutes(deps: { sql: Sql }): Router {
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/metrics' });

  router.get('/', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:read');
    const parsed = ListQuerySchema.safeParse(queryOf(ctx));
    if (!parsed.success) throw validationError(parsed.error, 'query');
    const { provider, metric, period = 'latest', limit = 100, cursor } = parsed.data;
    if (provider !== undefined && !isProvider(provider)) throw new ApiError('invalid_provider', 422);
    const page = await listMetrics(deps.sql, {
      orgId,
      projectId,
      provider,
      metric,
      latestOnly: period === 'latest',
      limit: limit + 1,
      after: cursor ? decodeCursor(cursor) : undefined,
    });
    const rows = page.rows.slice(0, limit);
    const last = rows.at(-1);
    sendData(ctx, rows.map(presentMetric), 200, {
      total: page.total,
      next_cursor: page.rows.length > limit && last ? encodeCursor(last) : null,
    });
  });

  return router;
}
