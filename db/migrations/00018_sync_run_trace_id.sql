-- OpenTelemetry traces (issue 29): the trace a sync run belongs to, written when the run starts, so the sync history
-- links to it. NULL when tracing is off or the run's workflow was started without trace context.
alter table sync_runs add column trace_id text check (trace_id ~ '^[0-9a-f]{32}$');
