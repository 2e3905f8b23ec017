import { createServer, type Server } from 'node:http';
import { listen, type ListeningServer } from '../db/listen.js';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface SyncObservation {
  provider: string;
  outcome: 'succeeded' | 'failed' | 'cancelled';
  durationSeconds: number;
}

/** Our own worker metrics; the Temporal SDK's come from its Prometheus exporter and are appended on scrape. */
export function createWorkerMetrics(opts: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'audit_worker_' });
  const syncs = new Counter({
    name: 'audit_worker_syncs_total',
    help: 'Finished syncs, by provider and outcome (succeeded, failed, cancelled)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'audit_worker_sync_duration_seconds',
    help: 'Wall time of a sync run, from beginSync to its recorded result (retries included), by provider and outcome',
    labelNames: ['provider', 'outcome'] as const,
    // Syncs take seconds to minutes; the retry budget (SYNC_MAX_DURATION_MS) defaults to 15 minutes.
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900, 1800],
    registers: [registry],
  });
  return {
    registry,
    observeSync(o: SyncObservation): void {
      syncs.inc({ provider: o.provider, outcome: o.outcome });
      duration.observe({ provider: o.provider, outcome: o.outcome }, o.durationSeconds);
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

export interface MetricsServerOptions {
  port: number;
  host?: string;
  metrics: WorkerMetrics;
  /** The SDK exporter (Runtime.install telemetry), scraped and appended so one port serves everything. */
  sdkMetricsUrl?: string | undefined;
  /** 200 on /healthz while true (the worker is polling), 503 otherwise. */
  isHealthy: () => boolean;
}

async function sdkMetrics(url: string | undefined): Promise<string> {
  if (!url) return '';
  try {
    // Not provider egress: the worker reading its own SDK exporter on 127.0.0.1 (a URL it built, never tenant input).
    // eslint-disable-next-line no-restricted-globals
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok ? `\n${await res.text()}` : '';
  } catch {
    // The exporter starts with the Runtime; a scrape meanwhile gets our metrics alone.
    return '';
  }
}

/** `GET /metrics` (Prometheus text) and `GET /healthz` on WORKER_METRICS_PORT. */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<ListeningServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      void Promise.all([opts.metrics.registry.metrics(), sdkMetrics(opts.sdkMetricsUrl)]).then(
        ([ours, sdk]) => res.writeHead(200, { 'content-type': opts.metrics.registry.contentType }).end(ours + sdk),
        () => res.writeHead(500).end(),
      );
    } else if (path === '/healthz') {
      const ok = opts.isHealthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'not_running' }));
    } else {
      res.writeHead(404).end();
    }
  });
  // Loopback unless told otherwise (WORKER_METRICS_HOST): the deployment manifests open it to the container network.
  return listen(server, opts.port, opts.host ?? '127.0.0.1');
}
