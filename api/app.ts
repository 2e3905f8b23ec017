import Router from '@koa/router';
import Koa, { type Context } from 'koa';
import type { Logger } from 'pino';
import type { CredentialCipher } from '../db/crypto.js';
import type { IntegrationRow } from '../db/integrations.js';
import type { Sql } from '../db/sql.js';
import { createApiMetrics } from './metrics.js';
import { accessLog } from './middleware/access-log.js';
import { authenticate } from './middleware/auth.js';
import { errorMiddleware } from './middleware/envelope.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { codecRoutes, type CodecServerConfig } from './routes/codec.js';
import { findingRoutes } from './routes/findings.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { disconnectRoutes } from './routes/disconnect.js';
import { integrationRoutes } from './routes/integrations.js';
import { metricRoutes } from './routes/metrics.js';
import { syncRunRoutes } from './routes/sync-runs.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { meRoutes } from './routes/me.js';
import { oauthApiRoutes, oauthCallbackRoutes } from './routes/oauth.js';
import type { OAuthConfig } from './oauth-config.js';
import type { SyncControl } from './schedules.js';
import type { StartSync } from './sync-starter.js';

export interface AppDeps {
  sql: Sql;
  cipher: CredentialCipher;
  startSync: StartSync;
  pingTemporal: () => Promise<void>;
  logger: Logger;
  /** Schedules and cancellation in Temporal (connect, disconnect); absent only in apps built without Temporal. */
  syncControl?: SyncControl;
  /** OAuth apps for "Connect with …" (api/oauth-config.ts); absent = no OAuth buttons. */
  oauth?: OAuthConfig;
  /** The built dashboard; default dist/dashboard. */
  dashboardDir?: string;
  /** Temporal codec server (/codec/encode, /codec/decode); absent = not mounted. */
  codecServer?: CodecServerConfig;
}

/**
 * Middleware order, in plain view: request id → access log → error envelope → health (no auth) → /api/v1 (auth → routes)
 * → allowedMethods. The access log sits outside the envelope so it logs the status the client got. Bodies are read
 * per route with limits (api/middleware/body.ts), after auth.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  const { logger, syncControl } = deps;
  app.silent = true;

  app.use(requestIdMiddleware());
  app.use(accessLog(logger));
  const prometheus = createApiMetrics();
  app.use(prometheus.middleware);
  app.use(
    errorMiddleware((err, ctx) => {
      logger.error({ err: { ...errorFields(err), stack: (err as Error)?.stack }, request_id: ctx.state.requestId }, 'unhandled error');
    }),
  );

  const health = healthRoutes({ sql: deps.sql, pingTemporal: deps.pingTemporal });
  app.use(health.routes()).use(health.allowedMethods());
  const scrape = prometheus.routes();
  app.use(scrape.routes()).use(scrape.allowedMethods());
  const docs = docsRoutes();
  app.use(docs.routes()).use(docs.allowedMethods());

  // The dashboard and the OAuth callback are browser navigations without an API key: mounted before /api/v1's auth.
  const dashboard = dashboardRoutes(deps.dashboardDir ? { dir: deps.dashboardDir } : {});
  app.use(dashboard.routes()).use(dashboard.allowedMethods());
  const oauthDeps = { sql: deps.sql, cipher: deps.cipher, config: deps.oauth, ...(syncControl ? { onConnected: ensureScheduleOnConnect(syncControl, logger) } : {}) };
  const oauthCallback = oauthCallbackRoutes(oauthDeps);
  app.use(oauthCallback.routes()).use(oauthCallback.allowedMethods());
  if (deps.codecServer) {
    // Its own bearer token (an operator's, not an org's API key): payloads span every org.
    const codec = codecRoutes(deps.codecServer);
    app.use(codec.routes()).use(codec.allowedMethods());
  }

  const integrations = integrationRoutes({
    sql: deps.sql,
    cipher: deps.cipher,
    startSync: prometheus.countSyncStarts(deps.startSync),
    onSyncStartFailed: (err, ctx) =>
      logger.warn({ request_id: ctx.state.requestId, err: errorFields(err) }, 'sync workflow could not be started'),
    ...(syncControl ? { onConnected: ensureScheduleOnConnect(syncControl, logger) } : {}),
  });
  const v1 = new Router({ prefix: '/api/v1' });
  v1.use(authenticate(deps.sql));
  v1.use(integrations.routes(), integrations.allowedMethods());
  const findings = findingRoutes({ sql: deps.sql });
  v1.use(findings.routes(), findings.allowedMethods());
  const syncRuns = syncRunRoutes({ sql: deps.sql });
  v1.use(syncRuns.routes(), syncRuns.allowedMethods());
  const metrics = metricRoutes({ sql: deps.sql });
  v1.use(metrics.routes(), metrics.allowedMethods());
  if (syncControl) {
    const disconnect = disconnectRoutes({
      sql: deps.sql,
      syncControl,
      onCleanupFailed: (err, ctx) =>
        logger.warn({ request_id: ctx.state.requestId, err: errorFields(err) }, 'disconnect could not stop the schedule or sync'),
    });
    v1.use(disconnect.routes(), disconnect.allowedMethods());
  }
  const me = meRoutes();
  v1.use(me.routes(), me.allowedMethods());
  const oauth = oauthApiRoutes(oauthDeps);
  v1.use(oauth.routes(), oauth.allowedMethods());
  app.use(v1.routes()).use(v1.allowedMethods());
  return app;
}

/**
 * Connect stores the credentials whatever Temporal's state (the spec has no failure mode for it); a schedule that could
 * not be created is logged, and the next connect creates it.
 */
function ensureScheduleOnConnect(syncControl: SyncControl, logger: Logger) {
  return async (row: IntegrationRow, ctx: Context): Promise<void> => {
    try {
      await syncControl.ensureSchedule({ integrationId: row.id, orgId: row.org_id, projectId: row.project_id, provider: row.provider });
    } catch (err) {
      logger.warn({ request_id: ctx.state.requestId, err: errorFields(err) }, 'sync schedule could not be created');
    }
  };
}

/** What a log line keeps of an error: its type and message (already secret-free by construction), never its cause chain. */
function errorFields(err: unknown): { type: string | undefined; message: string | undefined } {
  return { type: (err as Error)?.name, message: (err as Error)?.message };
}
