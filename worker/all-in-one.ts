import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, exitOnConfigError, loadConfig } from '../db/config.js';
import { ENV, envSchema } from '../db/env.js';
import { createLogger } from '../db/logger.js';
import { migrate } from '../db/migrate.js';
import { createSql } from '../db/sql.js';
import { temporalConnectionOptions } from '../db/temporal-connection.js';
import { bundledEntry, cachedEntryBundles } from './entry-bundle.js';
import { PROJECT_ROOT, startEmbeddedPostgres, startTemporalDevServer, stopChild, type EmbeddedPostgresHandle, type TemporalDevServer } from './dev-services.js';

/**
 * `npm start`: everything on one machine. Whatever is not configured is started here — embedded Postgres (data under
 * .data/postgres) and `temporal server start-dev` (SQLite under .data/, Web UI on 8233) — then migrations, then the API
 * and the worker as child processes, run from a cached esbuild bundle of the sources (worker/entry-bundle.ts) rather
 * than through tsx: about 1 s of CPU less for each of them on every start. SIGINT/SIGTERM stops all of it, children
 * first.
 */
// What is unset here is started here: so Postgres and Temporal are optional, and the key file may stand in for a key.
const AllInOneConfigSchema = envSchema('all-in-one').extend({
  DATABASE_URL: ENV.DATABASE_URL.schema.optional(),
  TEMPORAL_ADDRESS: ENV.TEMPORAL_ADDRESS.schema.unwrap().optional(),
  CREDENTIALS_KEYS: z.string().optional(),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  LOG_PRETTY: z.stringbool().default(true),
});

let config: z.infer<typeof AllInOneConfigSchema>;
try {
  config = loadConfig(AllInOneConfigSchema, process.env);
  // The API and the worker read the same TEMPORAL_TLS_* / TEMPORAL_API_KEY; check them once here. The dev server
  // started below speaks plain gRPC, so they only make sense with TEMPORAL_ADDRESS.
  const temporalOptions = temporalConnectionOptions({ ...config, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS ?? 'dev-server:0' });
  if (!config.TEMPORAL_ADDRESS && (temporalOptions.tls || temporalOptions.apiKey)) {
    throw new ConfigError('invalid configuration: TEMPORAL_ADDRESS: is required with TEMPORAL_TLS_* or TEMPORAL_API_KEY (the dev server started here is plain)');
  }
} catch (err) {
  exitOnConfigError(err);
}
const logger = createLogger({ level: config.LOG_LEVEL, name: 'all-in-one', pretty: config.LOG_PRETTY });
const dataDir = path.resolve(config.DATA_DIR);

let postgres: EmbeddedPostgresHandle | undefined;
let temporal: TemporalDevServer | undefined;
const children: ChildProcess[] = [];
let stopping = false;

async function credentialsKey(): Promise<Record<string, string>> {
  if (config.CREDENTIALS_KEY || config.CREDENTIALS_KEYS) return {};
  const file = path.join(dataDir, 'credentials.key');
  if (!existsSync(file)) {
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    logger.warn({ file }, 'CREDENTIALS_KEY is not set: generated a development key. Back it up; production must set CREDENTIALS_KEY');
  } else {
    logger.warn({ file }, 'CREDENTIALS_KEY is not set: using the development key kept in the data directory');
  }
  await chmod(file, 0o600);
  return { CREDENTIALS_KEY: (await readFile(file, 'utf8')).trim() };
}

const ROLES = ['api/main.ts', 'worker/main.ts'];

/** From the bundles' folder when there is one; else (no writable cache) from source through tsx, as before. */
function startRole(name: 'api' | 'worker', script: string, bundles: string | undefined, childEnv: NodeJS.ProcessEnv): ChildProcess {
  const args = bundles ? ['--enable-source-maps', bundledEntry(bundles, script)] : ['--import', 'tsx', script];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: childEnv, stdio: 'inherit' });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    logger.error({ role: name, code, signal }, 'a role exited unexpectedly; stopping everything');
    void shutdown(1);
  });
  return child;
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('stopping');
  await Promise.allSettled(children.map((c) => stopChild(c, 35_000)));
  if (temporal) await temporal.stop().catch(() => undefined);
  if (postgres) await postgres.stop().catch(() => undefined);
  logger.info('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// If whatever started us dies without signalling (a killed npm or shell), we are reparented: stop rather than orphan
// Postgres, Temporal, the API and the worker.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) void shutdown(0);
}, 1000).unref();

try {
  // Traversable (0755): embedded Postgres runs as the `postgres` user when we are root; secrets inside are 0600.
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: config.PG_PORT, onLog: (l) => logger.debug({ source: 'postgres' }, l) });
    databaseUrl = postgres.databaseUrl;
    logger.info({ port: config.PG_PORT, data: postgres.dataDir }, 'embedded postgres started');
  }
  let temporalAddress = config.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    temporal = await startTemporalDevServer({
      cliPath: config.TEMPORAL_CLI,
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      onOutput: (l) => logger.debug({ source: 'temporal' }, l),
    });
    temporalAddress = temporal.address;
    temporal.process.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ code, signal }, 'the Temporal dev server exited unexpectedly; stopping everything');
      void shutdown(1);
    });
    logger.info({ address: temporalAddress, ui: `http://127.0.0.1:${config.TEMPORAL_UI_PORT}` }, 'temporal dev server started');
  }
  const sql = createSql({ databaseUrl, max: 1 });
  const migrated = await migrate(sql);
  await sql.end({ timeout: 5 });
  logger.info({ applied: migrated.applied }, 'database migrated');

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    LOG_PRETTY: String(config.LOG_PRETTY),
    ...(await credentialsKey()),
  };
  const bundles = await cachedEntryBundles(ROLES).catch((err: unknown) => {
    logger.warn({ err: (err as Error).message }, 'could not bundle the API and the worker (node_modules/.cache not writable?): running them through tsx');
    return undefined;
  });
  if (stopping) throw new Error('stopped during start-up');
  startRole('api', 'api/main.ts', bundles, childEnv);
  startRole('worker', 'worker/main.ts', bundles, childEnv);
} catch (err) {
  logger.error({ err: (err as Error).message }, 'start-up failed');
  await shutdown(1);
}
