import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CatalogEntrySchema } from '../catalog.js';
import { VerifyBodySchema, VerifyResultSchema } from '../routes/verify.js';
import { ConnectBodySchema } from '../middleware/validate.js';
import { CreateFindingSchema, ListQuerySchema as FindingsQuerySchema, UpdateFindingSchema } from '../routes/findings.js';
import { ListQuerySchema as MetricsQuerySchema } from '../routes/metrics.js';
import { ListQuerySchema as SyncRunsQuerySchema } from '../routes/sync-runs.js';
import { OAUTH_PROVIDERS } from '../oauth-config.js';
import { bearer, BODY_FAILURES, errors, json, keyOrSession, OrgProjectParams, PROJECT, ProviderParams, SCOPED_FAILURES, V1, V1_FAILURES, v1Responses } from './common.js';
import {
  envelope,
  FindingSchema,
  IntegrationSchema,
  MeSchema,
  MetricSchema,
  OAuthProviderSchema,
  OAuthStartSchema,
  PlaceholderSchema,
  SyncRunSchema,
} from './schemas.js';

const INTEGRATIONS = `${PROJECT}/integrations`;
const bodyOf = (schema: z.ZodType, description: string) => ({ required: false, description, content: json(schema) });

// The body oauth/start accepts (api/routes/oauth.ts checks it): only the non-secret fields of an OAuth app, each
// provider its own (a field of another provider's app is a 422).
const OAUTH_FIELDS = [...new Set(Object.values(OAUTH_PROVIDERS).flatMap((spec) => spec.fields))] as [string, ...string[]];
const OAuthStartBodySchema = z.object({
  credentials: z
    .record(z.enum(OAUTH_FIELDS), z.string().max(500))
    .meta({ description: `Only the fields of this provider's app (GET /api/v1/oauth/providers lists them): ${Object.entries(OAUTH_PROVIDERS).map(([p, spec]) => `${p}: ${spec.fields.join(', ')}`).join('; ')}` })
    .optional(),
});

