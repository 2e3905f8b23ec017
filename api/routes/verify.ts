import Router from '@koa/router';
import * as z from 'zod';
import type { OutboundClient } from '../../activities/outbound/client.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../middleware/body.js';
import { refuseProtoCredentialKey } from '../middleware/validate.js';
import { sendData } from '../middleware/envelope.js';
import { VERIFY_TIMEOUT_MS, verifyCredentials } from '../verify.js';
import { connectScope, providerParam, validationError } from './scope.js';

export const VerifyBodySchema = z.strictObject(
  {
    credentials: z
      // Key lengths in characters (code points), as JSON Schema counts them; `__proto__` is refused before parsing.
      .record(
        z.string().min(1).refine((k) => [...k].length <= 200),
        z.unknown(),
        { error: 'must be an object' },
      )
      .meta({ propertyNames: { minLength: 1, maxLength: 200, not: { const: '__proto__' } } }),
  },
  // Never quotes an unknown key: a pasted secret can sit in a key position.
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'has an unknown field; expected credentials' : 'must be a JSON object with credentials') },
);

export const VerifyResultSchema = z
  .strictObject({
    ok: z.boolean(),
    problems: z.array(z.strictObject({ key: z.string(), message: z.string() })).meta({ description: 'Per credential key (`credentials` for a rule across keys); never a value' }),
    checked: z.enum(['schema', 'provider']).meta({ description: 'provider: one authenticated read ran at the provider' }),
    note: z.string().optional(),
  })
  .meta({ id: 'VerifyResult' });

/** VERIFY_CONCURRENCY_PER_ORG's default. */
export const DEFAULT_VERIFY_CONCURRENCY_PER_ORG = 4;

/** In-flight verifies per org, in this process (each API replica counts its own). */
function orgSlots(max: number) {
  const inFlight = new Map<string, number>();
  return {
    take(orgId: string): boolean {
      const n = inFlight.get(orgId) ?? 0;
      if (n >= max) return false;
      inFlight.set(orgId, n + 1);
      return true;
    },
    give(orgId: string): void {
      const n = (inFlight.get(orgId) ?? 1) - 1;
      if (n > 0) inFlight.set(orgId, n);
      else inFlight.delete(orgId);
    },
  };
}

export interface VerifyRoutesDeps {
  outbound: OutboundClient;
  /** VERIFY_CONCURRENCY_PER_ORG: verifies one org may have running at once; more answer 429 rate_limited. */
  concurrencyPerOrg?: number;
}

/**
 * `POST …/integrations/:provider/verify` (audit:write): checks a credentials map without storing it — the provider's
 * schema per key, then one cheap authenticated read at the provider (api/verify.ts). Each read holds up to
 * VERIFY_MAX_RESPONSE_BYTES in the API's memory for up to VERIFY_TIMEOUT_MS, so one org gets a few at a time.
 */
export function verifyRoutes(deps: VerifyRoutesDeps): Router {
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });
  const max = deps.concurrencyPerOrg ?? DEFAULT_VERIFY_CONCURRENCY_PER_ORG;
  const slots = orgSlots(max);
  router.post('/:provider/verify', async (ctx) => {
    // Also for a connect session of this project and provider (connectScope).
    const { orgId, projectId } = connectScope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const raw = await readJsonBody(ctx);
    refuseProtoCredentialKey(raw);
    const body = VerifyBodySchema.safeParse(raw);
    if (!body.success) throw validationError(body.error);
    if (!slots.take(orgId)) {
      // Every running verify ends within VERIFY_TIMEOUT_MS: by then a slot is free.
      ctx.set('Retry-After', String(Math.ceil(VERIFY_TIMEOUT_MS / 1000)));
      throw new ApiError('rate_limited', 429, `At most ${max} verifies of one organization run at once; retry after the seconds in Retry-After.`);
    }
    // A client that goes away ends the read, and so gives its slot back, at once.
    const gone = new AbortController();
    const onClose = () => {
      if (!ctx.res.writableFinished) gone.abort();
    };
    ctx.res.once('close', onClose);
    try {
      ctx.set('Cache-Control', 'no-store');
      const logFields = { org_id: orgId, project_id: projectId, provider, request_id: ctx.state.requestId as string | undefined };
      sendData(ctx, await verifyCredentials(provider, body.data.credentials, deps.outbound, { signal: gone.signal, logFields }));
    } finally {
      ctx.res.off('close', onClose);
      slots.give(orgId);
    }
  });
  return router;
}
