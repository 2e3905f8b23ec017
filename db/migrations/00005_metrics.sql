-- Numbers pulled from data providers (GA4, Search Console, Cloudflare): one value per integration, period, dimension
-- (a page path, a page URL, a zone) and metric. Periods are half-open [period_start, period_end). Re-pulling a period
-- overwrites its values in place and drops the rows the provider no longer reports (db/metrics.ts).
create table metrics (
  id uuid primary key default gen_random_uuid(),
  integration_id uuid not null references audit_integrations (id) on delete cascade,
  org_id uuid not null,
  project_id text not null,
  provider text not null check (provider in ('ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare')),
  dimension text not null,
  metric text not null,
  value double precision not null,
  period_start timestamptz not null,
  period_end timestamptz not null check (period_end > period_start),
  pulled_at timestamptz not null,
  unique (integration_id, period_start, period_end, dimension, metric)
);
-- The listing order of GET …/audit/metrics, and "the newest pull of an integration".
create index metrics_listing_idx on metrics (org_id, project_id, provider, period_start, period_end, dimension, metric);
create index metrics_pull_idx on metrics (integration_id, pulled_at);
