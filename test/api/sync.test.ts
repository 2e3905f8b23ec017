import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncWorkflowId } from '../../workflows/ids.js';
import { freePort } from '../helpers/services.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { expectError, rawRequest, ROW_KEYS, TIMESTAMP } from './raw-http.js';

type Row = Record<string, string | null>;

/** Runs of one workflow id. Visibility is indexed shortly after the start, so wait until the first one shows. */
async function runsOf(client: Client, workflowId: string): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const runs: string[] = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId="${workflowId}"` })) runs.push(execution.runId);
    if (runs.length > 0 || attempt === 50) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('POST …/:provider/sync', () => {
  // No worker polls this API's task queue: started workflows stay queued, which is all these tests need.
  let api: TestApi;
  const orgId = randomUUID();
  let token: string;
  const started: string[] = [];
  const base = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`;

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    for (const id of started) await api.client.workflow.getHandle(id).terminate('test cleanup').catch(() => undefined);
    await api.close();
  });

  async function connectAt(project: string, provider: string, lastSyncAt = '2025-06-10T14:00:00Z'): Promise<Row> {
    const res = await call(api.baseUrl, 'POST', `${base(project)}/${provider}/connect`, { token, body: { credentials: { token: 'x' } } });
    expect(res.status).toBe(200);
    const row = res.json.data as Row;
    await api.db.sql`update audit_integrations set last_sync_at = ${lastSyncAt}, updated_at = ${lastSyncAt} where id = ${row.id!}`;
    started.push(syncWorkflowId({ orgId, projectId: project, provider }));
    return row;
  }

  const statusOf = async (id: string) => (await api.db.sql<{ status: string }[]>`select status from audit_integrations where id = ${id}`)[0]!.status;

  it('returns 202 with the row syncing, last_sync_at unchanged and updated_at now, and starts the workflow', async () => {
    const row = await connectAt('web', 'github');
    const startedAt = Math.floor(Date.now() / 1000) * 1000;
    const res = await call(api.baseUrl, 'POST', `${base('web')}/github/sync`, { token });
    expect(res.status).toBe(202);
    expect(res.json.error).toBeNull();
    const data = res.json.data as Row;
    expect(Object.keys(data).sort()).toEqual(ROW_KEYS);
    expect(data).toMatchObject({ id: row.id, status: 'syncing', last_sync_at: '2025-06-10T14:00:00Z', created_at: row.created_at });
    expect(data.updated_at).toMatch(TIMESTAMP);
    expect(Date.parse(data.updated_at!)).toBeGreaterThanOrEqual(startedAt);
    expect(await statusOf(row.id!)).toBe('syncing');

    const workflowId = syncWorkflowId({ orgId, projectId: 'web', provider: 'github' });
    const description = await api.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(api.taskQueue);
  });

  it.each([
    ['a text/plain body', { 'content-type': 'text/plain' }, 'hello'],
    ['invalid JSON', { 'content-type': 'application/json' }, '{not json'],
    ['a JSON body with fields', { 'content-type': 'application/json' }, '{"provider":"jira","force":true}'],
    ['a body without a content type', {}, 'raw bytes'],
    ['a 1 MiB body', { 'content-type': 'application/octet-stream' }, 'x'.repeat(1024 * 1024)],
  ])('ignores %s and answers 202', async (_label, headers, rawBody) => {
    const project = `body-${randomUUID().slice(0, 8)}`;
    const row = await connectAt(project, 'jira');
    const res = await call(api.baseUrl, 'POST', `${base(project)}/jira/sync`, { token, headers, rawBody });
    expect(res.status).toBe(202);
    expect(res.json.data).toMatchObject({ id: row.id, status: 'syncing' });
  });

  it('ignores a 1 MiB chunked body too', async () => {
    const row = await connectAt('chunked', 'linear');
    const res = await rawRequest(api.baseUrl, 'POST', `${base('chunked')}/linear/sync`, {
      headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked', 'content-type': 'text/plain' },
      body: 'y'.repeat(1024 * 1024),
    });
    expect(res.status).toBe(202);
    expect(JSON.parse(res.text)).toMatchObject({ data: { id: row.id, status: 'syncing' }, error: null });
  });

  it('returns 422 invalid_provider for an unknown provider', async () => {
    expectError(await call(api.baseUrl, 'POST', `${base('web')}/bitbucket/sync`, { token }), 422, 'invalid_provider');
  });

  it('returns 422 not_connected for a provider that was never connected', async () => {
    expectError(await call(api.baseUrl, 'POST', `${base('web')}/cloudflare/sync`, { token }), 422, 'not_connected');
  });

  it('returns 422 not_connected for a previously connected (disconnected) row and leaves it alone', async () => {
    const row = await connectAt('gone', 'gsc');
    await api.db.sql`update audit_integrations set status = 'disconnected', credentials = null where id = ${row.id!}`;
    expectError(await call(api.baseUrl, 'POST', `${base('gone')}/gsc/sync`, { token }), 422, 'not_connected');
    expect(await statusOf(row.id!)).toBe('disconnected');
  });

  it('starts one workflow for concurrent syncs of one integration, all answering 202', async () => {
    const row = await connectAt('concurrent', 'sentry');
    const responses = await Promise.all(Array.from({ length: 6 }, () => call(api.baseUrl, 'POST', `${base('concurrent')}/sentry/sync`, { token })));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(202));
    for (const r of responses) expect(r.json.data).toMatchObject({ id: row.id, status: 'syncing' });
    const runs = await runsOf(api.client, syncWorkflowId({ orgId, projectId: 'concurrent', provider: 'sentry' }));
    expect(runs).toHaveLength(1);
  });

  it('joins the running sync when called again later: 202, still one workflow', async () => {
    await connectAt('again', 'gitlab');
    expect((await call(api.baseUrl, 'POST', `${base('again')}/gitlab/sync`, { token })).status).toBe(202);
    const second = await call(api.baseUrl, 'POST', `${base('again')}/gitlab/sync`, { token });
    expect(second.status).toBe(202);
    expect(second.json.data).toMatchObject({ status: 'syncing', last_sync_at: '2025-06-10T14:00:00Z' });
    expect(await runsOf(api.client, syncWorkflowId({ orgId, projectId: 'again', provider: 'gitlab' }))).toHaveLength(1);
  });
});

