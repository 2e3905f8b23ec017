import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/**
 * One line per request, after the envelope middleware has settled the final status. Deliberately a closed field list:
 * no URL, query, headers or body, so no token or credential can reach the log whatever a client sends.
 */
export function accessLog(logger: Logger): Middleware {
  // LOG_LEVEL above info (the benchmark's warn): no line would be written, so nothing is timed or built either.
  if (!logger.isLevelEnabled('info')) return (_ctx, next) => next();
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          request_id: ctx.state.requestId as string,
          // What the client sent as X-Request-Id (api/middleware/request-id.ts), already bounded and checked; absent, pino
          // leaves the field out.
          client_request_id: ctx.state.clientRequestId as string | undefined,
          method: ctx.method,
          // The route pattern (`…/:provider/connect`), never the raw path.
          route: (ctx as { _matchedRoute?: string })._matchedRoute ?? null,
          status: ctx.status,
          duration_ms: Math.round(ms * 100) / 100,
        },
        'request',
      );
    }
  };
}