/** Every operation under /api/v1, with the zod schemas the routes validate with. */
export function registerV1Paths(registry: OpenAPIRegistry): void {
  const op = (cfg: Parameters<OpenAPIRegistry['registerPath']>[0]) =>
    registry.registerPath({ security: bearer, ...cfg, responses: v1Responses(cfg.responses as Record<string, ResponseConfig>) });

  op({
    method: 'get', path: INTEGRATIONS, tags: ['Integrations'], summary: 'List integrations (one entry per provider)',
    description: "Scope audit:read. Never-connected providers appear as placeholders. Not paginated. With a connect session: the session's providers only.",
    security: keyOrSession,
    request: { params: OrgProjectParams },
    responses: { 200: { description: 'One entry per provider', content: json(envelope(z.array(z.union([IntegrationSchema, PlaceholderSchema])))) }, ...errors(...SCOPED_FAILURES) },
  });
  op({
    method: 'post', path: `${INTEGRATIONS}/{provider}/connect`, tags: ['Integrations'], summary: 'Connect (or re-connect) a provider',
    description: 'Scope audit:write, or a connect session of this project and provider. Credentials are encrypted at rest and never returned; `auth_code` is merged into them.',
    security: keyOrSession,
    request: { params: ProviderParams, body: bodyOf(ConnectBodySchema, 'Provider credentials and/or an OAuth auth_code; at most 64 KiB') },
    responses: { 200: { description: 'The stored integration', content: json(envelope(IntegrationSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'invalid_provider', 'validation_failed', 'quota_exceeded') },
  });
  op({
    method: 'post', path: `${INTEGRATIONS}/{provider}/sync`, tags: ['Integrations'], summary: 'Start a sync',
    description: 'Scope audit:write. Answers at once with the row `syncing`; poll the list (or the sync runs) for the result. Any body is ignored.',
    request: { params: ProviderParams },
    responses: { 202: { description: 'Sync enqueued', content: json(envelope(IntegrationSchema)) }, ...errors(...SCOPED_FAILURES, 'invalid_provider', 'not_connected', 'request_failed') },
  });
  op({
    method: 'post', path: `${INTEGRATIONS}/{provider}/disconnect`, tags: ['Integrations'], summary: 'Disconnect a provider',
    description: 'Scope audit:write. Wipes the credentials, removes the sync schedule and cancels a running sync.',
    request: { params: ProviderParams },
    responses: { 200: { description: 'The disconnected integration', content: json(envelope(IntegrationSchema)) }, ...errors(...SCOPED_FAILURES, 'invalid_provider', 'not_connected', 'request_failed') },
  });
  op({
    method: 'get', path: `${INTEGRATIONS}/{provider}/syncs`, tags: ['Integrations'], summary: 'List sync runs, newest first',
    description: 'Scope audit:read. Cursor-paginated: pass meta.next_cursor as `cursor`.',
    request: { params: ProviderParams, query: SyncRunsQuerySchema },
    responses: { 200: { description: 'A page of sync runs', content: json(envelope(z.array(SyncRunSchema), 'cursor')) }, ...errors(...SCOPED_FAILURES, 'invalid_provider', 'validation_failed') },
  });
  op({
    method: 'post', path: `${INTEGRATIONS}/{provider}/oauth/start`, tags: ['OAuth'], summary: 'Start an OAuth connect',
    description: 'Scope audit:write, or a connect session of this project and provider (its callback then answers the hosted connect page). Returns the provider authorize URL and sets an HttpOnly cookie binding the flow to this browser.',
    security: keyOrSession,
    request: { params: ProviderParams, body: bodyOf(OAuthStartBodySchema, "The app's non-secret fields (e.g. a Sentry organization)") },
    responses: { 200: { description: 'Where to send the browser', content: json(envelope(OAuthStartSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'invalid_provider', 'oauth_not_configured', 'validation_failed') },
  });
  op({
    method: 'get', path: `${V1}/oauth/providers`, tags: ['OAuth'], summary: 'Providers with an OAuth app configured',
    responses: { 200: { description: 'Configured OAuth apps', content: json(envelope(z.array(OAuthProviderSchema))) }, ...errors(...V1_FAILURES, 'forbidden') },
  });
  op({
    method: 'post', path: `${INTEGRATIONS}/{provider}/verify`, tags: ['Integrations'], summary: 'Check credentials without storing them',
    description: "Scope audit:write, or a connect session of this project and provider. The provider's credentials schema per key, then one cheap authenticated read at the provider (from the API, through the egress guard). Nothing is stored.",
    security: keyOrSession,
    request: { params: ProviderParams, body: { required: true, content: json(VerifyBodySchema) } },
    responses: { 200: { description: 'ok, or the problems per key', content: json(envelope(VerifyResultSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'invalid_provider', 'validation_failed') },
  });
  op({
    method: 'get', path: `${V1}/providers`, tags: ['Providers'], summary: 'The provider catalog',
    description: 'Any valid key or connect session. Each provider with its credential keys (from the same definitions the server validates with) and whether "Connect with …" is configured on this deployment.',
    security: keyOrSession,
    responses: { 200: { description: 'One entry per provider', content: json(envelope(z.array(CatalogEntrySchema))) }, ...errors(...V1_FAILURES) },
  });
  op({
    method: 'get', path: `${PROJECT}/findings`, tags: ['Findings'], summary: 'List findings',
    description: 'Scope audit:read. Newest first, cursor-paginated, with the tracker issues of each finding.',
    request: { params: OrgProjectParams, query: FindingsQuerySchema },
    responses: { 200: { description: 'A page of findings', content: json(envelope(z.array(FindingSchema), 'page')) }, ...errors(...SCOPED_FAILURES, 'validation_failed') },
  });
  op({
    method: 'post', path: `${PROJECT}/findings`, tags: ['Findings'], summary: 'Create a finding',
    description: 'Scope audit:write. Syncs push open findings to the connected trackers.',
    request: { params: OrgProjectParams, body: { required: true, content: json(CreateFindingSchema) } },
    responses: { 201: { description: 'The new finding', content: json(envelope(FindingSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'validation_failed', 'quota_exceeded') },
  });
  op({
    method: 'patch', path: `${PROJECT}/findings/{id}`, tags: ['Findings'], summary: 'Resolve or reopen a finding',
    request: { params: OrgProjectParams.extend({ id: z.uuid() }), body: { required: true, content: json(UpdateFindingSchema) } },
    responses: { 200: { description: 'The updated finding', content: json(envelope(FindingSchema)) }, ...errors(...SCOPED_FAILURES, ...BODY_FAILURES, 'validation_failed', 'quota_exceeded') },
  });
  op({
    method: 'get', path: `${PROJECT}/metrics`, tags: ['Metrics'], summary: 'List metrics pulled from data providers',
    description: 'Scope audit:read. GA4, Search Console and Cloudflare numbers; by default only the newest pull of each.',
    request: { params: OrgProjectParams, query: MetricsQuerySchema },
    responses: { 200: { description: 'A page of metrics', content: json(envelope(z.array(MetricSchema), 'page')) }, ...errors(...SCOPED_FAILURES, 'validation_failed', 'invalid_provider') },
  });
  op({
    method: 'get', path: `${V1}/me`, tags: ['Keys'], summary: 'The API key making the request',
    description: 'A connect session gets 403 (it has GET /api/v1/connect-session).',
    responses: { 200: { description: 'Which key (never the key itself)', content: json(envelope(MeSchema)) }, ...errors(...V1_FAILURES, 'forbidden') },
  });
}
