import Router from '@koa/router';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.js';
import type { CredentialCipher } from '../../db/crypto.js';
import { MAX_SYNC_INTERVAL_SECONDS, updateIntegrationSettings } from '../../db/integration-settings.js';
import type { Sql } from '../../db/sql.js';
import { requestActor } from '../audit.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../middleware/body.js';
import { sendRenderedData } from '../middleware/envelope.js';
import { PLACEHOLDER_DETAIL_JSON } from '../presenters.js';
import type { PublicBaseConfig } from '../public-base.js';
import { integrationDetailJson } from './realtime.js';
import { providerParam, scope, validationError } from './scope.js';

/** SYNC_INTERVAL and SYNC_INTERVAL_MIN of the deployment (db/env.ts). */
export interface SyncSchedule {
  /** SYNC_INTERVAL: the interval of an integration without its own (sync_interval_seconds null). */
  defaultIntervalMs: number;
  /** SYNC_INTERVAL_MIN: the shortest sync_interval_seconds accepted. */
  minIntervalMs: number;
}

export const DEFAULT_SYNC_SCHEDULE: SyncSchedule = { defaultIntervalMs: 6 * 3_600_000, minIntervalMs: 5 * 60_000 };

/** The PATCH body; `minSeconds` is SYNC_INTERVAL_MIN (the document shows the default, 300). Unknown fields are refused. */
export function settingsBodySchema(minSeconds: number) {
  const interval = `must be an integer from ${minSeconds} to ${MAX_SYNC_INTERVAL_SECONDS}, or null for the deployment's SYNC_INTERVAL`;
  return z.strictObject(
    {
      sync_interval_seconds: z
        .int({ error: interval })
        .min(minSeconds, interval)
        .max(MAX_SYNC_INTERVAL_SECONDS, interval)
        .nullable()
        .optional()
        .meta({ description: `Seconds from one finished sync to the next periodic one (SYNC_INTERVAL_MIN, ${minSeconds} by default, to 7 days); null = the deployment's SYNC_INTERVAL` }),
      paused: z.boolean({ error: 'must be a boolean' }).optional().meta({ description: 'true: no periodic syncs (POST …/sync still works); false: due again one interval after the last finished sync' }),
    },
    { error: 'must be a JSON object' },
  );
}

function parseSettingsBody(schema: ReturnType<typeof settingsBodySchema>, raw: unknown) {
  const parsed = schema.safeParse(raw === undefined ? {} : raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    // Named only when it looks like a field name: a pasted secret in a key position is not echoed.
    const [unknown] = issue.keys;
    const named = unknown !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(unknown) ? `: ${unknown}` : '';
    throw new ApiError('validation_failed', 422, `body has an unknown field${named}; expected sync_interval_seconds and/or paused`);
  }
  throw validationError(parsed.error);
}

/**
 * `GET …/integrations/:provider` (audit:read): the list row plus settings, next_sync_at, health and realtime; a never-connected
 * provider answers its placeholder with the defaults. `PATCH …/integrations/:provider/settings` (audit:write): changes
 * the interval and pause of a connected integration, audited (`settings_changed`) in the same transaction.
 */
export function integrationSettingsRoutes(deps: { sql: Sql; cipher: CredentialCipher; base?: PublicBaseConfig | undefined; schedule?: SyncSchedule; wakeSweeper?: () => void }): Router {
  const { sql } = deps;
  const schedule = deps.schedule ?? DEFAULT_SYNC_SCHEDULE;
  const minSeconds = Math.min(Math.ceil(schedule.minIntervalMs / 1000), MAX_SYNC_INTERVAL_SECONDS);
  const bodySchema = settingsBodySchema(minSeconds);
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  router.get('/:provider', async (ctx) => {
    const { key, orgId, projectId } = scope(ctx, 'audit:read');
    const provider = providerParam(ctx);
    // `realtime` (issue 28): its secret only for a key that may write (api/routes/realtime.ts says when).
    const json = await integrationDetailJson({ sql, cipher: deps.cipher, base: deps.base }, ctx, { orgId, projectId, provider }, key.scopes.includes('audit:write'));
    sendRenderedData(ctx, json ?? PLACEHOLDER_DETAIL_JSON.get(provider)!);
  });

  router.patch('/:provider/settings', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const body = parseSettingsBody(bodySchema, await readJsonBody(ctx));
    const key = { orgId, projectId, provider };
    const row = await sql.begin(async (tx) => {
      const updated = await updateIntegrationSettings(tx, key, { syncIntervalSeconds: body.sync_interval_seconds, paused: body.paused }, schedule.defaultIntervalMs / 1000);
      // Only a request that changed something is an event worth a line in the log (ids and the action, as the others).
      if (updated?.changed) await recordAudit(tx, requestActor(ctx), { orgId, projectId, provider, action: 'settings_changed', targetId: updated.id });
      return updated;
    });
    if (!row) throw new ApiError('not_connected', 422);
    // Resuming an overdue integration makes it due now: after the commit, wake the sweeper as a connect does.
    if (row.changed && row.due) deps.wakeSweeper?.();
    // Answers like the GET, `realtime` included (read after the commit; a key that may PATCH may see its secret).
    sendRenderedData(ctx, (await integrationDetailJson({ sql, cipher: deps.cipher, base: deps.base }, ctx, key, true)) ?? row.json);
  });

  return router;
}
