import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { expect, inject } from 'vitest';
import { temporalCliPath } from '../helpers/services.js';
import { randomUUID } from 'node:crypto';
import { stackTest, type StackOptions } from '../helpers/fixture.js';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';

const run = promisify(execFile);

import { waitFor } from '../helpers/wait.js';

export { waitFor };

export interface FakeGithub {
  url: string;
  /** Requests that reached GitHub, in order (method and path). */
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** The next `n` requests wait until `release()` (or until the server closes): a provider that blocks. */
  hold(n?: number): void;
  /** Answers the held requests and cancels holds not yet used. */
  release(): void;
  /** Answer the next `n` requests with this failure instead. */
  failNext(status: number, body: unknown, n?: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

/**
 * GitHub REST v3 as documented for what a sync of a project without findings calls: `GET /repos/{owner}/{repo}` with
 * Bearer auth, the GitHub media type and API version header; `Bad credentials` 401 otherwise.
 */
export async function startFakeGithub(opts: { token: string; repository: string }): Promise<FakeGithub> {
  const requests: FakeGithub['requests'] = [];
  let holds = 0;
  let waiting: (() => void)[] = [];
  const failures: { status: number; body: unknown; headers: Record<string, string> }[] = [];
  const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', ...headers }).end(JSON.stringify(body));
  };

  const server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization });
      if (holds > 0) {
        holds--;
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      const failure = failures.shift();
      if (failure) return reply(res, failure.status, failure.body, failure.headers);
      if (req.headers.authorization !== `Bearer ${opts.token}`) return reply(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      if (req.headers.accept !== 'application/vnd.github+json' || req.headers['x-github-api-version'] !== '2022-11-28') {
        return reply(res, 400, { message: 'fake: missing GitHub media type or API version header' });
      }
      if (req.method === 'GET' && path === `/repos/${opts.repository}`) return reply(res, 200, { id: 1, full_name: opts.repository, has_issues: true });
      if (req.method === 'GET' && path === `/repos/${opts.repository}/issues`) return reply(res, 200, []);
      return reply(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const releaseAll = () => {
    const w = waiting;
    waiting = [];
    w.forEach((f) => f());
  };
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    hold: (n = 1) => void (holds += n),
    release: () => {
      holds = 0;
      releaseAll();
    },
    failNext: (status, body, n = 1, headers = {}) => {
      for (let i = 0; i < n; i++) failures.push({ status, body, headers });
    },
    async close() {
      holds = 0;
      releaseAll();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
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

/** The usual end-to-end setup: a fake GitHub, the API, an in-process worker, and one org with a key. */
export async function startGithubStack(opts: { token: string; repository: string; api?: Parameters<typeof startTestApi>[0] }): Promise<{
  github: FakeGithub;
  api: TestApi;
  worker: TestWorker;
  orgId: string;
  token: string;
  close(): Promise<void>;
}> {
  const github = await startFakeGithub({ token: opts.token, repository: opts.repository });
  const api = await startTestApi(opts.api);
  const worker = await startTestWorker(api);
  const orgId = randomUUID();
  return {
    github,
    api,
    worker,
    orgId,
    token: await api.createKey(orgId),
    async close() {
      await worker.stop();
      await api.close();
      await github.close();
    },
  };
}

/**
 * The stack fixture (test/helpers/fixture.ts) with a fake GitHub beside it, file-scoped too, and `project(id)`: the API
 * as a client of that project sees it (apiFor with the stack's org and key).
 */
export function githubStackTest(fake: { token: string; repository: string }, opts: StackOptions = {}) {
  return stackTest(opts)
    .extend('github', { scope: 'file' }, async ({}, { onCleanup }) => {
      const github = await startFakeGithub(fake);
      onCleanup(() => github.close());
      return github;
    })
    .extend('project', { scope: 'file' }, ({ stack }) => (projectId: string) => apiFor(stack.api, stack.token, stack.orgId, projectId));
}
