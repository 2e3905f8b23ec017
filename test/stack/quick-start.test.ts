import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, PROJECT_ROOT } from '../helpers/services.js';
import { runCommand } from '../deploy/processes.js';
import { call } from '../helpers/stack.js';

/**
 * The README's quick start on a fresh clone in a private (0700) folder, as root would run it from /root or `mktemp -d`:
 * embedded Postgres runs as the `postgres` user, which cannot reach that folder. The clone is of the committed tree, as
 * a user gets it; `npm ci` is the one step replaced (node_modules and the tool venv are linked from this checkout: the
 * install is npm's, the start-up is ours), then `npm run setup:tools`, `npm run setup:system`, `npm start`, and
 * `npm run keys` without DATABASE_URL.
 */
describe('quick start from a private folder', () => {
  let dir: string;
  let stack: ChildProcess | undefined;
  const output: string[] = [];

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) {
      const gone = new Promise((r) => stack!.once('exit', r));
      stack.kill('SIGTERM');
      await gone;
    }
    if (dir) {
      // The relocated Postgres home of this clone (worker/dev-services.ts): same hash of its data folder.
      const hash = createHash('sha256').update(path.join(dir, 'repo', '.data', 'postgres')).digest('hex').slice(0, 12);
      await rm(path.join('/var/tmp', `audit-integrations-${hash}`), { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('npm start and npm run keys work from a 0700 clone, with one clear line per start-up failure', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'audit-quickstart-'));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const repo = path.join(dir, 'repo');
    expect(spawnSync('git', ['clone', '--quiet', '--no-hardlinks', PROJECT_ROOT, repo]).status).toBe(0);
    await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo, 'node_modules'));
    await symlink(path.join(PROJECT_ROOT, '.tools'), path.join(repo, '.tools'));

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'CREDENTIALS_KEY', 'CREDENTIALS_KEYS', 'DATA_DIR']) delete env[k];
    const ports = { api: await freePort(), pg: await freePort(), temporal: await freePort(), ui: await freePort() };
    Object.assign(env, {
      PORT: String(ports.api),
      PG_PORT: String(ports.pg),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      METRICS_PORT: '0',
      WORKER_METRICS_PORT: '0',
      LOG_PRETTY: 'false',
    });
    for (const script of ['setup:tools', 'setup:system']) {
      const setup = spawnSync('npm', ['run', '--silent', script], { cwd: repo, env, encoding: 'utf8' });
      expect(setup.status, `${script}: ${setup.stderr}`).toBe(0);
    }

    stack = spawn('npm', ['start'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    stack.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    stack.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<never>((_, reject) => stack!.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output.join('').slice(-3000)}`))));
    exited.catch(() => undefined);
    const deadline = Date.now() + 90_000;
    for (;;) {
      const ready = await Promise.race([fetch(`http://127.0.0.1:${ports.api}/readyz`).then((r) => r.status === 200, () => false), exited]);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`not ready after 90 s:\n${output.join('').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // The postgres user cannot reach the clone: its binaries and data live under /var/tmp instead.
    expect(output.join('')).toMatch(/"data":"\/var\/tmp\/audit-integrations-[0-9a-f]{12}\/data".*embedded postgres started/);

    // The keys CLI finds the embedded server the way npm start started it: PG_PORT, no DATABASE_URL.
    const orgId = randomUUID();
    // Not spawnSync (test/deploy/processes.ts runCommand): the next request would reuse a socket the API closed meanwhile.
    const keys = await runCommand('npm', ['run', '--silent', 'keys', '--', 'create', '--org', orgId, '--scopes', 'audit:read,audit:write'], { cwd: repo, env });
    expect(keys.status, keys.stderr).toBe(0);
    const token = keys.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^kr_live_[A-Za-z0-9]{32,}$/);
    const list = await call(`http://127.0.0.1:${ports.api}`, 'GET', `/api/v1/orgs/${orgId}/projects/production-website/audit/integrations`, { token });
    expect(list.status).toBe(200);

    // Where nothing answers, the CLI says so in one line instead of a stack trace.
    const nowhere = spawnSync('npm', ['run', '--silent', 'keys', '--', 'list', '--org', orgId], { cwd: repo, env: { ...env, PG_PORT: String(await freePort()) }, encoding: 'utf8' });
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr.trim().split('\n')).toHaveLength(1);
    expect(nowhere.stderr).toMatch(/^Postgres does not answer \(embedded, 127\.0\.0\.1:\d+\): start the stack with `npm start` or set DATABASE_URL/);
  }, 150_000);

  it('a start-up failure is one line, not an unhandled error event', async () => {
    // A Temporal CLI that cannot be executed: the spawn fails (EACCES) and npm start says so and exits 1.
    const port = await freePort();
    const dataDir = path.join(os.tmpdir(), `audit-qs-${randomUUID()}`);
    const run = spawnSync('node', ['--import', 'tsx', 'worker/all-in-one.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', TEMPORAL_CLI: path.join(PROJECT_ROOT, 'package.json'), TEMPORAL_PORT: String(port), DATA_DIR: dataDir, LOG_PRETTY: 'false' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    await rm(dataDir, { recursive: true, force: true });
    expect(run.status).toBe(1);
    const text = `${run.stdout}${run.stderr}`;
    expect(text).not.toMatch(/Unhandled 'error' event|^\s+at /m);
    const failure = text.split('\n').filter((l) => l.includes('start-up failed'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/the Temporal dev server could not start: spawn .*package\.json EACCES/);
  }, 90_000);
});
