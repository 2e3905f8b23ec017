import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../db/api-keys.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/services.js';
import { call, terminateHousekeeping } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { killIfRunning, startRole, type RoleProcess } from './processes.js';

/**
 * The real entrypoints (api/main.ts, worker/main.ts) with their production loggers at `trace`, the most verbose level.
 * A unique secret goes in through every way a client or a provider can hand us one; it must never be logged.
 */
describe('logs: structured, and never a secret', () => {
  const SECRET = `s3cr3t-${randomUUID()}`;
  const GOOD_GITHUB_TOKEN = `ghp_${randomBytes(12).toString('hex')}`;
  const orgId = randomUUID();
  const taskQueue = `logs-${randomBytes(4).toString('hex')}`;
  let db: TestDatabase;
  let fake: FakeGithub;
  let api: RoleProcess;
  let worker: RoleProcess;
  let baseUrl: string;
  let apiToken: string;
  let temporal: Connection;
  const requestIds: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeGithub({ token: GOOD_GITHUB_TOKEN, echoSecret: true });
    apiToken = (await createApiKey(db.sql, { orgId, scopes: ['audit:read', 'audit:write'] })).token;
    const port = await freePort();
    const env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'trace',
      SYNC_MAX_ATTEMPTS: '1',
    };
    api = startRole(['--import', 'tsx', 'api/main.ts'], { ...env, PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: '0' });
    worker = startRole(['--import', 'tsx', 'worker/main.ts'], {
      ...env,
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      WORKER_METRICS_PORT: '0',
      PROVIDER_EGRESS_ALLOW: '127.0.0.0/8',
      TEMPORAL_METRICS_PORT: '0',
      RECONCILE_INTERVAL: '1h',
      SYNC_SWEEP_INTERVAL: '1h',
      SHUTDOWN_GRACE_MS: '2000',
    });
    await Promise.all([api.waitForLog((l) => l.msg === 'api listening', 'api listening'), worker.waitForLog((l) => l.msg === 'worker polling', 'worker polling')]);
    baseUrl = `http://127.0.0.1:${port}`;
    temporal = await Connection.connect({ address: inject('temporalAddress') });
  });
  afterAll(async () => {
    await killIfRunning(api);
    await killIfRunning(worker);
    await terminateHousekeeping(new Client({ connection: temporal }), taskQueue);
    await temporal.close();
    await fake.close();
    await db.drop();
  });

  const base = `/api/v1/orgs/${orgId}/projects`;
  const send = async (method: string, path: string, opts: Parameters<typeof call>[3] = {}) => {
    const res = await call(baseUrl, method, path, { token: apiToken, ...opts });
    requestIds.push(res.headers.get('x-request-id')!);
    // Findings are the client's own content and come back as written; everything else must never echo a submitted value.
    if (!path.includes('/audit/findings')) expect(res.text).not.toContain(SECRET);
    return res;
  };
  const statusOf = async (project: string) => {
    const rows = (await send('GET', `${base}/${project}/audit/integrations`)).json.data as { provider: string; status: string }[];
    return rows.find((r) => r.provider === 'github')?.status;
  };

  it('takes the secret through every endpoint, a sync, and a failed sync whose provider echoes it', async () => {
    // Credentials (beside a working token), an OAuth auth_code, and a failing token that the provider quotes back.
    const good = { token: GOOD_GITHUB_TOKEN, repository: 'acme/web', base_url: fake.url, webhook_secret: SECRET };
    expect((await send('POST', `${base}/good/audit/integrations/github/connect`, { body: { credentials: good } })).status).toBe(200);
    expect((await send('POST', `${base}/oauth/audit/integrations/sentry/connect`, { body: { auth_code: SECRET } })).status).toBe(200);
    expect((await send('POST', `${base}/bad/audit/integrations/github/connect`, { body: { credentials: { token: SECRET, repository: 'acme/web', base_url: fake.url } } })).status).toBe(200);
    // Each connect wakes the sweeper: every one gets its first sync at once (the OAuth one fails, no app is configured).
    const finishedRuns = async (project: string, provider: string) =>
      ((await send('GET', `${base}/${project}/audit/integrations/${provider}/syncs`)).json.data as { finished_at: string | null }[]).filter((r) => r.finished_at !== null).length;
    await waitFor(
      async () => ((await finishedRuns('good', 'github')) === 1 && (await finishedRuns('bad', 'github')) === 1 && (await finishedRuns('oauth', 'sentry')) === 1 ? true : undefined),
      'the first syncs of the three connects',
    );
    // Malformed and invalid bodies, a secret where a key name belongs, in the query, the request id and Authorization.
    expect((await send('POST', `${base}/x/audit/integrations/github/connect`, { rawBody: `{"credentials":{"token":"${SECRET}"`, headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await send('POST', `${base}/x/audit/integrations/github/connect`, { body: { credentials: { [`${SECRET}${'k'.repeat(200)}`]: SECRET } } })).status).toBe(422);
    expect((await send('POST', `${base}/x/audit/integrations/github/connect`, { body: { credentials: SECRET } })).status).toBe(422);
    expect((await send('GET', `${base}/good/audit/integrations/github/syncs?cursor=${SECRET}`)).status).toBe(422);
    expect((await send('GET', `${base}/good/audit/integrations`, { headers: { 'x-request-id': `kr_live_${SECRET}` } })).status).toBe(200);
    const unauthorized = await call(baseUrl, 'GET', `${base}/good/audit/integrations`, { headers: { authorization: `Bearer kr_live_${SECRET}` } });
    expect(unauthorized.status).toBe(401);
    expect((await call(baseUrl, 'GET', `${base}/good/audit/integrations`, { headers: { authorization: `Basic ${SECRET}` } })).status).toBe(401);
    // Findings: user content, never logged either.
    const finding = await send('POST', `${base}/good/audit/findings`, { body: { title: `Broken link ${SECRET}`, description: SECRET, severity: 'high', url: `https://example.com/?t=${SECRET}` } });
    expect(finding.status).toBe(201);
    expect((await send('GET', `${base}/good/audit/findings?status=${SECRET}`)).status).toBe(422);

    // A sync that succeeds (the finding becomes a GitHub issue) and one that fails with the secret in the provider's answer.
    expect((await send('POST', `${base}/good/audit/integrations/github/sync`)).status).toBe(202);
    expect((await send('POST', `${base}/bad/audit/integrations/github/sync`)).status).toBe(202);
    await waitFor(async () => ((await finishedRuns('good', 'github')) === 2 && (await finishedRuns('bad', 'github')) === 2 ? true : undefined), 'both syncs finished');
    expect([await statusOf('good'), await statusOf('bad')]).toEqual(['connected', 'error']);
    expect(fake.calls()).toContain('POST /repos/acme/web/issues');
    await worker.waitForLog((l) => l.msg === 'sync finished' && l.project_id === 'bad', 'failed sync logged');
    const runs = await send('GET', `${base}/bad/audit/integrations/github/syncs`);
    expect((runs.json.data as { outcome: string; error_code: string }[])[0]).toMatchObject({ outcome: 'failed', error_code: 'ProviderAuthFailed' });
    expect((await send('POST', `${base}/good/audit/integrations/github/disconnect`)).status).toBe(200);
  });

  it('wrote none of it to the API or worker logs, nor to Temporal history', async () => {
    const apiLog = api.output.join('');
    const workerLog = worker.output.join('');
    expect(workerLog).toContain('Activity failed');
    for (const forbidden of [SECRET, GOOD_GITHUB_TOKEN, apiToken]) {
      expect(apiLog).not.toContain(forbidden);
      expect(workerLog).not.toContain(forbidden);
    }
    const client = new Client({ connection: temporal });
    for (const [project, provider] of [['good', 'github'], ['bad', 'github'], ['oauth', 'sentry']]) {
      const history = await client.workflow.getHandle(`audit-sync/${orgId}/${project}/${provider}`).fetchHistory();
      const text = JSON.stringify(history);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(GOOD_GITHUB_TOKEN);
    }
  });

  it('logs one access line per request with request_id, method, route, status and duration', () => {
    const access = api.logs().filter((l) => l.msg === 'request');
    for (const id of requestIds) {
      const line = access.find((l) => l.request_id === id);
      expect(line, id).toBeDefined();
      expect(Object.keys(line!)).toEqual(expect.arrayContaining(['request_id', 'method', 'route', 'status', 'duration_ms', 'time', 'level']));
      expect(typeof line!.duration_ms).toBe('number');
    }
    expect(access.find((l) => l.status === 202)).toMatchObject({ method: 'POST', route: '/api/v1/orgs/:org_id/projects/:project_id/audit/integrations/:provider/sync' });
  });

  it('tags worker log lines with the workflow id, org, project and provider', () => {
    const lines = worker.logs();
    const failed = lines.filter((l) => l.msg === 'Activity failed' && l.activityType === 'runProviderSync');
    expect(failed).toContainEqual(expect.objectContaining({ workflowId: `audit-sync/${orgId}/bad/github`, org_id: orgId, project_id: 'bad', provider: 'github', level: 40 }));
    // Every failed attempt (the OAuth connect's too) names its own workflow, org, project and provider.
    for (const l of failed) expect(l.workflowId).toBe(`audit-sync/${String(l.org_id)}/${String(l.project_id)}/${String(l.provider)}`);
    const finished = lines.filter((l) => l.msg === 'sync finished');
    // The first sync of each connect (the sweeper's, woken by it) and the two requested ones.
    expect(finished.map((l) => [l.project_id, l.outcome, l.provider, l.org_id]).sort()).toEqual([
      ['bad', 'failed', 'github', orgId],
      ['bad', 'failed', 'github', orgId],
      ['good', 'succeeded', 'github', orgId],
      ['good', 'succeeded', 'github', orgId],
      ['oauth', 'failed', 'sentry', orgId],
    ]);
    expect(finished.every((l) => typeof l.workflow_id === 'string' && typeof l.duration_ms === 'number')).toBe(true);
  });
});
