import Router from '@koa/router';
import * as z from 'zod';
import type { OutboundClient } from '../../activities/outbound/client.js';
import { readJsonBody } from '../middleware/body.js';
import { refuseProtoCredentialKey } from '../middleware/validate.js';
import { sendData } from '../middleware/envelope.js';
import { verifyCredentials } from '../verify.js';
import { providerParam, scope, validationError } from './scope.js';

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

/**
 * `POST …/integrations/:provider/verify` (audit:write): checks a credentials map without storing it — the provider's
 * schema per key, then one cheap authenticated read at the provider (api/verify.ts).
 */
export function verifyRoutes(outbound: OutboundClient): Router {
  const router = new Router({ prefix: '/orgs/:org_id/projects/:project_id/audit/integrations' });
  router.post('/:provider/verify', async (ctx) => {
    scope(ctx, 'audit:write');
    const provider = providerParam(ctx);
    const raw = await readJsonBody(ctx);
    refuseProtoCredentialKey(raw);
    const body = VerifyBodySchema.safeParse(raw);
    if (!body.success) throw validationError(body.error);
    ctx.set('Cache-Control', 'no-store');
    sendData(ctx, await verifyCredentials(provider, body.data.credentials, outbound));
  });
  return router;
}
