import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { syncWorkflowId } from '../../workflows/ids.js';
import { freePort } from '../helpers/services.js';
import { startTestApi, type TestApi } from '../helpers/stack.js';
import { type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { apiFor, executionsOf, githubStackTest, type Row } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = 'acme/web';
const ROW_KEYS = ['created_at', 'id', 'last_sync_at', 'org_id', 'project_id', 'provider', 'status', 'updated_at'];
const DISCONNECTED_ROW_KEYS = [...ROW_KEYS, 'credentials'].sort();

const test = githubStackTest({ token: TOKEN, repository: REPOSITORY });

describe('POST …/:provider/disconnect', () => {
  const credentials = (github: FakeGithub) => ({ token: TOKEN, repository: REPOSITORY, base_url: github.url });
  const storedCredentials = async (api: TestApi, id: string) => (await api.db.sql<{ credentials: string | null }[]>`select credentials from audit_integrations where id = ${id}`)[0]!.credentials;
  /** No periodic syncs: the row has no due time (the sweeper never claims it). */
  const scheduleGone = async (api: TestApi, id: string) => (await api.db.sql<{ next_sync_at: Date | null }[]>`select next_sync_at from audit_integrations where id = ${id}`)[0]!.next_sync_at === null;

  test('cancels a running sync, stops periodic syncs, wipes the credentials and keeps the row', async ({ stack: { api, orgId }, github, project }) => {
    const p = project('mid-sync');
    const connected = (await p.connect('github', credentials(github))).json.data as Row;
    expect(await scheduleGone(api, connected.id!)).toBe(false);
    const before = github.requests.length;
    github.hold();
    await p.sync('github');
    await waitFor(async () => (github.requests.length > before ? true : undefined), 'the provider call');

    const res = await p.disconnect('github');
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ id: connected.id, status: 'disconnected', credentials: {}, created_at: connected.created_at });

    const workflowId = syncWorkflowId({ orgId, projectId: 'mid-sync', provider: 'github' });
    await waitFor(async () => ((await executionsOf(api.client, workflowId))[0]?.status === 'CANCELLED' ? true : undefined), 'the workflow to be cancelled');
    github.release();
    expect((await p.syncs('github')).json.data).toEqual([expect.objectContaining({ outcome: 'cancelled', error_code: 'Cancelled' })]);
    const row = await p.row('github');
    expect(Object.keys(row).sort()).toEqual(DISCONNECTED_ROW_KEYS);
    expect(row).toMatchObject({ id: connected.id, status: 'disconnected', credentials: {}, created_at: connected.created_at });
    expect(await storedCredentials(api, connected.id as string)).toBeNull();
    expect(await scheduleGone(api, connected.id!)).toBe(true);
  });

  test('reuses the row when connecting again, due again at once', async ({ stack: { api }, github, project }) => {
    const p = project('again');
    const first = (await p.connect('github', credentials(github))).json.data as Row;
    expect((await p.disconnect('github')).status).toBe(200);
    expect(await scheduleGone(api, first.id!)).toBe(true);
    const second = (await p.connect('github', credentials(github))).json.data as Row;
    expect(second).toMatchObject({ id: first.id, created_at: first.created_at, status: 'connected' });
    expect(await scheduleGone(api, first.id!)).toBe(false);
    await p.sync('github');
    await p.rowWhen('github', 'connected');
  });

  test('is idempotent for a disconnected row and refuses a never-connected one', async ({ github, project }) => {
    const p = project('twice');
    await p.connect('github', credentials(github));
    expect((await p.disconnect('github')).status).toBe(200);
    const again = await p.disconnect('github');
    expect(again.status).toBe(200);
    expect(again.json.data).toMatchObject({ status: 'disconnected' });
    const never = await p.disconnect('jira');
    expect(never.status).toBe(422);
    expect(never.json.error?.code).toBe('not_connected');
    expect(await p.sync('github')).toMatchObject({ status: 422 });
  });

  test('answers 422 invalid_provider, and 403 without audit:write', async ({ stack: { api, orgId }, project }) => {
    const p = project('checks');
    const bad = await p.disconnect('myspace');
    expect(bad.status).toBe(422);
    expect(bad.json.error?.code).toBe('invalid_provider');
    const readOnly = apiFor(api, await api.createKey(orgId, ['audit:read']), orgId, 'checks');
    const forbidden = await readOnly.disconnect('github');
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error?.code).toBe('forbidden');
  });

  test('wipes the credentials even when Temporal is unreachable, and asks for a retry', async ({ stack: { api, orgId, token }, github, project }) => {
    const p = project('temporal-down');
    const row = (await p.connect('github', credentials(github))).json.data as Row;
    const down = await startTestApi({ db: api.db, taskQueue: api.taskQueue, temporalAddress: `127.0.0.1:${await freePort()}`, syncControl: true, startTimeoutMs: 1000 });
    try {
      const res = await apiFor(down, token, orgId, 'temporal-down').disconnect('github');
      expect(res.status).toBe(422);
      expect(res.json.error?.code).toBe('request_failed');
    } finally {
      await down.close();
    }
    expect(await storedCredentials(api, row.id as string)).toBeNull();
    expect((await p.row('github')).status).toBe('disconnected');
    // The retry, with Temporal back, finishes the clean-up.
    expect((await p.disconnect('github')).status).toBe(200);
    expect(await scheduleGone(api, row.id!)).toBe(true);
  });
});
