import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../helpers/services.js';
import { randomKey, startTestApi, terminateHousekeeping, type TestApi } from '../helpers/stack.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';
import { apiFor } from '../sync/support.js';
import { startReceiver, type Receiver } from './receiver.js';
import { waitFor } from '../helpers/wait.js';
import { webhooksFor } from './support.js';

describe('a worker SIGKILLed mid-delivery', () => {
  const key = randomKey();
  let api: TestApi;
  let receiver: Receiver;
  const workers: WorkerProcess[] = [];
  const orgId = randomUUID();

  /** The outbox is dispatched every second; the connected integration's periodic sync is not this test's business. */
  async function startWorker(): Promise<WorkerProcess> {
    const worker = await startWorkerProcess(api, key, { SYNC_SWEEP_INTERVAL: '1s', SYNC_INTERVAL: '1h', WEBHOOK_RETRY_INITIAL_INTERVAL: '500ms', WORKER_METRICS_PORT: '0' });
    workers.push(worker);
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
    const first = await startWorker();
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

    await startWorker();
    const delivered = await hooks.deliveryWhen(hook.id, (d) => d.status === 'delivered', 'the delivery after the restart');
    expect(delivered).toEqual(expect.objectContaining({ attempts: 1, last_status_code: 204 }));
    expect(receiver.received).toHaveLength(2);
    expect(new Set(receiver.received.map((h) => h.id)).size).toBe(1);
    expect(receiver.accepted.size).toBe(1);
    expect(receiver.received.every((h) => h.verifiedWith.length === 1)).toBe(true);
  });
});
