import type { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { createOutboundClient } from '../activities/outbound/client.js';
import { oauthAppsFromEnv, type OAuthApps } from '../activities/providers/oauth-apps.js';
import { credentialKeysFrom, exitOnConfigError, loadConfig } from '../db/config.js';
import { envSchema } from '../db/env.js';
import { createCredentialCipher } from '../db/crypto.js';
import { startTracing, temporalClientInterceptors } from '../db/tracing-setup.js';
import { housekeepingSettingsFrom, syncRetryFrom } from '../db/sync-config.js';
import { webhookSettingsFrom } from '../db/webhook-config.js';
import { temporalConnectionOptions, type TemporalConnectionOptions } from '../db/temporal-connection.js';

const WorkerConfigSchema = envSchema('worker').refine((c) => c.CREDENTIALS_KEY !== undefined || c.CREDENTIALS_KEYS !== undefined, {
  path: ['CREDENTIALS_KEY'],
  message: 'is required (or CREDENTIALS_KEYS)',
});

async function main(): Promise<void> {
  let config: z.infer<typeof WorkerConfigSchema>;
  let oauthApps: OAuthApps;
  let temporalOptions: TemporalConnectionOptions;
  try {
    config = loadConfig(WorkerConfigSchema, process.env);
    temporalOptions = temporalConnectionOptions(config);
    // <PROVIDER>_CLIENT_ID / _CLIENT_SECRET / _TOKEN_URL / _REDIRECT_URI: the OAuth apps for code exchange and refresh.
    oauthApps = oauthAppsFromEnv(process.env);
  } catch (err) {
    exitOnConfigError(err);
  }
  // The worker's module graph (Temporal SDK and its native core, activities, providers, pino, postgres, prom-client)
  // only once the configuration is valid: a misconfigured start exits after loading the env schema alone.
  const { Client } = await import('@temporalio/client');
  const { Runtime, makeTelemetryFilterString } = await import('@temporalio/worker');
  const { createProviderRegistry } = await import('../activities/providers/registry.js');
  const { createLogger } = await import('../db/logger.js');
  const { dataConverterOptions } = await import('../db/payload-codec.js');
  const { createSql } = await import('../db/sql.js');
  const { createWorker } = await import('./create-worker.js');
  const { ensureHousekeeping, keepHousekeepingAlive } = await import('./housekeeping.js');
  const { startSweepWakeups } = await import('./sweep-wakeup.js');
  const { freeLoopbackPort, startWorkerTelemetry } = await import('./telemetry.js');
  // Off (no OTEL_EXPORTER_OTLP_ENDPOINT): nothing registered, no interceptor installed (worker/tracing.ts).
  const tracing = await startTracing(config, 'audit-integrations-worker');
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker', pretty: config.LOG_PRETTY, tracing: tracing !== undefined });
  const sdkMetricsPort = config.TEMPORAL_METRICS_PORT ?? (await freeLoopbackPort());
  Runtime.install({
    logger: {
      log: (level, message, meta) => logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')]({ ...meta }, message),
      trace: (message, meta) => logger.trace({ ...meta }, message),
      debug: (message, meta) => logger.debug({ ...meta }, message),
      info: (message, meta) => logger.info({ ...meta }, message),
      warn: (message, meta) => logger.warn({ ...meta }, message),
      error: (message, meta) => logger.error({ ...meta }, message),
    },
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) },
      // The SDK's exporter stays on loopback; WORKER_METRICS_PORT serves it together with ours (worker/telemetry.ts).
      ...(sdkMetricsPort ? { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } : {}),
    },
  });

  const sql = createSql({ databaseUrl: config.DATABASE_URL, max: config.DB_POOL_MAX });
  const telemetry = await startWorkerTelemetry({
    port: config.WORKER_METRICS_PORT,
    host: config.WORKER_METRICS_HOST,
    sdkMetricsUrl: sdkMetricsPort ? `http://127.0.0.1:${sdkMetricsPort}/metrics` : undefined,
    sql,
    logger,
  });
  const cipher = createCredentialCipher(credentialKeysFrom({ credentialsKey: config.CREDENTIALS_KEY, credentialsKeys: config.CREDENTIALS_KEYS })!);
  const outbound = createOutboundClient({ allow: config.PROVIDER_EGRESS_ALLOW, maxResponseBytes: config.PROVIDER_MAX_RESPONSE_BYTES, logger });
  const connection = await connectWithRetry(temporalOptions, logger);
  const dataConverter = dataConverterOptions(config.TEMPORAL_PAYLOAD_KEY);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...dataConverter });
  // What activities start (the sweeper's syncs, webhook deliveries) carries trace context; the housekeeping loop and its
  // wake-ups (`client`) do not, so the loop is never one endless trace.
  const clientInterceptors = await temporalClientInterceptors(tracing);
  const activityClient = clientInterceptors ? new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...dataConverter, interceptors: clientInterceptors }) : client;
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: {
      sql,
      cipher,
      providers: createProviderRegistry([], { oauthApps }),
      providerOptions: { oauthApps },
      outbound,
      limits: { maxPages: config.PROVIDER_MAX_PAGES, maxRows: config.PROVIDER_MAX_ROWS },
      onSyncFinished: telemetry.onSyncFinished,
      temporal: { client: activityClient, taskQueue: config.TEMPORAL_TASK_QUEUE },
      syncRetry: syncRetryFrom(config),
      syncIntervalMs: config.SYNC_INTERVAL,
      webhooks: webhookSettingsFrom(config),
      // The base of the inbound webhook URLs registered with providers; the API shows the same URL (api/public-base.ts).
      publicUrl: config.PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined,
    },
    workflowBundlePath: config.WORKFLOW_BUNDLE,
    shutdownGraceTimeMs: config.SHUTDOWN_GRACE_MS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxActivitiesPerOrg: config.WORKER_MAX_ACTIVITIES_PER_ORG,
    interceptors: telemetry.interceptors,
    tracing,
    ...dataConverter,
  });
  const housekeeping = housekeepingSettingsFrom(config);
  const housekeepingId = await ensureHousekeeping(client, config.TEMPORAL_TASK_QUEUE, housekeeping);
  const stopKeepingAlive = keepHousekeepingAlive(client, config.TEMPORAL_TASK_QUEUE, housekeeping, {
    everyMs: 5 * 60_000,
    onError: (err) => logger.warn({ err: { type: (err as Error)?.name, message: (err as Error)?.message } }, 'housekeeping check failed'),
  });
  logger.info({ workflowId: housekeepingId, ...housekeeping }, 'housekeeping running (sweeper, reconciler, health pass)');
  // Connects NOTIFY; this worker wakes the sweeper so a first sync starts in about a second (worker/sweep-wakeup.ts).
  let lastWakeWarning = 0;
  const wakeups = startSweepWakeups(sql, client, config.TEMPORAL_TASK_QUEUE, {
    onListen: (first) => logger.info({ reconnected: !first }, 'listening for due syncs (sweeper wake-ups)'),
    onError: (err) => {
      // At most one line a minute: a burst of connects while Temporal is away is one warning, not one per window.
      if (Date.now() - lastWakeWarning < 60_000) return;
      lastWakeWarning = Date.now();
      logger.warn({ err: { type: (err as Error)?.name, message: (err as Error)?.message } }, 'sweeper wake-up failed; the periodic sweep starts due syncs');
    },
  });
  // The SDK installs SIGINT/SIGTERM handlers that call worker.shutdown(): polling stops, running activities get
  // shutdownGraceTime to finish, then run() resolves.
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker polling');
  try {
    telemetry.watch(worker);
    await worker.run();
  } finally {
    stopKeepingAlive();
    await wakeups.close();
    await Promise.allSettled([connection.close(), sql.end({ timeout: 5 }), telemetry.close(), outbound.close()]);
    // Last: the spans of the activities and workflow tasks that just finished are flushed to the collector.
    await tracing?.shutdown().catch(() => undefined);
    logger.info('worker stopped');
  }
}

async function connectWithRetry(options: TemporalConnectionOptions, logger: Logger): Promise<NativeConnection> {
  const { address } = options;
  const { NativeConnection } = await import('@temporalio/worker');
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect(options);
    } catch (err) {
      if (attempt >= 30) throw err;
      // The core's message names TLS problems (UnknownIssuer, NotValidForName, CertificateRequired); no secret in it.
      logger.warn({ attempt, address, err: { message: (err as Error).message } }, 'temporal not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

await main();
