import type { Context } from 'koa';
import type { ApiKeyRow } from '../db/api-keys.js';
import { recordAudit, type AuditAction, type AuditActor } from '../db/audit-log.js';
import type { IntegrationRow } from '../db/integrations.js';
import type { Db } from '../db/sql.js';
import { integrationEventData, recordWebhookEvent, type WebhookEventType } from '../db/webhooks.js';

/** The acting API key of a request, with what identifies the request: never the token. */
export function requestActor(ctx: Context, key: Pick<ApiKeyRow, 'id' | 'name'> = ctx.state.apiKey as ApiKeyRow): AuditActor {
  return {
    type: 'api_key',
    keyId: key.id,
    keyName: key.name,
    requestId: (ctx.state.requestId as string | undefined) ?? null,
    clientRequestId: (ctx.state.clientRequestId as string | undefined) ?? null,
    clientAddress: ctx.ip || null,
  };
}

// A connect writes its entry and event in its own statement (db/integrations.ts connectIntegration).
const EVENT_OF: Partial<Record<AuditAction, WebhookEventType>> = {
  disconnect: 'integration.disconnected',
};

/**
 * What a change to an integration leaves behind, in the change's own transaction: the audit entry, and the webhook
 * event (the outbox) when the action has one.
 */
export async function recordIntegrationChange(tx: Db, actor: AuditActor, action: AuditAction, row: IntegrationRow): Promise<void> {
  await recordAudit(tx, actor, { orgId: row.org_id, projectId: row.project_id, provider: row.provider, action, targetId: row.id });
  const type = EVENT_OF[action];
  if (type) await recordWebhookEvent(tx, { orgId: row.org_id, projectId: row.project_id, type, data: integrationEventData(row) });
}
