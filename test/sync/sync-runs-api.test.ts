import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { finishSyncRun, insertSyncRun } from '../../db/sync-runs.js';
import { stackTest } from '../helpers/fixture.js';
import { call, type TestApi } from '../helpers/stack.js';
import { apiFor } from './support.js';

const RUN_KEYS = [
  'error_code', 'error_message', 'finished_at', 'id', 'integration_id', 'items_pulled', 'items_pushed', 'items_updated',
  'outcome', 'provider', 'run_id', 'started_at', 'trace_id', 'trace_url', 'trigger', 'warnings', 'workflow_id',
].sort();
type Run = Record<string, unknown>;

const orgId = randomUUID();
const test = stackTest({ worker: false, orgId });

describe('GET …/integrations/:provider/syncs', () => {
  let api: TestApi;
  let token: string;
  let integrationId: string;
  const ids: string[] = [];

  test.beforeAll(async ({ stack }) => {
    // No worker: these runs are made here, so the listing is all that is exercised.
    ({ api, token } = stack);
    const p = apiFor(api, token, orgId, 'web');
    integrationId = ((await p.connect('github', { token: 'ghp_x' })).json.data as { id: string }).id;
    // Five runs, oldest first; the middle two start in the same microsecond, so the id breaks the tie.
    const starts = ['2025-06-10T10:00:00.100001Z', '2025-06-10T11:00:00.250000Z', '2025-06-10T11:00:00.250000Z', '2025-06-10T11:00:00.250001Z', '2025-06-10T12:30:00Z'];
    for (const [i, startedAt] of starts.entries()) {
      const run = await insertSyncRun(api.db.sql, { integrationId, workflowId: `audit-sync/${orgId}/web/github`, runId: randomUUID(), trigger: i % 2 ? 'schedule' : 'manual' });
      // As text: a timestamptz parameter would pass through a JS Date and lose the microseconds.
      await api.db.sql`update sync_runs set started_at = ${startedAt}::text::timestamptz where id = ${run.id}`;
      ids.push(run.id);
    }
    await finishSyncRun(api.db.sql, ids[0]!, { outcome: 'failed', errorCode: 'ProviderAuthFailed', errorMessage: 'GitHub answered 401: Bad credentials' });
  });

  const list = (query = '', t = token, provider = 'github') => apiFor(api, t, orgId, 'web').syncs(provider, query);
  const newestFirst = () => {
    const [a, b, c, d, e] = ids;
    return [e, d, ...[b, c].sort().reverse(), a];
  };

  test('lists the runs newest first with second-precision timestamps and no next cursor', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    const runs = res.json.data as Run[];
    expect(runs.map((r) => r.id)).toEqual(newestFirst());
    expect(res.json.meta.next_cursor).toBeNull();
    expect(Object.keys(runs[0]!).sort()).toEqual(RUN_KEYS);
    expect(runs[0]).toMatchObject({ started_at: '2025-06-10T12:30:00Z', finished_at: null, outcome: 'running', provider: 'github', integration_id: integrationId });
    expect(runs[4]).toMatchObject({ started_at: '2025-06-10T10:00:00Z', outcome: 'failed', error_code: 'ProviderAuthFailed', error_message: 'GitHub answered 401: Bad credentials' });
    expect(runs[4]!.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('pages with meta.next_cursor without skipping or repeating a run', async () => {
    const seen: unknown[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const res = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.json.data as Run[];
      sizes.push(page.length);
      seen.push(...page.map((r) => r.id));
      cursor = res.json.meta.next_cursor as string | null;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(newestFirst());
  });

  test('accepts limit up to 100 and refuses anything else with validation_failed', async () => {
    expect((await list('?limit=100')).status).toBe(200);
    for (const bad of ['0', '101', 'abc', '1.5', '-1', '']) {
      const res = await list(`?limit=${bad}`);
      expect(res.status, `limit=${bad}`).toBe(422);
      expect(res.json.error?.code).toBe('validation_failed');
    }
  });

  test('refuses a malformed cursor or one from another integration', async () => {
    const other = apiFor(api, token, orgId, 'other');
    const otherId = ((await other.connect('github', { token: 'ghp_y' })).json.data as { id: string }).id;
    const run = await insertSyncRun(api.db.sql, { integrationId: otherId, workflowId: 'x', runId: randomUUID(), trigger: 'manual' });
    const foreign = Buffer.from(`v1:${run.id}`).toString('base64url');
    for (const cursor of ['garbage', Buffer.from('v1:not-a-uuid').toString('base64url'), foreign]) {
      const res = await list(`?cursor=${cursor}`);
      expect(res.status).toBe(422);
      expect(res.json.error?.code).toBe('validation_failed');
    }
  });

  test('returns an empty page for a provider never connected, 422 for an unknown one', async () => {
    const empty = await list('', token, 'sentry');
    expect(empty.status).toBe(200);
    expect(empty.json.data).toEqual([]);
    expect(empty.json.meta.next_cursor).toBeNull();
    const unknown = await list('', token, 'myspace');
    expect(unknown.status).toBe(422);
    expect(unknown.json.error?.code).toBe('invalid_provider');
  });

  test('needs only audit:read, and a key of the same org', async () => {
    expect((await list('', await api.createKey(orgId, ['audit:read']))).status).toBe(200);
    const other = await list('', await api.createKey(randomUUID()));
    expect(other.status).toBe(403);
    expect((await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations/github/syncs`)).status).toBe(401);
  });
});
