import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { syncWorkflowId } from '../../workflows/ids.js';
import { freePort, PROJECT_ROOT } from '../helpers/services.js';
import { runCommand } from '../deploy/processes.js';
import { call } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

/** Pids of every process whose environment carries the marker: the whole tree `npm start` made. */
function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`AUDIT_STACK_MARKER=${marker}`)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/** waitFor on a yes/no check that may throw while the stack is still coming up (connection refused). */
const waitUntil = (check: () => Promise<boolean>, timeoutMs: number, what: string) =>
  waitFor(async () => ((await check().catch(() => false)) ? true : undefined), what, timeoutMs, 500);

describe('npm start (all-in-one)', () => {
  const marker = randomUUID();
  const dataDir = path.join(inject('testDataDir'), 'all-in-one');
  let ports: { api: number; pg: number; temporal: number; ui: number };
  let stack: ChildProcess | undefined;
  const output: string[] = [];

  async function startStack(): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'CREDENTIALS_KEY', 'CREDENTIALS_KEYS']) delete env[k];
    Object.assign(env, {
      AUDIT_STACK_MARKER: marker,
      DATA_DIR: dataDir,
      PORT: String(ports.api),
      PG_PORT: String(ports.pg),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      // The API's /metrics port (METRICS_PORT, 9465 by default): any free one.
      METRICS_PORT: '0',
      LOG_PRETTY: 'false',
    });
    const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    await waitUntil(async () => (await fetch(`http://127.0.0.1:${ports.api}/readyz`)).status === 200, 180_000, '/readyz');
    return child;
  }

  /** npm relays SIGTERM to the launcher (exec'd, so a direct child) and reports it as 143, by the signal, or 0. */
  async function stopStack(child: ChildProcess): Promise<string> {
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
    child.kill('SIGTERM');
    return exited;
  }

  afterAll(() => {
    // Belt and braces: never leave anything behind, even when an assertion failed midway.
    for (const pid of processesWithMarker(marker)) process.kill(pid, 'SIGKILL');
    if (stack && stack.exitCode === null) stack.kill('SIGKILL');
  });

  it('boots, serves the API with a key from the keys command, stops cleanly and keeps its data across a restart', async () => {
    ports = { api: await freePort(), pg: await freePort(), temporal: await freePort(), ui: await freePort() };
    stack = await startStack();

    // The Temporal Web UI answers.
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);
    // A generated credentials key, private to its owner.
    expect(statSync(path.join(dataDir, 'credentials.key')).mode & 0o777).toBe(0o600);

    const orgId = randomUUID();
    // No DATABASE_URL: the keys command finds the embedded server on PG_PORT, as npm start started it.
    const keysEnv: NodeJS.ProcessEnv = { ...process.env, PG_PORT: String(ports.pg) };
    delete keysEnv.DATABASE_URL;
    // Not spawnSync (test/deploy/processes.ts runCommand): the next request would reuse a socket the API closed meanwhile.
    const keys = await runCommand('npm', ['run', '--silent', 'keys', '--', 'create', '--org', orgId, '--scopes', 'audit:read,audit:write'], { cwd: PROJECT_ROOT, env: keysEnv });
    expect(keys.status).toBe(0);
    const token = keys.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^kr_live_[A-Za-z0-9]{32,}$/);

    const base = `http://127.0.0.1:${ports.api}`;
    const list = await call(base, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token });
    expect(list.status).toBe(200);
    expect((list.json.data as unknown[]).length).toBe(8);
    const connect = await call(base, 'POST', `/api/v1/orgs/${orgId}/projects/web/audit/integrations/github/connect`, {
      token,
      body: { credentials: { token: 'ghp_smoke', repository: 'acme/web', base_url: 'http://127.0.0.1:9' } },
    });
    expect(connect.status).toBe(200);
    const sync = await call(base, 'POST', `/api/v1/orgs/${orgId}/projects/web/audit/integrations/github/sync`, { token });
    expect(sync.status).toBe(202);

    const started = processesWithMarker(marker);
    expect(started.length).toBeGreaterThanOrEqual(4); // npm, launcher, api, worker, temporal, postgres…
    expect(['0', '143', 'SIGTERM']).toContain(await stopStack(stack));
    await waitUntil(async () => processesWithMarker(marker).length === 0, 30_000, 'every started process to exit');

    // Restart on the same data directory: integrations, keys and Temporal history are still there.
    stack = await startStack();
    const again = await call(base, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token });
    expect(again.status).toBe(200);
    const github = (again.json.data as { provider: string; id: string | null }[]).find((r) => r.provider === 'github');
    expect(github?.id).toBe((connect.json.data as { id: string }).id);
    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    try {
      const description = await new Client({ connection }).workflow.getHandle(syncWorkflowId({ orgId, projectId: 'web', provider: 'github' })).describe();
      expect(description.type).toBe('syncIntegration');
    } finally {
      await connection.close();
    }
    expect(['0', '143', 'SIGTERM']).toContain(await stopStack(stack));
    await waitUntil(async () => processesWithMarker(marker).length === 0, 30_000, 'every started process to exit');
  }, 420_000);
});
