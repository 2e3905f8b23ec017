import { deleteStaleMetrics, upsertMetrics, type MetricPeriod, type MetricValue } from '../../db/metrics.js';
import type { Db } from '../../db/sql.js';
import type { StoreScope } from './index.js';

export type { MetricPeriod, MetricValue } from '../../db/metrics.js';

/** Long page URLs stay indexable; two URLs equal in their first 1000 characters share a row. */
const MAX_DIMENSION_LENGTH = 1000;

/** One pull: values written through it replace what the same periods held before. */
export interface MetricsPull {
  /** Writes one page; safe to call several times per period. Non-finite values are skipped. */
  write(period: MetricPeriod, rows: readonly MetricValue[]): Promise<{ inserted: number; changed: number }>;
  /** Call once every page has been written: drops rows of the written periods that this pull did not report again. */
  finish(): Promise<{ removed: number }>;
}

/** What data adapters (ga4, gsc, cloudflare) write: metrics by period. */
export interface MetricsStore {
  beginPull(): MetricsPull;
}

function periodKey(p: MetricPeriod): string {
  return `${p.start.toISOString()}/${p.end.toISOString()}`;
}

export function createMetricsStore(sql: Db, scope: StoreScope): MetricsStore {
  const target = { integrationId: scope.integrationId, orgId: scope.key.orgId, projectId: scope.key.projectId, provider: scope.key.provider };
  return {
    beginPull() {
      const pulledAt = new Date();
      const periods = new Map<string, MetricPeriod>();
      return {
        async write(period, rows) {
          periods.set(periodKey(period), period);
          const unique = new Map<string, MetricValue>();
          for (const row of rows) {
            if (!Number.isFinite(row.value)) continue;
            const dimension = row.dimension.slice(0, MAX_DIMENSION_LENGTH);
            unique.set(JSON.stringify([dimension, row.metric]), { dimension, metric: row.metric, value: row.value });
          }
          return upsertMetrics(sql, target, period, pulledAt, [...unique.values()]);
        },
        async finish() {
          let removed = 0;
          for (const period of periods.values()) removed += await deleteStaleMetrics(sql, target.integrationId, period, pulledAt);
          return { removed };
        },
      };
    },
  };
}
