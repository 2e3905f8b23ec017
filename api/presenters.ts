import { formatTimestamp } from '../db/timestamps.js';
import type { IntegrationRow } from '../db/integrations.js';
import type { Provider } from '../db/providers.js';

/**
 * An existing row. The field list is explicit so a new column (credentials above all) can never leak. A disconnected
 * row carries the same empty `credentials: {}` as a placeholder, so clients written against either sentence of the
 * spec's Security section work.
 */
export function presentIntegration(row: IntegrationRow) {
  // Two plain literals, not a conditional spread: the spread made every list row a slow-path object (half the
  // presenter's cost, BENCHMARKS.md section 3).
  const shown = {
    id: row.id,
    org_id: row.org_id,
    project_id: row.project_id,
    provider: row.provider,
    status: row.status,
    last_sync_at: formatTimestamp(row.last_sync_at),
    created_at: formatTimestamp(row.created_at),
    updated_at: formatTimestamp(row.updated_at),
  };
  return row.status === 'disconnected' ? { credentials: {}, ...shown } : shown;
}

/** A never-connected provider, with the spec's quirks: `inserted_at` instead of `created_at`, and `credentials: {}`. */
export function presentPlaceholder(provider: Provider) {
  return {
    id: null,
    provider,
    status: 'disconnected' as const,
    credentials: {},
    last_sync_at: null,
    inserted_at: null,
    updated_at: null,
  };
}
