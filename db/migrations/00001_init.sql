-- API keys: only the SHA-256 of the token is stored; the token itself is shown once at creation.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  name text,
  scopes text[] not null,
  token_hash text not null unique,
  token_prefix text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index api_keys_org_idx on api_keys (org_id);

-- One row per (org, project, provider). `credentials` is opaque AES-256-GCM ciphertext (see db/crypto.ts), null once wiped.
create table audit_integrations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  project_id text not null,
  provider text not null check (provider in ('ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare')),
  status text not null check (status in ('connected', 'disconnected', 'syncing', 'error')),
  credentials text,
  last_sync_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, project_id, provider)
);
create index audit_integrations_status_idx on audit_integrations (status) where status in ('syncing', 'error');
