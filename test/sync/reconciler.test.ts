import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect } from 'vitest';
import { createActivities, type ReconcileResult } from '../../activities/index.js';
import { createProviderRegistry } from '../../activities/providers/registry.js';
import { insertSyncRun } from '../../db/sync-runs.js';
import { housekeepingWorkflowId, syncWorkflowId } from '../../workflows/ids.js';
import { housekeepingStatus, startTestWorker, type TestApi } from '../helpers/stack.js';
import { type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { executionsOf, githubStackTest, temporalCli, type apiFor, type Row } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';

const test = githubStackTest({ token: TOKEN, repository: REPOSITORY });

describe('the reconciler (run by the housekeeping loop)', () => {
  const credentials = (github: FakeGithub) => ({ token: TOKEN, repository: REPOSITORY, base_url: github.url });

  /** One reconcile pass, as the housekeeping loop runs it; no grace period, so a row is repaired right after termination. */
  async function reconcileNow(api: TestApi): Promise<ReconcileResult> {
    const activities = createActivities({ sql: api.db.sql, cipher: api.cipher, providers: createProviderRegistry(), temporal: { client: api.client, taskQueue: api.taskQueue } });
    return (await new MockActivityEnvironment().run(activities.reconcileSyncRows, { graceMs: 0 })) as ReconcileResult;
  }

  async function syncHeld(project: (projectId: string) => ReturnType<typeof apiFor>, github: FakeGithub, projectId: string) {
    const p = project(projectId);
    await p.connect('github', credentials(github));
    const before = github.requests.length;
    github.hold();
    await p.sync('github');
    await waitFor(async () => (github.requests.length > before ? true : undefined), 'the provider call');
    return p;
  }

  test('runs inside the housekeeping loop at RECONCILE_INTERVAL, not as executions of its own', async ({ stack: { api } }) => {
    // Sweeps every 250 ms, reconciles hourly: the first pass reconciles, the next ones only sweep.
    const loop = await startTestWorker(api, { housekeeping: { sweepIntervalMs: 250, reconcileIntervalMs: 3_600_000, reconcileGraceMs: 0 } });
    try {
      const status = await waitFor(async () => {
        const s = await housekeepingStatus(api.client, api.taskQueue);
        return s && s.sweeps >= 4 ? s : undefined;
      }, 'four sweeps');
      expect(status.reconciles).toBe(1);
      expect(status.nextReconcileAt).toBeGreaterThan(Date.now() + 3_000_000);
      expect(status.lastReconcile).toEqual({ rowsRepaired: 0, runsFailed: 0 });
      expect(await executionsOf(api.client, housekeepingWorkflowId(api.taskQueue))).toEqual([expect.objectContaining({ status: 'RUNNING' })]);
    } finally {
      await loop.stop();
    }
  });

  test('puts a row whose workflow was terminated into error and fails its run, leaving running syncs alone', async ({ stack: { api, orgId }, github, project }) => {
    const terminated = await syncHeld(project, github, 'terminated');
    const workflowId = syncWorkflowId({ orgId, projectId: 'terminated', provider: 'github' });
    await temporalCli(['workflow', 'terminate', '--workflow-id', workflowId, '--reason', 'operator terminated it in the UI']);
    github.release();
    await waitFor(async () => ((await executionsOf(api.client, workflowId))[0]?.status === 'TERMINATED' ? true : undefined), 'termination');
    expect((await terminated.row('github')).status).toBe('syncing');

    const running = await syncHeld(project, github, 'running');
    const result = await reconcileNow(api);
    expect(result.rowsRepaired).toBe(1);

    const row: Row = await terminated.row('github');
    expect(row.status).toBe('error');
    const runs = (await terminated.syncs('github')).json.data as Record<string, unknown>[];
    expect(runs).toEqual([expect.objectContaining({ outcome: 'failed', error_code: 'WorkflowNotRunning' })]);
    expect(String(runs[0]!.error_message)).toContain('terminated');
    expect((await running.row('github')).status).toBe('syncing');

    github.release();
    await running.rowWhen('github', 'connected');
  });

  test('fails a running sync run whose workflow no longer exists', async ({ stack: { api, orgId }, github, project }) => {
    const p = project('orphan');
    const row = (await p.connect('github', credentials(github))).json.data as Row;
    await insertSyncRun(api.db.sql, { integrationId: row.id!, workflowId: `audit-sync/${orgId}/orphan/never-started`, runId: randomUUID(), trigger: 'manual' });
    const result = await reconcileNow(api);
    expect(result.runsFailed).toBe(1);
    expect((await p.syncs('github')).json.data).toEqual([expect.objectContaining({ outcome: 'failed', error_code: 'WorkflowNotRunning' })]);
    expect((await p.row('github')).status).toBe('connected');
  });
});
