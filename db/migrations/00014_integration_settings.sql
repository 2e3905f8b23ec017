-- Per-integration sync settings and the credential-health signal (issue 26).
-- sync_interval_seconds: null = the deployment's SYNC_INTERVAL. The API enforces SYNC_INTERVAL_MIN..604800 (the minimum
-- is configurable, so the table only insists on a positive number).
alter table audit_integrations
  add column sync_interval_seconds integer check (sync_interval_seconds > 0),
  add column paused boolean not null default false,
  -- Filled by the worker's health checks (probes, refreshes, syncs); 'unknown' until the first one.
  add column health_state text not null default 'unknown' check (health_state in ('ok', 'needs_reconnect', 'degraded', 'unknown')),
  add column health_reason text,
  add column health_checked_at timestamptz,
  add column credentials_expire_at timestamptz;

-- The sweeper claims only rows it may sync: a paused row is never in the index, whatever its next_sync_at says (a
-- reconnect sets it), so the due query reads the few due rows and nothing else, as before.
drop index audit_integrations_due_idx;
create index audit_integrations_due_idx on audit_integrations (next_sync_at)
  where next_sync_at is not null and status <> 'disconnected' and not paused;

-- The org-wide list (GET /orgs/:org_id/integrations) pages in (project_id, provider) order within one org: the unique
-- constraint's index on (org_id, project_id, provider) from 00001 is exactly that keyset, so no new index is needed.
