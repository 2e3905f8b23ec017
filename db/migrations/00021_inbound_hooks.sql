-- Inbound provider webhooks (issue 28): trackers and Sentry push signed webhooks to
-- POST /api/v1/inbound/:provider/:hook_id, so a change made there reaches the finding here in seconds instead of at the
-- next periodic sync.

-- One receiving address per integration. `hook_id` is the URL token (an address, not the authentication: the provider's
-- signature with `secret` is). `secret` is the signing secret encrypted with the credential cipher and bound to the
-- integration (db/inbound-hooks.ts); null while it is not known yet (Sentry, until the user gives the integration's
-- client secret). Registration state lives in the registration migration (00022).
create table inbound_hooks (
  integration_id uuid primary key references audit_integrations (id) on delete cascade,
  hook_id text not null unique,
  provider text not null,
  secret text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The durable inbox: what a verified delivery changes, reduced to `{kind, ref, at}` (never the provider's body), written
-- before the API answers and applied by the worker (activities/inbound.ts). Two uniques make a repeated delivery a
-- no-op: the provider's delivery id (or a digest of the body where it sends none), and the digest of the signed body
-- itself, which a replayer cannot change (delivery id headers are not signed).
create table inbound_deliveries (
  id bigserial primary key,
  integration_id uuid not null references audit_integrations (id) on delete cascade,
  provider text not null,
  delivery_id text not null,
  body_sha256 text not null,
  change jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text check (outcome in ('applied', 'unchanged', 'stale', 'ignored')),
  unique (integration_id, delivery_id),
  unique (integration_id, body_sha256)
);
-- The worker's scan: unprocessed rows in arrival order. Partial, so it stays as small as the backlog.
create index inbound_deliveries_unprocessed_idx on inbound_deliveries (id) where processed_at is null;
-- The retention prune.
create index inbound_deliveries_processed_idx on inbound_deliveries (processed_at) where processed_at is not null;

-- The provider's time of the last remote change applied to a task, so an older delivery arriving late cannot undo a
-- newer one. Null: none applied with a time yet.
alter table finding_tasks add column remote_changed_at timestamptz;
-- Deliveries name the remote issue, not the finding.
create index finding_tasks_external_idx on finding_tasks (integration_id, external_id) where external_id is not null;
