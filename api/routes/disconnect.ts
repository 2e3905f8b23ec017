import Router from '@koa/router';
import type { Context } from 'koa';
import { disconnectIntegration } from '../../db/disconnect.js';
import { findIntegration } from '../../db/integrations.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { discardBody } from '../middleware/body.js';
import { sendRenderedData } from '../middleware/envelope.js';
import type { SyncControl } from '../sync-control.js';
import { providerParam, scope } from './scope.js';
import { recordIntegrationChange, requestActor } from '../audit.js';

export interface DisconnectRoutesDeps {
  sql: Sql;
  syncControl: SyncControl;
  onCleanupFailed: (err: unknown, ctx: Context) => void;
}

/**
 * `POST …/integrations/:provider/disconnect`. The credentials are wiped and next_sync_at cleared first (no more periodic
 * syncs), so they are gone even when Temporal is down; then a running sync is cancelled (its final step records the run `cancelled` and
 * leaves the row `disconnected`). If Temporal cannot be reached the answer is request_failed: repeating the request
 * finishes the clean-up.
 */
export function disconnectRoutes(deps: DisconnectRoutesDeps): Router {
  const { sql, syncControl } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  router.post('/:provider/disconnect', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    await discardBody(ctx);
    const key = { orgId, projectId, provider };
    const existing = await findIntegration(sql, key);
    if (!existing) throw new ApiError('not_connected', 422);
    const row = await sql.begin(async (tx) => {
      const disconnected = await disconnectIntegration(tx, existing.id);
      // A repeated disconnect (finishing a clean-up) records nothing new.
      if (disconnected && existing.status !== 'disconnected') await recordIntegrationChange(tx, requestActor(ctx), 'disconnect', disconnected);
      return disconnected;
    });
    if (!row) throw new ApiError('not_connected', 422);
    try {
      await syncControl.cancelSync(key);
    } catch (err) {
      deps.onCleanupFailed(err, ctx);
      throw new ApiError('request_failed', 422, 'The credentials were wiped but the running sync could not be cancelled; repeat the request.');
    }
    sendRenderedData(ctx, row.json);
  });

  return router;
}
