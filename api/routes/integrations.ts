import Router from '@koa/router';
import type { CredentialCipher } from '../../db/crypto.js';
import { listIntegrations } from '../../db/integrations.js';
import { readJsonBody } from '../middleware/body.js';
import { sendRenderedData } from '../middleware/envelope.js';
import { parseConnectBody } from '../middleware/validate.js';
import { integrationListJson } from '../presenters.js';
import { connectWithinQuota, DEFAULT_QUOTAS, type Quotas } from '../quotas.js';
import { connectScope, providerParam } from './scope.js';
import { requestActor } from '../audit.js';
import { requestSync, type SyncRequestDeps } from './sync-request.js';

export interface IntegrationRoutesDeps extends SyncRequestDeps {
  cipher: CredentialCipher;
  quotas?: Quotas;
  /** After a connect committed: the row is due at once (api/sync-wakeup.ts). */
  wakeSweeper: () => void;
}

export function integrationRoutes(deps: IntegrationRoutesDeps): Router {
  const { sql, cipher } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  // The list and connect also serve connect sessions (connectScope): a session sees only its providers' entries.
  router.get('/', async (ctx) => {
    const { orgId, projectId, session } = connectScope(ctx, 'audit:read');
    sendRenderedData(ctx, integrationListJson(await listIntegrations(sql, orgId, projectId), session?.providers));
  });

  router.post('/:provider/connect', async (ctx) => {
    const { orgId, projectId } = connectScope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const credentials = parseConnectBody(await readJsonBody(ctx));
    const key = { orgId, projectId, provider };
    // Due at once: the wake-up starts the first sync in about a second (the next sweep, should it be lost).
    const row = await connectWithinQuota(sql, deps.quotas ?? DEFAULT_QUOTAS, cipher, key, credentials, requestActor(ctx));
    deps.wakeSweeper();
    sendRenderedData(ctx, row.json);
  });

  router.post('/:provider/sync', (ctx) => requestSync(ctx, deps, { trigger: 'manual', joinRunning: true, action: 'sync_requested', what: 'sync' }));

  return router;
}
