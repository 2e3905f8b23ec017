import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_ID_ATTRIBUTE, PROVIDER_ATTRIBUTE, SCHEDULED_SYNC_WORKFLOW_TYPE, syncScheduleId, syncWorkflowId } from '../../workflows/ids.js';
import { startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { apiFor, executionsOf, startFakeGithub, waitFor, type FakeGithub } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';

describe('periodic sync schedules', () => {
  let api: TestApi;
  let worker: TestWorker;
  let github: FakeGithub;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
    api = await startTestApi({ syncIntervalMs: 30 * 60_000 });
    worker = await startTestWorker(api);
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await github?.close();
  });

  const credentials = () => ({ token: TOKEN, repository: REPOSITORY, base_url: github.url });
  const schedule = (projectId: string) => api.client.schedule.getHandle(syncScheduleId({ orgId, projectId, provider: 'github' }));
  const runsOf = async (p: ReturnType<typeof apiFor>) => (await p.syncs('github')).json.data as Record<string, unknown>[];

  it('creates the schedule on connect with SYNC_INTERVAL, a SKIP overlap policy and the search attributes', async () => {
    const p = apiFor(api, token, orgId, 'created');
    await p.connect('github', credentials());
    const d = await schedule('created').describe();
    expect(d.spec.intervals).toEqual([expect.objectContaining({ every: 30 * 60_000 })]);
    expect(d.policies.overlap).toBe('SKIP');
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: SCHEDULED_SYNC_WORKFLOW_TYPE, taskQueue: api.taskQueue });
    const raw = d.action.typedSearchAttributes;
    const actionAttributes = raw instanceof TypedSearchAttributes ? raw : new TypedSearchAttributes(raw ?? []);
    expect(actionAttributes.get(ORG_ID_ATTRIBUTE)).toBe(orgId);
    expect(d.typedSearchAttributes.get(PROVIDER_ATTRIBUTE)).toBe('github');
    expect(JSON.stringify(d.action.args)).not.toContain(TOKEN);
  });

  it('updates the schedule when connecting again', async () => {
    const p = apiFor(api, token, orgId, 'updated');
    await p.connect('github', credentials());
    const hourly = await startTestApi({ db: api.db, taskQueue: api.taskQueue, syncIntervalMs: 60 * 60_000 });
    try {
      const again = await apiFor(hourly, token, orgId, 'updated').connect('github', credentials());
      expect(again.status).toBe(200);
    } finally {
      await hourly.close();
    }
    expect((await schedule('updated').describe()).spec.intervals).toEqual([expect.objectContaining({ every: 60 * 60_000 })]);
  });

  it('runs a scheduled sync recorded as trigger "schedule", with the search attributes', async () => {
    const p = apiFor(api, token, orgId, 'triggered');
    await p.connect('github', credentials());
    await schedule('triggered').trigger();
    const runs = await waitFor(async () => {
      const r = await runsOf(p);
      return r[0]?.outcome === 'succeeded' ? r : undefined;
    }, 'the scheduled run');
    expect(runs).toEqual([expect.objectContaining({ trigger: 'schedule', outcome: 'succeeded' })]);
    expect((await p.row('github')).status).toBe('connected');
    const d = await api.client.workflow.getHandle(syncWorkflowId({ orgId, projectId: 'triggered', provider: 'github' })).describe();
    expect(d.typedSearchAttributes.get(ORG_ID_ATTRIBUTE)).toBe(orgId);
    expect(d.typedSearchAttributes.get(PROVIDER_ATTRIBUTE)).toBe('github');
  });

  it('joins a running manual sync instead of running beside it', async () => {
    const p = apiFor(api, token, orgId, 'overlap');
    await p.connect('github', credentials());
    const before = github.requests.length;
    github.hold();
    await p.sync('github');
    await waitFor(async () => (github.requests.length > before ? true : undefined), 'the provider call');
    await schedule('overlap').trigger();
    // The trigger workflow has started or joined `audit-sync/…` once it completes.
    await waitFor(async () => ((await schedule('overlap').describe()).info.recentActions.length > 0 ? true : undefined), 'the schedule to act');
    const triggers = await waitFor(async () => {
      const list = [];
      for await (const e of api.client.workflow.list({ query: `WorkflowType="${SCHEDULED_SYNC_WORKFLOW_TYPE}" AND AuditOrgId="${orgId}" AND AuditProjectId="overlap"` })) list.push(e.status.name);
      return list.length === 1 && list[0] === 'COMPLETED' ? list : undefined;
    }, 'the trigger workflow to complete');
    expect(triggers).toEqual(['COMPLETED']);
    github.release();
    await p.rowWhen('github', 'connected');
    expect(await executionsOf(api.client, syncWorkflowId({ orgId, projectId: 'overlap', provider: 'github' }))).toHaveLength(1);
    expect(await runsOf(p)).toEqual([expect.objectContaining({ trigger: 'manual', outcome: 'succeeded' })]);
  });

  it('starts nothing when a schedule outlives its integration', async () => {
    const p = apiFor(api, token, orgId, 'lingering');
    const row = (await p.connect('github', credentials())).json.data as { id: string };
    // As if the disconnect had wiped the row but could not reach Temporal to delete the schedule.
    await api.db.sql`update audit_integrations set status = 'disconnected', credentials = null where id = ${row.id}`;
    await schedule('lingering').trigger();
    const action = await waitFor(async () => (await schedule('lingering').describe()).info.recentActions[0], 'the schedule to act');
    const result = await api.client.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result();
    expect(result).toEqual({ started: false, workflowId: null, runId: null });
    expect(await runsOf(p)).toEqual([]);
    expect((await p.row('github')).status).toBe('disconnected');
  });

  it('removes the schedule on disconnect', async () => {
    const p = apiFor(api, token, orgId, 'removed');
    await p.connect('github', credentials());
    await schedule('removed').describe();
    await p.disconnect('github');
    await expect(schedule('removed').describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
