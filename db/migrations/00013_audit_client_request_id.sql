-- The X-Request-Id a client sent, kept beside the server's own request_id (which is never client-chosen). The API
-- bounds it to 200 printable characters; the check says so here too.
alter table audit_log add column client_request_id text check (char_length(client_request_id) <= 200);

-- Entries of operator commands named the OS user and host (`npm run keys -- create (root@vm)`). Tenants read this
-- table: keep only the command, which never contains a parenthesis.
update audit_log set actor_name = regexp_replace(actor_name, ' \(.*$', '')
where actor_type = 'cli' and actor_name like '% (%';
