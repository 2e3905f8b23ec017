import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { PROJECT_ROOT } from '../helpers/services.js';
import { terminateHousekeeping } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { processesWithEnv, processTree, running, type Proc } from './process-tree.js';

// `npm run up` and `npm start` as a user runs them, then one signal to the npm process: everything it started must be
// gone within STOP_MS. The stack uses the suite's Postgres (a fresh database) and Temporal dev server, so it starts
// only what those two commands start besides: npm, sh, the up launcher, the all-in-one launcher, the API and the
// worker. Embedded Postgres and the Temporal CLI dev server are not started here (test/stack/all-in-one.test.ts runs them).
const STOP_MS = 10_000;
const MARKER = 'AUDIT_STOP_TEST_MARKER';
const REAL_NPM = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();

/**
 * `npm run up` runs `npm run setup`, whose `npm ci` would empty the node_modules this suite runs from. The real `up`
 * line runs; only `npm run setup` is replaced, by an `npm` first on PATH that runs a stand-in setup of the same shape
 * (npm → sh → npm → sh → a long-running process, as npm ci and pip sit under setup) and passes everything else to npm.
 */
function npmShim(dir: string, setup: 'instant' | 'hangs'): string {
  const fixture = path.join(dir, 'fixture');
  mkdirSync(fixture, { recursive: true });
  const scripts =
    setup === 'instant'
      ? { setup: 'echo setup stand-in done' }
      : { setup: 'npm run setup:deps && echo unreachable', 'setup:deps': 'node -e "setInterval(() => {}, 1000)" setup-stand-in' };
  writeFileSync(path.join(fixture, 'package.json'), JSON.stringify({ name: 'setup-stand-in', private: true, scripts }));
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(bin, 'npm'),
    `#!/bin/sh\nif [ "$1" = run ] && [ "$2" = setup ]; then exec '${REAL_NPM}' --prefix '${fixture}' run setup; fi\nexec '${REAL_NPM}' "$@"\n`,
  );
  chmodSync(path.join(bin, 'npm'), 0o755);
  return bin;
}

interface Started {
  npm: ChildProcess;
  output: string[];
  marker: string;
}

