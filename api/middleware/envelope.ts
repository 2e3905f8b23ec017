import type { Context, Middleware } from 'koa';
import { ApiError } from '../errors.js';

export interface AppState {
  requestId: string;
}

export function sendData(ctx: Context, data: unknown, status = 200, extraMeta: Record<string, unknown> = {}): void {
  ctx.status = status;
  ctx.body = { data, meta: { request_id: ctx.state.requestId as string, ...extraMeta }, error: null };
}

function sendError(ctx: Context, err: ApiError): void {
  ctx.status = err.status;
  ctx.body = { data: null, meta: { request_id: ctx.state.requestId as string }, error: { code: err.code, message: err.message } };
}

function fromHttpStatus(status: number): ApiError {
  if (status === 404) return new ApiError('not_found', 404);
  if (status === 405 || status === 501) return new ApiError('method_not_allowed', 405);
  if (status === 413) return new ApiError('payload_too_large', 413);
  if (status === 415) return new ApiError('unsupported_media_type', 415);
  if (status === 400) return new ApiError('invalid_json', 400);
  return new ApiError('internal_error', 500);
}

/**
 * Outermost middleware: renders every failure — thrown ApiErrors, unexpected exceptions, and bodiless 404/405s left by
 * the router — in the `{data, meta, error}` envelope. Unexpected errors are logged with the request id; the client only
 * ever sees `internal_error`.
 */
export function errorMiddleware(onUnexpected: (err: unknown, ctx: Context) => void): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) sendError(ctx, new ApiError('not_found', 404));
        else if (ctx.status === 405) sendError(ctx, new ApiError('method_not_allowed', 405));
        else if (ctx.method === 'OPTIONS' && ctx.status < 300) sendData(ctx, null, ctx.status);
      }
    } catch (err) {
      if (err instanceof ApiError) {
        sendError(ctx, err);
        return;
      }
      const status = typeof err === 'object' && err !== null && 'status' in err ? Number((err as { status: unknown }).status) : 500;
      const apiError = status >= 400 && status < 500 ? fromHttpStatus(status) : new ApiError('internal_error', 500);
      if (apiError.status >= 500) onUnexpected(err, ctx);
      // Koa keeps headers set before the throw; only Allow is worth keeping.
      const allow = ctx.response.get('Allow');
      sendError(ctx, apiError);
      if (apiError.code === 'method_not_allowed' && allow) ctx.set('Allow', allow);
    }
  };
}
