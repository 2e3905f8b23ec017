import type { WebhookRetryPolicy } from '../workflows/webhook-ids.js';

/** Webhook endpoints one org may register (ORG_MAX_WEBHOOKS). */
export const DEFAULT_ORG_MAX_WEBHOOKS = 20;

export function webhookSettingsFrom(cfg: {
  WEBHOOK_RETRY_INITIAL_INTERVAL: number;
  WEBHOOK_RETRY_MAX_INTERVAL: number;
  WEBHOOK_DELIVERY_WINDOW: number;
  AUDIT_LOG_RETENTION_DAYS: number;
  WEBHOOK_DELIVERY_RETENTION_DAYS: number;
}): { retry: WebhookRetryPolicy; auditLogRetentionDays: number; deliveryRetentionDays: number } {
  return {
    retry: { initialIntervalMs: cfg.WEBHOOK_RETRY_INITIAL_INTERVAL, maxIntervalMs: cfg.WEBHOOK_RETRY_MAX_INTERVAL, windowMs: cfg.WEBHOOK_DELIVERY_WINDOW },
    auditLogRetentionDays: cfg.AUDIT_LOG_RETENTION_DAYS,
    deliveryRetentionDays: cfg.WEBHOOK_DELIVERY_RETENTION_DAYS,
  };
}