function spawnNpm(args: string[], env: NodeJS.ProcessEnv): Started {
  const marker = randomUUID();
  const npm = spawn(REAL_NPM, args, { cwd: PROJECT_ROOT, env: { ...env, [MARKER]: marker }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  npm.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  npm.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return { npm, output, marker };
}

/** Signals the npm process alone (as a supervisor or `kill` does) and returns what still runs after STOP_MS. */
async function stopAndCollectSurvivors(started: Started, tree: Proc[], signal: NodeJS.Signals): Promise<string[]> {
  started.npm.kill(signal);
  const survivors = () => tree.filter(running).map((p) => `${p.pid} ${p.cmd}`);
  await waitFor(async () => (survivors().length === 0 ? true : undefined), 'every started process to exit', STOP_MS).catch(() => undefined);
  return survivors();
}

const cmdHas = (tree: Proc[], part: string) => tree.some((p) => p.cmd.includes(part));

describe('SIGTERM and SIGINT to `npm start` / `npm run up` stop everything they started', () => {
  const dbs: TestDatabase[] = [];
  const taskQueues: string[] = [];
  const markers: string[] = [];
  const dataDir = path.join(inject('testDataDir'), `stop-signals-${randomBytes(4).toString('hex')}`);

  beforeAll(() => {
    expect(REAL_NPM).not.toBe('');
  });
  afterAll(async () => {
    // Whatever a failed assertion left behind.
    for (const m of markers) for (const pid of processesWithEnv(MARKER, m)) process.kill(pid, 'SIGKILL');
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      for (const q of taskQueues) await terminateHousekeeping(new Client({ connection }), q);
    } finally {
      await connection.close();
    }
    for (const db of dbs) await db.drop();
  });

  async function startStack(args: string[], pathPrefix?: string): Promise<{ started: Started; tree: Proc[] }> {
    const db = await createTestDatabase();
    dbs.push(db);
    const taskQueue = `stop-${randomBytes(4).toString('hex')}`;
    taskQueues.push(taskQueue);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...(pathPrefix ? { PATH: `${pathPrefix}:${process.env.PATH}` } : {}),
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: path.join(dataDir, taskQueue),
      HOST: '127.0.0.1',
      // Any free port, read back from the logs: no race with ports other test files pick meanwhile.
      PORT: '0',
      METRICS_PORT: '0',
      WORKER_METRICS_PORT: '0',
      TEMPORAL_METRICS_PORT: '0',
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      SYNC_SWEEP_INTERVAL: '1h',
      RECONCILE_INTERVAL: '1h',
      LOG_PRETTY: 'false',
    };
    const started = spawnNpm(args, env);
    markers.push(started.marker);
    const ok = (url: string) => fetch(url).then((r) => r.status === 200, () => false);
    try {
      // Up means the API answers ready and the worker polls (its /healthz, on 127.0.0.1 by default).
      const workerPort = await waitFor(async () => /"port":(\d+),[^\n]*"msg":"worker metrics listening"/.exec(started.output.join(''))?.[1], 'worker metrics listening', 120_000, 250);
      const apiPort = await waitFor(async () => /"port":(\d+)}?[^\n]*"msg":"api listening"/.exec(started.output.join(''))?.[1], 'api listening', 120_000, 250);
      await waitFor(async () => ((await ok(`http://127.0.0.1:${apiPort}/readyz`)) && (await ok(`http://127.0.0.1:${workerPort}/healthz`)) ? true : undefined), 'api ready and worker polling', 120_000, 250);
    } catch (err) {
      const lines = started.output.join('').split('\n').filter((l) => !l.includes('"msg":"request"'));
      throw new Error(`${(err as Error).message}; output:\n${lines.join('\n').slice(-4000)}`);
    }
    return { started, tree: processTree(started.npm.pid!) };
  }

  const shim = (setup: 'instant' | 'hangs') => npmShim(path.join(dataDir, `shim-${setup}-${randomBytes(3).toString('hex')}`), setup);

  describe.concurrent('with the stack running', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`npm start: ${signal} stops npm, the launcher, the API and the worker within ${STOP_MS / 1000} s`, async () => {
        const { started, tree } = await startStack(['start']);
        for (const part of ['npm start', 'worker/all-in-one.ts', 'api/main.mjs', 'worker/main.mjs']) expect(cmdHas(tree, part), part).toBe(true);
        expect(await stopAndCollectSurvivors(started, tree, signal)).toEqual([]);
        expect(processesWithEnv(MARKER, started.marker)).toEqual([]);
      }, 180_000);

      it(`npm run up: ${signal} stops npm, the up launcher, npm start, the launcher, the API and the worker within ${STOP_MS / 1000} s`, async () => {
        const { started, tree } = await startStack(['run', 'up'], shim('instant'));
        for (const part of ['npm run up', 'worker/up.mjs', 'npm start', 'worker/all-in-one.ts', 'api/main.mjs', 'worker/main.mjs']) expect(cmdHas(tree, part), part).toBe(true);
        expect(started.output.join('')).toMatch(/^setup stand-in done$/m);
        expect(await stopAndCollectSurvivors(started, tree, signal)).toEqual([]);
        expect(processesWithEnv(MARKER, started.marker)).toEqual([]);
      }, 180_000);
    }
  });

  describe.concurrent('during `npm run setup`', () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`npm run up: ${signal} stops setup and everything under it within ${STOP_MS / 1000} s, and starts nothing`, async () => {
        const started = spawnNpm(['run', 'up'], { ...process.env, PATH: `${shim('hangs')}:${process.env.PATH}` });
        markers.push(started.marker);
        const tree = await waitFor(async () => {
          const t = processTree(started.npm.pid!);
          return cmdHas(t, 'setup-stand-in') ? t : undefined;
        }, 'the stand-in setup running', 60_000);
        expect(await stopAndCollectSurvivors(started, tree, signal)).toEqual([]);
        expect(processesWithEnv(MARKER, started.marker)).toEqual([]);
        expect(started.output.join('')).not.toMatch(/^unreachable$/m);
      }, 120_000);
    }
  });
});
