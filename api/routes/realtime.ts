import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { recordAudit } from '../../db/audit-log.js';
import type { CredentialCipher } from '../../db/crypto.js';
import { ensureInboundHook, findInboundHook, inboundUrl, isInboundProvider } from '../../db/inbound-hooks.js';
import { SENTRY_SECRET_REASON, setRegistrationState } from '../../db/inbound-registration.js';
import { findIntegrationDetail, type DetailRealtimeRow } from '../../db/integration-settings.js';
import type { Provider } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';
import { requestActor } from '../audit.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../middleware/body.js';
import { sendRenderedData } from '../middleware/envelope.js';
import { initialRealtime, withRealtime, type RealtimeView } from '../presenters.js';
import { publicBase, type PublicBaseConfig } from '../public-base.js';
import { providerParam, scope, validationError } from './scope.js';

export interface RealtimeDeps {
  sql: Sql;
  cipher: CredentialCipher;
  /** PUBLIC_URL / HOST:PORT: the base of the inbound URL shown, the one the worker registers (PUBLIC_URL on both). */
  base?: PublicBaseConfig | undefined;
}

/** Sentry's client secrets are 64 hex characters today; any printable secret of a sane length is taken. */
export const RealtimeSecretBodySchema = z.strictObject(
  {
    secret: z
      .string({ error: 'must be a string' })
      .min(16, 'must be 16 to 256 characters without spaces')
      .max(256, 'must be 16 to 256 characters without spaces')
      .regex(/^[\x21-\x7e]+$/, 'must be 16 to 256 characters without spaces')
      .meta({ description: "The client secret of the Sentry internal integration whose webhook URL is `realtime.url`; stored encrypted, never shown again" }),
  },
  { error: 'must be a JSON object with secret' },
);

/**
 * `realtime` of a connected (or once connected) integration. The URL is shown once the hook row exists; the secret
 * only while the hook must be added by hand (`manual`), to a key with audit:write, for a provider whose secret we
 * chose (Sentry's is the user's own) and a connected row: the person who pastes it into the provider needs it, nobody
 * else. Never in the list, the org list, events or logs.
 */
export async function realtimeOf(deps: RealtimeDeps, ctx: Context, provider: Provider, row: DetailRealtimeRow, mayWrite: boolean): Promise<RealtimeView> {
  if (!isInboundProvider(provider) || row.hook_id === null || row.realtime_state === null) return initialRealtime(provider);
  const url = inboundUrl(publicBase(ctx, deps.base), provider, row.hook_id);
  const showSecret = row.realtime_state === 'manual' && mayWrite && provider !== 'sentry' && row.status !== 'disconnected';
  const hook = showSecret ? await findInboundHook(deps.sql, deps.cipher, provider, row.hook_id) : undefined;
  return { state: row.realtime_state, reason: row.realtime_reason, url, secret: hook?.secret ?? null };
}

/** The single GET's answer: the detail row with `realtime`, or the never-connected placeholder. */
export async function integrationDetailJson(deps: RealtimeDeps, ctx: Context, key: { orgId: string; projectId: string; provider: Provider }, mayWrite: boolean): Promise<string | undefined> {
  const row = await findIntegrationDetail(deps.sql, key);
  return row && withRealtime(row.json, await realtimeOf(deps, ctx, key.provider, row, mayWrite));
}

/**
 * `PUT …/integrations/:provider/realtime` (audit:write): the signing secret of a provider that issues its own — Sentry,
 * whose internal integration signs `Sentry-Hook-Signature` with its client secret. Stored encrypted, audited
 * (`realtime_secret_set`, ids only) in the same transaction; answers like the GET. Where we choose the secret (the
 * trackers) or there are no webhooks, 422.
 */
export function realtimeRoutes(deps: RealtimeDeps): Router {
  const { sql } = deps;
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });

  router.put('/:provider/realtime', async (ctx) => {
    const { orgId, projectId } = scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const parsed = RealtimeSecretBodySchema.safeParse((await readJsonBody(ctx)) ?? {});
    if (provider !== 'sentry') {
      const why = isInboundProvider(provider) ? 'its webhooks are signed with a secret this service generates (shown in the GET while realtime is manual)' : 'it sends no webhooks';
      throw new ApiError('validation_failed', 422, `provider ${provider} takes no realtime secret: ${why}; only sentry does`);
    }
    if (!parsed.success) throw validationError(parsed.error);
    const key = { orgId, projectId, provider };
    const detail = await findIntegrationDetail(sql, key);
    if (!detail || detail.status === 'disconnected') throw new ApiError('not_connected', 422);
    await sql.begin(async (tx) => {
      await ensureInboundHook(tx, deps.cipher, { integrationId: detail.id, orgId, projectId, provider, secret: parsed.data.secret });
      await setRegistrationState(tx, detail.id, 'manual', SENTRY_SECRET_REASON);
      await recordAudit(tx, requestActor(ctx), { orgId, projectId, provider, action: 'realtime_secret_set', targetId: detail.id });
    });
    sendRenderedData(ctx, (await integrationDetailJson(deps, ctx, key, true))!);
  });

  return router;
}
