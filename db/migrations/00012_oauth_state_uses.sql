-- OAuth states already answered (issue 25). The callback inserts a verified state's id before it writes anything else,
-- so each state — and the authorization code that came with it — is accepted once. A row is only needed until its
-- state expires (after that the state's own expiry refuses it): callbacks delete expired rows a batch at a time.
create table oauth_state_uses (
  id text primary key,
  expires_at timestamptz not null
);
create index oauth_state_uses_expires_idx on oauth_state_uses (expires_at);
