import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, onTestFinished } from 'vitest';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { markerFor } from '../../activities/providers/tracker-sync.js';
import { syncWorkflowId } from '../../workflows/ids.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { stackTest } from '../helpers/fixture.js';
import { stopChild } from '../helpers/services.js';
import { call, randomKey, startTestApi, terminateHousekeeping, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { apiFor } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';
const test = stackTest({ worker: { adapters: [githubAdapter] } });

type Run = { trigger: string; outcome: string; items_pushed: number; items_pulled: number };
type Finding = { id: string; status: string; tasks: { provider: string; external_id: string | null }[] };

async function fakeGithub(): Promise<FakeGithub> {
  const github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
  onTestFinished(() => github.close());
  return github;
}

/** The project's API plus what these tests read: findings, sync runs, and waiting for a run of a trigger to close. */
function projectOf(api: TestApi, token: string, orgId: string, projectId: string) {
  const p = apiFor(api, token, orgId, projectId);
  const findingsPath = `/api/v1/orgs/${orgId}/projects/${projectId}/audit/findings`;
  return {
    ...p,
    resync: (provider: string, key = token) => call(api.baseUrl, 'POST', `${p.base}/${provider}/resync`, { token: key }),
    async addFinding(title: string): Promise<string> {
      const res = await call(api.baseUrl, 'POST', findingsPath, { token, body: { title, severity: 'high' } });
      expect(res.status).toBe(201);
      return (res.json.data as { id: string }).id;
    },
    async findings(): Promise<Finding[]> {
      const res = await call(api.baseUrl, 'GET', `${findingsPath}?limit=100`, { token });
      expect(res.status).toBe(200);
      return res.json.data as Finding[];
    },
    async runs(): Promise<Run[]> {
      return (await p.syncs('github')).json.data as Run[];
    },
    /** The newest run of `trigger` once it closed and the row left `syncing`. */
    async settled(trigger: string): Promise<Run> {
      return waitFor(async () => {
        const run = (await this.runs()).find((r) => r.trigger === trigger);
        return run && run.outcome !== 'running' && (await p.row('github')).status !== 'syncing' ? run : undefined;
      }, `a finished ${trigger} sync`);
    },
  };
}

/** How many issues in the fake carry each finding's marker. */
function markerCounts(github: FakeGithub, findingIds: string[]): number[] {
  return findingIds.map((id) => github.issues().filter((i) => i.text.includes(markerFor(id))).length);
}

describe('POST …/integrations/:provider/resync', () => {
  test('answers 202 with the row, records a full_resync run and a resync_requested audit entry', async ({ stack: { api, token, orgId } }) => {
    const github = await fakeGithub();
    const p = projectOf(api, token, orgId, 'resync-basic');
    expect((await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url })).status).toBe(200);

    const res = await p.resync('github');
    expect(res.status).toBe(202);
    expect(res.json.error).toBeNull();
    expect(res.json.data).toMatchObject({ provider: 'github', status: 'syncing', project_id: 'resync-basic' });
    expect(JSON.stringify(res.json)).not.toContain(TOKEN);

    const run = await p.settled('full_resync');
    expect(run).toMatchObject({ trigger: 'full_resync', outcome: 'succeeded' });
    const log = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/audit-log?project_id=resync-basic&action=resync_requested`, { token });
    expect(log.status).toBe(200);
    expect(log.json.data).toEqual([expect.objectContaining({ action: 'resync_requested', provider: 'github', project_id: 'resync-basic' })]);
  });

  test('re-matches every open finding to its existing issue after links were lost or went stale: no duplicate', async ({ stack: { api, token, orgId } }) => {
    const github = await fakeGithub();
    const p = projectOf(api, token, orgId, 'resync-rematch');
    await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url });
    const [lost, closedThere, stale, kept] = [await p.addFinding('Lost link'), await p.addFinding('Closed on GitHub'), await p.addFinding('Stale link'), await p.addFinding('Linked')];
    expect((await p.sync('github')).status).toBe(202);
    await p.settled('manual');
    expect(github.requests.filter(github.isCreate)).toHaveLength(4);
    const issueOf = new Map((await p.findings()).map((f) => [f.id, f.tasks[0]!.external_id!]));

    // On the provider side one issue is closed (and edited); here two links are lost and one points at an issue that
    // is not this finding's. A plain sync would file new issues for all three.
    github.setState(issueOf.get(closedThere)!, 'closed');
    const other = github.addIssue('filed by someone else');
    await api.db.sql`delete from finding_tasks where finding_id in ${api.db.sql([lost, closedThere])}`;
    await api.db.sql`update finding_tasks set external_id = ${other} where finding_id = ${stale}`;
    const fresh = await p.addFinding('New since the last sync');
    const createsBefore = github.requests.filter(github.isCreate).length;

    expect((await p.resync('github')).status).toBe(202);
    // Pushed: the two findings that had lost their link and the new one; the two still linked (one stale) were only found again.
    expect(await p.settled('full_resync')).toMatchObject({ outcome: 'succeeded', items_pushed: 3, items_pulled: 1 });

    // Only the new finding got an issue; every other one is linked to the issue it had.
    const creates = github.requests.filter(github.isCreate).slice(createsBefore);
    expect(creates.map((r) => (r.body as { body: string }).body)).toEqual([expect.stringContaining(markerFor(fresh))]);
    expect(markerCounts(github, [lost, closedThere, stale, kept, fresh])).toEqual([1, 1, 1, 1, 1]);
    const after = new Map((await p.findings()).map((f) => [f.id, f]));
    for (const id of [lost, closedThere, stale, kept]) expect(after.get(id)!.tasks).toEqual([expect.objectContaining({ provider: 'github', external_id: issueOf.get(id) })]);
    // The issue closed there was pulled again: its finding is resolved here.
    expect(after.get(closedThere)!.status).toBe('resolved');
    expect(after.get(lost)!.status).toBe('open');
    expect(github.violations).toEqual([]);
  });

  test('asked for while a sync runs, it gets a round of its own after that sync (never just joins it)', async ({ stack: { api, token, orgId } }) => {
    const github = await fakeGithub();
    const p = projectOf(api, token, orgId, 'resync-during-sync');
    await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url });
    github.hold();
    expect((await p.sync('github')).status).toBe(202);
    await github.held();
    expect((await p.resync('github')).status).toBe(202);
    github.release();

    const resync = await p.settled('full_resync');
    expect(resync.outcome).toBe('succeeded');
    const runs = await p.runs();
    expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([['full_resync', 'succeeded'], ['manual', 'succeeded']]);
  });

  test('refuses another org (403), a read-only key (403), an unconnected provider (422) and an unknown one (422)', async ({ stack: { api, token, orgId } }) => {
    const p = projectOf(api, token, orgId, 'resync-refusals');
    const otherOrg = await api.createKey(randomUUID());
    const readOnly = await api.createKey(orgId, ['audit:read']);

    const foreign = await p.resync('github', otherOrg);
    expect(foreign.status).toBe(403);
    expect(foreign.json).toMatchObject({ data: null, error: { code: 'forbidden' } });
    expect((await p.resync('github', readOnly)).json).toMatchObject({ data: null, error: { code: 'forbidden' } });
    const unconnected = await p.resync('github');
    expect(unconnected.status).toBe(422);
    expect(unconnected.json).toMatchObject({ data: null, error: { code: 'not_connected' } });
    const unknown = await p.resync('myspace');
    expect(unknown.status).toBe(422);
    expect(unknown.json).toMatchObject({ error: { code: 'invalid_provider' } });
    const audit = await api.db.sql`select 1 from audit_log where org_id = ${orgId} and project_id = 'resync-refusals'`;
    expect(audit).toHaveLength(0);
  });
});

describe('a worker SIGKILLed mid-resync', () => {
  const key = randomKey();
  const workers: WorkerProcess[] = [];
  let api: TestApi | undefined;
  afterAll(async () => {
    for (const w of workers) await stopChild(w.child, 5000);
    if (api) await terminateHousekeeping(api.client, api.taskQueue);
    await api?.close();
  });

  // No in-process worker here: the stack's would share nothing with this API (own database and task queue).
  test('resumes on another worker and still files no duplicate issue', async () => {
    const github = await fakeGithub();
    // A short heartbeat timeout so the lost attempt is noticed in seconds rather than the default minute.
    api = await startTestApi({ keys: [key], syncRetry: { heartbeatTimeoutMs: 2000 } });
    const startWorker = async () => {
      const w = await startWorkerProcess(api!, key, { SYNC_SWEEP_INTERVAL: '1h' });
      workers.push(w);
      return w;
    };
    const orgId = randomUUID();
    const token = await api.createKey(orgId);
    const p = projectOf(api, token, orgId, 'resync-crash');
    const linked = [await p.addFinding('One'), await p.addFinding('Two')];
    const first = await startWorker();
    await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url });
    // The connect's wake-up may have started the first sync already: this request then joins it. It files both issues.
    expect((await p.sync('github')).status).toBe(202);
    await waitFor(async () => ((await p.row('github')).status === 'connected' && markerCounts(github, linked).join() === '1,1' ? true : undefined), 'the first sync');
    await api.db.sql`delete from finding_tasks where finding_id in ${api.db.sql(linked)}`;
    const fresh = await p.addFinding('Three');
    const createsBefore = github.requests.filter(github.isCreate).length;

    // GitHub files the new issue but its answer never reaches the worker (the request is left hanging), which is then
    // killed: the resync's next attempt must find that issue, and the two relinked ones, by their markers.
    github.fail({ match: github.isCreate, raw: () => undefined });
    expect((await p.resync('github')).status).toBe(202);
    const create = await waitFor(async () => github.requests.filter(github.isCreate)[createsBefore], 'the create to reach GitHub');
    expect((create.body as { body: string }).body).toContain(markerFor(fresh));
    github.addIssue((create.body as { body: string }).body);
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    expect((await p.row('github')).status).toBe('syncing');
    // Temporal would hand the execution's next workflow task to the dead worker's sticky queue and wait 10 s for it;
    // clearing the stickiness (as an operator's `reset-sticky` would) sends it to the shared queue at once.
    const execution = { workflowId: syncWorkflowId({ orgId, projectId: 'resync-crash', provider: 'github' }) };
    await api.client.workflowService.resetStickyTaskQueue({ namespace: 'default', execution });
    await startWorker();

    expect(await p.settled('full_resync')).toMatchObject({ outcome: 'succeeded' });
    expect(github.requests.filter(github.isCreate)).toHaveLength(createsBefore + 1);
    expect(markerCounts(github, [...linked, fresh])).toEqual([1, 1, 1]);
    const findings = await p.findings();
    expect(findings.map((f) => f.tasks.map((t) => t.external_id !== null))).toEqual([[true], [true], [true]]);
  });
});
