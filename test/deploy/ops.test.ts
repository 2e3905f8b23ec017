import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { findIntegration, setIntegrationStatus } from '../../db/integrations.js';
import { finishSyncRun, insertSyncRun } from '../../db/sync-runs.js';
import { entryBundle } from '../helpers/entry-bundle.js';
import { freePort, PROJECT_ROOT } from '../helpers/services.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';

interface OpsResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ops(args: string[], env: Record<string, string>, via: 'node' | 'npm' = 'node'): Promise<OpsResult> {
  const [cmd, argv] = via === 'npm' ? ['npm', ['run', '--silent', 'ops', '--', ...args]] : [process.execPath, [entryBundle('api/ops-main.ts'), ...args]];
  return new Promise((resolve) => {
    const child = spawn(cmd as string, argv as string[], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run ops', () => {
  let api: TestApi;
  let worker: TestWorker;
  let fake: FakeGithub;
  let env: Record<string, string>;
  const orgA = randomUUID();
  const orgB = randomUUID();
  let tokenA: string;
  let tokenB: string;

  const connect = async (token: string, org: string, project: string, provider: string, credentials: Record<string, string>) => {
    const res = await call(api.baseUrl, 'POST', `/api/v1/orgs/${org}/projects/${project}/audit/integrations/${provider}/connect`, { token, body: { credentials } });
    expect(res.status).toBe(200);
    return (await findIntegration(api.db.sql, { orgId: org, projectId: project, provider: provider as 'github' }))!;
  };

  beforeAll(async () => {
    fake = await startFakeGithub({ token: 'ghp_ops_good' });
    api = await startTestApi({ syncRetry: { maximumAttempts: 1 } });
    worker = await startTestWorker(api, { adapters: [githubAdapter] });
    tokenA = await api.createKey(orgA);
    tokenB = await api.createKey(orgB);
    env = { DATABASE_URL: api.db.url, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_TASK_QUEUE: api.taskQueue };

    // org A: one in error (with a failed run), one syncing for an hour, one syncing just now, one connected.
    const failing = await connect(tokenA, orgA, 'shop', 'jira', { api_token: 'x' });
    const run = await insertSyncRun(api.db.sql, { integrationId: failing.id, workflowId: 'wf-ops-1', runId: randomUUID(), trigger: 'manual' });
    await finishSyncRun(api.db.sql, run.id, { outcome: 'failed', errorCode: 'ProviderAuthFailed', errorMessage: 'Jira rejected the API token (401)' });
    await setIntegrationStatus(api.db.sql, failing.id, 'error');
    const old = await connect(tokenA, orgA, 'shop', 'linear', { api_key: 'x' });
    await setIntegrationStatus(api.db.sql, old.id, 'syncing');
    await api.db.sql`update audit_integrations set updated_at = now() - interval '1 hour' where id = ${old.id}`;
    const fresh = await connect(tokenA, orgA, 'shop', 'sentry', { token: 'x' });
    await setIntegrationStatus(api.db.sql, fresh.id, 'syncing');
    await connect(tokenA, orgA, 'shop', 'gitlab', { token: 'x' });
    // org B: another org's integration in error shows up too.
    const other = await connect(tokenB, orgB, 'blog', 'github', { token: 'x' });
    await setIntegrationStatus(api.db.sql, other.id, 'error');
  });
  afterAll(async () => {
    await worker.stop();
    await api.close();
    await fake.close();
  });

  it('stuck: lists integrations in error or syncing too long, across orgs, with the last error', async () => {
    const r = await ops(['stuck', '--older-than', '15m', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    const seen = rows.map((x) => `${x.org_id as string}/${x.project_id as string}/${x.provider as string}:${x.status as string}`).sort();
    expect(seen).toEqual([`${orgA}/shop/jira:error`, `${orgA}/shop/linear:syncing`, `${orgB}/blog/github:error`].sort());
    expect(rows.find((x) => x.provider === 'jira')).toMatchObject({ last_error_code: 'ProviderAuthFailed', last_error_message: 'Jira rejected the API token (401)' });
    expect(r.stdout).not.toContain('credentials');

    const longer = await ops(['stuck', '--older-than', '2h'], env);
    expect(longer.code).toBe(0);
    expect(longer.stdout.split('\n')[0]).toMatch(/^ORG_ID\s+PROJECT_ID\s+PROVIDER\s+STATUS/);
    expect(longer.stdout).toContain('ProviderAuthFailed');
    expect(longer.stdout).not.toContain('linear');
  });

  it('runs: shows the latest runs of one integration, newest first, bounded by --limit', async () => {
    const r = await ops(['runs', orgA, 'shop', 'jira', '--json', '--limit', '5'], env);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'failed', error_code: 'ProviderAuthFailed', workflow_id: 'wf-ops-1' });

    const missing = await ops(['runs', orgA, 'shop', 'cloudflare'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no cloudflare integration');
  });

  it('sync: starts the same workflow the API does, and the worker completes it', async () => {
    await connect(tokenA, orgA, 'web', 'github', { token: 'ghp_ops_good', repository: 'acme/web', base_url: fake.url });
    const r = await ops(['sync', orgA, 'web', 'github'], env, 'npm');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`sync started: workflow audit-sync/${orgA}/web/github`);
    await waitFor(async () => {
      const row = await findIntegration(api.db.sql, { orgId: orgA, projectId: 'web', provider: 'github' });
      return row?.status === 'connected' && row.last_sync_at ? row : undefined;
    }, 'sync finished');
    const runs = await ops(['runs', orgA, 'web', 'github', '--json'], env);
    expect((JSON.parse(runs.stdout) as { outcome: string; trigger: string }[])[0]).toMatchObject({ outcome: 'succeeded', trigger: 'manual' });
    expect(fake.calls()).toContain('GET /repos/acme/web');
  });

  it('sync: refuses a provider that is not connected, and puts the row back when Temporal is down', async () => {
    const notConnected = await ops(['sync', orgA, 'web', 'linear'], env);
    expect(notConnected.code).toBe(2);
    expect(notConnected.stderr).toContain('linear is not connected');

    const down = await ops(['sync', orgA, 'shop', 'gitlab'], { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, TEMPORAL_START_TIMEOUT_MS: '500' });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(`audit-sync/${orgA}/shop/gitlab could not be started`);
    expect((await findIntegration(api.db.sql, { orgId: orgA, projectId: 'shop', provider: 'gitlab' }))!.status).toBe('connected');
  });

  it('delete-schedules: removes the Schedules earlier releases left on this task queue, and only those', async () => {
    const other = `other-${randomUUID()}`;
    const legacy = (taskQueue: string, scheduleId: string) =>
      api.client.schedule.create({
        scheduleId,
        spec: { intervals: [{ every: '6h' }] },
        action: { type: 'startWorkflow', workflowType: 'triggerScheduledSync', taskQueue, args: [] },
        state: { paused: true },
      });
    const mine = [`audit-sync-schedule/${orgA}/legacy-${randomUUID()}/github`, `audit-sync-schedule/${orgB}/legacy-${randomUUID()}/jira`, `audit-reconcile/${api.taskQueue}`];
    const theirs = `audit-sync-schedule/${orgA}/elsewhere-${randomUUID()}/github`;
    const unrelated = `unrelated-${randomUUID()}`;
    for (const id of mine) await legacy(api.taskQueue, id);
    await legacy(other, theirs);
    await legacy(api.taskQueue, unrelated);
    const exists = (id: string) => api.client.schedule.getHandle(id).describe().then(() => true, () => false);
    // Visibility lists new schedules a moment after they are created.
    await waitFor(async () => {
      const ids = new Set<string>();
      for await (const s of api.client.schedule.list()) ids.add(s.scheduleId);
      return [...mine, theirs].every((id) => ids.has(id)) ? true : undefined;
    }, 'the schedules to be listed');

    const dry = await ops(['delete-schedules', '--dry-run'], env, 'npm');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would delete 3 schedules on task queue ${api.taskQueue}`);
    for (const id of mine) expect(await exists(id)).toBe(true);

    const real = await ops(['delete-schedules'], env, 'npm');
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain(`deleted 3 schedules on task queue ${api.taskQueue}`);
    for (const id of mine) expect(await exists(id)).toBe(false);
    expect(await exists(theirs)).toBe(true);
    expect(await exists(unrelated)).toBe(true);
    await api.client.schedule.getHandle(theirs).delete();
    await api.client.schedule.getHandle(unrelated).delete();
  });

  it('explains usage errors with exit code 1', async () => {
    for (const args of [[], ['explode'], ['runs', 'not-a-uuid', 'p', 'github'], ['runs', orgA, 'p', 'myspace'], ['stuck', '--older-than', 'soon'], ['stuck', '--bogus']]) {
      const r = await ops(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain('usage: npm run ops');
    }
  });
});
