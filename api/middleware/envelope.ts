import type { Context, Middleware } from 'koa';
import { isDatabaseUnavailable } from '../../db/sql.js';
import { ApiError } from '../errors.js';

/** Seconds a client is told to wait (Retry-After) when the database is stalled or unreachable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export interface AppState {
  requestId: string;
}

export function sendData(ctx: Context, data: unknown, status = 200, extraMeta: Record<string, unknown> = {}): void {
  ctx.status = status;
  ctx.body = { data, meta: { request_id: ctx.state.requestId as string, ...extraMeta }, error: null };
}

/** sendData for data that is JSON text already (integration rows Postgres rendered: db/integrations.ts). */
export function sendRenderedData(ctx: Context, dataJson: string, status = 200, extraMeta: Record<string, unknown> = {}): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = `{"data":${dataJson},"meta":${JSON.stringify({ request_id: ctx.state.requestId as string, ...extraMeta })},"error":null}`;
}

function sendError(ctx: Context, err: ApiError): void {
  ctx.status = err.status;
  ctx.body = { data: null, meta: { request_id: ctx.state.requestId as string }, error: { code: err.code, message: err.message } };
}

function fromHttpStatus(status: number): ApiError {
  if (status === 401) return new ApiError('unauthorized', 401);
  if (status === 403) return new ApiError('forbidden', 403);
  if (status === 404) return new ApiError('not_found', 404);
  if (status === 405) return new ApiError('method_not_allowed', 405);
  if (status === 413) return new ApiError('payload_too_large', 413);
  if (status === 415) return new ApiError('unsupported_media_type', 415);
  if (status >= 400 && status < 500) return new ApiError('bad_request', status);
  return new ApiError('internal_error', 500);
}

/**
 * What the routers leave without a body: 404 for no route; 405 (with their `Allow`) for a known route and another
 * method; 501 for a method no router implements, which is still the client's mistake — 405 where the path exists,
 * else 404; and the router's empty 200 answer to OPTIONS.
 */
function renderBodiless(ctx: Context): void {
  const allow = ctx.response.get('Allow');
  if (ctx.status === 501) {
    if (allow) sendError(ctx, new ApiError('method_not_allowed', 405));
    else {
      ctx.remove('Allow');
      sendError(ctx, new ApiError('not_found', 404));
    }
  } else if (ctx.method === 'OPTIONS' && ctx.status < 300) {
    sendData(ctx, null, 200);
  } else if (ctx.status >= 400) {
    sendError(ctx, fromHttpStatus(ctx.status));
  }
}

/**
 * Renders every failure — thrown ApiErrors, unexpected exceptions, and bodiless 404/405/501s left by the routers — in the
 * `{data, meta, error}` envelope. Unexpected errors are reported with the request id; the client only ever sees
 * `internal_error`, or `unavailable` (503) when the database timed out or could not be reached.
 */
export function errorMiddleware(onUnexpected: (err: unknown, ctx: Context) => void): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null || ctx.body === '') renderBodiless(ctx);
    } catch (err) {
      if (err instanceof ApiError) {
        sendError(ctx, err);
        return;
      }
      // A stalled or unreachable database: say so at once (503 + Retry-After) rather than as an internal error.
      if (isDatabaseUnavailable(err)) {
        onUnexpected(err, ctx);
        ctx.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        sendError(ctx, new ApiError('unavailable', 503));
        return;
      }
      const status = typeof err === 'object' && err !== null && 'status' in err ? Number((err as { status: unknown }).status) : 500;
      const apiError = fromHttpStatus(status);
      if (apiError.status >= 500) onUnexpected(err, ctx);
      sendError(ctx, apiError);
    }
  };
}
