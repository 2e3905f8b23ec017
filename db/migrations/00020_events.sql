-- Live events (issue 28): one row per change a subscriber of GET …/audit/events is told about. Rows carry ids only
-- (never a credential, never a rendered row): each API process reads the row it names once and renders the public JSON
-- itself. Kept at least 15 minutes for Last-Event-ID replays; the worker's retention prune deletes older rows.
create table audit_events (
  id bigserial primary key,
  org_id uuid not null,
  project_id text not null,
  type text not null check (type in ('integration.updated', 'sync.started', 'sync.finished', 'finding.updated')),
  -- The state the change produced, where a later read could already show the next one (status, outcome): a subscriber
  -- sees connect → syncing → connected even when it reads the row after the sync has finished.
  subject jsonb not null,
  created_at timestamptz not null default now()
);
create index audit_events_scope_idx on audit_events (org_id, project_id, id);
create index audit_events_created_idx on audit_events (created_at);

-- No NOTIFY here: a transaction that notifies takes Postgres's global notify lock at commit, which serialises every
-- writer of these tables (api/sync-wakeup.ts has the pgbench numbers). The API processes poll this table by id instead
-- (api/events-hub.ts), woken early by NOTIFYs the writers send after they committed.

-- Triggers rather than edits to every statement that moves these rows: the worker, the API, the CLIs and the
-- reconciler all write them, and a trigger cannot be forgotten by the next one. Only columns the public JSON shows
-- count: the sweeper's next_sync_at claims and credential rewrites are no event.
create function audit_events_integration() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and (old.status, old.last_sync_at, old.paused, old.sync_interval_seconds, old.health_state, old.health_reason, old.credentials_expire_at)
      is not distinct from (new.status, new.last_sync_at, new.paused, new.sync_interval_seconds, new.health_state, new.health_reason, new.credentials_expire_at) then
    return null;
  end if;
  insert into audit_events (org_id, project_id, type, subject)
  values (new.org_id, new.project_id, 'integration.updated', jsonb_build_object('integration_id', new.id, 'status', new.status));
  return null;
end $$;
create trigger audit_events_integration after insert or update on audit_integrations
  for each row execute function audit_events_integration();

create function audit_events_sync_run() returns trigger language plpgsql as $$
declare
  kind text;
begin
  if tg_op = 'INSERT' then
    kind := 'sync.started';
  elsif old.outcome = 'running' and new.outcome <> 'running' then
    kind := 'sync.finished';
  else
    return null;
  end if;
  insert into audit_events (org_id, project_id, type, subject)
  select i.org_id, i.project_id, kind, jsonb_build_object('integration_id', i.id, 'sync_run_id', new.id, 'outcome', new.outcome)
  from audit_integrations i where i.id = new.integration_id;
  return null;
end $$;
create trigger audit_events_sync_run after insert or update of outcome on sync_runs
  for each row execute function audit_events_sync_run();

create function audit_events_finding() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old is not distinct from new then
    return null;
  end if;
  insert into audit_events (org_id, project_id, type, subject)
  values (new.org_id, new.project_id, 'finding.updated', jsonb_build_object('finding_id', new.id, 'status', new.status));
  return null;
end $$;
create trigger audit_events_finding after insert or update on findings
  for each row execute function audit_events_finding();

-- A finding shows its external issues (tasks): a task linked, closed, reopened or unlinked there is a change of the
-- finding too. Intents (external_id still null) are bookkeeping the API does not show.
create function audit_events_finding_task() returns trigger language plpgsql as $$
declare
  task finding_tasks;
begin
  task := case when tg_op = 'DELETE' then old else new end;
  if task.external_id is null or (tg_op = 'UPDATE' and (old.external_id, old.url, old.state) is not distinct from (new.external_id, new.url, new.state)) then
    return null;
  end if;
  insert into audit_events (org_id, project_id, type, subject)
  select f.org_id, f.project_id, 'finding.updated', jsonb_build_object('finding_id', f.id, 'status', f.status)
  from findings f where f.id = task.finding_id;
  return null;
end $$;
create trigger audit_events_finding_task after insert or update or delete on finding_tasks
  for each row execute function audit_events_finding_task();
