import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT, stopChild } from '../helpers/services.js';
import { randomKey, startTestApi, TEST_EGRESS_ALLOW, terminateHousekeeping, type TestApi } from '../helpers/stack.js';
import { apiFor } from '../sync/support.js';
import { startReceiver, type Receiver } from './receiver.js';
import { waitFor, webhooksFor } from './support.js';

interface WorkerProcess {
  child: ChildProcess;
  output: string[];
}

describe('a worker SIGKILLed mid-delivery', () => {
  const key = randomKey();
  let api: TestApi;
  let receiver: Receiver;
  const workers: WorkerProcess[] = [];
  const orgId = randomUUID();

  /** `npm run start:worker` as deployed, configured by env only; the outbox is dispatched every second. */
  async function startWorkerProcess(): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
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
        SYNC_SWEEP_INTERVAL: '1s',
        // Syncs of the connected integration are not what this test is about: not before an hour.
        SYNC_INTERVAL: '1h',
        WEBHOOK_RETRY_INITIAL_INTERVAL: '500ms',
        WORKER_METRICS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = { child, output: [] as string[] };
    child.stdout.on('data', (c: Buffer) => worker.output.push(c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => worker.output.push(c.toString('utf8')));
    workers.push(worker);
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`worker exited: ${worker.output.join('')}`);
      return worker.output.join('').includes('worker polling') ? true : undefined;
    }, 'the worker to poll');
    return worker;
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    api = await startTestApi({ keys: [key] });
  });
  afterAll(async () => {
    for (const w of workers) await stopChild(w.child, 5000);
    if (api) await terminateHousekeeping(api.client, api.taskQueue);
    await api?.close();
    await receiver?.close();
  });

  it('delivers the event once after a restart: the receiver de-duplicates by webhook-id and counts one', async () => {
    const first = await startWorkerProcess();
    const token = await api.createKey(orgId);
    const hooks = webhooksFor(api, token, orgId);
    const hook = await hooks.create({ url: receiver.url, events: ['integration.connected'] });
    receiver.secrets.push(hook.secret);
    receiver.holdNext();
    // A connect whose credentials no sync will use (SYNC_INTERVAL is an hour, and the first sync would fail harmlessly).
    expect((await apiFor(api, token, orgId, 'crash').connect('cloudflare', { api_token: 'cf-test', zone_id: 'z1' })).status).toBe(200);
    await waitFor(async () => (receiver.received.length === 1 ? true : undefined), 'the first attempt to reach the receiver');

    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    receiver.release();
    const pending = (await hooks.deliveries(hook.id)).json.data as Record<string, unknown>[];
    expect(pending).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);

    await startWorkerProcess();
    const delivered = await hooks.deliveryWhen(hook.id, (d) => d.status === 'delivered', 'the delivery after the restart');
    expect(delivered).toEqual(expect.objectContaining({ attempts: 1, last_status_code: 204 }));
    expect(receiver.received).toHaveLength(2);
    expect(new Set(receiver.received.map((h) => h.id)).size).toBe(1);
    expect(receiver.accepted.size).toBe(1);
    expect(receiver.received.every((h) => h.verifiedWith.length === 1)).toBe(true);
  });
});
