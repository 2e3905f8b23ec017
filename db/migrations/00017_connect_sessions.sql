-- Connect sessions (issue 27): a short-lived bearer credential a product hands to its user's browser so the hosted
-- connect page can connect providers of one project without an org-wide API key. Only the SHA-256 of the token is
-- stored, as for API keys. The creating key is kept (id and name at creation) because the session acts on its behalf:
-- a connect made with the session is audited under it, and revoking the key ends the session.
create table connect_sessions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  project_id text not null,
  providers text[] not null check (
    cardinality(providers) between 1 and 8
    and providers <@ array['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare']
  ),
  token_hash text not null unique,
  return_url text check (char_length(return_url) <= 2048),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  api_key_id uuid not null references api_keys (id) on delete cascade,
  api_key_name text
);
create index connect_sessions_org_idx on connect_sessions (org_id, created_at);
-- Creating a session deletes a batch of sessions expired for more than a day (db/connect-sessions.ts), oldest first.
create index connect_sessions_expires_idx on connect_sessions (expires_at);

-- The audit actor of what a session did: `connect_session`, with the session's id beside its creating key's
-- api_key_id / api_key_name. The session row itself is pruned after expiry; the id in the log outlives it.
alter table audit_log add column connect_session_id uuid;
alter table audit_log drop constraint audit_log_actor_type_check;
alter table audit_log add constraint audit_log_actor_type_check check (actor_type in ('api_key', 'cli', 'connect_session'));
