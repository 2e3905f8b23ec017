/**
 * The public API as the dashboard uses it: the one typed client (api/sdk, @audit-integrations/client) with the pasted
 * key, the same client scripts, the CLI and the hosted connect page use. The names below are the SDK's types under the
 * names the views have always used.
 */
import { AuditApiError, createAuditClient, type AuditClient } from '../../sdk/src/index.js';
import type {
  Finding as SdkFinding,
  FindingTask,
  HealthState as SdkHealthState,
  IntegrationDetail as SdkIntegrationDetail,
  IntegrationListEntry,
  IntegrationPlaceholderDetail,
  IntegrationStatus,
  LiveEvent as SdkLiveEvent,
  Me as SdkMe,
  OAuthProvider as SdkOAuthProvider,
  Provider as SdkProvider,
  Severity as SdkSeverity,
  SyncRun as SdkSyncRun,
  VerifyResult as SdkVerifyResult,
  Webhook as SdkWebhook,
  WebhookDelivery,
} from '../../sdk/src/index.js';

export type Provider = SdkProvider;
export type Status = IntegrationStatus;
export type Severity = SdkSeverity;
/** A row of the project's list, or what connect, sync, resync and disconnect answer: `id` null when never connected. */
export type Integration = IntegrationListEntry;
export type HealthState = SdkHealthState;
/** The single GET and the org-wide list's rows (a placeholder where the provider has none): with settings and health. */
export type IntegrationDetail = SdkIntegrationDetail | IntegrationPlaceholderDetail;
/** A row of the org-wide list: always a real integration, with its project. */
export type OrgIntegration = SdkIntegrationDetail;
export type SyncRun = SdkSyncRun;
export type Task = FindingTask;
export type Finding = SdkFinding;
export type Me = SdkMe;
export type VerifyResult = SdkVerifyResult;
export type OAuthProvider = SdkOAuthProvider;
export type Webhook = SdkWebhook;
export type Delivery = WebhookDelivery;
/** One event of the project's live stream (`GET …/audit/events`). */
export type LiveEvent = SdkLiveEvent;

/** Every failure: `status` (0 when the API could not be reached), `code`, and a message fit to show. */
export { AuditApiError as ApiFailure };

export type Api = AuditClient;
export type { OrgListFilters } from '../../sdk/src/index.js';

/**
 * `getKey` is read per request so signing out takes effect at once; a 401 calls `onUnauthorized`. Answers are never
 * taken from the HTTP cache: the grid re-reads after live events (and polls while the stream is down), and a stale row
 * would hide a change.
 */
export function createApi(getKey: () => string | null, onUnauthorized: () => void): Api {
  return createAuditClient({
    baseUrl: window.location.origin,
    token: getKey,
    onUnauthorized,
    fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }),
  });
}
