import Router from '@koa/router';
import type { Context } from 'koa';
import type { ApiKeyRow, Scope } from '../../db/api-keys.js';
import type { CredentialCipher } from '../../db/crypto.js';
import { claimForSync, listIntegrations, releaseSyncClaim, upsertIntegration, type IntegrationRow } from '../../db/integrations.js';
import { isProvider, PROVIDERS, type Provider } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { authorize } from '../middleware/auth.js';
import { discardBody, readJsonBody } from '../middleware/body.js';
import { sendData } from '../middleware/envelope.js';
import { parseConnectBody } from '../middleware/validate.js';
import { presentIntegration, presentPlaceholder } from '../presenters.js';
import type { StartSync } from '../sync-starter.js';

export interface IntegrationRoutesDeps {
  sql: Sql;
  cipher: CredentialCipher;
  startSync: StartSync;
  onSyncStartFailed: (err: unknown, ctx: Context) => void;
  /** After a connect is stored: ensures the integration's sync schedule (api/schedules.ts). */
  onConnected?: (row: IntegrationRow, ctx: Context) => Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROJECT_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;

interface Scoped {
  key: ApiKeyRow;
  orgId: string;
  projectId: string;
}

/** 404 for ids that cannot exist, then 403 unless this key may act on the org with the scope. */
export function scope(ctx: Context, needed: Scope): Scoped {
  const orgId = String(ctx.params.org_id);
  const projectId = String(ctx.params.project_id);
  if (!UUID.test(orgId) || !PROJECT_SLUG.test(projectId)) throw new ApiError('not_found', 404);
  const key = ctx.state.apiKey as ApiKeyRow;
  authorize(key, orgId.toLowerCase(), needed);
  return { key, orgId: orgId.toLowerCase(), projectId };
}

export function providerParam(ctx: Context): Provider {
  const provider = String(ctx.params.provider);
  if (!isProvider(provider)) throw new ApiError('invalid_provider', 422);
  return provider;
}

export function integrationRoutes(deps: IntegrationRoutesDeps): Router {
  const { sql, cipher, startSync } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  router.get('/', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:read');
    const rows = await listIntegrations(sql, orgId, projectId);
    const present = new Set(rows.map((r) => r.provider));
    const placeholders = PROVIDERS.filter((p) => !present.has(p)).map(presentPlaceholder);
    sendData(ctx, [...rows.map(presentIntegration), ...placeholders]);
  });

  router.post('/:provider/connect', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const credentials = parseConnectBody(await readJsonBody(ctx));
    const key = { orgId, projectId, provider };
    const row = await upsertIntegration(sql, key, cipher.encrypt(credentials, key));
    await deps.onConnected?.(row, ctx);
    sendData(ctx, presentIntegration(row));
  });

  router.post('/:provider/sync', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    await discardBody(ctx);
    const claim = await claimForSync(sql, { orgId, projectId, provider });
    if (!claim) throw new ApiError('not_connected', 422);
    try {
      await startSync({ integrationId: claim.row.id, orgId, projectId, provider, trigger: 'manual' });
    } catch (err) {
      deps.onSyncStartFailed(err, ctx);
      await releaseSyncClaim(sql, claim);
      throw new ApiError('request_failed', 422, 'The sync could not be enqueued; try again shortly.');
    }
    sendData(ctx, presentIntegration(claim.row), 202);
  });

  return router;
}
