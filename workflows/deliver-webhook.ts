import { isCancellation, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { AttemptResult, DeliverWebhookInput } from './webhook-ids.js';

// One attempt posts with a 10 s timeout and heartbeats every second: a worker that dies mid-attempt is noticed within
// the heartbeat timeout and the attempt runs again (the receiver sees the same webhook-id). The retry policy here only
// covers such infrastructure trouble; the receiver's answers are the workflow's own backoff below.
const { attemptWebhookDelivery, abandonWebhookDelivery } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/**
 * One webhook delivery (an event for one endpoint): attempt, and on anything but a 2xx or a 410 wait and attempt again
 * with exponential backoff (initial, doubling, capped) until the window (24 h by default) since the first attempt is
 * used up. The waits are durable timers, so a worker or API restart loses nothing and the schedule is visible in the
 * Temporal UI. The workflow id is webhook-delivery/<delivery id>.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<AttemptResult> {
  const { retry } = input;
  const began = Date.now();
  for (let attempt = 1; ; attempt++) {
    const delay = Math.min(retry.initialIntervalMs * 2 ** (attempt - 1), retry.maxIntervalMs);
    const retryInMs = Date.now() - began + delay <= retry.windowMs ? delay : null;
    let result: AttemptResult;
    try {
      result = await attemptWebhookDelivery({ deliveryId: input.deliveryId, retryInMs });
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('webhook attempt could not run; waiting for the next one', { error: (err as Error).message });
      result = retryInMs === null ? 'failed' : 'retry';
      if (result === 'failed') await abandonWebhookDelivery({ deliveryId: input.deliveryId });
    }
    if (result !== 'retry') return result;
    await sleep(delay);
  }
}
