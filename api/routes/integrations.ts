import Router from '@koa/router';
import type { Context } from 'koa';
import type { CredentialCipher } from '../../db/crypto.js';
import { claimForSync, listIntegrations, releaseSyncClaim } from '../../db/integrations.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { discardBody, readJsonBody } from '../middleware/body.js';
import { sendRenderedData } from '../middleware/envelope.js';
import { parseConnectBody } from '../middleware/validate.js';
import { integrationListJson } from '../presenters.js';
import { connectWithinQuota, DEFAULT_QUOTAS, type Quotas } from '../quotas.js';
import type { StartSync } from '../sync-starter.js';
import { providerParam, scope } from './scope.js';
import { requestActor } from '../audit.js';
import { recordAudit } from '../../db/audit-log.js';

export interface IntegrationRoutesDeps {
  sql: Sql;
  cipher: CredentialCipher;
  startSync: StartSync;
  onSyncStartFailed: (err: unknown, ctx: Context) => void;
  quotas?: Quotas;
  /** After a connect committed: the row is due at once (api/sync-wakeup.ts). */
  wakeSweeper: () => void;
}

export function integrationRoutes(deps: IntegrationRoutesDeps): Router {
  const { sql, cipher, startSync } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  router.get('/', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:read');
    sendRenderedData(ctx, integrationListJson(await listIntegrations(sql, orgId, projectId)));
  });

  router.post('/:provider/connect', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const credentials = parseConnectBody(await readJsonBody(ctx));
    const key = { orgId, projectId, provider };
    // Due at once: the wake-up starts the first sync in about a second (the next sweep, should it be lost).
    const row = await connectWithinQuota(sql, deps.quotas ?? DEFAULT_QUOTAS, cipher, key, credentials, requestActor(ctx));
    deps.wakeSweeper();
    sendRenderedData(ctx, row.json);
  });

  router.post('/:provider/sync', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    await discardBody(ctx);
    const claim = await claimForSync(sql, { orgId, projectId, provider });
    if (!claim) throw new ApiError('not_connected', 422);
    try {
      await startSync({ integrationId: claim.row.id, orgId, projectId, provider, trigger: 'manual' }, { joinIfRunning: claim.previousStatus === 'syncing' });
    } catch (err) {
      deps.onSyncStartFailed(err, ctx);
      await releaseSyncClaim(sql, claim);
      throw new ApiError('request_failed', 422, 'The sync could not be enqueued; try again shortly.');
    }
    // Recorded once the sync is on its way (a refused start changed nothing).
    await recordAudit(sql, requestActor(ctx), { orgId, projectId, provider, action: 'sync_requested', targetId: claim.row.id });
    sendRenderedData(ctx, claim.row.json, 202);
  });

  return router;
}
