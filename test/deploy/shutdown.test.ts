import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { createApiKey } from '../../db/api-keys.js';
import { findIntegration } from '../../db/integrations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/services.js';
import { call, randomKey, startTestApi, startTestWorker, type TestApi } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { killIfRunning, startRole, type RoleProcess } from './processes.js';

/** A raw HTTP/1.1 client: we decide when each byte of the body leaves. */
function openRequest(port: number, head: string) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (c: Buffer) => {
    received += c.toString();
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.write(head);
  const until = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(received);
        if (m) resolve(received);
        else if (socket.destroyed) reject(new Error(`connection closed; received: ${received}`));
        else waiters.push(check);
      };
      socket.once('close', check);
      check();
    });
  return { socket, until, closed, received: () => received };
}

describe('API graceful shutdown (SIGTERM)', () => {
  let db: TestDatabase;
  let api: RoleProcess | undefined;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    token = (await createApiKey(db.sql, { orgId, scopes: ['audit:read', 'audit:write'] })).token;
  });
  afterAll(async () => {
    await killIfRunning(api);
    await db.drop();
  });

  async function start(shutdownTimeoutMs: number) {
    const port = await freePort();
    api = startRole(['--import', 'tsx', 'api/main.ts'], {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      CREDENTIALS_KEY: randomKey().key.toString('base64'),
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
    });
    await api.waitForLog((l) => l.msg === 'api listening', 'api listening');
    return { port, role: api };
  }

  const connectHead = (project: string, length: number) =>
    [
      `POST /api/v1/orgs/${orgId}/projects/${project}/audit/integrations/jira/connect HTTP/1.1`,
      'Host: 127.0.0.1',
      `Authorization: Bearer ${token}`,
      'Content-Type: application/json',
      `Content-Length: ${length}`,
      // The server answers 100 Continue once it has the request: from then on it is in flight.
      'Expect: 100-continue',
      '',
      '',
    ].join('\r\n');

  it('stops accepting, finishes the request in flight, closes Postgres and Temporal, exits 0', async () => {
    const { port, role } = await start(20_000);
    // ~45 KB: under the 64 KiB body limit, each value under the 16 KiB credential limit.
    const body = JSON.stringify({ credentials: { api_token: 'x'.repeat(15_000), cert: 'y'.repeat(15_000), key: 'z'.repeat(15_000) } });
    const req = openRequest(port, connectHead('inflight', Buffer.byteLength(body)));
    await req.until(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    req.socket.write(body.slice(0, 10_000));

    role.child.kill('SIGTERM');
    await role.waitForLog((l) => l.msg === 'api shutting down', 'shutting down');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    req.socket.write(body.slice(10_000));
    const response = await req.until(/HTTP\/1\.1 200 OK[\s\S]*\r\n\r\n[\s\S]*"error":null\}/);
    expect(response).toContain('"provider":"jira"');
    expect(await role.exited).toBe(0);
    expect(role.logs().map((l) => l.msg)).toEqual(expect.arrayContaining(['api shutting down', 'api stopped']));
    expect(role.logs().some((l) => l.msg === 'request' && l.status === 200 && l.method === 'POST')).toBe(true);
    expect((await findIntegration(db.sql, { orgId, projectId: 'inflight', provider: 'jira' }))?.status).toBe('connected');
  });

  it('gives up on a request that never completes after SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const { port, role } = await start(1000);
    const req = openRequest(port, connectHead('stalled', 1000));
    await req.until(/100 Continue/);
    req.socket.write('{"credentials":');
    role.child.kill('SIGTERM');
    expect(await role.exited).toBe(0);
    await req.closed;
    expect(role.logs().map((l) => l.msg)).toEqual(expect.arrayContaining(['in-flight requests did not finish in time; closing', 'api stopped']));
    expect(req.received()).not.toContain('200 OK');
  });
});

describe('worker graceful shutdown (SIGTERM mid-activity)', () => {
  let api: TestApi;
  let fake: FakeGithub;
  const key = randomKey();
  const orgId = randomUUID();
  let token: string;
  let workerA: RoleProcess | undefined;

  beforeAll(async () => {
    fake = await startFakeGithub({ token: 'ghp_shutdown_good' });
    api = await startTestApi({ keys: [key] });
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await killIfRunning(workerA);
    fake.release();
    await api.close();
    await fake.close();
  });

  const base = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`;

  /** worker/main.ts in its own process, as production runs it; returns once its provider call is in flight. */
  async function startSyncOnWorkerA(project: string, graceMs: number): Promise<RoleProcess> {
    workerA = startRole(['--import', 'tsx', 'worker/main.ts'], {
      DATABASE_URL: api.db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: api.taskQueue,
      CREDENTIALS_KEY: key.key.toString('base64'),
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      WORKER_METRICS_PORT: '0',
      TEMPORAL_METRICS_PORT: '0',
      RECONCILE_INTERVAL: '1h',
      SYNC_SWEEP_INTERVAL: '1h',
      SHUTDOWN_GRACE_MS: String(graceMs),
      PROVIDER_EGRESS_ALLOW: '127.0.0.0/8',
    });
    await workerA.waitForLog((l) => l.msg === 'worker polling', 'worker A polling');
    fake.hold();
    await call(api.baseUrl, 'POST', `${base(project)}/github/connect`, { token, body: { credentials: { token: 'ghp_shutdown_good', repository: 'acme/web', base_url: fake.url } } });
    expect((await call(api.baseUrl, 'POST', `${base(project)}/github/sync`, { token })).status).toBe(202);
    await fake.held();
    return workerA;
  }

  async function finishOnWorkerB(project: string) {
    const workerB = await startTestWorker(api, { adapters: [githubAdapter] });
    try {
      return await waitFor(async () => {
        const row = await findIntegration(api.db.sql, { orgId, projectId: project, provider: 'github' });
        return row?.status === 'connected' && row.last_sync_at ? row : undefined;
      }, `${project} synced`);
    } finally {
      await workerB.stop();
    }
  }

  const runsOf = (integrationId: string) => api.db.sql<{ outcome: string }[]>`select outcome from sync_runs where integration_id = ${integrationId}`;
  const repoCalls = () => fake.calls().filter((r) => r === 'GET /repos/acme/web').length;

  it('lets the running activity finish within shutdownGraceTime; another worker completes the sync', async () => {
    const before = repoCalls();
    const a = await startSyncOnWorkerA('finish', 30_000);
    a.child.kill('SIGTERM');
    await a.waitForLog((l) => l.msg === 'Worker state changed' && l.state === 'STOPPING', 'worker A stopping');
    fake.release();
    expect(await a.exited).toBe(0);
    expect(a.logs().some((l) => l.msg === 'worker stopped')).toBe(true);

    const row = await finishOnWorkerB('finish');
    expect(await runsOf(row.id)).toEqual([{ outcome: 'succeeded' }]);
    // The provider was called once: the activity completed on worker A and was not run again.
    expect(repoCalls() - before).toBe(1);
  });

  it('hands an activity still running after shutdownGraceTime back to Temporal; another worker retries it', async () => {
    const before = repoCalls();
    const a = await startSyncOnWorkerA('handback', 1000);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    fake.release();

    const row = await finishOnWorkerB('handback');
    expect(await runsOf(row.id)).toEqual([{ outcome: 'succeeded' }]);
    // Worker A's call was abandoned; worker B made the attempt that succeeded.
    expect(repoCalls() - before).toBe(2);
  });
});
