import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { InterceptingCall } from '@grpc/grpc-js';
import { Client, Connection, defaultGrpcRetryOptions, isGrpcDeadlineError, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { connectApiToTemporal, TemporalTimeoutError, within, type ApiTemporal } from '../../api/temporal-calls.js';
import { freePort } from '../helpers/services.js';
import { syncWorkflowId } from '../../workflows/ids.js';
import { stackTest } from '../helpers/fixture.js';
import { call } from '../helpers/stack.js';

// No worker polls this API's task queue: a started sync stays running, so every kind of call can be made on it.
const test = stackTest({ worker: false });

describe("the API's Temporal calls", () => {
  test('never enter the connection’s call context (an AsyncLocalStorage run turns async hooks on for the whole process)', async ({ stack: { api, token, orgId } }) => {
    const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;
    const storage = (api.client.connection as Connection).callContextStorage;
    const run = vi.spyOn(storage, 'run');
    const enterWith = vi.spyOn(storage, 'enterWith');
    try {
      expect((await call(api.baseUrl, 'GET', '/readyz')).status).toBe(200);
      const connected = await call(api.baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: 'x' } } });
      expect(connected.status).toBe(200);
      const id = (connected.json.data as { id: string }).id;
      // A plain start; then a request on the syncing row (describe); then one on a row that says connected while its
      // run goes on (the start is refused and becomes signal-with-start); then disconnect (describe + cancel).
      for (let i = 0; i < 2; i++) expect((await call(api.baseUrl, 'POST', `${base}/github/sync`, { token })).status).toBe(202);
      await api.db.sql`update audit_integrations set status = 'connected' where id = ${id}`;
      expect((await call(api.baseUrl, 'POST', `${base}/github/sync`, { token })).status).toBe(202);
      const workflowId = syncWorkflowId({ orgId, projectId: 'web', provider: 'github' });
      const handle = api.client.workflow.getHandle(workflowId);
      const events = async () => (await handle.fetchHistory()).events ?? [];
      expect((await events()).filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(1);
      expect((await call(api.baseUrl, 'POST', `${base}/github/disconnect`, { token })).status).toBe(200);
      // With no worker the run cannot finish cancelling; the request for it is in its history.
      expect((await events()).filter((e) => e.workflowExecutionCancelRequestedEventAttributes)).toHaveLength(1);
      await handle.terminate('test over');

      expect(run).not.toHaveBeenCalled();
      expect(enterWith).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
      enterWith.mockRestore();
    }
  });
});

describe('patches/@temporalio+client+1.24.0.patch: the namespace header without an AsyncLocalStorage', () => {
  it('still sends temporal-namespace on namespaced WorkflowService calls, and not on GetSystemInfo or the health check', async () => {
    const seen: { path: string; namespace: unknown[] }[] = [];
    type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];
    const capture: Interceptor = (options, nextCall) =>
      new InterceptingCall(nextCall(options), {
        start(metadata, listener, next) {
          seen.push({ path: options.method_definition.path, namespace: metadata.get('temporal-namespace') });
          next(metadata, listener);
        },
      });
    const connection = Connection.lazy({ address: inject('temporalAddress'), interceptors: [capture, makeGrpcRetryInterceptor(defaultGrpcRetryOptions())] });
    const run = vi.spyOn(connection.callContextStorage, 'run');
    try {
      const client = new Client({ connection, namespace: 'default' });
      await connection.workflowService.getSystemInfo({});
      await connection.healthService.check({});
      const missing = await client.workflow.getHandle(`no-such-workflow-${randomUUID()}`).describe().catch((err: unknown) => err);
      expect((missing as Error).name).toBe('WorkflowNotFoundError');
      expect(seen).toEqual([
        { path: '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo', namespace: [] },
        { path: '/grpc.health.v1.Health/Check', namespace: [] },
        { path: '/temporal.api.workflowservice.v1.WorkflowService/DescribeWorkflowExecution', namespace: ['default'] },
      ]);
      expect(run).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
      await connection.close();
    }
  });
});

describe('deadlines without withDeadline', () => {
  // Accepts TCP connections and never answers: without a deadline a gRPC call to it would wait forever.
  let blackHole: Server;
  let address: string;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((r) => blackHole.close(r));
  });

  it('every call of the API connection ends with DEADLINE_EXCEEDED when Temporal never answers', async () => {
    const { connection, close } = connectApiToTemporal({ address }, { callMs: 400, healthMs: 300 });
    try {
      const health = await connection.healthService.check({}).then(() => undefined, (err: unknown) => err);
      expect(isGrpcDeadlineError(health)).toBe(true);
      const start = await connection.workflowService.getSystemInfo({}).then(() => undefined, (err: unknown) => err);
      expect(isGrpcDeadlineError(start)).toBe(true);
    } finally {
      await close();
    }
  });

  // Nothing listens on a port we just freed: every call fails UNAVAILABLE and the SDK's retry interceptor re-sends it
  // from a timer, which would throw "Channel has been shut down" on a connection closed under it.
  it.each([
    ['a health check /readyz stopped waiting for', (t: ApiTemporal) => t.ping()],
    ['a sync start `within` gave up on', (t: ApiTemporal) => within(100, () => new Client({ connection: t.connection }).workflow.start('syncIntegration', { taskQueue: 'nowhere', workflowId: randomUUID() }))],
  ])('close waits for %s (no "Channel has been shut down" afterwards)', async (_, abandon) => {
    const temporal = connectApiToTemporal({ address: `127.0.0.1:${await freePort()}` }, { callMs: 1500, healthMs: 1500 });
    const uncaught: unknown[] = [];
    const record = (err: unknown) => void uncaught.push(err);
    process.on('uncaughtException', record);
    try {
      const outcome = abandon(temporal).then(() => 'answered', () => 'failed');
      // The caller gives up before the call's deadline: the client's retry timer is still pending here.
      await new Promise((r) => setTimeout(r, 300));
      await temporal.close();
      expect(await outcome).toBe('failed');
      // Longer than the client's largest retry backoff: a timer left behind would fire on the closed channel now.
      await new Promise((r) => setTimeout(r, 1500));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });

  it('within rejects once the steps outlast their budget, and passes their result or error through otherwise', async () => {
    await expect(within(50, () => new Promise(() => undefined))).rejects.toBeInstanceOf(TemporalTimeoutError);
    await expect(within(60_000, async () => 'started')).resolves.toBe('started');
    await expect(within(60_000, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});
