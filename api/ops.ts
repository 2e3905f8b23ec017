import { claimForSync, findIntegration, releaseSyncClaim, type IntegrationKey } from '../db/integrations.js';
import { listStuckIntegrations, type StuckIntegrationRow } from '../db/ops.js';
import type { Sql } from '../db/sql.js';
import { listSyncRuns, type SyncRunRow } from '../db/sync-runs.js';
import { syncWorkflowId } from '../workflows/ids.js';
import type { StartSync } from './sync-starter.js';

/** A failure to report to the operator (exit 2): the message is shown as is, so it never carries a secret. */
export class OpsError extends Error {
  override name = 'OpsError';
}

/** Integrations in `error`, or `syncing` for longer than `olderThanMs`, across all orgs. */
export function stuckIntegrations(sql: Sql, opts: { olderThanMs: number; limit: number }): Promise<StuckIntegrationRow[]> {
  return listStuckIntegrations(sql, opts);
}

/**
 * The API's `POST …/sync` without HTTP: claim the row (`syncing`), start or join the integration's workflow, and put the
 * row back if the start fails.
 */
export async function triggerSync(deps: { sql: Sql; startSync: StartSync }, key: IntegrationKey): Promise<{ workflowId: string; runId: string; previousStatus: string }> {
  const claim = await claimForSync(deps.sql, key);
  if (!claim) throw new OpsError(`${key.provider} is not connected for ${key.orgId}/${key.projectId}`);
  try {
    const started = await deps.startSync({ integrationId: claim.row.id, ...key, trigger: 'manual' });
    return { ...started, previousStatus: claim.previousStatus };
  } catch (err) {
    await releaseSyncClaim(deps.sql, claim);
    throw new OpsError(`the sync workflow ${syncWorkflowId(key)} could not be started: ${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? ''}`);
  }
}

/** The integration's latest sync runs, newest first. */
export async function lastRuns(sql: Sql, key: IntegrationKey, limit: number): Promise<SyncRunRow[]> {
  const integration = await findIntegration(sql, key);
  if (!integration) throw new OpsError(`no ${key.provider} integration for ${key.orgId}/${key.projectId}`);
  return listSyncRuns(sql, integration.id, { limit });
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return String(value).replace(/\s+/g, ' ');
}

/** A plain aligned table for terminals; `--json` prints the rows instead. */
export function formatTable(rows: readonly object[], columns: readonly string[]): string {
  const cells = rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}
