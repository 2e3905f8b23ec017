-- A sync that reached a per-sync cap (pages, rows) succeeds with what it read and says so: one line per cap reached.
alter table sync_runs add column warnings text[] not null default '{}';
