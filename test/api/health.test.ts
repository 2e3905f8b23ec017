import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { errorMiddleware } from '../../api/middleware/envelope.js';
import { requestIdMiddleware } from '../../api/middleware/request-id.js';
import { healthRoutes, type HealthDeps } from '../../api/routes/health.js';
import { connectApiToTemporal, HEALTH_TIMEOUT_MS, type ApiTemporal } from '../../api/temporal-calls.js';
import { createCredentialCipher } from '../../db/crypto.js';
import type { Sql } from '../../db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, randomKey } from '../helpers/stack.js';

/** Real Postgres and real Temporal, each check counted where it leaves the process. */
function countedDeps(db: TestDatabase, temporal: ApiTemporal) {
  const counts = { postgres: 0, temporal: 0 };
  // postgres.js reports every statement it sends through `debug`: the readiness query is counted as Postgres gets it.
  const sql = postgres(db.url, {
    max: 2,
    onnotice: () => undefined,
    debug: (_connection, query) => {
      if (/from audit_integrations limit 1/.test(query)) counts.postgres++;
    },
  }) as unknown as Sql;
  const pingTemporal = () => {
    counts.temporal++;
    return temporal.ping();
  };
  return { counts, sql, pingTemporal };
}

async function listen(app: Koa): Promise<{ server: Server; baseUrl: string }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

describe('GET /readyz under a flood of probes', () => {
  let db: TestDatabase;
  let temporal: ApiTemporal;
  const sqls: Sql[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    temporal = connectApiToTemporal({ address: inject('temporalAddress') }, { callMs: 3000, healthMs: HEALTH_TIMEOUT_MS });
  });
  afterAll(async () => {
    for (const sql of sqls) await sql.end({ timeout: 5 });
    await temporal.close();
    await db.drop();
  });

  it('answers 50 concurrent probes with one Postgres check and one Temporal health call', async () => {
    const { counts, sql, pingTemporal } = countedDeps(db, temporal);
    sqls.push(sql);
    // Temporal's answer is held until all 50 requests are at the server: they arrive while the first check runs.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const app = createApp({
      sql,
      cipher: createCredentialCipher([randomKey()]),
      logger: pino({ level: 'silent' }),
      startSync: () => Promise.reject(new Error('no syncs here')),
      pingTemporal: async () => {
        await held;
        return pingTemporal();
      },
    });
    const { server, baseUrl } = await listen(app);
    let arrived = 0;
    server.on('request', () => {
      if (++arrived === 50) release();
    });
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, () => call(baseUrl, 'GET', '/readyz')));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      for (const a of answers) expect(a.json.data).toEqual({ status: 'ready', checks: { postgres: 'up', temporal: 'up' } });
      expect(arrived).toBe(50);
      expect(counts).toEqual({ postgres: 1, temporal: 1 });
    } finally {
      await close(server);
    }
  });

  it('reports Postgres down with 503 for the cache window, then ready again, checking once per window', async () => {
    const { counts, sql, pingTemporal } = countedDeps(db, temporal);
    sqls.push(sql);
    let clock = 1_000_000;
    const deps: HealthDeps = { sql, pingTemporal, timeoutMs: 500, now: () => clock };
    const app = new Koa();
    app.use(requestIdMiddleware());
    app.use(errorMiddleware(() => undefined));
    app.use(healthRoutes(deps).routes());
    const { server, baseUrl } = await listen(app);
    const readyz = () => call(baseUrl, 'GET', '/readyz');
    const locker = await db.sql.reserve();
    try {
      expect((await readyz()).status).toBe(200);
      expect(counts).toEqual({ postgres: 1, temporal: 1 });

      // Postgres stops answering: the readiness query waits on the lock until the check's timeout.
      await locker`begin`;
      await locker`lock table audit_integrations in access exclusive mode`;
      clock += 1001;
      const down = await readyz();
      expect(down.status).toBe(503);
      expect(down.json).toMatchObject({ data: null, error: { code: 'not_ready', message: 'unavailable: postgres' } });
      expect(counts).toEqual({ postgres: 2, temporal: 2 });

      await locker`rollback`;
      // Within the window the failure is the answer, without another check; just past it, a fresh check recovers.
      clock += 1000;
      const cached = await Promise.all([readyz(), readyz(), readyz()]);
      expect(cached.map((r) => r.status)).toEqual([503, 503, 503]);
      expect(counts).toEqual({ postgres: 2, temporal: 2 });
      clock += 1;
      const again = await readyz();
      expect(again.status).toBe(200);
      expect(again.json.data).toEqual({ status: 'ready', checks: { postgres: 'up', temporal: 'up' } });
      expect(counts).toEqual({ postgres: 3, temporal: 3 });
    } finally {
      await locker`rollback`.catch(() => undefined);
      locker.release();
      await close(server);
    }
  });
});
