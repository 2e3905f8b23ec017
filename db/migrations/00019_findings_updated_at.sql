-- GET …/audit/findings?updated_since= (issue 27): scripts mirroring findings ask for what changed since their last run.
-- EXPLAIN ANALYZE on 400k findings (200k in the project, 2k of them changed): without this index the count was a
-- parallel seq scan of the whole table (68 ms) and a page walked the project's created_at index past every unchanged
-- row; with it both read only the changed rows' range (count 1 ms; page: that range, then a top-N sort by created_at).
create index findings_updated_idx on findings (org_id, project_id, updated_at);
