import type { FindingTaskRow } from '../db/finding-tasks.js';
import type { FindingRow } from '../db/findings.js';
import { formatTimestamp } from '../db/timestamps.js';

/** An external issue tracking a finding. */
export function presentTask(row: FindingTaskRow) {
  return {
    provider: row.provider,
    external_id: row.external_id,
    url: row.url,
    state: row.state,
    synced_at: formatTimestamp(row.synced_at),
  };
}

/** A finding with its tasks. Explicit fields: org/project ids and source_ref stay internal. */
export function presentFinding(row: FindingRow, tasks: readonly FindingTaskRow[]) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    severity: row.severity,
    url: row.url,
    category: row.category,
    status: row.status,
    source: row.source,
    created_at: formatTimestamp(row.created_at),
    updated_at: formatTimestamp(row.updated_at),
    tasks: tasks.filter((t) => t.finding_id === row.id).map(presentTask),
  };
}
