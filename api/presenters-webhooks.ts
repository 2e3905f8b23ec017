import type { AuditLogRow } from '../db/audit-log.js';
import type { DeliveryRow, WebhookEndpointRow } from '../db/webhooks.js';
import { formatTimestamp } from '../db/timestamps.js';

/** Field lists explicit: the stored (encrypted) secrets never go out; the plain one only once, added by the route. */
export function presentWebhook(row: WebhookEndpointRow) {
  return {
    id: row.id,
    org_id: row.org_id,
    url: row.url,
    events: row.event_types,
    project_id: row.project_id,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    previous_secret_expires_at: formatTimestamp(row.previous_secret_expires_at),
    created_at: formatTimestamp(row.created_at),
    updated_at: formatTimestamp(row.updated_at),
  };
}

export function presentDelivery(row: DeliveryRow) {
  return {
    id: row.id,
    webhook_id: row.endpoint_id,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.status === 'pending' ? formatTimestamp(row.next_attempt_at) : null,
    delivered_at: formatTimestamp(row.delivered_at),
    created_at: formatTimestamp(row.created_at),
    updated_at: formatTimestamp(row.updated_at),
  };
}

export function presentAuditEntry(row: AuditLogRow) {
  return {
    id: row.id,
    org_id: row.org_id,
    project_id: row.project_id,
    provider: row.provider,
    action: row.action,
    actor: {
      type: row.actor_type,
      api_key_id: row.api_key_id,
      api_key_name: row.api_key_name,
      name: row.actor_name,
      // Only on a session's entries: the other actors keep the shape they always had.
      ...(row.actor_type === 'connect_session' ? { session_id: row.connect_session_id } : {}),
    },
    target_id: row.target_id,
    request_id: row.request_id,
    client_request_id: row.client_request_id,
    client_address: row.client_address,
    created_at: formatTimestamp(row.created_at),
  };
}
