import type { z } from 'zod';
import { credentialKeysFrom, exitOnConfigError, loadConfig } from '../db/config.js';
import { envSchema } from '../db/env.js';
import { createCredentialCipher } from '../db/crypto.js';
import { startTracing, temporalClientInterceptors } from '../db/tracing-setup.js';
import { syncRetryFrom } from '../db/sync-config.js';
import { temporalConnectionOptions, type TemporalConnectionOptions } from '../db/temporal-connection.js';
import { createOutboundClient } from '../activities/outbound/client.js';
import { boundHeapGrowth } from './heap.js';
import { answerClientErrorsInEnvelope } from './client-error.js';
import { oauthConfigFromEnv, type OAuthConfig } from './oauth-config.js';
import { oauthAppsFromEnv } from '../activities/providers/oauth-apps.js';
import { createApiKeyCache } from './key-cache.js';

const ApiConfigSchema = envSchema('api').refine((c) => c.CREDENTIALS_KEY !== undefined || c.CREDENTIALS_KEYS !== undefined, {
  path: ['CREDENTIALS_KEY'],
  message: 'is required (or CREDENTIALS_KEYS)',
});

async function main(): Promise<void> {
  boundHeapGrowth();
  let config: z.infer<typeof ApiConfigSchema>;
  let oauth: OAuthConfig;
  let temporalOptions: TemporalConnectionOptions;
  let jiraAppSecret: string | undefined;
  try {
    config = loadConfig(ApiConfigSchema, process.env);
    temporalOptions = temporalConnectionOptions(config);
    oauth = oauthConfigFromEnv(process.env, credentialKeysFrom({ credentialsKey: config.CREDENTIALS_KEY, credentialsKeys: config.CREDENTIALS_KEYS })![0]!.key, {
      host: config.HOST,
      port: config.PORT,
    });
    // Jira signs the dynamic webhooks its OAuth app registers with a JWT under the app's client secret (api/inbound/jira.ts).
    jiraAppSecret = oauthAppsFromEnv(process.env).jira?.clientSecret;
  } catch (err) {
    exitOnConfigError(err);
  }
  // The server's module graph (Temporal client and gRPC, Koa and the routes, pino, postgres, prom-client) only once the
  // configuration is valid: a misconfigured start exits after loading the env schema alone, not all of it.
  const { Client } = await import('@temporalio/client');
  const { createLogger } = await import('../db/logger.js');
  const { createPayloadCodec, dataConverterOptions } = await import('../db/payload-codec.js');
  const { createSql } = await import('../db/sql.js');
  const { createApp } = await import('./app.js');
  const { createApiMetrics, startApiMetricsServer } = await import('./metrics.js');
  const { createSyncControl } = await import('./sync-control.js');
  const { createSyncStarter } = await import('./sync-starter.js');
  const { connectApiToTemporal, HEALTH_TIMEOUT_MS } = await import('./temporal-calls.js');
  const { createEventsHub } = await import('./events-hub.js');
  // Before anything that could make a span: off (no OTEL_EXPORTER_OTLP_ENDPOINT), nothing is registered.
  const tracing = await startTracing(config, 'audit-integrations-api');
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'api', pretty: config.LOG_PRETTY, tracing: tracing !== undefined });
  const sql = createSql({
    databaseUrl: config.DATABASE_URL,
    max: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    poolWaitTimeoutMs: config.DB_POOL_WAIT_TIMEOUT_MS,
  });
  const temporal = connectApiToTemporal(temporalOptions, { callMs: config.TEMPORAL_START_TIMEOUT_MS, healthMs: HEALTH_TIMEOUT_MS });
  // With tracing on, a sync's start and signal are spans of the request, and the workflow continues its trace.
  const clientInterceptors = await temporalClientInterceptors(tracing);
  const client = new Client({
    connection: temporal.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    ...dataConverterOptions(config.TEMPORAL_PAYLOAD_KEY),
    ...(clientInterceptors ? { interceptors: clientInterceptors } : {}),
  });
  const cipher = createCredentialCipher(credentialKeysFrom({ credentialsKey: config.CREDENTIALS_KEY, credentialsKeys: config.CREDENTIALS_KEYS })!);

  const metrics = createApiMetrics();
  const apiKeys = createApiKeyCache(sql, {
    onStateChange: (listening) =>
      logger[listening ? 'info' : 'warn']({ listening }, listening ? 'api key cache on (revocations heard)' : 'api key cache off: listen connection lost'),
  });
  // One LISTEN connection for the live event streams; closed first at shutdown so open streams end and clients
  // reconnect to another process instead of holding this one up.
  const events = createEventsHub(sql, {
    traceUiUrl: config.TRACE_UI_URL,
    onError: (err) => logger.warn({ err: { type: (err as Error)?.name, message: (err as Error)?.message } }, 'live events could not be read; the next poll reads them again'),
  });
  const app = createApp({
    sql,
    apiKeys,
    events: { hub: events, limits: { perKey: config.EVENT_STREAMS_PER_KEY, max: config.EVENT_STREAMS_MAX } },
    cipher,
    oauth,
    outbound: createOutboundClient({ allow: config.PROVIDER_EGRESS_ALLOW, maxResponseBytes: config.PROVIDER_MAX_RESPONSE_BYTES, logger }),
    logger,
    metrics,
    limits: {
      rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST, unauthenticatedPerMinute: config.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE },
      quotas: { orgMaxProjects: config.ORG_MAX_PROJECTS, projectMaxOpenFindings: config.PROJECT_MAX_OPEN_FINDINGS },
      trustProxy: config.TRUST_PROXY,
      verifyConcurrencyPerOrg: config.VERIFY_CONCURRENCY_PER_ORG,
      inboundFailuresPerMinute: config.INBOUND_FAILURES_PER_MINUTE,
    },
    inbound: { jiraAppSecret },
    webhooks: { httpsOnly: config.NODE_ENV === 'production', maxPerOrg: config.ORG_MAX_WEBHOOKS },
    connect: { returnOrigins: config.CONNECT_RETURN_ORIGINS, httpsOnly: config.NODE_ENV === 'production' },
    syncSchedule: { defaultIntervalMs: config.SYNC_INTERVAL, minIntervalMs: config.SYNC_INTERVAL_MIN },
    startSync: createSyncStarter(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, startTimeoutMs: config.TEMPORAL_START_TIMEOUT_MS, retry: syncRetryFrom(config) }),
    syncControl: createSyncControl(client, { timeoutMs: config.TEMPORAL_START_TIMEOUT_MS }),
    ...(config.TEMPORAL_PAYLOAD_KEY && config.CODEC_SERVER_TOKEN
      ? { codecServer: { codec: createPayloadCodec(Buffer.from(config.TEMPORAL_PAYLOAD_KEY, 'base64')), token: config.CODEC_SERVER_TOKEN, corsOrigins: config.CODEC_CORS_ORIGINS } }
      : {}),
    pingTemporal: temporal.ping,
    tracing: tracing !== undefined,
    traceUiUrl: config.TRACE_UI_URL,
  });
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    logger.info({ port }, 'api listening');
  });
  answerClientErrorsInEnvelope(server);
  // Like the worker's: a taken metrics port turns /metrics off, not the API.
  const metricsServer = await startApiMetricsServer({ metrics, port: config.METRICS_PORT, host: config.METRICS_HOST }).catch((err: unknown) => {
    logger.warn({ port: config.METRICS_PORT, err: { message: (err as Error).message } }, 'api metrics port unavailable; /metrics is off');
    return undefined;
  });
  if (metricsServer) logger.info({ port: metricsServer.port, host: config.METRICS_HOST }, 'api metrics listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing');
      server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    void events.close();
    server.close(() => {
      void Promise.allSettled([apiKeys.close().then(() => sql.end({ timeout: 5 })), temporal.close(), metricsServer?.close()]).then(async () => {
        // Last: the spans of the requests that just finished are flushed to the collector.
        await tracing?.shutdown().catch(() => undefined);
        logger.info('api stopped');
        logger.flush();
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
