import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { z } from 'zod';
import { createProviderRegistry } from '../activities/providers/registry.js';
import { credentialKeysFrom, env, exitOnConfigError, loadConfig } from '../db/config.js';
import { createCredentialCipher } from '../db/crypto.js';
import { createLogger } from '../db/logger.js';
import { createSql } from '../db/sql.js';
import { createWorker } from './create-worker.js';

const WorkerConfigSchema = z
  .object({
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.temporalNamespace,
    TEMPORAL_TASK_QUEUE: env.temporalTaskQueue,
    LOG_LEVEL: env.logLevel,
    LOG_PRETTY: z.stringbool().default(false),
    CREDENTIALS_KEY: env.credentialsKey.optional(),
    CREDENTIALS_KEYS: env.credentialsKeys.optional(),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    WORKFLOW_BUNDLE: z.string().optional(),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(50),
  })
  .refine((c) => c.CREDENTIALS_KEY !== undefined || c.CREDENTIALS_KEYS !== undefined, {
    path: ['CREDENTIALS_KEY'],
    message: 'is required (or CREDENTIALS_KEYS)',
  });

async function main(): Promise<void> {
  let config: z.infer<typeof WorkerConfigSchema>;
  try {
    config = loadConfig(WorkerConfigSchema, process.env);
  } catch (err) {
    exitOnConfigError(err);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker', pretty: config.LOG_PRETTY });
  Runtime.install({
    logger: {
      log: (level, message, meta) => logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')]({ ...meta }, message),
      trace: (message, meta) => logger.trace({ ...meta }, message),
      debug: (message, meta) => logger.debug({ ...meta }, message),
      info: (message, meta) => logger.info({ ...meta }, message),
      warn: (message, meta) => logger.warn({ ...meta }, message),
      error: (message, meta) => logger.error({ ...meta }, message),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } },
  });

  const sql = createSql({ databaseUrl: config.DATABASE_URL, max: config.DB_POOL_MAX });
  const cipher = createCredentialCipher(credentialKeysFrom({ credentialsKey: config.CREDENTIALS_KEY, credentialsKeys: config.CREDENTIALS_KEYS })!);
  const connection = await connectWithRetry(config.TEMPORAL_ADDRESS, logger);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: { sql, cipher, providers: createProviderRegistry() },
    workflowBundlePath: config.WORKFLOW_BUNDLE,
    shutdownGraceTimeMs: config.SHUTDOWN_GRACE_MS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
  });
  // The SDK installs SIGINT/SIGTERM handlers that call worker.shutdown(): polling stops, running activities get
  // shutdownGraceTime to finish, then run() resolves.
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker polling');
  try {
    await worker.run();
  } finally {
    await Promise.allSettled([connection.close(), sql.end({ timeout: 5 })]);
    logger.info('worker stopped');
  }
}

async function connectWithRetry(address: string, logger: ReturnType<typeof createLogger>): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address });
    } catch (err) {
      if (attempt >= 30) throw err;
      logger.warn({ attempt, address }, 'temporal not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

await main();
