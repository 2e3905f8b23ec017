-- Due-time scheduling (issue 13): one sweeper per deployment claims the rows whose next_sync_at has passed, instead of
-- one Temporal Schedule per integration. Null = no periodic sync (disconnected). The partial index holds only the rows
-- a sweep can claim, ordered the way it claims them, so a sweep reads the few due rows and nothing else.
alter table audit_integrations add column next_sync_at timestamptz;
-- Integrations connected before this migration had a Schedule each: spread their first sweep over 15 minutes
-- (SYNC_START_RATE paces it further), after which they follow SYNC_INTERVAL from their own finish times.
update audit_integrations set next_sync_at = now() + random() * interval '15 minutes' where status <> 'disconnected';
create index audit_integrations_due_idx on audit_integrations (next_sync_at)
  where next_sync_at is not null and status <> 'disconnected';
