import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApiToTemporal } from '../../api/temporal-calls.js';
import { createTemporalHealth } from '../../api/temporal-health.js';
import { freePort } from '../helpers/services.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';

describe('GET /healthz and /readyz', () => {
  let up: TestApi;
  let temporalDown: TestApi;
  beforeAll(async () => {
    up = await startTestApi();
    temporalDown = await startTestApi({ temporalAddress: `127.0.0.1:${await freePort()}` });
  });
  afterAll(async () => {
    await up.close();
    await temporalDown.close();
  });

  it('answers /healthz without a token', async () => {
    const res = await call(up.baseUrl, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ data: { status: 'ok' }, error: null });
  });

  it('answers /readyz 200 when Postgres and Temporal are reachable', async () => {
    const res = await call(up.baseUrl, 'GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ status: 'ready', checks: { postgres: 'up', temporal: 'up' } });
  });

  it('answers /readyz 503 naming Temporal when it is down', async () => {
    const res = await call(temporalDown.baseUrl, 'GET', '/readyz');
    expect(res.status).toBe(503);
    expect(res.json.data).toBeNull();
    expect(res.json.error).toMatchObject({ code: 'not_ready', message: 'unavailable: temporal' });
  });

  it('answers /readyz 503 naming Postgres when it is down', async () => {
    const api = await startTestApi();
    await api.db.drop();
    try {
      const res = await call(api.baseUrl, 'GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.json.error).toMatchObject({ code: 'not_ready', message: 'unavailable: postgres' });
    } finally {
      await api.close().catch(() => undefined);
    }
  });

  it('drains a Temporal ping still retrying before its connection closes (no "Channel has been shut down" afterwards)', async () => {
    const connection = connectApiToTemporal({ address: `127.0.0.1:${await freePort()}` }, { callMs: 1500, healthMs: 1500 });
    const health = createTemporalHealth(connection);
    const uncaught: unknown[] = [];
    const record = (err: unknown) => void uncaught.push(err);
    process.on('uncaughtException', record);
    try {
      const ping = health.ping();
      const outcome = ping.then(() => 'up', () => 'down');
      // /readyz gives up before the call's deadline: the client's retry timer is still pending here.
      await new Promise((r) => setTimeout(r, 300));
      await health.drain();
      await connection.close();
      expect(await outcome).toBe('down');
      // Longer than the client's largest retry backoff: a timer left behind would fire on the closed channel now.
      await new Promise((r) => setTimeout(r, 1500));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
