import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../db/api-keys.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort, PROJECT_ROOT } from '../helpers/services.js';
import { call, terminateHousekeeping } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { killIfRunning, startRole, type RoleProcess } from './processes.js';

const dist = (p: string) => path.join(PROJECT_ROOT, 'dist', p);

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs compiled JavaScript as a non-root user in another', () => {
    expect(stages.map((s) => s.split('\n')[0])).toEqual(['node:20-bookworm-slim AS build', 'node:20-bookworm-slim AS runtime']);
    const [build, runtime] = stages as [string, string];
    expect(build).toContain('RUN npm ci --ignore-scripts');
    expect(build).toContain('RUN npm run build');
    expect(runtime).toMatch(/RUN npm ci --omit=dev --ignore-scripts/);
    // The postgres.js queue fix (patches/) is applied in the image too: patches copied first, patch-package a dependency.
    expect(runtime.indexOf('COPY patches ./patches')).toBeGreaterThan(-1);
    expect(runtime.indexOf('COPY patches ./patches')).toBeLessThan(runtime.indexOf('RUN npm ci --omit=dev'));
    expect(runtime).toMatch(/RUN npm ci --omit=dev --ignore-scripts .*&& npx --no-install patch-package --error-on-fail/);
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['patch-package']).toBeDefined();
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js');
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(runtime).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/api\/main\.js"\]$/m);
    expect(runtime).not.toMatch(/tsx/);
  });

  it('copies every source folder the build compiles', () => {
    const build = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    for (const folder of build.include) expect(stages[0]).toContain(`COPY ${folder} ./${folder}`);
    expect(stages[0]).toContain('COPY package.json package-lock.json ./');
  });

  it('keeps secrets, local data and dependencies out of the build context', () => {
    const ignored = readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', '.git', '.data', '.tools', 'node_modules', 'dist', 'test']) expect(ignored).toContain(entry);
  });
});

describe('npm run build → compiled roles', () => {
  let db: TestDatabase;
  let fake: FakeGithub;
  let api: RoleProcess | undefined;
  let worker: RoleProcess | undefined;
  const taskQueue = `build-${randomBytes(4).toString('hex')}`;
  const credentialsKey = randomBytes(32).toString('base64');
  let apiPort: number;
  let metricsPort: number;
  let apiMetricsPort: number;

  beforeAll(async () => {
    const built = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 240_000 });
    expect(built.status, built.stderr + built.stdout).toBe(0);
    db = await createTestDatabase();
    fake = await startFakeGithub({ token: 'ghp_build_good' });
    [apiPort, metricsPort, apiMetricsPort] = [await freePort(), await freePort(), await freePort()];
  }, 300_000);
  afterAll(async () => {
    await killIfRunning(api);
    await killIfRunning(worker);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    await terminateHousekeeping(new Client({ connection }), taskQueue);
    await connection.close();
    // Optional chaining: beforeAll may have failed before creating them (a build error).
    await (fake as FakeGithub | undefined)?.close();
    await (db as TestDatabase | undefined)?.drop();
  });

  it('emits the entrypoints, the migrations beside dist/db/migrate.js and the workflow bundle', () => {
    for (const f of ['api/main.js', 'worker/main.js', 'db/migrate-main.js', 'api/ops-main.js', 'workflow-bundle.js', 'dashboard/index.html']) expect(existsSync(dist(f)), f).toBe(true);
    expect(readdirSync(dist('db/migrations')).sort()).toEqual(readdirSync(path.join(PROJECT_ROOT, 'db/migrations')).sort());
    expect(existsSync(dist('test'))).toBe(false);
  });

  it('node dist/db/migrate-main.js migrates an empty database', async () => {
    const empty = await createEmptyDatabase();
    try {
      const run = spawnSync(process.execPath, [dist('db/migrate-main.js')], { env: { PATH: process.env.PATH, DATABASE_URL: empty.url }, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      const files = readdirSync(path.join(PROJECT_ROOT, 'db/migrations')).filter((f) => f.endsWith('.sql'));
      expect(run.stdout).toContain(`migrations: ${files.length} applied`);
    } finally {
      await empty.drop();
    }
  });

  it('the compiled api and worker (pre-built bundle) run a sync end to end; the worker serves SDK and sync metrics', async () => {
    const env = { DATABASE_URL: db.url, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: taskQueue, CREDENTIALS_KEY: credentialsKey, LOG_LEVEL: 'info' };
    worker = startRole(['--enable-source-maps', dist('worker/main.js')], {
      ...env,
      WORKFLOW_BUNDLE: dist('workflow-bundle.js'),
      WORKER_METRICS_PORT: String(metricsPort),
      // The fake GitHub listens on loopback: allowed explicitly, as an operator allows a self-hosted provider.
      PROVIDER_EGRESS_ALLOW: '127.0.0.0/8',
      WORKER_METRICS_HOST: '127.0.0.1',
      TEMPORAL_METRICS_PORT: String(await freePort()),
      SHUTDOWN_GRACE_MS: '2000',
      RECONCILE_INTERVAL: '1h',
      SYNC_SWEEP_INTERVAL: '1h',
    });
    api = startRole(['--enable-source-maps', dist('api/main.js')], { ...env, PORT: String(apiPort), HOST: '127.0.0.1', METRICS_PORT: String(apiMetricsPort) });
    await Promise.all([worker.waitForLog((l) => l.msg === 'worker polling', 'worker polling'), api.waitForLog((l) => l.msg === 'api listening', 'api listening')]);
    expect(worker.output.join('')).not.toContain('Workflow bundle created');

    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const orgId = randomUUID();
    const { token } = await createApiKey(db.sql, { orgId, scopes: ['audit:read', 'audit:write'] });
    const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;
    expect((await call(baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: 'ghp_build_good', repository: 'acme/web', base_url: fake.url } } })).status).toBe(200);
    expect((await call(baseUrl, 'POST', `${base}/github/sync`, { token })).status).toBe(202);
    await waitFor(async () => {
      const rows = (await call(baseUrl, 'GET', base, { token })).json.data as { provider: string; status: string }[];
      return rows.find((r) => r.provider === 'github' && r.status === 'connected');
    }, 'github connected');

    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(200);
    const text = await waitFor(async () => {
      const t = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return /audit_worker_syncs_total\{provider="github",outcome="succeeded"\} 1/.test(t) && /^temporal_/m.test(t) ? t : undefined;
    }, 'sync and SDK metrics');
    expect(text).toMatch(/^audit_worker_sync_duration_seconds_count\{provider="github",outcome="succeeded"\} 1$/m);
    expect(text).toMatch(/^temporal_activity_execution_latency/m);
    expect(text).toMatch(/^audit_worker_process_resident_memory_bytes/m);
    // The API's metrics are on METRICS_PORT (127.0.0.1 by default), not on the public port.
    expect(await (await fetch(`http://127.0.0.1:${apiMetricsPort}/metrics`)).text()).toMatch(/^audit_api_http_requests_total\{/m);
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404);
    // Static files the compiled API serves from dist/ and node_modules: the dashboard build and the API reference.
    const dashboard = await fetch(`${baseUrl}/dashboard/`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${baseUrl}/docs/swagger-ui-bundle.js`)).status).toBe(200);
    expect(((await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');

    expect(await api.stop('SIGTERM')).toBe(0);
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(worker.logs().some((l) => l.msg === 'worker stopped')).toBe(true);
  });
});
