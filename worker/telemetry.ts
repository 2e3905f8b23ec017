import net from 'node:net';
import type { ActivityInterceptorsFactory, WorkerInterceptors } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { SyncFinishedEvent } from '../activities/index.js';
import { findIntegrationById } from '../db/integrations.js';
import type { Sql } from '../db/sql.js';
import { createWorkerMetrics, startMetricsServer, type WorkerMetrics } from './metrics.js';

// The business ids of workflows/ids.ts: audit-sync/<org>/<project>/<provider>, and the schedule's trigger workflows
// audit-sync-trigger/<org>/<project>/<provider>-<timestamp>. Project slugs never contain `/`.
const INTEGRATION_WORKFLOW_ID = /^audit-sync(?:-trigger)?\/([^/]+)\/([^/]+)\/([a-z0-9]+)/;

/** org_id, project_id and provider of an integration's workflow, for log lines; empty for other workflows. */
export function integrationLogFields(workflowId: string | undefined): Record<string, string> {
  const m = workflowId ? INTEGRATION_WORKFLOW_ID.exec(workflowId) : null;
  return m ? { org_id: m[1]!, project_id: m[2]!, provider: m[3]! } : {};
}

/** Every SDK log line from an activity (started, completed, failed) carries the integration it works for. */
export const activityLogContext: ActivityInterceptorsFactory = (ctx) => ({
  outbound: {
    getLogAttributes: (input, next) => next({ ...input, ...integrationLogFields(ctx.info.workflowExecution?.workflowId) }),
  },
});

/** Counts and times a finished sync, and logs it with the ids an operator filters by. Never throws. */
export function createSyncObserver(deps: { sql: Sql; metrics: WorkerMetrics; logger: Logger }): (event: SyncFinishedEvent) => void {
  return (event) => {
    const durationSeconds = Math.max(0, (event.finishedAt.getTime() - event.startedAt.getTime()) / 1000);
    void findIntegrationById(deps.sql, event.integrationId)
      .then((row) => {
        const provider = row?.provider ?? integrationLogFields(event.workflowId ?? undefined).provider ?? 'unknown';
        deps.metrics.observeSync({ provider, outcome: event.outcome, durationSeconds });
        deps.logger.info(
          {
            workflow_id: event.workflowId,
            integration_id: event.integrationId,
            org_id: row?.org_id,
            project_id: row?.project_id,
            provider,
            outcome: event.outcome,
            duration_ms: Math.round(durationSeconds * 1000),
          },
          'sync finished',
        );
      })
      .catch((err: unknown) => deps.logger.warn({ integration_id: event.integrationId, err: { message: (err as Error)?.message } }, 'sync metrics not recorded'));
  };
}

export interface WorkerTelemetry {
  onSyncFinished: (event: SyncFinishedEvent) => void;
  interceptors: WorkerInterceptors;
  /** /healthz answers 200 once the worker runs. */
  watch(worker: { getState(): string }): void;
  close(): Promise<void>;
}

/**
 * The worker's observability in one place: the metrics/health server on WORKER_METRICS_PORT (ours plus the SDK
 * exporter's, scraped from `sdkMetricsUrl`), the sync observer, and the activity log context.
 */
export async function startWorkerTelemetry(opts: { port: number; host?: string; sdkMetricsUrl?: string | undefined; sql: Sql; logger: Logger }): Promise<WorkerTelemetry> {
  const metrics = createWorkerMetrics({ processMetrics: true });
  let worker: { getState(): string } | undefined;
  let server: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  try {
    server = await startMetricsServer({
      port: opts.port,
      ...(opts.host ? { host: opts.host } : {}),
      metrics,
      sdkMetricsUrl: opts.sdkMetricsUrl,
      isHealthy: () => worker?.getState() === 'RUNNING',
    });
    opts.logger.info({ port: server.port }, 'worker metrics listening');
  } catch (err) {
    // Syncs matter more than their metrics: run on, loudly. The healthcheck on this port then reports the problem.
    opts.logger.error({ port: opts.port, err: { code: (err as NodeJS.ErrnoException).code, message: (err as Error).message } }, 'worker metrics port unavailable; /metrics and /healthz are off');
  }
  return {
    onSyncFinished: createSyncObserver({ sql: opts.sql, metrics, logger: opts.logger }),
    interceptors: { activity: [activityLogContext] },
    watch: (w) => {
      worker = w;
    },
    close: async () => server?.close(),
  };
}

/** A free port on 127.0.0.1 for the SDK's exporter, which cannot report the port it bound. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
