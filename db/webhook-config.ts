import { z } from 'zod';
import type { WebhookRetryPolicy } from '../workflows/webhook-ids.js';
import { duration } from './sync-config.js';

/** Webhook endpoints one org may register (ORG_MAX_WEBHOOKS). */
export const DEFAULT_ORG_MAX_WEBHOOKS = 20;

/** The API's: endpoint quota, and whether plain http endpoint URLs are accepted (not in production). */
export const webhookApiEnv = {
  ORG_MAX_WEBHOOKS: z.coerce.number().int().min(1).max(1000).default(DEFAULT_ORG_MAX_WEBHOOKS),
  NODE_ENV: z.string().default('development'),
};

/** The worker's: the delivery backoff (README → Webhooks) and retention of the audit log and finished deliveries. */
export const webhookWorkerEnv = {
  WEBHOOK_RETRY_INITIAL_INTERVAL: duration('10s', 100),
  WEBHOOK_RETRY_MAX_INTERVAL: duration('2h', 100),
  WEBHOOK_DELIVERY_WINDOW: duration('24h', 1000),
  AUDIT_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
};

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
