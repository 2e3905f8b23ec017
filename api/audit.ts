import type { Context } from 'koa';
import type { ApiKeyRow } from '../db/api-keys.js';
import type { ConnectSessionRow } from '../db/connect-sessions.js';
import { recordAudit, type AuditAction, type AuditActor } from '../db/audit-log.js';
import type { IntegrationRow } from '../db/integrations.js';
import type { Db } from '../db/sql.js';
import { integrationEventData, recordWebhookEvent, type WebhookEventType } from '../db/webhooks.js';
import { connectSessionOf } from './middleware/auth.js';

function requestFields(ctx: Context) {
  return {
    requestId: (ctx.state.requestId as string | undefined) ?? null,
    clientRequestId: (ctx.state.clientRequestId as string | undefined) ?? null,
    clientAddress: ctx.ip || null,
  };
}

/**
 * Who acts in a request, with what identifies the request (never the token): `key` when given (the OAuth callback's
 * key from the state), else the request's own API key, else its connect session.
 */
export function requestActor(ctx: Context, key?: Pick<ApiKeyRow, 'id' | 'name'>): AuditActor {
  const acting = key ?? (ctx.state.apiKey as ApiKeyRow | undefined);
  if (acting) return { type: 'api_key', keyId: acting.id, keyName: acting.name, ...requestFields(ctx) };
  const session = connectSessionOf(ctx);
  if (session) return sessionActor(ctx, session);
  throw new Error('requestActor outside an authenticated request');
}

/** A connect session acting (a request made with it, or the OAuth callback of a flow it started), under its creating key. */
export function sessionActor(ctx: Context, session: Pick<ConnectSessionRow, 'id' | 'api_key_id' | 'api_key_name'>): AuditActor {
  return { type: 'connect_session', sessionId: session.id, keyId: session.api_key_id, keyName: session.api_key_name, ...requestFields(ctx) };
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
