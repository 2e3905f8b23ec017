-- A workflow run may sync more than once: a sync requested while the run was already recording its result gets a
-- follow-up round in the same run instead of being lost. Runs are keyed by (run_id, round).
alter table sync_runs add column round integer not null default 1;
alter table sync_runs drop constraint sync_runs_run_id_key;
alter table sync_runs add constraint sync_runs_run_round_key unique (run_id, round);
