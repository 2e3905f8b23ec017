import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { connectApiToTemporal, HEALTH_TIMEOUT_MS } from './temporal-calls.js';
import type { z } from 'zod';
import { exitOnConfigError, loadConfig } from '../db/config.js';
import { envSchema } from '../db/env.js';
import { isProvider, type Provider } from '../db/providers.js';
import { dataConverterOptions } from '../db/payload-codec.js';
import { createSql, type Sql } from '../db/sql.js';
import { parseDuration, syncRetryFrom } from '../db/sync-config.js';
import { temporalConnectionOptions } from '../db/temporal-connection.js';
import { deleteLegacySchedules, formatTable, lastRuns, OpsError, stuckIntegrations, triggerSync } from './ops.js';
import { UUID } from './routes/scope.js';
import { createSyncStarter } from './sync-starter.js';

const USAGE = `usage: npm run ops -- <command>
  stuck [--older-than 15m] [--limit 100] [--json]   integrations in error, or syncing longer than --older-than, across orgs
  sync <org_id> <project_id> <provider>               start (or join) a sync, exactly as POST …/sync does
  runs <org_id> <project_id> <provider> [--limit 10] [--json]   the integration's latest sync runs, newest first
  delete-schedules [--dry-run]                        delete the per-integration audit-sync-schedule/… Schedules (and the
                                                      reconciler Schedule) earlier releases left on TEMPORAL_TASK_QUEUE`;

const OpsConfigSchema = envSchema('ops');
type OpsConfig = z.infer<typeof OpsConfigSchema>;

class UsageError extends Error {}

function integrationKey(positionals: string[]): { orgId: string; projectId: string; provider: Provider } {
  const [orgId, projectId, provider] = positionals;
  if (!orgId || !projectId || !provider || positionals.length !== 3) throw new UsageError('expected <org_id> <project_id> <provider>');
  if (!UUID.test(orgId)) throw new UsageError('org_id must be a UUID');
  if (!isProvider(provider)) throw new UsageError(`unknown provider ${provider}`);
  return { orgId: orgId.toLowerCase(), projectId, provider };
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a positive integer`);
  return Number(value);
}

function print(rows: readonly object[], columns: readonly string[], json: boolean | undefined): void {
  process.stdout.write(`${json ? JSON.stringify(rows, null, 2) : formatTable(rows, columns)}\n`);
}

async function run(command: string | undefined, args: string[], config: OpsConfig, sql: Sql): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'older-than': { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  if (command === 'stuck') {
    const olderThanMs = parseDuration(values['older-than'] ?? '15m');
    if (olderThanMs === undefined || positionals.length > 0) throw new UsageError('--older-than must be a duration like 15m, 2h or 90s');
    const rows = await stuckIntegrations(sql, { olderThanMs, limit: positiveInt(values.limit, 100, 'limit') });
    print(rows, ['org_id', 'project_id', 'provider', 'status', 'updated_at', 'last_sync_at', 'last_error_code', 'last_error_message'], values.json);
  } else if (command === 'runs') {
    const rows = await lastRuns(sql, integrationKey(positionals), positiveInt(values.limit, 10, 'limit'));
    print(rows, ['started_at', 'finished_at', 'trigger', 'outcome', 'error_code', 'error_message', 'items_pushed', 'items_pulled', 'items_updated', 'workflow_id'], values.json);
  } else if (command === 'sync') {
    const key = integrationKey(positionals);
    await withTemporal(config, async (client) => {
      const startSync = createSyncStarter(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, startTimeoutMs: config.TEMPORAL_START_TIMEOUT_MS, retry: syncRetryFrom(config) });
      const started = await triggerSync({ sql, startSync }, key);
      process.stdout.write(`sync started: workflow ${started.workflowId} run ${started.runId} (was ${started.previousStatus})\n`);
    });
  } else if (command === 'delete-schedules') {
    if (positionals.length > 0) throw new UsageError('delete-schedules takes no arguments');
    const dryRun = values['dry-run'] ?? false;
    const result = await withTemporal(config, (client) => deleteLegacySchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, dryRun }));
    const what = dryRun ? 'would delete' : 'deleted';
    process.stdout.write(`${what} ${result.deleted} schedules on task queue ${config.TEMPORAL_TASK_QUEUE}; kept ${result.otherTaskQueues} of other task queues\n`);
  } else {
    throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
  }
}

async function withTemporal<T>(config: OpsConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const temporal = connectApiToTemporal(temporalConnectionOptions(config), { callMs: config.TEMPORAL_START_TIMEOUT_MS, healthMs: HEALTH_TIMEOUT_MS });
  try {
    return await fn(new Client({ connection: temporal.connection, namespace: config.TEMPORAL_NAMESPACE, ...dataConverterOptions(config.TEMPORAL_PAYLOAD_KEY) }));
  } finally {
    await temporal.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
let config: OpsConfig;
try {
  config = loadConfig(OpsConfigSchema, process.env);
  temporalConnectionOptions(config); // TLS misconfiguration is a start-up error for every command
} catch (err) {
  exitOnConfigError(err);
}
const sql = createSql({ databaseUrl: config.DATABASE_URL, max: 2 });
let exitCode = 0;
try {
  await run(command, rest, config, sql);
} catch (err) {
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    exitCode = 1;
  } else if (err instanceof OpsError) {
    process.stderr.write(`${err.message}\n`);
    exitCode = 2;
  } else {
    throw err;
  }
} finally {
  await sql.end({ timeout: 5 });
}
process.exit(exitCode);
