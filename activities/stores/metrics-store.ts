import type { Db } from '../../db/sql.js';
import type { StoreScope } from './index.js';

/** What data adapters (ga4, gsc, cloudflare) write: metrics by period. Filled in with the metrics work (db/metrics.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MetricsStore {}

export function createMetricsStore(_sql: Db, _scope: StoreScope): MetricsStore {
  return {};
}
