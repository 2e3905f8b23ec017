import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from '../../db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';

// DB_STATEMENT_TIMEOUT_MS for this app; every stalled request must be answered within it plus a stated tolerance.
const STATEMENT_TIMEOUT_MS = 1000;
const TOLERANCE_MS = 1000;

describe('Postgres stalls (DB_STATEMENT_TIMEOUT_MS)', () => {
  let base: TestDatabase;
  let api: TestApi;
  const orgId = randomUUID();
  let token: string;
  const list = (project = 'web') => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`;

  beforeAll(async () => {
    base = await createTestDatabase();
    // The API's pool as api/main.ts makes it: statement_timeout on every connection.
    const apiSql = createSql({ databaseUrl: base.url, max: 5, statementTimeoutMs: STATEMENT_TIMEOUT_MS });
    api = await startTestApi({ db: { ...base, sql: apiSql, drop: () => apiSql.end({ timeout: 5 }) } });
    token = await api.createKey(orgId);
    expect((await call(api.baseUrl, 'POST', `${list()}/jira/connect`, { token, body: { credentials: { api_token: 'x' } } })).status).toBe(200);
  });
  afterAll(async () => {
    await api?.close();
    await api?.db.drop();
    await base?.drop();
  });

  async function timed(method: string, path: string, body?: unknown) {
    const started = Date.now();
    const res = await call(api.baseUrl, method, path, { token, ...(body !== undefined ? { body } : {}) });
    return { res, ms: Date.now() - started };
  }

  it('answers 503 unavailable with Retry-After within the timeout while the integrations table is locked, reports not ready, and recovers', async () => {
    const locker = await base.sql.reserve();
    try {
      await locker`begin`;
      await locker`lock table audit_integrations in access exclusive mode`;

      const answers = await Promise.all([
        timed('GET', list()),
        timed('POST', `${list('stalled')}/jira/connect`, { credentials: { api_token: 'y' } }),
        timed('POST', `${list()}/jira/sync`),
      ]);
      for (const { res, ms } of answers) {
        expect(res.status).toBe(503);
        expect(res.json).toEqual({ data: null, meta: { request_id: expect.any(String) }, error: { code: 'unavailable', message: expect.any(String) } });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(ms).toBeLessThan(STATEMENT_TIMEOUT_MS + TOLERANCE_MS);
      }
      const ready = await call(api.baseUrl, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect((ready.json.error as unknown as { checks: Record<string, string> }).checks.postgres).toBe('down');
      // The access log and the error log carry no internals beyond the error type.
      expect(api.logs.join('\n')).not.toContain('audit_integrations');
    } finally {
      await locker`rollback`;
      locker.release();
    }

    // Nothing was written half-way: the stalled connect left no row, the stalled sync no `syncing`.
    const rows = await base.sql<{ project_id: string; status: string }[]>`select project_id, status from audit_integrations where org_id = ${orgId}`;
    expect(rows).toEqual([{ project_id: 'web', status: 'connected' }]);

    // /readyz answers from its last check for about a second (api/routes/health.ts): it recovers once that has passed.
    await expect.poll(async () => (await call(api.baseUrl, 'GET', '/readyz')).status, { timeout: 10_000 }).toBe(200);
    expect((await call(api.baseUrl, 'GET', list(), { token })).status).toBe(200);
    expect((await call(api.baseUrl, 'POST', `${list('stalled')}/jira/connect`, { token, body: { credentials: { api_token: 'y' } } })).status).toBe(200);
    expect((await call(api.baseUrl, 'POST', `${list()}/jira/sync`, { token })).status).toBe(202);
    await api.client.workflow.getHandle(`audit-sync/${orgId}/web/jira`).terminate('test cleanup').catch(() => undefined);
  });
});
