import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { CredentialCipher } from '../db/crypto.js';
import type { Sql } from '../db/sql.js';
import { createApiMetrics, type ApiMetrics } from './metrics.js';
import { accessLog } from './middleware/access-log.js';
import { authenticate } from './middleware/auth.js';
import { errorMiddleware } from './middleware/envelope.js';
import { RATE_LIMITS_OFF, rateLimit, type RateLimitConfig } from './middleware/rate-limit.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { requestTracing } from './middleware/tracing.js';
import { codecRoutes, type CodecServerConfig } from './routes/codec.js';
import { findingRoutes } from './routes/findings.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { disconnectRoutes } from './routes/disconnect.js';
import { integrationRoutes } from './routes/integrations.js';
import { createSweepWaker } from './sync-wakeup.js';
import { notifySyncDue } from '../db/sync-due.js';
import { notifyAuditEvents } from '../db/events.js';
import { integrationSettingsRoutes, type SyncSchedule } from './routes/integration-settings.js';
import { realtimeRoutes } from './routes/realtime.js';
import { orgIntegrationRoutes } from './routes/org-integrations.js';
import { resyncRoutes } from './routes/resync.js';
import { metricRoutes } from './routes/metrics.js';
import { syncRunRoutes } from './routes/sync-runs.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { connectPageRoutes } from './routes/connect-page.js';
import { meRoutes } from './routes/me.js';
import { auditLogRoutes } from './routes/audit-log.js';
import { inboundRoutes } from './routes/inbound.js';
import { notifyInbound } from '../db/inbound-deliveries.js';
import { DEFAULT_EVENT_STREAM_LIMITS, eventRoutes, type EventStreamLimits } from './routes/events.js';
import { createEventsHub, type EventsHub } from './events-hub.js';
import { webhookRoutes, type WebhookRoutesDeps } from './routes/webhooks.js';
import { providerRoutes } from './routes/providers.js';
import { verifyRoutes } from './routes/verify.js';
import { createOutboundClient, type OutboundClient } from '../activities/outbound/client.js';
import { oauthApiRoutes, oauthCallbackRoutes } from './routes/oauth.js';
import { connectSessionRoutes } from './routes/connect-sessions.js';
import { connectSessionGate } from './middleware/connect-session-gate.js';
import { DEFAULT_QUOTAS, type Quotas } from './quotas.js';
import type { OAuthConfig } from './oauth-config.js';
import type { SyncControl } from './sync-control.js';
import type { StartSync } from './sync-starter.js';
import type { ApiKeyCache } from './key-cache.js';

export interface AppDeps {
  sql: Sql;
  cipher: CredentialCipher;
  startSync: StartSync;
  pingTemporal: () => Promise<void>;
  logger: Logger;
  /** Cancellation of a running sync on disconnect; absent only in apps built without Temporal. */
  syncControl?: SyncControl;
  /** API-key lookups from memory, dropped on revoke (api/key-cache.ts); absent = one query per request. */
  apiKeys?: ApiKeyCache;
  /** OAuth apps for "Connect with …" (api/oauth-config.ts); absent = no OAuth buttons. */
  oauth?: OAuthConfig;
  /** Calls to providers made by the API (credential verify): PROVIDER_EGRESS_ALLOW and the byte cap apply. */
  outbound?: OutboundClient;
  /** The built dashboard; default dist/dashboard. */
  dashboardDir?: string;
  /** The built hosted connect page; default dist/connect. */
  connectPageDir?: string;
  /** Prometheus metrics of this app, served on METRICS_PORT by api/main.ts (never on the API port). */
  metrics?: ApiMetrics;
  /** Temporal codec server (/codec/encode, /codec/decode); absent = not mounted. */
  codecServer?: CodecServerConfig;
  /** docs/operating.md → Limits and quotas. Default: no rate limits, the default quotas, no proxy trusted. */
  limits?: Partial<ApiLimits>;
  /** Webhook endpoints: https only (NODE_ENV=production) and ORG_MAX_WEBHOOKS. Default: http allowed, 20 per org. */
  webhooks?: Pick<WebhookRoutesDeps, 'httpsOnly' | 'maxPerOrg'>;
  /** Connect sessions: CONNECT_RETURN_ORIGINS, and https-only return URLs (NODE_ENV=production). Default: none, http allowed. */
  connect?: { returnOrigins: readonly string[]; httpsOnly: boolean };
  /** SYNC_INTERVAL and SYNC_INTERVAL_MIN, for PATCH …/settings. Default: 6 hours and 5 minutes. */
  syncSchedule?: SyncSchedule;
  /** OpenTelemetry on (db/tracing-setup.ts): a span per request (api/middleware/tracing.ts). Default off: no middleware. */
  tracing?: boolean;
  /** TRACE_UI_URL: where a sync run's trace is shown, `{trace_id}` replaced (the runs' `trace_url`). */
  traceUiUrl?: string | undefined;
  /**
   * Live events (GET …/audit/events): the process's hub (api/events-hub.ts; its owner closes it at shutdown, which ends
   * the streams) and EVENT_STREAMS_PER_KEY / EVENT_STREAMS_MAX. Default: a hub that LISTENs from the first stream on.
   */
  events?: { hub?: EventsHub; limits?: Partial<EventStreamLimits> };
  /** Inbound provider webhooks: JIRA_CLIENT_SECRET verifies Jira OAuth apps' dynamic webhooks (api/inbound/jira.ts). */
  inbound?: { jiraAppSecret?: string | undefined };
}

