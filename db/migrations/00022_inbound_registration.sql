-- Registration of inbound provider webhooks (issue 28): where the worker got with each integration's hook at the
-- provider. `pending` until a sync tried (or while a transient failure is retried), `registered` when the provider
-- holds a hook pointing at our URL (`remote_id` is its id there), `manual` when the credentials may not manage hooks
-- (someone adds it by hand with the URL and secret the detail view shows; Sentry always), `unavailable` when the
-- provider cannot be registered at all. `reason` says why, in words for the user; never a credential.
alter table inbound_hooks
  add column state text not null default 'pending' check (state in ('pending', 'registered', 'manual', 'unavailable')),
  add column reason text check (char_length(reason) <= 1000),
  add column remote_id text check (char_length(remote_id) <= 200),
  add column registered_at timestamptz,
  -- Jira's dynamic webhooks expire after 30 days unless refreshed: the last refresh.
  add column refreshed_at timestamptz;

-- Removals queued by a disconnect, which wipes the integration's credentials in the same transaction: the row keeps a
-- copy of the *encrypted* credentials (the ciphertext as it was, bound to org/project/provider like the original) so
-- the worker's housekeeping pass can still call the provider. The copy is deleted with the row: after the removal, or
-- when the removal is given up (INBOUND_REMOVAL_MAX_ATTEMPTS attempts or 24 hours, activities/inbound-removal.ts).
create table inbound_hook_removals (
  id uuid primary key default gen_random_uuid(),
  -- No foreign key: the removal outlives whatever happens to the integration row meanwhile.
  integration_id uuid not null,
  org_id uuid not null,
  project_id text not null,
  provider text not null,
  remote_id text not null,
  credentials text not null,
  attempts integer not null default 0,
  last_error text check (char_length(last_error) <= 1000),
  next_attempt_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);
create index inbound_hook_removals_due_idx on inbound_hook_removals (next_attempt_at);
create index inbound_hook_removals_integration_idx on inbound_hook_removals (integration_id);
