-- The health pass (issue 26): a claim so two housekeeping passes never check one integration at once, and the two
-- indexes its claim reads (rows whose check is due, oldest first; OAuth tokens about to expire, soonest first).
alter table audit_integrations add column health_claimed_until timestamptz;

create index audit_integrations_health_due_idx on audit_integrations (health_checked_at nulls first)
  where status <> 'disconnected';
create index audit_integrations_token_expiry_idx on audit_integrations (credentials_expire_at)
  where credentials_expire_at is not null and status <> 'disconnected' and health_state <> 'needs_reconnect';

-- Two more webhook event types: integration.auth_failed and integration.auth_recovered (db/webhooks.ts).
alter table webhook_events drop constraint webhook_events_type_check;
alter table webhook_events add constraint webhook_events_type_check check (type in (
  'integration.connected', 'integration.disconnected', 'sync.succeeded', 'sync.failed', 'findings.pushed',
  'integration.auth_failed', 'integration.auth_recovered'
));
