import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { expect, inject } from 'vitest';
import { createSql } from '../../db/sql.js';
import { startSweepWakeups, type SweepWakeupOptions } from '../../worker/sweep-wakeup.js';
import { startFakeGithub, type FakeGithubOptions } from '../fakes/github.js';
import { stackTest, type StackOptions } from '../helpers/fixture.js';
import { temporalCliPath } from '../helpers/services.js';
import { call, type TestApi } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const run = promisify(execFile);

/**
 * The worker's wake-up listener as worker/main.ts starts it: its own pool (its LISTEN connection) and its own Temporal
 * client, on the test API's database and task queue. Resolves once it LISTENs; closed by `onCleanup`.
 */
export async function startWakeupListener(api: Pick<TestApi, 'db' | 'taskQueue'>, onCleanup: (fn: () => Promise<void>) => void, opts: Omit<SweepWakeupOptions, 'onListen' | 'onError'> = {}) {
  const sql = createSql({ databaseUrl: api.db.url, max: 2 });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const listens: boolean[] = [];
  const errors: unknown[] = [];
  const wakeups = startSweepWakeups(sql, new Client({ connection }), api.taskQueue, { ...opts, onListen: (first) => listens.push(first), onError: (err) => errors.push(err) });
  onCleanup(async () => {
    await wakeups.close();
    await connection.close();
    await sql.end({ timeout: 5 });
  });
  await waitFor(async () => (listens.length > 0 ? true : undefined), 'the LISTEN');
  return { wakeups, listens, errors, sql };
}

export type Row = Record<string, unknown> & { id: string | null; provider: string; status: string };

/** The API as a client sees it, for one org and project. */
export function apiFor(api: TestApi, token: string, orgId: string, projectId: string) {
  const base = `/api/v1/orgs/${orgId}/projects/${projectId}/audit/integrations`;
  return {
    base,
    connect: (provider: string, credentials: Record<string, unknown>) => call(api.baseUrl, 'POST', `${base}/${provider}/connect`, { token, body: { credentials } }),
    sync: (provider: string) => call(api.baseUrl, 'POST', `${base}/${provider}/sync`, { token }),
    disconnect: (provider: string) => call(api.baseUrl, 'POST', `${base}/${provider}/disconnect`, { token }),
    syncs: (provider: string, query = '') => call(api.baseUrl, 'GET', `${base}/${provider}/syncs${query}`, { token }),
    settings: (provider: string, body: { sync_interval_seconds?: number | null; paused?: boolean }) =>
      call(api.baseUrl, 'PATCH', `${base}/${provider}/settings`, { token, body }),
    async row(provider: string): Promise<Row> {
      const res = await call(api.baseUrl, 'GET', base, { token });
      expect(res.status).toBe(200);
      return (res.json.data as Row[]).find((r) => r.provider === provider)!;
    },
    /** Waits for the row to reach `status` through the public list endpoint. */
    async rowWhen(provider: string, status: string): Promise<Row> {
      return waitFor(async () => {
        const row = await this.row(provider);
        return row.status === status ? row : undefined;
      }, `${provider} to be ${status}`);
    },
  };
}

/** Executions (all runs) of one workflow id, as the visibility store lists them. */
export async function executionsOf(client: Client, workflowId: string): Promise<{ runId: string; status: string }[]> {
  const runs: { runId: string; status: string }[] = [];
  for await (const e of client.workflow.list({ query: `WorkflowId="${workflowId}"` })) runs.push({ runId: e.runId, status: e.status.name });
  return runs;
}

/** `temporal workflow show --output json`: the whole history as an operator would dump it. */
export async function historyJson(workflowId: string): Promise<string> {
  const { stdout } = await run(temporalCliPath(), ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--address', inject('temporalAddress')], {
    maxBuffer: 32 * 1024 * 1024,
  });
  return stdout;
}

export async function temporalCli(args: string[]): Promise<string> {
  const { stdout } = await run(temporalCliPath(), [...args, '--address', inject('temporalAddress')]);
  return stdout;
}

/**
 * The stack fixture (test/helpers/fixture.ts) with a fake GitHub beside it, file-scoped too, and `project(id)`: the API
 * as a client of that project sees it (apiFor with the stack's org and key).
 */
export function githubStackTest(fake: FakeGithubOptions, opts: StackOptions = {}) {
  return stackTest(opts)
    .extend('github', { scope: 'file' }, async ({}, { onCleanup }) => {
      const github = await startFakeGithub(fake);
      onCleanup(() => github.close());
      return github;
    })
    .extend('project', { scope: 'file' }, ({ stack }) => (projectId: string) => apiFor(stack.api, stack.token, stack.orgId, projectId));
}
