-- A full resync (POST …/resync, issue 26) is recorded as its own trigger, so a run's history says which syncs forgot
-- their links and re-matched every open finding by its marker.
alter table sync_runs drop constraint sync_runs_trigger_check;
alter table sync_runs add constraint sync_runs_trigger_check check (trigger in ('manual', 'schedule', 'full_resync'));
