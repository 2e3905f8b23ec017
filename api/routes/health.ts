import Router from '@koa/router';
import { LRUCache } from 'lru-cache';
import { pingDatabase, type Sql } from '../../db/sql.js';

export interface HealthDeps {
  sql: Sql;
  /** Resolves when Temporal answers its health check; rejects otherwise. */
  pingTemporal: () => Promise<void>;
  timeoutMs?: number;
  /** How long one readiness check answers every probe after it ends (default 1000 ms). */
  cacheMs?: number;
  /** The cache's clock (milliseconds); tests pass their own. */
  now?: () => number;
}

type Status = 'up' | 'down';
interface Readiness {
  checks: { postgres: Status; temporal: Status };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Unauthenticated probes: liveness needs nothing; readiness names each dependency that is down. */
export function healthRoutes(deps: HealthDeps): Router {
  const router = new Router();
  const timeoutMs = deps.timeoutMs ?? 2000;

  // /readyz needs no key, so anyone can call it in a loop: probes arriving while a check runs share it, and its result
  // answers for cacheMs after, so Postgres and Temporal see at most about one check a second however many probes come.
  const readiness = new LRUCache<'readiness', Readiness>({
    max: 1,
    ttl: deps.cacheMs ?? 1000,
    // Read the clock on every lookup (the default caches it for 1 ms on a timer).
    ttlResolution: 0,
    ...(deps.now ? { perf: { now: deps.now } } : {}),
    fetchMethod: async () => {
      const [postgres, temporal] = await Promise.allSettled([
        withTimeout(pingDatabase(deps.sql), timeoutMs),
        withTimeout(deps.pingTemporal(), timeoutMs),
      ]);
      return { checks: { postgres: postgres.status === 'fulfilled' ? 'up' : 'down', temporal: temporal.status === 'fulfilled' ? 'up' : 'down' } };
    },
  });

  router.get('/healthz', (ctx) => {
    ctx.body = { data: { status: 'ok' }, meta: { request_id: ctx.state.requestId as string }, error: null };
  });

  router.get('/readyz', async (ctx) => {
    const { checks } = (await readiness.fetch('readiness'))!;
    const down = Object.entries(checks).filter(([, v]) => v === 'down').map(([k]) => k);
    const meta = { request_id: ctx.state.requestId as string };
    if (down.length === 0) {
      ctx.body = { data: { status: 'ready', checks }, meta, error: null };
      return;
    }
    ctx.status = 503;
    ctx.body = { data: null, meta, error: { code: 'not_ready', message: `unavailable: ${down.join(', ')}`, checks } };
  });

  return router;
}