describe('POST …/:provider/sync with Temporal unreachable', () => {
  let api: TestApi;
  const orgId = randomUUID();
  let token: string;
  const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;

  beforeAll(async () => {
    // Nothing listens on a port we just freed: every start fails like Temporal being down.
    api = await startTestApi({ temporalAddress: `127.0.0.1:${await freePort()}`, startTimeoutMs: 1500 });
    token = await api.createKey(orgId);
  });
  afterAll(() => api.close());

  it.each([['connected'], ['error']])('returns 422 request_failed and leaves a %s row with its status', async (status) => {
    const provider = status === 'connected' ? 'github' : 'jira';
    const connected = await call(api.baseUrl, 'POST', `${base}/${provider}/connect`, { token, body: { credentials: { token: 'x' } } });
    const id = (connected.json.data as Row).id!;
    await api.db.sql`update audit_integrations set status = ${status} where id = ${id}`;

    const res = await call(api.baseUrl, 'POST', `${base}/${provider}/sync`, { token });
    const { message } = expectError(res, 422, 'request_failed');
    expect(message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|grpc|deadline/i);
    const [row] = await api.db.sql<{ status: string }[]>`select status from audit_integrations where id = ${id}`;
    expect(row!.status).toBe(status);

    const listed = await call(api.baseUrl, 'GET', base, { token });
    expect((listed.json.data as Row[]).find((r) => r.id === id)!.status).toBe(status);
  });
});
