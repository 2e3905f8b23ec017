import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
