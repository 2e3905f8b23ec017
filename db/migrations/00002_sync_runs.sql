-- One row per sync workflow run: what started it, how it ended, and what it moved. Messages are secret-free.
create table sync_runs (
  id uuid primary key default gen_random_uuid(),
  integration_id uuid not null references audit_integrations (id) on delete cascade,
  workflow_id text not null,
  run_id text not null unique,
  trigger text not null check (trigger in ('manual', 'schedule')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  outcome text not null default 'running' check (outcome in ('running', 'succeeded', 'failed', 'cancelled')),
  error_code text,
  error_message text,
  items_pushed integer not null default 0,
  items_pulled integer not null default 0,
  items_updated integer not null default 0
);
create index sync_runs_integration_idx on sync_runs (integration_id, started_at desc, id desc);
create index sync_runs_running_idx on sync_runs (outcome) where outcome = 'running';
