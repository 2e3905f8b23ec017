-- Audit findings of a project, and the external tasks (GitHub/GitLab/Jira/Linear issues) that track them.
create table findings (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  project_id text not null,
  title text not null,
  description text,
  severity text not null check (severity in ('info', 'low', 'medium', 'high', 'critical')),
  url text,
  category text,
  status text not null default 'open' check (status in ('open', 'resolved')),
  source text not null default 'audit' check (source in ('audit', 'sentry')),
  -- The source system's id (a Sentry issue id) so re-pulls update instead of duplicating.
  source_ref text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index findings_project_idx on findings (org_id, project_id, created_at desc, id desc);
create unique index findings_source_ref_idx on findings (org_id, project_id, source, source_ref) where source_ref is not null;

-- One external issue per (finding, provider). A row with external_id null is a recorded intent to create: written
-- before the remote call so a retry after a crash reconciles instead of creating a duplicate.
create table finding_tasks (
  id uuid primary key default gen_random_uuid(),
  finding_id uuid not null references findings (id) on delete cascade,
  integration_id uuid not null references audit_integrations (id) on delete cascade,
  provider text not null,
  external_id text,
  url text,
  state text not null default 'open' check (state in ('open', 'closed')),
  synced_at timestamptz,
  created_at timestamptz not null default now(),
  unique (finding_id, provider)
);
create index finding_tasks_integration_idx on finding_tasks (integration_id);
