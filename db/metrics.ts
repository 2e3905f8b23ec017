import type { Provider } from './providers.js';
import type { Db } from './sql.js';

export interface MetricRow {
  provider: Provider;
  dimension: string;
  metric: string;
  value: number;
  period_start: Date;
  period_end: Date;
  pulled_at: Date;
}

export interface MetricValue {
  dimension: string;
  metric: string;
  value: number;
}

/** Half-open: [start, end). */
export interface MetricPeriod {
  start: Date;
  end: Date;
}

export interface MetricsTarget {
  integrationId: string;
  orgId: string;
  projectId: string;
  provider: Provider;
}

/**
 * Writes one period's values. Existing (dimension, metric) rows of the period are overwritten and stamped with this
 * pull; `changed` counts those whose value actually moved. The `previous` snapshot is read by the same statement,
 * before the insert, so the comparison needs no second round trip. Rows must be unique per (dimension, metric).
 */
export async function upsertMetrics(
  sql: Db,
  target: MetricsTarget,
  period: MetricPeriod,
  pulledAt: Date,
  rows: readonly MetricValue[],
): Promise<{ inserted: number; changed: number }> {
  if (rows.length === 0) return { inserted: 0, changed: 0 };
  const [result] = await sql<{ inserted: number; changed: number }[]>`
    with incoming as (
      select dimension, metric, value
      from jsonb_to_recordset(${sql.json(rows.map((r) => ({ ...r })))}::jsonb) as r (dimension text, metric text, value double precision)
    ),
    previous as (
      select m.dimension, m.metric, m.value
      from metrics m
      where m.integration_id = ${target.integrationId}
        and m.period_start = ${period.start} and m.period_end = ${period.end}
    ),
    written as (
      insert into metrics (integration_id, org_id, project_id, provider, dimension, metric, value, period_start, period_end, pulled_at)
      select ${target.integrationId}, ${target.orgId}, ${target.projectId}, ${target.provider}, dimension, metric, value,
             ${period.start}, ${period.end}, ${pulledAt}
      from incoming
      on conflict (integration_id, period_start, period_end, dimension, metric)
      do update set value = excluded.value, pulled_at = excluded.pulled_at
      returning dimension, metric, value, (xmax = 0) as inserted
    )
    select
      (count(*) filter (where w.inserted))::int as inserted,
      (count(*) filter (where not w.inserted and p.value is distinct from w.value))::int as changed
    from written w
    left join previous p on p.dimension = w.dimension and p.metric = w.metric
  `;
  return result ?? { inserted: 0, changed: 0 };
}

/** After a complete pull: rows of the period that this pull did not report again are gone at the provider too. */
export async function deleteStaleMetrics(sql: Db, integrationId: string, period: MetricPeriod, pulledAt: Date): Promise<number> {
  const rows = await sql`
    delete from metrics
    where integration_id = ${integrationId}
      and period_start = ${period.start} and period_end = ${period.end}
      and pulled_at <> ${pulledAt}
    returning id
  `;
  return rows.length;
}

export interface MetricsCursor {
  provider: string;
  periodStart: Date;
  periodEnd: Date;
  dimension: string;
  metric: string;
}

export interface ListMetricsFilter {
  orgId: string;
  projectId: string;
  provider?: Provider | undefined;
  metric?: string | undefined;
  /** Only each integration's newest pull (what the provider reports now) instead of every stored period. */
  latestOnly: boolean;
  limit: number;
  after?: MetricsCursor | undefined;
}

const COLUMNS = ['provider', 'dimension', 'metric', 'value', 'period_start', 'period_end', 'pulled_at'] as const;

function filters(sql: Db, filter: Omit<ListMetricsFilter, 'limit' | 'after'>) {
  return sql`
    m.org_id = ${filter.orgId} and m.project_id = ${filter.projectId}
    ${filter.provider ? sql`and m.provider = ${filter.provider}` : sql``}
    ${filter.metric ? sql`and m.metric = ${filter.metric}` : sql``}
    ${filter.latestOnly ? sql`and m.pulled_at = (select max(x.pulled_at) from metrics x where x.integration_id = m.integration_id)` : sql``}
  `;
}

/** Ordered by (provider, period, dimension, metric) — unique within a project, so it doubles as the cursor. */
export async function listMetrics(sql: Db, filter: ListMetricsFilter): Promise<{ rows: MetricRow[]; total: number }> {
  const after = filter.after;
  const rows = await sql<MetricRow[]>`
    select ${sql(COLUMNS.map((c) => `m.${c}`))}
    from metrics m
    where ${filters(sql, filter)}
      ${after
        ? sql`and (m.provider, m.period_start, m.period_end, m.dimension, m.metric)
                > (${after.provider}, ${after.periodStart}, ${after.periodEnd}, ${after.dimension}, ${after.metric})`
        : sql``}
    order by m.provider, m.period_start, m.period_end, m.dimension, m.metric
    limit ${filter.limit}
  `;
  const [count] = await sql<{ total: number }[]>`select count(*)::int as total from metrics m where ${filters(sql, filter)}`;
  return { rows, total: count?.total ?? 0 };
}
