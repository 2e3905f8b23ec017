import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { buildCli } from '../api/cli/build.js';
import { migrate } from '../db/migrate.js';
import { createSql } from '../db/sql.js';
import { buildEntryBundles } from './helpers/entry-bundle.js';
import { WORKFLOW_INTERCEPTORS_PATH } from '../worker/tracing.js';
import { cachedWorkflowBundle } from '../worker/workflow-bundle-cache.js';
import { freePort, PROJECT_ROOT, startEmbeddedPostgres, startTemporalDevServer, WORKFLOWS_PATH_FOR_TESTS, type EmbeddedPostgresHandle, type TemporalDevServer } from './helpers/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    temporalAddress: string;
    workflowBundlePath: string;
    entryBundleDir: string;
    testDataDir: string;
  }
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Once per run: pick Postgres (DATABASE_URL, else 127.0.0.1:5432, else an embedded server), migrate a template
 * database that every test file clones, start one Temporal dev server on free ports, and bundle the workflows and the
 * entrypoints tests start as processes once.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const testDataDir = path.join(PROJECT_ROOT, '.data', 'test', runId);
  await mkdir(testDataDir, { recursive: true });

  let embedded: EmbeddedPostgresHandle | undefined;
  let adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!(await reachable(adminUrl))) {
    if (process.env.DATABASE_URL) throw new Error('DATABASE_URL is set but Postgres does not answer there');
    embedded = await startEmbeddedPostgres({ dataDir: path.join(PROJECT_ROOT, '.data', 'test-postgres'), port: await freePort() });
    adminUrl = embedded.databaseUrl;
  }

  const templateDatabase = `audit_tpl_${runId}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${templateDatabase}`);
  const tplUrl = new URL(adminUrl);
  tplUrl.pathname = `/${templateDatabase}`;
  const tpl = createSql({ databaseUrl: tplUrl.toString(), max: 1 });
  await migrate(tpl);
  await tpl.end({ timeout: 5 });

  let temporal: TemporalDevServer | undefined;
  try {
    temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null, cliPath: process.env.TEMPORAL_CLI, startupTimeoutMs: 120_000 });
    // As worker/bundle-workflows.ts builds production's: with the (inert unless traced) OpenTelemetry interceptors.
    // The cache npm start uses (worker/workflow-bundle-cache.ts): the suite's own `npm start`s find this bundle there.
    const workflowBundlePath = await cachedWorkflowBundle({ workflowsPath: WORKFLOWS_PATH_FOR_TESTS, interceptorsPath: WORKFLOW_INTERCEPTORS_PATH }, { logger: quietLogger });
    // The CLI tests run the bin, which runs this bundle: built from the sources under test, never a stale one.
    await buildCli();
    // The entrypoints tests start as processes, without tsx's cost per start (test/helpers/entry-bundle.ts).
    const entryBundleDir = path.join(testDataDir, 'entry');
    await buildEntryBundles(entryBundleDir);

    project.provide('adminDatabaseUrl', adminUrl);
    project.provide('templateDatabase', templateDatabase);
    project.provide('temporalAddress', temporal.address);
    project.provide('workflowBundlePath', workflowBundlePath);
    project.provide('entryBundleDir', entryBundleDir);
    project.provide('testDataDir', testDataDir);
  } catch (err) {
    await temporal?.stop();
    throw err;
  }

  return async () => {
    await temporal?.stop();
    await admin.unsafe(`drop database if exists ${templateDatabase} with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 });
    await embedded?.stop();
    await rm(testDataDir, { recursive: true, force: true });
  };
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
