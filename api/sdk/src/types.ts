/**
 * The SDK's public types: names for the generated OpenAPI shapes (openapi.ts), never hand-written copies of them, so a
 * change to a route's schema changes these types at the next `npm run sdk:generate`.
 */
import type { components, paths } from './openapi.js';

type Schemas = components['schemas'];
type Query<P extends keyof paths, M extends 'get'> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type JsonBody<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type PageQuery = 'limit' | 'cursor';

export type Provider = Schemas['Provider'];
/** `GET /api/v1/me`: which key is calling (never the key itself). */
export type Me = Schemas['ApiKeyIdentity'];
/** One provider of `GET /api/v1/providers`: its credential keys and whether "Connect with …" is configured. */
export type ProviderInfo = Schemas['ProviderCatalogEntry'];
export type OAuthProvider = Schemas['OAuthProvider'];
export type OAuthStart = Schemas['OAuthStart'];
/** The non-secret fields of a provider's OAuth app that `oauth/start` takes (the catalog's `oauth.fields`). */
export type OAuthFields = NonNullable<JsonBody<'/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/oauth/start', 'post'>['credentials']>;

/** A connected (or once connected) integration, as connect, sync, resync and disconnect answer it. */
export type Integration = Schemas['Integration'];
/** A provider never connected in the project: `id` null. */
export type IntegrationPlaceholder = Schemas['IntegrationPlaceholder'];
/** One entry of a project's list: every provider, placeholders included. */
export type IntegrationListEntry = Integration | IntegrationPlaceholder;
/** The single GET and each row of the org-wide list: the row plus settings, next_sync_at and health. */
export type IntegrationDetail = Schemas['IntegrationDetail'];
export type IntegrationPlaceholderDetail = Schemas['IntegrationPlaceholderDetail'];
/** The single GET and the settings PATCH: the detail plus `realtime`, the inbound webhook's state (its secret at most). */
export type IntegrationView = Schemas['IntegrationView'];
export type IntegrationRealtime = Schemas['IntegrationRealtime'];
export type IntegrationStatus = Integration['status'];
export type IntegrationHealth = Schemas['IntegrationHealth'];
export type HealthState = IntegrationHealth['state'];
export type IntegrationSettings = Schemas['IntegrationSettings'];
/** The body of `PATCH …/settings`. */
export type SettingsPatch = JsonBody<'/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/settings', 'patch'>;
export type VerifyResult = Schemas['VerifyResult'];
/** A credentials map as connect and verify take it (documented keys per provider: `providers.list()`). */
export type Credentials = Record<string, unknown>;

export type SyncRun = Schemas['SyncRun'];
export type Finding = Schemas['Finding'];
export type FindingTask = Schemas['Task'];
export type Severity = Finding['severity'];
export type FindingStatus = Finding['status'];
export type Metric = Schemas['Metric'];

export type Webhook = Schemas['Webhook'];
/** Create and rotate answer the signing secret, once. */
export type WebhookWithSecret = Schemas['WebhookWithSecret'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookCreate = JsonBody<'/api/v1/orgs/{org_id}/webhooks', 'post'>;
export type WebhookUpdate = JsonBody<'/api/v1/orgs/{org_id}/webhooks/{webhook_id}', 'patch'>;

export type AuditEntry = Schemas['AuditEntry'];
/** `project_id`, `provider`, `action`, `since` (inclusive), `until` (exclusive), as the API names them. */
export type AuditLogFilters = Omit<Query<'/api/v1/orgs/{org_id}/audit-log', 'get'>, PageQuery>;

/** Where the org id of an org-scoped call comes from when given; otherwise the key's own (`me()`, read once). */
export interface OrgOption {
  org?: string;
}

/** Rows per request while iterating (1–100; the SDK asks for 100 unless told). */
export interface PageOption {
  pageSize?: number;
}
