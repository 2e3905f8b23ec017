import { connectSessionsClient, readConnectSession, type ConnectSessionsClient, type SessionInfo } from './connect-sessions.js';
import { eventsClient, type EventsClient } from './events.js';
import { findingsClient, syncRunsClient, type FindingsClient, type SyncRunsClient } from './findings.js';
import { integrationsClient, type IntegrationsClient } from './integrations.js';
import { createOrgResolver } from './org.js';
import { createTransport, type ClientOptions } from './transport.js';
import type { Me, OAuthProvider, ProviderInfo } from './types.js';
import { auditLogClient, webhooksClient, type AuditLogClient, type WebhooksClient } from './webhooks.js';

export interface AuditClient {
  /** The calling key: its id, org, name and scopes (never the key). */
  me(): Promise<Me>;
  providers: {
    /** The catalog: each provider's credential keys and whether "Connect with …" is configured. */
    list(): Promise<ProviderInfo[]>;
    /** The providers with an OAuth app on this deployment, with the fields their oauth/start takes. */
    oauth(): Promise<OAuthProvider[]>;
  };
  integrations: IntegrationsClient;
  findings: FindingsClient;
  syncRuns: SyncRunsClient;
  webhooks: WebhooksClient;
  auditLog: AuditLogClient;
  connectSessions: ConnectSessionsClient;
  /** The project's live events (Server-Sent Events), reconnecting by itself: `for await (const e of client.events.stream('web'))`. */
  events: EventsClient;
  /** With a connect session token (`cs_…`): the session's org, project, providers and expiry. */
  connectSession(): Promise<SessionInfo>;
}

/**
 * A typed client of the service's `/api/v1`, built on openapi-fetch with the types generated from the service's own
 * OpenAPI document. Methods answer the envelope's `data`; every failure rejects with an AuditApiError.
 *
 *     const client = createAuditClient({ baseUrl: 'http://127.0.0.1:3000', token: process.env.AUDIT_API_TOKEN! });
 *     for await (const finding of client.findings.list('web', { updatedSince: lastRun })) mirror(finding);
 */
export function createAuditClient(options: ClientOptions): AuditClient {
  const t = createTransport(options);
  const orgOf = createOrgResolver(t, options.org);
  const syncRuns = syncRunsClient(t, orgOf);
  const events = eventsClient(options, t.token, orgOf);
  const latestRun = async (project: string, provider: Parameters<SyncRunsClient['list']>[1] & string, opts?: { org?: string }) =>
    (await syncRuns.list(project, provider, { ...opts, pageSize: 1 }).page()).items[0];
  return {
    me: async () => (await t.get('/api/v1/me')).data,
    providers: {
      list: async () => (await t.get('/api/v1/providers')).data,
      oauth: async () => (await t.get('/api/v1/oauth/providers')).data,
    },
    integrations: integrationsClient(t, orgOf, latestRun, events),
    findings: findingsClient(t, orgOf),
    syncRuns,
    webhooks: webhooksClient(t, orgOf),
    auditLog: auditLogClient(t, orgOf),
    connectSessions: connectSessionsClient(t, orgOf),
    events,
    connectSession: () => readConnectSession(t),
  };
}