export interface ApiLimits {
  rateLimit: RateLimitConfig;
  quotas: Quotas;
  /** TRUST_PROXY: take the client address from the last X-Forwarded-For hop (one trusted proxy in front). */
  trustProxy: boolean;
  /** VERIFY_CONCURRENCY_PER_ORG: credential verifies one org may run at once (default 4). */
  verifyConcurrencyPerOrg: number;
  /** INBOUND_FAILURES_PER_MINUTE: refused inbound webhooks per client address (api/inbound/failure-limit.ts); 0 = off. */
  inboundFailuresPerMinute: number;
}

/**
 * Middleware order, in plain view: request span (tracing on only) → request id → access log → metrics → error
 * envelope → one route table: health,
 * docs, dashboard, OAuth callback, codec, inbound provider webhooks (no API key), /api/v1 (address rate limit → auth →
 * key rate limit → routes)
 * → allowedMethods. The access log sits outside the envelope so it logs
 * the status the client got. Bodies are read per route with limits (api/middleware/body.ts), after auth. /metrics is
 * not here: api/main.ts serves it on METRICS_PORT.
 */
export function createApp(deps: AppDeps): Koa {
  const quotas = deps.limits?.quotas ?? DEFAULT_QUOTAS;
  // Behind one trusted proxy, the last X-Forwarded-For entry is the address it saw; earlier ones are client-supplied.
  const app = new Koa({ proxy: deps.limits?.trustProxy ?? false, maxIpsCount: 1 });
  const { logger, syncControl } = deps;
  app.silent = true;

  // Outermost, so the whole request (the access log line included) is inside its span.
  if (deps.tracing) app.use(requestTracing({ trustTraceparent: deps.limits?.trustProxy ?? false }));
  app.use(requestIdMiddleware());
  app.use(accessLog(logger));
  const prometheus = deps.metrics ?? createApiMetrics();
  app.use(prometheus.middleware);
  app.use(
    errorMiddleware((err, ctx) => {
      logger.error({ err: { ...errorFields(err), stack: (err as Error)?.stack }, request_id: ctx.state.requestId }, 'unhandled error');
    }),
  );

  // One route table: every router below is mounted into `root` (@koa/router copies a mounted router's routes), so a
  // request is matched once and one allowedMethods answers 405/501 for all of them. A router per module mounted on the
  // app with its own allowedMethods each cost a match and a middleware per router on every request.
  const root = new Router();
  root.use(healthRoutes({ sql: deps.sql, pingTemporal: deps.pingTemporal }).routes());
  root.use(docsRoutes().routes());

  // The dashboard, the hosted connect page and the OAuth callback are browser navigations without an API key: mounted
  // before /api/v1's auth.
  root.use(dashboardRoutes(deps.dashboardDir ? { dir: deps.dashboardDir } : {}).routes());
  root.use(connectPageRoutes(deps.connectPageDir ? { dir: deps.connectPageDir } : {}).routes());
  // Connects and resumes make rows due at once: one debounced NOTIFY wakes the workers' sweeper (api/sync-wakeup.ts).
  const wakeSweeper = createSweepWaker(() => notifySyncDue(deps.sql), {
    windowMs: 100,
    onError: (err) => logger.warn({ err: errorFields(err) }, 'sweeper wake-up not sent; the periodic sweep starts the sync'),
  });
  const oauthDeps = { sql: deps.sql, cipher: deps.cipher, config: deps.oauth, quotas, wakeSweeper };
  root.use(oauthCallbackRoutes(oauthDeps).routes());
  if (deps.codecServer) {
    // Its own bearer token (an operator's, not an org's API key): payloads span every org.
    root.use(codecRoutes(deps.codecServer).routes());
  }
  // Provider webhooks, authenticated by the provider's signature only: in the table before /api/v1's auth middleware,
  // so their handler answers first. A stored delivery wakes the workers' housekeeping loop (one NOTIFY per window).
  const wakeInbound = createSweepWaker(() => notifyInbound(deps.sql), {
    windowMs: 100,
    onError: (err) => logger.warn({ err: errorFields(err) }, 'inbound wake-up not sent; the next housekeeping pass applies the delivery'),
  });
  root.use(inboundRoutes({ sql: deps.sql, cipher: deps.cipher, failuresPerMinute: deps.limits?.inboundFailuresPerMinute ?? 0, jiraAppSecret: deps.inbound?.jiraAppSecret, wake: wakeInbound }).routes());

  const integrations = integrationRoutes({
    sql: deps.sql,
    cipher: deps.cipher,
    startSync: prometheus.countSyncStarts(deps.startSync),
    onSyncStartFailed: (err, ctx) =>
      logger.warn({ request_id: ctx.state.requestId, err: errorFields(err) }, 'sync workflow could not be started'),
    quotas,
    wakeSweeper,
  });
  // Live events: a write through this API raises some (migration 00020's triggers); one debounced NOTIFY after the
  // response wakes every API process's hub at once instead of at its next poll (api/events-hub.ts).
  const wakeEvents = createSweepWaker(() => notifyAuditEvents(deps.sql), {
    windowMs: 50,
    onError: (err) => logger.warn({ err: errorFields(err) }, 'live-event wake-up not sent; streams get the change at the next poll'),
  });
  const v1 = new Router({ prefix: '/api/v1' });
  // Reads pass straight through (no extra async frame on the list's path); a write that succeeded wakes the hubs.
  v1.use((ctx, next) =>
    ctx.method === 'GET' || ctx.method === 'HEAD'
      ? next()
      : next().then(() => {
          if (ctx.status < 400) wakeEvents();
        }),
  );
  const limiter = rateLimit(deps.limits?.rateLimit ?? RATE_LIMITS_OFF);
  v1.use(limiter.byAddress);
  v1.use(authenticate(deps.sql, deps.apiKeys));
  v1.use(limiter.byKey);
  // Default deny for connect-session tokens: only the routes in SESSION_ROUTES, before any handler runs.
  v1.use(connectSessionGate());
  v1.use(integrations.routes());
  v1.use(integrationSettingsRoutes({ sql: deps.sql, cipher: deps.cipher, base: deps.oauth, wakeSweeper, ...(deps.syncSchedule ? { schedule: deps.syncSchedule } : {}) }).routes());
  v1.use(realtimeRoutes({ sql: deps.sql, cipher: deps.cipher, base: deps.oauth }).routes());
  v1.use(orgIntegrationRoutes({ sql: deps.sql }).routes());
  v1.use(resyncRoutes({ sql: deps.sql, startSync: prometheus.countSyncStarts(deps.startSync), onSyncStartFailed: (err, ctx) => logger.warn({ request_id: ctx.state.requestId, err: errorFields(err) }, 'resync workflow could not be started') }).routes());
  const findings = findingRoutes({ sql: deps.sql, quotas });
  v1.use(findings.routes());
  const syncRuns = syncRunRoutes({ sql: deps.sql, traceUiUrl: deps.traceUiUrl });
  v1.use(syncRuns.routes());
  const metrics = metricRoutes({ sql: deps.sql });
  v1.use(metrics.routes());
  if (syncControl) {
    const disconnect = disconnectRoutes({
      sql: deps.sql,
      syncControl,
      onCleanupFailed: (err, ctx) =>
        logger.warn({ request_id: ctx.state.requestId, err: errorFields(err) }, 'disconnect could not cancel the running sync'),
    });
    v1.use(disconnect.routes());
  }
  const webhooks = webhookRoutes({ sql: deps.sql, cipher: deps.cipher, ...deps.webhooks });
  v1.use(webhooks.routes());
  const auditLog = auditLogRoutes({ sql: deps.sql });
  v1.use(auditLog.routes());
  const hub = deps.events?.hub ?? createEventsHub(deps.sql, { traceUiUrl: deps.traceUiUrl, onError: (err) => logger.warn({ err: errorFields(err) }, 'live events could not be read; the next poll reads them again') });
  v1.use(eventRoutes({ sql: deps.sql, hub, limits: { ...DEFAULT_EVENT_STREAM_LIMITS, ...deps.events?.limits }, traceUiUrl: deps.traceUiUrl }).routes());
  const me = meRoutes();
  v1.use(me.routes());
  const providers = providerRoutes(deps.oauth);
  v1.use(providers.routes());
  const verify = verifyRoutes({
    outbound: deps.outbound ?? createOutboundClient({ logger }),
    ...(deps.limits?.verifyConcurrencyPerOrg !== undefined ? { concurrencyPerOrg: deps.limits.verifyConcurrencyPerOrg } : {}),
  });
  v1.use(verify.routes());
  v1.use(connectSessionRoutes({ sql: deps.sql, ...deps.connect, base: deps.oauth }).routes());
  const oauth = oauthApiRoutes(oauthDeps);
  v1.use(oauth.routes());
  root.use(v1.routes());
  app.use(root.routes()).use(root.allowedMethods());
  return app;
}

/** What a log line keeps of an error: its type and message (already secret-free by construction), never its cause chain. */
function errorFields(err: unknown): { type: string | undefined; message: string | undefined } {
  return { type: (err as Error)?.name, message: (err as Error)?.message };
}
