import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerIntegrationControlPaths } from './paths-integration-control.js';
import { registerResyncPaths } from './paths-resync.js';
import { registerServicePaths } from './paths-service.js';
import { registerV1Paths } from './paths-v1.js';
import { registerWebhookPaths } from './paths-webhooks.js';
import { registerConnectSessionPaths } from './paths-connect-sessions.js';
import { registerEventPaths } from './paths-events.js';
import { registerInboundPaths } from './paths-inbound.js';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let cached: OpenApiDocument | undefined;

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate with (request bodies and queries) and
 * the response schemas beside it. Built once per process: it depends on code only.
 */
export function openApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer kr_live_…` (create one with `npm run keys`).',
  });
  registry.registerComponent('securitySchemes', 'connectSession', {
    type: 'http',
    scheme: 'bearer',
    description: 'A connect session token: `Authorization: Bearer cs_…` (POST /api/v1/orgs/{org_id}/connect-sessions). Accepted only where an operation lists it, for its own project and providers.',
  });
  registerV1Paths(registry);
  registerIntegrationControlPaths(registry);
  registerResyncPaths(registry);
  registerWebhookPaths(registry);
  registerConnectSessionPaths(registry);
  registerEventPaths(registry);
  registerInboundPaths(registry);
  registerServicePaths(registry);
  cached = new OpenApiGeneratorV31(registry.definitions, { sortComponents: 'alphabetically' }).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Audit Integrations API',
      version: '1.0.0',
      description:
        'Connects a website-audit product to GA4, Search Console, Sentry, GitHub, GitLab, Jira, Linear and Cloudflare. ' +
        'Every JSON answer is `{data, meta, error}`; failures carry `error.code`. HEAD is accepted wherever GET is.',
    },
    tags: [
      { name: 'Integrations' },
      { name: 'Findings' },
      { name: 'Metrics' },
      { name: 'Webhooks' },
      { name: 'Audit log' },
      { name: 'Live events' },
      { name: 'Inbound webhooks' },
      { name: 'OAuth' },
      { name: 'Connect sessions' },
      { name: 'Keys' },
      { name: 'Operations' },
      { name: 'Documentation' },
      { name: 'Dashboard' },
    ],
  });
  return cached;
}
