import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { createWorker } from '../../worker/create-worker.js';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient } from '../../activities/outbound/client.js';
import { TEST_EGRESS_ALLOW } from '../helpers/stack.js';
import { createWorkerMetrics, startMetricsServer } from '../../worker/metrics.js';
import { activityLogContext, createSyncObserver, startWorkerTelemetry } from '../../worker/telemetry.js';
import { freePort } from '../helpers/services.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    const have = labelText.split(/,(?=\w+=")/);
    if (wanted.every((w) => have.includes(w))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

describe('GET /metrics of the API (METRICS_PORT)', () => {
  let api: TestApi;
  let downApi: TestApi;
  const orgId = randomUUID();
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    // Temporal unreachable: sync starts fail.
    downApi = await startTestApi({ temporalAddress: `127.0.0.1:${await freePort()}`, startTimeoutMs: 500 });
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await api.close();
    await downApi.close();
  });

  it('counts requests and their latency by method, route pattern and status', async () => {
    const route = '/api/v1/orgs/:org_id/projects/:project_id/audit/integrations';
    const before = await scrape(api.metricsUrl);
    const labels = { method: 'GET', route, status: '200' };
    for (let i = 0; i < 3; i++) expect((await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token })).status).toBe(200);
    expect((await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`)).status).toBe(401);
    expect((await call(api.baseUrl, 'GET', `/nothing/${randomUUID()}`)).status).toBe(404);
    const after = await scrape(api.metricsUrl);

    expect(sample(after, 'audit_api_http_requests_total', labels) - sample(before, 'audit_api_http_requests_total', labels)).toBe(3);
    expect(sample(after, 'audit_api_http_request_duration_seconds_count', labels) - sample(before, 'audit_api_http_request_duration_seconds_count', labels)).toBe(3);
    expect(sample(after, 'audit_api_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBeGreaterThanOrEqual(3);
    // Refused by auth before routing: the prefix it reached. Unknown paths share one label, never the raw path.
    expect(sample(after, 'audit_api_http_requests_total', { method: 'GET', route: '/api/v1', status: '401' })).toBe(1);
    expect(sample(after, 'audit_api_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(orgId);
    expect(after).toContain('audit_api_process_cpu_user_seconds_total');
  });

  it('counts sync starts by outcome', async () => {
    const base = `/api/v1/orgs/${orgId}/projects/starts/audit/integrations`;
    const before = await scrape(api.metricsUrl);
    await call(api.baseUrl, 'POST', `${base}/jira/connect`, { token, body: { credentials: { api_token: 'x' } } });
    expect((await call(api.baseUrl, 'POST', `${base}/jira/sync`, { token })).status).toBe(202);
    const after = await scrape(api.metricsUrl);
    expect(sample(after, 'audit_api_sync_starts_total', { outcome: 'started' }) - sample(before, 'audit_api_sync_starts_total', { outcome: 'started' })).toBe(1);
    expect(sample(after, 'audit_api_sync_starts_total', { outcome: 'failed' })).toBe(sample(before, 'audit_api_sync_starts_total', { outcome: 'failed' }));
    await api.client.workflow.getHandle(`audit-sync/${orgId}/starts/jira`).terminate('test cleanup').catch(() => undefined);

    const downToken = await downApi.createKey(orgId);
    await call(downApi.baseUrl, 'POST', `${base}/jira/connect`, { token: downToken, body: { credentials: { api_token: 'x' } } });
    const failed = await call(downApi.baseUrl, 'POST', `${base}/jira/sync`, { token: downToken });
    expect(failed.json.error?.code).toBe('request_failed');
    const down = await scrape(downApi.metricsUrl);
    expect(sample(down, 'audit_api_sync_starts_total', { outcome: 'failed' })).toBe(1);
    expect(sample(down, 'audit_api_sync_starts_total', { outcome: 'started' })).toBe(0);
  });
});

describe('worker metrics and health (WORKER_METRICS_PORT)', () => {
  let api: TestApi;
  let fake: FakeGithub;
  let connection: NativeConnection;
  let worker: Awaited<ReturnType<typeof createWorker>>;
  let running: Promise<void>;
  let server: Awaited<ReturnType<typeof startMetricsServer>>;
  const outbound = createOutboundClient({ allow: parseAllowList(TEST_EGRESS_ALLOW) });
  const logs: string[] = [];
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    fake = await startFakeGithub({ token: 'ghp_metrics_good' });
    api = await startTestApi({ syncRetry: { maximumAttempts: 1 } });
    token = await api.createKey(orgId);
    const metrics = createWorkerMetrics();
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    connection = await NativeConnection.connect({ address: inject('temporalAddress') });
    worker = await createWorker({
      connection,
      namespace: 'default',
      taskQueue: api.taskQueue,
      workflowBundlePath: inject('workflowBundlePath'),
      activities: { sql: api.db.sql, cipher: api.cipher, providers: createProviderRegistry([githubAdapter]), outbound, onSyncFinished: createSyncObserver({ sql: api.db.sql, metrics, logger }) },
      interceptors: { activity: [activityLogContext] },
      shutdownGraceTimeMs: 2000,
      workflowsOnMainThread: true,
    });
    server = await startMetricsServer({ port: 0, host: '127.0.0.1', metrics, isHealthy: () => worker.getState() === 'RUNNING' });
  });
  afterAll(async () => {
    if (worker.getState() === 'RUNNING') {
      worker.shutdown();
      await running;
    }
    await connection.close();
    await outbound.close();
    await server.close();
    await api.close();
    await fake.close();
  });

  async function syncTo(project: string, githubToken: string, status: 'connected' | 'error') {
    const base = `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`;
    await call(api.baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: githubToken, repository: 'acme/web', base_url: fake.url } } });
    expect((await call(api.baseUrl, 'POST', `${base}/github/sync`, { token })).status).toBe(202);
    await waitFor(async () => {
      const rows = (await call(api.baseUrl, 'GET', base, { token })).json.data as { provider: string; status: string }[];
      return rows.find((r) => r.provider === 'github' && r.status === status);
    }, `github ${status}`);
  }

  it('answers /healthz 503 until the worker polls, then 200', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(503);
    running = worker.run();
    await waitFor(async () => (worker.getState() === 'RUNNING' ? true : undefined), 'worker running');
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });

  it('counts syncs by provider and outcome and times them', async () => {
    const url = `http://127.0.0.1:${server.port}/metrics`;
    const ok = { provider: 'github', outcome: 'succeeded' };
    const failed = { provider: 'github', outcome: 'failed' };
    expect(sample(await scrape(url), 'audit_worker_syncs_total', ok)).toBe(0);

    await syncTo('ok', 'ghp_metrics_good', 'connected');
    const afterOk = await waitFor(async () => {
      const text = await scrape(url);
      return sample(text, 'audit_worker_syncs_total', ok) === 1 ? text : undefined;
    }, 'succeeded sync counted');
    expect(sample(afterOk, 'audit_worker_sync_duration_seconds_count', ok)).toBe(1);
    expect(sample(afterOk, 'audit_worker_sync_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(1);

    await syncTo('bad', 'ghp_metrics_wrong', 'error');
    const afterFail = await waitFor(async () => {
      const text = await scrape(url);
      return sample(text, 'audit_worker_syncs_total', failed) === 1 ? text : undefined;
    }, 'failed sync counted');
    expect(sample(afterFail, 'audit_worker_syncs_total', ok)).toBe(1);
    expect(sample(afterFail, 'audit_worker_sync_duration_seconds_count', failed)).toBe(1);
  });

  it('logs each finished sync with its workflow id, org, project and provider', () => {
    const finished = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'sync finished');
    expect(finished.map((l) => [l.project_id, l.outcome]).sort()).toEqual([['bad', 'failed'], ['ok', 'succeeded']]);
    for (const line of finished) {
      expect(line).toMatchObject({ org_id: orgId, provider: 'github', workflow_id: `audit-sync/${orgId}/${line.project_id as string}/github` });
      expect(typeof line.duration_ms).toBe('number');
    }
  });

  it('keeps the worker running when its metrics port is taken, saying so in the log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const telemetry = await startWorkerTelemetry({ port: server.port, host: '127.0.0.1', sql: api.db.sql, logger });
    await telemetry.close();
    expect(lines.map((l) => JSON.parse(l) as { msg: string; port: number })).toEqual([
      expect.objectContaining({ msg: 'worker metrics port unavailable; /metrics and /healthz are off', port: server.port }),
    ]);
  });

  it('answers /healthz 503 once the worker has shut down', async () => {
    worker.shutdown();
    await running;
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(503);
  });
});
