import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { CredentialCipher } from '../db/crypto.js';
import type { Sql } from '../db/sql.js';
import { authenticate } from './middleware/auth.js';
import { errorMiddleware } from './middleware/envelope.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { healthRoutes } from './routes/health.js';
import { integrationRoutes } from './routes/integrations.js';
import type { StartSync } from './sync-starter.js';

export interface AppDeps {
  sql: Sql;
  cipher: CredentialCipher;
  startSync: StartSync;
  pingTemporal: () => Promise<void>;
  logger: Logger;
}

/**
 * Middleware order, in plain view: error envelope → request id → access log → health (no auth) → /api/v1 (auth → routes)
 * → allowedMethods. Bodies are read per route with limits (api/middleware/body.ts), after auth.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  const { logger } = deps;
  app.silent = true;

  app.use(
    errorMiddleware((err, ctx) => {
      logger.error({ err: { type: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack }, request_id: ctx.state.requestId }, 'unhandled error');
    }),
  );
  app.use(requestIdMiddleware());
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { request_id: ctx.state.requestId, method: ctx.method, route: (ctx as { _matchedRoute?: string })._matchedRoute ?? null, status: ctx.status, duration_ms: Math.round(ms * 100) / 100 },
        'request',
      );
    }
  });

  const health = healthRoutes({ sql: deps.sql, pingTemporal: deps.pingTemporal });
  app.use(health.routes()).use(health.allowedMethods());

  const integrations = integrationRoutes({
    sql: deps.sql,
    cipher: deps.cipher,
    startSync: deps.startSync,
    onSyncStartFailed: (err, ctx) =>
      logger.warn({ request_id: ctx.state.requestId, err: { type: (err as Error)?.name, message: (err as Error)?.message } }, 'sync workflow could not be started'),
  });
  const v1 = new Router({ prefix: '/api/v1' });
  v1.use(authenticate(deps.sql));
  v1.use(integrations.routes(), integrations.allowedMethods());
  app.use(v1.routes()).use(v1.allowedMethods());
  return app;
}
