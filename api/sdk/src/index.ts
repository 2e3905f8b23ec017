/**
 * @audit-integrations/client: the typed client of the audit-integrations API (api/sdk/README.md). Types come from the
 * service's own OpenAPI document (openapi.ts, generated); nothing here imports server code.
 */
export { createAuditClient, type AuditClient } from './client.js';
export { AuditApiError } from './errors.js';
export type { ClientOptions } from './transport.js';
export type { Page, PagedList } from './paging.js';
export type { IntegrationsClient, OrgListFilters, OrgListMeta, SyncOptions } from './integrations.js';
export type { FindingCreate, FindingFilters, FindingsClient, FindingsMeta, SyncRunsClient, SyncRunsMeta } from './findings.js';
export type { AuditLogClient, CursorMeta, WebhooksClient } from './webhooks.js';
export type { ConnectSession, ConnectSessionCreate, ConnectSessionCreated, ConnectSessionsClient, SessionInfo } from './connect-sessions.js';
export { verifyWebhook, TIMESTAMP_TOLERANCE_SECONDS, type VerifyOptions, type WebhookHeaders } from './webhook-signature.js';
export { DEFAULT_SYNC_TIMEOUT_MS, type SyncWaitOptions } from './sync-wait.js';
export type { EventsClient, EventStream, EventStreamOptions, IntegrationEventRow, LiveEvent, StreamState } from './events.js';
export type * from './types.js';
export type { components, paths } from './openapi.js';
