import { createServer, type Server } from 'node:http';
import { listen, type ListeningServer } from '../db/listen.js';
import type { Middleware } from 'koa';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { StartSync } from './sync-starter.js';

/**
 * Prometheus metrics of one app instance. Each app gets its own registry (tests build many apps in one process);
 * process-wide metrics (CPU, memory, event loop) come from one shared registry, since there is one process.
 */
export interface ApiMetrics {
  registry: Registry;
  /** Counts and times every request by method, route pattern and final status. */
  middleware: Middleware;
  /** Wraps the sync starter so each start is counted by outcome (started, failed). */
  countSyncStarts(startSync: StartSync): StartSync;
  /** The Prometheus text of this app and the process. */
  scrape(): Promise<{ contentType: string; text: string }>;
}

let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'audit_api_' });
  }
  return processRegistry;
}

// Latency buckets in seconds: most answers take milliseconds; a sync start waits on Temporal for up to seconds.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The route pattern, never the raw path (ids would explode the label set). Unmatched paths share one label; a request
 * refused before its route ran (auth) carries the router prefix it reached, which @koa/router writes as a pattern.
 */
function routeLabel(ctx: object): string {
  const matched = (ctx as { _matchedRoute?: string })._matchedRoute;
  if (matched === undefined) return 'unmatched';
  return matched.replace(/\(\?:\\\/\|\$\)$/, '');
}

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'audit_api_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'audit_api_http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const syncStarts = new Counter({
    name: 'audit_api_sync_starts_total',
    help: 'Sync workflow starts requested by the API, by outcome (started, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['started', 'failed']) syncStarts.inc({ outcome }, 0);

  // The labelled children per (method, matched route, status), made once: prom-client hashes the label object on every
  // unlabelled call. Bounded by the routes × methods × statuses the app answers.
  const children = new Map<string, { requests: ReturnType<typeof requests.labels>; duration: ReturnType<typeof duration.labels> }>();
  const childrenOf = (ctx: { method: string; status: number }) => {
    const matched = (ctx as { _matchedRoute?: string })._matchedRoute;
    const id = `${ctx.method} ${ctx.status} ${matched ?? ''}`;
    let found = children.get(id);
    if (!found) {
      const labels = { method: ctx.method, route: routeLabel(ctx), status: String(ctx.status) };
      found = { requests: requests.labels(labels), duration: duration.labels(labels) };
      children.set(id, found);
    }
    return found;
  };

  return {
    registry,
    middleware: async (ctx, next) => {
      const stop = process.hrtime.bigint();
      try {
        await next();
      } finally {
        const child = childrenOf(ctx);
        child.requests.inc();
        child.duration.observe(Number(process.hrtime.bigint() - stop) / 1e9);
      }
    },
    countSyncStarts: (startSync) => async (input, opts) => {
      try {
        const started = await startSync(input, opts);
        syncStarts.inc({ outcome: 'started' });
        return started;
      } catch (err) {
        syncStarts.inc({ outcome: 'failed' });
        throw err;
      }
    },
    async scrape() {
      const merged = Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, text: await merged.metrics() };
    },
  };
}

/**
 * `GET /metrics` on its own port (METRICS_PORT, bound to METRICS_HOST), like the worker's: never on the public API
 * port. No auth: keep the port internal (docs/operating.md → Metrics).
 */
export async function startApiMetricsServer(opts: { metrics: ApiMetrics; port: number; host: string }): Promise<ListeningServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') res.writeHead(405, { allow: 'GET, HEAD' }).end();
    else if (path !== '/metrics') res.writeHead(404).end();
    else {
      opts.metrics.scrape().then(
        ({ contentType, text }) => res.writeHead(200, { 'content-type': contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    }
  });
  return listen(server, opts.port, opts.host);
}
