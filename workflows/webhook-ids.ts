/**
 * Names shared by the webhook delivery workflow and its starter (the dispatcher in activities/webhooks.ts). Pure data:
 * safe for the workflow sandbox.
 */
export const DELIVER_WEBHOOK_WORKFLOW_TYPE = 'deliverWebhook';

/** One workflow per delivery (event × endpoint): the business id, so a repeated start joins it. */
export function webhookDeliveryWorkflowId(deliveryId: string): string {
  return `webhook-delivery/${deliveryId}`;
}

/** Exponential backoff of one delivery: initial, doubling, capped, for at most `windowMs` after the first attempt. */
export interface WebhookRetryPolicy {
  initialIntervalMs: number;
  maxIntervalMs: number;
  windowMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { initialIntervalMs: 10_000, maxIntervalMs: 2 * 3_600_000, windowMs: 24 * 3_600_000 };

/** Ids only: the activity loads the event, the endpoint and its secret itself. */
export interface DeliverWebhookInput {
  deliveryId: string;
  retry: WebhookRetryPolicy;
}

export type AttemptResult = 'delivered' | 'retry' | 'failed' | 'skipped';

/** The housekeeping loop's patch marker for the webhook dispatcher and the retention prune (replay of older runs). */
export const WEBHOOKS_HOUSEKEEPING_PATCH = 'webhooks-dispatch-and-retention';
