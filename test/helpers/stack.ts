import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { inject } from 'vitest';
import { createApp } from '../../api/app.js';
import type { OAuthConfig } from '../../api/oauth-config.js';
import { createSyncControl } from '../../api/schedules.js';
import { createSyncStarter } from '../../api/sync-starter.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import type { ProviderAdapter } from '../../activities/providers/types.js';
import { createApiKey, type Scope } from '../../db/api-keys.js';
import { createCredentialCipher, type CredentialCipher, type CredentialKey } from '../../db/crypto.js';
import { createPayloadCodec, dataConverterOptions } from '../../db/payload-codec.js';
import { createWorker } from '../../worker/create-worker.js';
import { ensureReconcileSchedule } from '../../worker/reconcile-schedule.js';
import type { SyncRetryOptions } from '../../workflows/ids.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export function randomKey(id = 'default'): CredentialKey {
  return { id, key: randomBytes(32) };
}

export interface TestApi {
  baseUrl: string;
  db: TestDatabase;
  cipher: CredentialCipher;
  client: Client;
  taskQueue: string;
  /** Captured log lines (JSON strings), for redaction checks. */
  logs: string[];
  createKey(orgId: string, scopes?: Scope[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real Koa app on a free port, its own database, a real Temporal client. `temporalAddress` can point at a dead port
 * to simulate Temporal being down.
 */
export async function startTestApi(
  opts: { temporalAddress?: string; keys?: CredentialKey[]; taskQueue?: string; startTimeoutMs?: number; db?: TestDatabase; syncRetry?: SyncRetryOptions; syncIntervalMs?: number; syncControl?: boolean; oauth?: OAuthConfig; dashboardDir?: string; payloadKey?: string; codecServerToken?: string } = {},
): Promise<TestApi> {
  const db = opts.db ?? (await createTestDatabase());
  const cipher = createCredentialCipher(opts.keys ?? [randomKey()]);
  const taskQueue = opts.taskQueue ?? `test-${randomBytes(4).toString('hex')}`;
  const connection = Connection.lazy({ address: opts.temporalAddress ?? inject('temporalAddress') });
  const client = new Client({ connection, ...dataConverterOptions(opts.payloadKey) });
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const app = createApp({
    sql: db.sql,
    cipher,
    logger,
    startSync: createSyncStarter(client, { taskQueue, startTimeoutMs: opts.startTimeoutMs ?? 3000, ...(opts.syncRetry ? { retry: opts.syncRetry } : {}) }),
    // Schedules on connect, cancellation on disconnect; off by default against a dead Temporal so connect stays quick.
    ...((opts.syncControl ?? opts.temporalAddress === undefined)
      ? { syncControl: createSyncControl(client, { taskQueue, intervalMs: opts.syncIntervalMs ?? 6 * 3_600_000, timeoutMs: opts.startTimeoutMs ?? 3000 }) }
      : {}),
    pingTemporal: async () => {
      await connection.withDeadline(Date.now() + 2000, () => connection.healthService.check({}));
    },
    ...(opts.oauth ? { oauth: opts.oauth } : {}),
    ...(opts.dashboardDir ? { dashboardDir: opts.dashboardDir } : {}),
    ...(opts.payloadKey && opts.codecServerToken
      ? { codecServer: { codec: createPayloadCodec(Buffer.from(opts.payloadKey, 'base64')), token: opts.codecServerToken, corsOrigins: ['http://localhost:8233'] } }
      : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    cipher,
    client,
    taskQueue,
    logs,
    async createKey(orgId, scopes = ['audit:read', 'audit:write']) {
      return (await createApiKey(db.sql, { orgId, scopes })).token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await connection.close();
      if (!opts.db) await db.drop();
    },
  };
}

export interface TestWorker {
  worker: Worker;
  /** Set when started with `reconciler`: the id of this task queue's reconciler Schedule. */
  reconcileScheduleId?: string;
  stop(): Promise<void>;
}

/** An in-process worker on the shared dev server with the pre-built workflow bundle and the given adapters. */
export async function startTestWorker(
  api: Pick<TestApi, 'db' | 'cipher' | 'taskQueue'>,
  opts: { adapters?: ProviderAdapter[]; fetch?: typeof fetch; syncRetry?: SyncRetryOptions; reconciler?: { graceMs: number; intervalMs?: number }; payloadKey?: string } = {},
): Promise<TestWorker> {
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const dataConverter = dataConverterOptions(opts.payloadKey);
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: api.taskQueue,
    workflowBundlePath: inject('workflowBundlePath'),
    activities: {
      sql: api.db.sql,
      cipher: api.cipher,
      providers: createProviderRegistry(opts.adapters ?? []),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.syncRetry ? { syncRetry: opts.syncRetry } : {}),
    },
    shutdownGraceTimeMs: 2000,
    ...dataConverter,
  });
  // As worker/main.ts does at start-up; a long default interval so only explicit triggers run it in tests.
  const schedules = new Client({ connection, ...dataConverter });
  const reconcileScheduleId = opts.reconciler
    ? await ensureReconcileSchedule(schedules, { taskQueue: api.taskQueue, intervalMs: opts.reconciler.intervalMs ?? 3_600_000, graceMs: opts.reconciler.graceMs })
    : undefined;
  const running = worker.run();
  return {
    worker,
    ...(reconcileScheduleId ? { reconcileScheduleId } : {}),
    async stop() {
      if (reconcileScheduleId) await schedules.schedule.getHandle(reconcileScheduleId).delete().catch(() => undefined);
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Calls the API and parses the envelope. */
export async function call(baseUrl: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string | Buffer } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: { data: unknown; meta: { request_id: string; [k: string]: unknown }; error: { code: string; message: string } | null } | undefined;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json! };
}
