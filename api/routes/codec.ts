import { createHash, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { PayloadCodec } from '@temporalio/common';
import type { Context } from 'koa';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../middleware/body.js';

export interface CodecServerConfig {
  codec: PayloadCodec;
  /** CODEC_SERVER_TOKEN: the operator's bearer token (payloads span every org, so an org's API key is not enough). */
  token: string;
  /** Origins allowed to call from a browser (the Temporal UI), e.g. http://localhost:8233. */
  corsOrigins: readonly string[];
}

const MAX_PAYLOADS = 200;
const Base64 = z.string().max(64 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
// Temporal's codec-server protocol: payloads as JSON protobuf, bytes in standard base64.
const CodecBodySchema = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(200), Base64).optional(), data: Base64.optional() }))
    .max(MAX_PAYLOADS),
});

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function allowCors(ctx: Context, origins: readonly string[]): void {
  const origin = ctx.get('origin');
  ctx.vary('Origin');
  if (!origin || !origins.includes(origin)) return;
  ctx.set('Access-Control-Allow-Origin', origin);
  ctx.set('Access-Control-Allow-Credentials', 'true');
}

/**
 * `POST /codec/encode` and `/codec/decode`, the endpoints `temporal … --codec-endpoint` and the Temporal UI's
 * "Codec Server" setting call so operators can read encrypted payloads. Mounted only when TEMPORAL_PAYLOAD_KEY and
 * CODEC_SERVER_TOKEN are both set. Answers in the protocol's own shape (`{ payloads: [...] }`); failures in the API's
 * envelope.
 */
export function codecRoutes(config: CodecServerConfig): Router {
  const router = new Router({ prefix: '/codec' });
  const expected = digest(config.token);

  router.options(['/encode', '/decode'], (ctx) => {
    allowCors(ctx, config.corsOrigins);
    ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    ctx.set('Access-Control-Max-Age', '600');
    ctx.status = 204;
  });

  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, async (ctx) => {
      allowCors(ctx, config.corsOrigins);
      const presented = /^Bearer (.+)$/i.exec(ctx.get('authorization'))?.[1]?.trim();
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        throw new ApiError('unauthorized', 401, 'A codec token is required: Authorization: Bearer <CODEC_SERVER_TOKEN>.');
      }
      const parsed = CodecBodySchema.safeParse(await readJsonBody(ctx));
      if (!parsed.success) throw new ApiError('validation_failed', 422, `body must be {"payloads": [...]} with base64 metadata and data, at most ${MAX_PAYLOADS} payloads`);
      const payloads = parsed.data.payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(p.data ?? '', 'base64'),
      }));
      let result;
      try {
        result = await config.codec[direction](payloads);
      } catch {
        throw new ApiError('bad_request', 400, `A payload could not be ${direction}d (another key, or not a payload of this deployment).`);
      }
      ctx.body = {
        payloads: result.map((p) => ({
          metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
          data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
        })),
      };
    });
  }
  return router;
}
