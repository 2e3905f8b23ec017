import Router from '@koa/router';
import { z } from 'zod';
import { findIntegration } from '../../db/integrations.js';
import type { Sql } from '../../db/sql.js';
import { listSyncRuns, syncRunExists, type SyncRunRow } from '../../db/sync-runs.js';
import { ApiError } from '../errors.js';
import { sendData } from '../middleware/envelope.js';
import { formatTimestamp } from '../../db/timestamps.js';
import { intQuery } from './query.js';
import { providerParam, scope } from './scope.js';

export const DEFAULT_SYNC_RUNS_LIMIT = 25;
export const MAX_SYNC_RUNS_LIMIT = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ListQuerySchema = z.object({
  limit: intQuery(1, MAX_SYNC_RUNS_LIMIT).optional(),
  cursor: z.string().max(200).optional(),
});

/** Opaque to clients; inside, the id of the last run of the previous page. */
export function encodeCursor(runId: string): string {
  return Buffer.from(`v1:${runId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('v1:') ? text.slice(3) : '';
  return UUID.test(id) ? id : undefined;
}

/** TRACE_UI_URL with the run's trace id in place of `{trace_id}`; null without either. */
export function traceUrl(template: string | undefined, traceId: string | null): string | null {
  return template && traceId ? template.replaceAll('{trace_id}', traceId) : null;
}

/** Field list explicit, timestamps at second precision like every other API timestamp. */
export function presentSyncRun(row: SyncRunRow, provider: string, traceUiUrl?: string) {
  return {
    id: row.id,
    integration_id: row.integration_id,
    provider,
    trigger: row.trigger,
    outcome: row.outcome,
    workflow_id: row.workflow_id,
    run_id: row.run_id,
    started_at: formatTimestamp(row.started_at),
    finished_at: formatTimestamp(row.finished_at),
    error_code: row.error_code,
    error_message: row.error_message,
    items_pushed: row.items_pushed,
    items_pulled: row.items_pulled,
    items_updated: row.items_updated,
    warnings: row.warnings,
    trace_id: row.trace_id,
    trace_url: traceUrl(traceUiUrl, row.trace_id),
  };
}

/** `GET …/integrations/:provider/syncs`: the integration's sync runs, newest first, cursor-paginated. */
export function syncRunRoutes(deps: { sql: Sql; traceUiUrl?: string | undefined }): Router {
  const { sql } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  router.get('/:provider/syncs', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:read');
    const provider = providerParam(ctx);
    const query = ListQuerySchema.safeParse(ctx.query);
    if (!query.success) {
      const field = String(query.error.issues[0]?.path[0] ?? 'query');
      const reason = field === 'limit' ? `must be an integer from 1 to ${MAX_SYNC_RUNS_LIMIT}` : 'is invalid';
      throw new ApiError('validation_failed', 422, `${field} ${reason}`);
    }
    const limit = query.data.limit ?? DEFAULT_SYNC_RUNS_LIMIT;
    const afterId = query.data.cursor === undefined ? undefined : decodeCursor(query.data.cursor);
    if (query.data.cursor !== undefined && afterId === undefined) throw new ApiError('validation_failed', 422, 'cursor is invalid');

    const integration = await findIntegration(sql, { orgId, projectId, provider });
    if (afterId !== undefined && !(integration && (await syncRunExists(sql, integration.id, afterId)))) {
      throw new ApiError('validation_failed', 422, 'cursor is invalid');
    }
    const rows = integration ? await listSyncRuns(sql, integration.id, { limit: limit + 1, afterId }) : [];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor(last.id) : null;
    // next_sync_at (read-only): when the sweeper starts the next periodic sync; null when disconnected or never connected.
    sendData(ctx, page.map((r) => presentSyncRun(r, provider, deps.traceUiUrl)), 200, { next_cursor: nextCursor, next_sync_at: formatTimestamp(integration?.next_sync_at ?? null) });
  });

  return router;
}
