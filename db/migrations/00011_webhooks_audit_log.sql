-- Webhooks (issue 15). An org's endpoints; the signing secret is stored encrypted like credentials (db/crypto.ts,
-- bound to `<org>/webhook/<endpoint id>`). After a rotation the previous secret keeps signing until it expires.
create table webhook_endpoints (
  id uuid primary key,
  org_id uuid not null,
  url text not null,
  event_types text[] not null,
  -- null: every project of the org.
  project_id text,
  enabled boolean not null default true,
  -- Why it was switched off by the system (a 410 Gone), null when enabled or switched off by a client.
  disabled_reason text,
  secret text not null,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_org_idx on webhook_endpoints (org_id, created_at, id);

-- The outbox: one row per event, written in the same transaction as the change that caused it, and only when some
-- enabled endpoint of the org wants it. Its id is the payload's `id` and the `webhook-id` header (stable across retries).
create table webhook_events (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  project_id text,
  type text not null check (type in ('integration.connected', 'integration.disconnected', 'sync.succeeded', 'sync.failed', 'findings.pushed')),
  data jsonb not null,
  created_at timestamptz not null default now()
);
create index webhook_events_created_idx on webhook_events (created_at);

-- One delivery per (event, endpoint), made with the event. `dispatched_at` null = no delivery workflow started yet:
-- the housekeeping loop's dispatcher starts one (workflow id webhook-delivery/<id>) and sets it.
create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references webhook_events (id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  last_status_code int,
  last_error text,
  next_attempt_at timestamptz default now(),
  dispatched_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, endpoint_id)
);
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, created_at desc, id desc);
create index webhook_deliveries_undispatched_idx on webhook_deliveries (created_at) where dispatched_at is null;

-- The audit trail: who changed what. Never a credential value or secret: ids, names and the action only.
create table audit_log (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  project_id text,
  provider text,
  action text not null,
  -- 'api_key' (a request: api_key_id/name set) or 'cli' (an operator command: actor_name says which).
  actor_type text not null check (actor_type in ('api_key', 'cli')),
  api_key_id uuid,
  api_key_name text,
  actor_name text,
  -- What the action was about when it is not the integration itself: a webhook endpoint, a delivery, an API key.
  target_id text,
  request_id text,
  client_address text,
  created_at timestamptz not null default now()
);
create index audit_log_org_idx on audit_log (org_id, created_at desc, id desc);
create index audit_log_created_idx on audit_log (created_at);
