import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconcileResult } from '../../activities/index.js';
import { insertSyncRun } from '../../db/sync-runs.js';
import { syncWorkflowId } from '../../workflows/ids.js';
import { startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { apiFor, executionsOf, startFakeGithub, temporalCli, waitFor, type FakeGithub, type Row } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';

describe('the reconciler schedule', () => {
  let api: TestApi;
  let worker: TestWorker;
  let github: FakeGithub;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
    api = await startTestApi();
    // No grace period, so a row can be reconciled right after its workflow is terminated.
    worker = await startTestWorker(api, { reconciler: { graceMs: 0 } });
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await github?.close();
  });

  const credentials = () => ({ token: TOKEN, repository: REPOSITORY, base_url: github.url });

  /** Triggers the reconciler Schedule as an operator would and returns what its run repaired. */
  async function reconcileNow(): Promise<ReconcileResult> {
    const handle = api.client.schedule.getHandle(worker.reconcileScheduleId!);
    const before = (await handle.describe()).info.recentActions.length;
    await handle.trigger();
    const action = await waitFor(async () => (await handle.describe()).info.recentActions[before], 'the reconciler to start');
    return api.client.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result() as Promise<ReconcileResult>;
  }

  async function syncHeld(projectId: string) {
    const p = apiFor(api, token, orgId, projectId);
    await p.connect('github', credentials());
    const before = github.requests.length;
    github.hold();
    await p.sync('github');
    await waitFor(async () => (github.requests.length > before ? true : undefined), 'the provider call');
    return p;
  }

  it('is registered as a schedule by the worker', async () => {
    const d = await api.client.schedule.getHandle(worker.reconcileScheduleId!).describe();
    expect(d.action).toMatchObject({ workflowType: 'reconcileSyncs', taskQueue: api.taskQueue });
    expect(d.policies.overlap).toBe('SKIP');
  });

  it('puts a row whose workflow was terminated into error and fails its run, leaving running syncs alone', async () => {
    const terminated = await syncHeld('terminated');
    const workflowId = syncWorkflowId({ orgId, projectId: 'terminated', provider: 'github' });
    await temporalCli(['workflow', 'terminate', '--workflow-id', workflowId, '--reason', 'operator terminated it in the UI']);
    github.release();
    await waitFor(async () => ((await executionsOf(api.client, workflowId))[0]?.status === 'TERMINATED' ? true : undefined), 'termination');
    expect((await terminated.row('github')).status).toBe('syncing');

    const running = await syncHeld('running');
    const result = await reconcileNow();
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

  it('fails a running sync run whose workflow no longer exists', async () => {
    const p = apiFor(api, token, orgId, 'orphan');
    const row = (await p.connect('github', credentials())).json.data as Row;
    await insertSyncRun(api.db.sql, { integrationId: row.id!, workflowId: `audit-sync/${orgId}/orphan/never-started`, runId: randomUUID(), trigger: 'manual' });
    const result = await reconcileNow();
    expect(result.runsFailed).toBe(1);
    expect((await p.syncs('github')).json.data).toEqual([expect.objectContaining({ outcome: 'failed', error_code: 'WorkflowNotRunning' })]);
    expect((await p.row('github')).status).toBe('connected');
  });
});
