import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncWorkflowId } from '../../workflows/ids.js';
import { stopChild } from '../helpers/services.js';
import { randomKey, startTestApi, terminateHousekeeping, type TestApi } from '../helpers/stack.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { apiFor, executionsOf } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';

describe('a worker SIGKILLed mid-sync', () => {
  const key = randomKey();
  let api: TestApi;
  let github: FakeGithub;
  const workers: WorkerProcess[] = [];
  const orgId = randomUUID();
  let token: string;

  async function startWorker(): Promise<WorkerProcess> {
    const worker = await startWorkerProcess(api, key, { SYNC_SWEEP_INTERVAL: '1h' });
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    github = await startFakeGithub({ token: TOKEN, repository: REPOSITORY });
    // A short heartbeat timeout so the lost attempt is noticed in seconds rather than the default minute.
    api = await startTestApi({ keys: [key], syncRetry: { heartbeatTimeoutMs: 2000 } });
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    for (const w of workers) await stopChild(w.child, 5000);
    if (api) await terminateHousekeeping(api.client, api.taskQueue);
    await api?.close();
    await github?.close();
  });

  it('resumes on a restarted worker and the row ends connected, in the same execution and run', async () => {
    const p = apiFor(api, token, orgId, 'crash');
    await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: github.url });
    // No periodic sync of its own (a connect is due at once, and wakes a running sweeper): only the requested one runs.
    expect((await p.settings('github', { paused: true })).status).toBe(200);
    const first = await startWorker();
    github.hold();
    expect((await p.sync('github')).status).toBe(202);
    await waitFor(async () => (github.requests.length === 1 ? true : undefined), 'the provider call');

    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect((await p.row('github')).status).toBe('syncing');

    await startWorker();
    const row = await p.rowWhen('github', 'connected');
    expect(row.last_sync_at).not.toBeNull();
    expect(github.requests).toHaveLength(2);

    const workflowId = syncWorkflowId({ orgId, projectId: 'crash', provider: 'github' });
    // The row is recorded before the workflow closes, and visibility trails it: wait for the execution to show closed.
    const executions = await waitFor(async () => {
      const runs = await executionsOf(api.client, workflowId);
      return runs.every((r) => r.status !== 'RUNNING') ? runs : undefined;
    }, 'the execution to close');
    expect(executions).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
    expect((await p.syncs('github')).json.data).toEqual([expect.objectContaining({ outcome: 'succeeded', trigger: 'manual' })]);
    // The provider activity's second attempt ran on the new worker; beginSync's work was not redone.
    const history = await api.client.workflow.getHandle(workflowId).fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
    expect(attempts).toEqual([1, 2, 1]);
  });
});
