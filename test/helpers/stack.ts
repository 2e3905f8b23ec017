import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, ServiceError } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { inject } from 'vitest';
import { createApp, type ApiLimits, type AppDeps } from '../../api/app.js';
import { answerClientErrorsInEnvelope } from '../../api/client-error.js';
import type { ActivityDeps } from '../../activities/index.js';
import { createApiMetrics, startApiMetricsServer } from '../../api/metrics.js';
import type { OAuthConfig } from '../../api/oauth-config.js';
import type { OutboundClient } from '../../activities/outbound/client.js';
import { createApiKeyCache } from '../../api/key-cache.js';
import { createEventsHub, type EventsHub } from '../../api/events-hub.js';
import type { EventStreamLimits } from '../../api/routes/events.js';
import { createSyncControl } from '../../api/sync-control.js';
import { createSyncStarter } from '../../api/sync-starter.js';
import { parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, type OutboundOptions } from '../../activities/outbound/client.js';
import type { SyncLimits } from '../../activities/providers/options.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import type { ProviderAdapter } from '../../activities/providers/types.js';
import { createApiKey, type Scope } from '../../db/api-keys.js';
import { createCredentialCipher, type CredentialCipher, type CredentialKey } from '../../db/crypto.js';
import { createPayloadCodec, dataConverterOptions } from '../../db/payload-codec.js';
import { traceLogFields } from '../../db/tracing.js';
import { temporalClientInterceptors, type Tracing } from '../../db/tracing-setup.js';
import { createWorker } from '../../worker/create-worker.js';
import { ensureHousekeeping } from '../../worker/housekeeping.js';
import { housekeepingStatusQuery, type HousekeepingStatus } from '../../workflows/housekeeping.js';
import { housekeepingWorkflowId, type HousekeepingSettings, type SyncRetryOptions } from '../../workflows/ids.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { connectApiToTemporal, HEALTH_TIMEOUT_MS } from '../../api/temporal-calls.js';

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
  /** `GET /metrics` of this app, on its own port as api/main.ts serves it. */
  metricsUrl: string;
  /** The app's live-event hub (GET …/audit/events). */
  events: EventsHub;
  createKey(orgId: string, scopes?: Scope[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real Koa app on a free port, its own database, a real Temporal client. `temporalAddress` can point at a dead port
 * to simulate Temporal being down.
 */
export async function startTestApi(
  opts: { temporalAddress?: string; keys?: CredentialKey[]; taskQueue?: string; startTimeoutMs?: number; db?: TestDatabase; syncRetry?: SyncRetryOptions; syncControl?: boolean; oauth?: OAuthConfig; outbound?: OutboundClient; dashboardDir?: string; connectPageDir?: string; limits?: Partial<ApiLimits>; payloadKey?: string; codecServerToken?: string; webhooks?: AppDeps['webhooks']; syncSchedule?: AppDeps['syncSchedule']; connect?: AppDeps['connect']; tracing?: Tracing; traceUiUrl?: string; eventLimits?: Partial<EventStreamLimits>; inbound?: AppDeps['inbound'] } = {},
): Promise<TestApi> {
  const db = opts.db ?? (await createTestDatabase());
  const cipher = createCredentialCipher(opts.keys ?? [randomKey()]);
  const taskQueue = opts.taskQueue ?? `test-${randomBytes(4).toString('hex')}`;
  const temporal = connectApiToTemporal({ address: opts.temporalAddress ?? inject('temporalAddress') }, { callMs: opts.startTimeoutMs ?? 3000, healthMs: HEALTH_TIMEOUT_MS });
  // `tracing` (registered by the test, db/tracing-setup.ts): as api/main.ts with OTEL_EXPORTER_OTLP_ENDPOINT set.
  const clientInterceptors = await temporalClientInterceptors(opts.tracing);
  const client = new Client({ connection: temporal.connection, ...dataConverterOptions(opts.payloadKey), ...(clientInterceptors ? { interceptors: clientInterceptors } : {}) });
  const logs: string[] = [];
  const logger = pino({ level: 'info', ...(opts.tracing ? { mixin: traceLogFields } : {}) }, { write: (line: string) => void logs.push(line) });
  const metrics = createApiMetrics();
  const metricsServer = await startApiMetricsServer({ metrics, port: 0, host: '127.0.0.1' });
  // As api/main.ts: every test request authenticates through the key cache.
  const apiKeys = createApiKeyCache(db.sql);
  // As api/main.ts: the live-event hub (LISTENs from the first stream on), closed first so open streams end.
  const events = createEventsHub(db.sql, opts.traceUiUrl ? { traceUiUrl: opts.traceUiUrl } : {});
  const app = createApp({
    sql: db.sql,
    apiKeys,
    cipher,
    logger,
    metrics,
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
    ...(opts.syncSchedule ? { syncSchedule: opts.syncSchedule } : {}),
    ...(opts.connect ? { connect: opts.connect } : {}),
    ...(opts.inbound ? { inbound: opts.inbound } : {}),
    events: { hub: events, ...(opts.eventLimits ? { limits: opts.eventLimits } : {}) },
    startSync: createSyncStarter(client, { taskQueue, startTimeoutMs: opts.startTimeoutMs ?? 3000, ...(opts.syncRetry ? { retry: opts.syncRetry } : {}) }),
    // Cancellation on disconnect; off by default against a dead Temporal.
    ...((opts.syncControl ?? opts.temporalAddress === undefined) ? { syncControl: createSyncControl(client, { timeoutMs: opts.startTimeoutMs ?? 3000 }) } : {}),
    pingTemporal: temporal.ping,
    ...(opts.oauth ? { oauth: opts.oauth } : {}),
    ...(opts.outbound ? { outbound: opts.outbound } : {}),
    ...(opts.dashboardDir ? { dashboardDir: opts.dashboardDir } : {}),
    ...(opts.tracing ? { tracing: true } : {}),
    ...(opts.traceUiUrl ? { traceUiUrl: opts.traceUiUrl } : {}),
    ...(opts.connectPageDir ? { connectPageDir: opts.connectPageDir } : {}),
    ...(opts.payloadKey && opts.codecServerToken
      ? { codecServer: { codec: createPayloadCodec(Buffer.from(opts.payloadKey, 'base64')), token: opts.codecServerToken, corsOrigins: ['http://localhost:8233'] } }
      : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    // As api/main.ts: requests Node's parser refuses (e.g. headers past its limit) still get the envelope.
    answerClientErrorsInEnvelope(s);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    cipher,
    client,
    taskQueue,
    logs,
    metricsUrl: `http://127.0.0.1:${metricsServer.port}/metrics`,
    events,
    async createKey(orgId, scopes = ['audit:read', 'audit:write']) {
      return (await createApiKey(db.sql, { orgId, scopes })).token;
    },
    async close() {
      await events.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await metricsServer.close();
      await temporal.close();
      await apiKeys.close();
      if (!opts.db) await db.drop();
    },
  };
}

/** The fakes listen on 127.0.0.1: tests allow loopback explicitly, as an operator would for a self-hosted provider. */
export const TEST_EGRESS_ALLOW = '127.0.0.0/8';

export interface TestWorker {
  worker: Worker;
  /** Set when started with `housekeeping`: the id of this task queue's housekeeping workflow (sweeper, reconciler). */
  housekeepingId?: string;
  stop(): Promise<void>;
}

/** What a test that ran `worker/main.ts` (which starts the loop) cleans up on the shared dev server. */
export async function terminateHousekeeping(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.getHandle(housekeepingWorkflowId(taskQueue)).terminate('test over').catch(() => undefined);
}

/**
 * The task queue's housekeeping status, or undefined when the query outlasted the test API's 3 s call deadline: a worker
 * answers a query, and on a loaded machine (2 cores, four files at once) its answer can come later than that. The
 * deadline shows either as DEADLINE_EXCEEDED (the client's timer fired first) or as CANCELLED (the server's fired first:
 * grpc-go ends a stream past its `grpc-timeout` with RST_STREAM CANCEL, which grpc-js reports as "Call cancelled").
 * Used with `waitFor`, which asks again; any other failure throws.
 */
export async function housekeepingStatus(client: Client, taskQueue: string): Promise<HousekeepingStatus | undefined> {
  try {
    return await client.workflow.getHandle(housekeepingWorkflowId(taskQueue)).query(housekeepingStatusQuery);
  } catch (err) {
    const code = err instanceof ServiceError ? (err.cause as { code?: unknown } | undefined)?.code : undefined;
    if (code === status.DEADLINE_EXCEEDED || code === status.CANCELLED) return undefined;
    throw err;
  }
}

/** Test defaults: sweep every second, reconcile only on the first pass (1 hour), starts unthrottled. */
export function housekeepingSettings(overrides: Partial<HousekeepingSettings> = {}): HousekeepingSettings {
  return { sweepIntervalMs: 1000, sweep: { batchSize: 500, startRatePerSecond: 1000 }, reconcileIntervalMs: 3_600_000, reconcileGraceMs: 30_000, ...overrides };
}

/** An in-process worker on the shared dev server with the pre-built workflow bundle and the given adapters. */
export async function startTestWorker(
  api: Pick<TestApi, 'db' | 'cipher' | 'taskQueue'>,
  opts: {
    adapters?: ProviderAdapter[];
    /** PROVIDER_EGRESS_ALLOW of this worker: the local fakes' loopback unless a test says otherwise ('' = production default). */
    egressAllow?: string;
    outbound?: Omit<OutboundOptions, 'allow'>;
    limits?: SyncLimits;
    syncRetry?: SyncRetryOptions;
    /** SYNC_INTERVAL (default 6 hours). */
    syncIntervalMs?: number;
    /** Start (or join) the task queue's housekeeping loop, as worker/main.ts does; off by default. */
    housekeeping?: Partial<HousekeepingSettings>;
    /** Leave the housekeeping loop running on stop (a second worker of the same deployment). */
    keepHousekeeping?: boolean;
    maxConcurrentActivities?: number;
    maxActivitiesPerOrg?: number;
    payloadKey?: string;
    /** Webhook delivery backoff and retention (short backoffs in tests). */
    webhooks?: ActivityDeps['webhooks'];
    /** OpenTelemetry on, as worker/main.ts with OTEL_EXPORTER_OTLP_ENDPOINT set (the test registers `tracing`). */
    tracing?: Tracing;
    /** PUBLIC_URL of the worker: the base of the inbound webhook URLs syncs register (unset: none is registered). */
    publicUrl?: string;
  } = {},
): Promise<TestWorker> {
  const outbound = createOutboundClient({ allow: parseAllowList(opts.egressAllow ?? TEST_EGRESS_ALLOW), ...opts.outbound });
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
      outbound,
      ...(opts.limits ? { limits: opts.limits } : {}),
      ...(opts.syncRetry ? { syncRetry: opts.syncRetry } : {}),
      ...(opts.syncIntervalMs ? { syncIntervalMs: opts.syncIntervalMs } : {}),
      ...(opts.webhooks ? { webhooks: opts.webhooks } : {}),
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    },
    shutdownGraceTimeMs: 2000,
    ...(opts.maxConcurrentActivities ? { maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivities } : {}),
    maxActivitiesPerOrg: opts.maxActivitiesPerOrg,
    tracing: opts.tracing,
    // Inside the test's process: no workflow thread to start per worker (worker/create-worker.ts MAIN_THREAD_WORKFLOWS).
    // The suite's `npm start` and worker/main.ts processes run workflows on their thread, as production does.
    workflowsOnMainThread: true,
    ...dataConverter,
  });
  const client = new Client({ connection, ...dataConverter });
  const housekeepingId = opts.housekeeping ? await ensureHousekeeping(client, api.taskQueue, housekeepingSettings(opts.housekeeping)) : undefined;
  const running = worker.run();
  return {
    worker,
    ...(housekeepingId ? { housekeepingId } : {}),
    async stop() {
      if (housekeepingId && !opts.keepHousekeeping) await terminateHousekeeping(client, api.taskQueue);
      worker.shutdown();
      await running;
      await connection.close();
      await outbound.close();
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
