import Router from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { CredentialCipher } from '../../db/crypto.js';
import { insertInboundDelivery } from '../../db/inbound-deliveries.js';
import { findInboundHook, HOOK_ID_PATTERN, isInboundProvider } from '../../db/inbound-hooks.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import { inboundFailureLimit } from '../inbound/failure-limit.js';
import { INBOUND_SCHEMES, type InboundRequest } from '../inbound/index.js';
import { sha256, STAND_IN_SECRET } from '../inbound/signatures.js';
import { discardBody } from '../middleware/body.js';
import { sendData } from '../middleware/envelope.js';

/** Provider bodies are larger than the API's own (an issue with its labels, assignees and description). */
export const INBOUND_BODY_LIMIT_BYTES = 1024 * 1024;
/** How much of a provider's delivery id is kept: they are GUIDs, so this only bounds a hostile header. */
const DELIVERY_ID_MAX = 200;

export interface InboundRoutesDeps {
  sql: Sql;
  cipher: CredentialCipher;
  /** INBOUND_FAILURES_PER_MINUTE: refused deliveries per client address and minute; 0 = no limit. */
  failuresPerMinute: number;
  /** JIRA_CLIENT_SECRET: verifies the JWT of Jira dynamic webhooks registered by the OAuth app (api/inbound/jira.ts). */
  jiraAppSecret?: string | undefined;
  /** Called after a delivery was stored (committed): the debounced NOTIFY that wakes the workers. */
  wake: () => void;
  /** The clock of the timestamp windows (tests). */
  now?: () => number;
}

/** What a verified delivery came to; only `accepted` wrote anything. */
export type InboundStatus = 'accepted' | 'duplicate' | 'stale' | 'ignored';

/** The body as bytes, at most INBOUND_BODY_LIMIT_BYTES: 413 on a larger Content-Length before reading, or while reading. */
async function readBody(ctx: Context): Promise<Buffer> {
  const declared = Number(ctx.get('content-length'));
  try {
    return await getRawBody(ctx.req, { limit: INBOUND_BODY_LIMIT_BYTES, length: ctx.get('content-length') !== '' && Number.isSafeInteger(declared) ? declared : null });
  } catch (err) {
    // The rest of the body stays unread: close rather than let keep-alive parse it as the next request.
    ctx.set('Connection', 'close');
    if ((err as { type?: string }).type === 'entity.too.large') throw new ApiError('payload_too_large', 413, 'The request body is larger than 1 MiB.');
    throw new ApiError('bad_request', 400, 'The request body could not be read.');
  }
}

/**
 * POST /api/v1/inbound/:provider/:hook_id — a provider's webhook, authenticated by its own signature only (mounted
 * before /api/v1's API-key auth: api/app.ts). Every refusal — unknown hook, another provider's, no secret yet, missing
 * or wrong signature — runs the same check (against a stand-in secret where there is no hook) and answers the same 401
 * invalid_signature, stores nothing and counts against the client address (api/inbound/failure-limit.ts). A verified
 * delivery is reduced to the change that matters and stored before the answer; the worker applies it
 * (activities/inbound.ts). Never a provider call here.
 */
export function inboundRoutes(deps: InboundRoutesDeps): Router {
  const router = new Router();
  const limit = inboundFailureLimit(deps.failuresPerMinute);
  const now = deps.now ?? Date.now;

  router.post('/api/v1/inbound/:provider/:hook_id', async (ctx) => {
    const { provider, hook_id: hookId } = ctx.params as { provider: string; hook_id: string };
    if (!isInboundProvider(provider)) {
      await discardBody(ctx);
      throw new ApiError('not_found', 404, 'No inbound webhooks for this provider.');
    }
    await limit.check(ctx);
    const body = await readBody(ctx);
    const req: InboundRequest = { header: (name) => ctx.get(name) || undefined, body };
    const hook = HOOK_ID_PATTERN.test(hookId) ? await findInboundHook(deps.sql, deps.cipher, provider, hookId) : undefined;
    const scheme = INBOUND_SCHEMES[provider];
    const at = now();
    const verified = scheme.verify(req, { secret: hook?.secret ?? STAND_IN_SECRET, jiraAppSecret: deps.jiraAppSecret }, at);
    if (!hook || hook.secret === null || !verified) {
      await limit.fail(ctx);
      throw new ApiError('invalid_signature', 401);
    }

    // Verified: only now is the body parsed.
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError('invalid_json', 400, 'The request body is not valid JSON (send webhooks as application/json).');
    }
    const answer = (status: InboundStatus, code = 200) => sendData(ctx, { status }, code);
    if (!scheme.fresh(req, payload, at)) return answer('stale');
    const change = scheme.reduce(req, payload);
    if (!change) return answer('ignored');
    const digest = sha256(body).toString('hex');
    const stored = await insertInboundDelivery(deps.sql, {
      integrationId: hook.integrationId,
      provider,
      deliveryId: (scheme.deliveryId(req) ?? `sha256:${digest}`).slice(0, DELIVERY_ID_MAX),
      bodySha256: digest,
      change,
    });
    // After the insert committed (it ran on its own): a NOTIFY inside it would serialise commits (db/debounced-notify.ts).
    if (stored) deps.wake();
    return stored ? answer('accepted', 202) : answer('duplicate');
  });
  return router;
}
