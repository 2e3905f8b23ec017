import { randomBytes } from 'node:crypto';
import { describe, expect } from 'vitest';
import { finishSyncRun, insertSyncRun } from '../../db/sync-runs.js';
import { dashboardTest } from '../dashboard/support.js';
import { apiFor } from '../sync/support.js';

const TRACE_UI_URL = 'http://jaeger.test:16686/trace/{trace_id}';

// No worker: the runs are written here, as the sync activities write them (one with its trace, one from before tracing).
const test = dashboardTest({ worker: false, api: { traceUiUrl: TRACE_UI_URL } });

describe('the sync history links each run to its trace (Chromium)', () => {
  test('a run with a trace id gets a "trace" link to TRACE_UI_URL; one without gets nothing', async ({ stack: { api, orgId, token }, dashboard }) => {
    const web = apiFor(api, token, orgId, 'web');
    const integrationId = ((await web.connect('github', { token: 'ghp_dashboardTrace', repository: 'acme/web', base_url: 'https://github.example' })).json.data as { id: string }).id;
    const traceId = randomBytes(16).toString('hex');
    const workflowId = `audit-sync/${orgId}/web/github`;
    const untraced = await insertSyncRun(api.db.sql, { integrationId, workflowId, runId: 'run-before-tracing', trigger: 'schedule' });
    await finishSyncRun(api.db.sql, untraced.id, { outcome: 'succeeded' });
    await api.db.sql`update sync_runs set started_at = now() - interval '1 hour' where id = ${untraced.id}`;
    const traced = await insertSyncRun(api.db.sql, { integrationId, workflowId, runId: 'run-traced', trigger: 'manual', traceId });
    await finishSyncRun(api.db.sql, traced.id, { outcome: 'failed', errorCode: 'ProviderAuthFailed', errorMessage: 'GitHub answered 401: Bad credentials' });

    const { page } = dashboard;
    await dashboard.open();
    await dashboard.signIn(token, 'web');
    const card = page.locator('audit-integration-card[data-provider="github"]');
    await card.locator('summary', { hasText: 'Sync history' }).click();
    const rows = card.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);

    const link = rows.nth(0).locator('a.trace');
    expect(await link.textContent()).toBe('trace');
    expect(await link.getAttribute('href')).toBe(`http://jaeger.test:16686/trace/${traceId}`);
    expect(await link.getAttribute('title')).toBe(`Trace ${traceId}`);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await rows.nth(1).locator('.trace').count()).toBe(0);
  });
});
