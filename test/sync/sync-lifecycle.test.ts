import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { ORG_ID_ATTRIBUTE, PROJECT_ID_ATTRIBUTE, PROVIDER_ATTRIBUTE, syncWorkflowId } from '../../workflows/ids.js';
import { type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { executionsOf, githubStackTest, historyJson } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = `acme-${randomUUID().slice(0, 8)}/private-web`;
type Run = Record<string, unknown>;

const test = githubStackTest({ token: TOKEN, repository: REPOSITORY }, { api: { syncRetry: { initialIntervalMs: 200, maximumAttempts: 3 } } });

describe('sync end to end (dev server, real worker, Postgres)', () => {
  const credentials = (github: FakeGithub) => ({ token: TOKEN, repository: REPOSITORY, base_url: github.url });

  test('goes syncing → connected with last_sync_at advanced, and records the run', async ({ stack: { api, orgId }, github, project }) => {
    const p = project('lifecycle');
    const connected = await p.connect('github', credentials(github));
    expect(connected.status).toBe(200);
    const id = (connected.json.data as { id: string }).id;
    await api.db.sql`update audit_integrations set last_sync_at = '2025-01-01T00:00:00Z' where id = ${id}`;

    github.hold();
    const res = await p.sync('github');
    expect(res.status).toBe(202);
    await waitFor(async () => (github.requests.length > 0 ? true : undefined), 'the provider call');
    expect((await p.row('github')).status).toBe('syncing');
    const during = await p.syncs('github');
    expect(during.json.data).toEqual([expect.objectContaining({ outcome: 'running', trigger: 'manual', finished_at: null, workflow_id: syncWorkflowId({ orgId, projectId: 'lifecycle', provider: 'github' }) })]);

    github.release();
    const row = await p.rowWhen('github', 'connected');
    expect(row.id).toBe(id);
    expect(Date.parse(row.last_sync_at as string)).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
    const runs = (await p.syncs('github')).json.data as Run[];
    expect(runs).toEqual([expect.objectContaining({ outcome: 'succeeded', trigger: 'manual', error_code: null, error_message: null, items_pushed: 0 })]);
    expect(runs[0]!.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('sets the org, project and provider search attributes on the execution', async ({ stack: { api, orgId }, github, project }) => {
    const p = project('attributes');
    await p.connect('github', credentials(github));
    await p.sync('github');
    await p.rowWhen('github', 'connected');
    const { typedSearchAttributes } = await api.client.workflow.getHandle(syncWorkflowId({ orgId, projectId: 'attributes', provider: 'github' })).describe();
    expect(typedSearchAttributes.get(ORG_ID_ATTRIBUTE)).toBe(orgId);
    expect(typedSearchAttributes.get(PROJECT_ID_ATTRIBUTE)).toBe('attributes');
    expect(typedSearchAttributes.get(PROVIDER_ATTRIBUTE)).toBe('github');
    const found = [];
    for await (const e of api.client.workflow.list({ query: `AuditOrgId="${orgId}" AND AuditProjectId="attributes" AND AuditProvider="github"` })) found.push(e.workflowId);
    expect(found).toEqual([syncWorkflowId({ orgId, projectId: 'attributes', provider: 'github' })]);
  });

  test('goes to error with a failed run carrying the provider message when the token is refused', async ({ github, project }) => {
    const p = project('refused');
    await p.connect('github', { ...credentials(github), token: 'ghp_revoked0000000000000000' });
    await p.sync('github');
    await p.rowWhen('github', 'error');
    const runs = (await p.syncs('github')).json.data as Run[];
    expect(runs).toEqual([expect.objectContaining({ outcome: 'failed', error_code: 'ProviderAuthFailed', error_message: 'GitHub answered 401: Bad credentials' })]);
  });

  test('retries a 503 and then succeeds, in one run', async ({ github, project }) => {
    const p = project('flaky');
    await p.connect('github', credentials(github));
    const before = github.requests.length;
    github.fail({ status: 503, body: { message: 'Service Unavailable' } });
    await p.sync('github');
    await p.rowWhen('github', 'connected');
    expect(github.requests.length - before).toBe(2);
    expect((await p.syncs('github')).json.data).toEqual([expect.objectContaining({ outcome: 'succeeded' })]);
  });

  test('joins a running sync instead of starting a second execution', async ({ stack: { api, orgId }, github, project }) => {
    const p = project('concurrent');
    await p.connect('github', credentials(github));
    const workflowId = syncWorkflowId({ orgId, projectId: 'concurrent', provider: 'github' });
    const before = github.requests.length;
    github.hold();
    const [a, b] = await Promise.all([p.sync('github'), p.sync('github')]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const c = await p.sync('github');
    expect(c.status).toBe(202);
    const running = await waitFor(async () => {
      const runs = await executionsOf(api.client, workflowId);
      return runs.length > 0 ? runs : undefined;
    }, 'the execution to be listed');
    expect(running).toEqual([expect.objectContaining({ status: 'RUNNING' })]);
    await waitFor(async () => (github.requests.length > before ? true : undefined), 'the provider call');
    github.release();
    await p.rowWhen('github', 'connected');
    expect(await executionsOf(api.client, workflowId)).toHaveLength(1);
    expect((await p.syncs('github')).json.data).toHaveLength(1);
  });

  test('keeps every credential value out of the workflow history, including provider errors that echo them', async ({ stack: { orgId }, github, project }) => {
    const p = project('history');
    await p.connect('github', credentials(github));
    await p.sync('github');
    await p.rowWhen('github', 'connected');
    const ok = await historyJson(syncWorkflowId({ orgId, projectId: 'history', provider: 'github' }));

    const leaky = project('history-leak');
    await leaky.connect('github', credentials(github));
    // A provider error page that quotes the request back: token, repository and all.
    github.fail({ status: 422, body: { message: `Validation Failed for Bearer ${TOKEN} on ${REPOSITORY} (token ${TOKEN})` } });
    await leaky.sync('github');
    await leaky.rowWhen('github', 'error');
    const failed = await historyJson(syncWorkflowId({ orgId, projectId: 'history-leak', provider: 'github' }));

    expect(ok).toContain('"eventType"');
    expect(failed).toContain('ProviderConfigInvalid');
    for (const secret of [TOKEN, REPOSITORY, TOKEN.slice(4)]) {
      expect(ok).not.toContain(secret);
      expect(failed).not.toContain(secret);
    }
    const [run] = (await leaky.syncs('github')).json.data as Run[];
    expect(run).toMatchObject({ outcome: 'failed', error_code: 'ProviderConfigInvalid' });
    expect(String(run!.error_message)).toContain('[redacted]');
    expect(String(run!.error_message)).not.toContain(TOKEN);
    expect(String(run!.error_message)).not.toContain(REPOSITORY);
  });
});
