import Router from '@koa/router';
import { pingDatabase, type Sql } from '../../db/sql.js';

export interface HealthDeps {
  sql: Sql;
  /** Resolves when Temporal answers its health check; rejects otherwise. */
  pingTemporal: () => Promise<void>;
  timeoutMs?: number;
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

  router.get('/healthz', (ctx) => {
    ctx.body = { data: { status: 'ok' }, meta: { request_id: ctx.state.requestId as string }, error: null };
  });

  router.get('/readyz', async (ctx) => {
    const [postgres, temporal] = await Promise.allSettled([
      withTimeout(pingDatabase(deps.sql), timeoutMs),
      withTimeout(deps.pingTemporal(), timeoutMs),
    ]);
    const checks = { postgres: postgres.status === 'fulfilled' ? 'up' : 'down', temporal: temporal.status === 'fulfilled' ? 'up' : 'down' };
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
