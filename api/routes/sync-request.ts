import type { Context } from 'koa';
import { recordAudit } from '../../db/audit-log.js';
import { claimForSync, releaseSyncClaim } from '../../db/integrations.js';
import type { Sql } from '../../db/sql.js';
import type { SyncRunTrigger } from '../../db/sync-runs.js';
import { requestActor } from '../audit.js';
import { ApiError } from '../errors.js';
import { discardBody } from '../middleware/body.js';
import { sendRenderedData } from '../middleware/envelope.js';
import type { StartSync } from '../sync-starter.js';
import { providerParam, scope } from './scope.js';

export interface SyncRequestDeps {
  sql: Sql;
  startSync: StartSync;
  onSyncStartFailed: (err: unknown, ctx: Context) => void;
}

/**
 * `POST …/sync` and `POST …/resync`: claim the row, start (or signal) its workflow, record the request once the sync is
 * on its way (a refused start changed nothing, and puts the row back), answer 202 with the row.
 */
export async function requestSync(
  ctx: Context,
  deps: SyncRequestDeps,
  opts: { trigger: Extract<SyncRunTrigger, 'manual' | 'full_resync'>; joinRunning: boolean; action: 'sync_requested' | 'resync_requested'; what: string },
): Promise<void> {
  const { orgId, projectId } = scope(ctx, 'audit:write');
  const provider = providerParam(ctx);
  await discardBody(ctx);
  const claim = await claimForSync(deps.sql, { orgId, projectId, provider });
  if (!claim) throw new ApiError('not_connected', 422);
  try {
    await deps.startSync(
      { integrationId: claim.row.id, orgId, projectId, provider, trigger: opts.trigger },
      { joinIfRunning: opts.joinRunning && claim.previousStatus === 'syncing' },
    );
  } catch (err) {
    deps.onSyncStartFailed(err, ctx);
    await releaseSyncClaim(deps.sql, claim);
    throw new ApiError('request_failed', 422, `The ${opts.what} could not be enqueued; try again shortly.`);
  }
  await recordAudit(deps.sql, requestActor(ctx), { orgId, projectId, provider, action: opts.action, targetId: claim.row.id });
  sendRenderedData(ctx, claim.row.json, 202);
}
