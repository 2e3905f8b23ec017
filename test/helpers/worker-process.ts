import { spawn, type ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import type { CredentialKey } from '../../db/crypto.js';
import { entryBundle } from './entry-bundle.js';
import { PROJECT_ROOT } from './services.js';
import { TEST_EGRESS_ALLOW, type TestApi } from './stack.js';
import { waitFor } from './wait.js';

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
}

/**
 * The worker as deployed: its own process (so a test can SIGKILL it) running compiled JavaScript (the run's bundle of
 * worker/main.ts, test/helpers/entry-bundle.ts) on the test API's database and task queue, configured by env only.
 * Resolves once it polls; `env` adds to or overrides the defaults.
 */
export async function startWorkerProcess(api: Pick<TestApi, 'db' | 'taskQueue'>, key: CredentialKey, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [entryBundle('worker/main.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: api.db.url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: api.taskQueue,
      CREDENTIALS_KEYS: `${key.id}:${key.key.toString('base64')}`,
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      LOG_LEVEL: 'info',
      RECONCILE_INTERVAL: '1h',
      PROVIDER_EGRESS_ALLOW: TEST_EGRESS_ALLOW,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker = { child, output: [] as string[] };
  child.stdout.on('data', (c: Buffer) => worker.output.push(c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => worker.output.push(c.toString('utf8')));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`worker exited: ${worker.output.join('')}`);
    return worker.output.join('').includes('worker polling') ? true : undefined;
  }, 'the worker to poll');
  return worker;
}
