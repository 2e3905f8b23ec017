import Router from '@koa/router';
import type { Context } from 'koa';
import { recordAudit } from '../../db/audit-log.js';
import { claimForSync, releaseSyncClaim } from '../../db/integrations.js';
import type { Sql } from '../../db/sql.js';
import { requestActor } from '../audit.js';
import { ApiError } from '../errors.js';
import { discardBody } from '../middleware/body.js';
import { sendRenderedData } from '../middleware/envelope.js';
import type { StartSync } from '../sync-starter.js';
import { providerParam, scope } from './scope.js';

export interface ResyncRoutesDeps {
  sql: Sql;
  startSync: StartSync;
  onSyncStartFailed: (err: unknown, ctx: Context) => void;
}

/**
 * POST …/:provider/resync: a sync with trigger `full_resync` (the adapter forgets its links and re-matches every open
 * finding by its marker, activities/providers/tracker-sync.ts). Answers exactly as POST …/sync does. A running sync is
 * always signalled, never just joined: the round in flight keeps its links, so the resync needs a round of its own
 * (workflows/sync-integration.ts).
 */
export function resyncRoutes(deps: ResyncRoutesDeps): Router {
  const { sql, startSync } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  router.post('/:provider/resync', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    await discardBody(ctx);
    const claim = await claimForSync(sql, { orgId, projectId, provider });
    if (!claim) throw new ApiError('not_connected', 422);
    try {
      await startSync({ integrationId: claim.row.id, orgId, projectId, provider, trigger: 'full_resync' });
    } catch (err) {
      deps.onSyncStartFailed(err, ctx);
      await releaseSyncClaim(sql, claim);
      throw new ApiError('request_failed', 422, 'The resync could not be enqueued; try again shortly.');
    }
    await recordAudit(sql, requestActor(ctx), { orgId, projectId, provider, action: 'resync_requested', targetId: claim.row.id });
    sendRenderedData(ctx, claim.row.json, 202);
  });

  return router;
}
