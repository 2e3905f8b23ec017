import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errors, json, V1 } from './common.js';
import { HealthSchema, NotReadySchema, ProviderSchema, ReadySchema } from './schemas.js';

const text = (type: string, description: string) => ({ [type]: { schema: z.string().meta({ description }) } });

/** Probes, documentation, the dashboard, the connect page and the OAuth callback: everything outside the authenticated API. */
export function registerServicePaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get', path: '/healthz', tags: ['Operations'], summary: 'Liveness: the process answers',
    responses: { 200: { description: 'Alive', content: json(HealthSchema) } },
  });
  registry.registerPath({
    method: 'get', path: '/readyz', tags: ['Operations'], summary: 'Readiness: Postgres and Temporal reachable',
    responses: { 200: { description: 'Ready', content: json(ReadySchema) }, 503: { description: 'A dependency is down', content: json(NotReadySchema) } },
  });
  registry.registerPath({
    method: 'get', path: `${V1}/openapi.json`, tags: ['Documentation'], summary: 'This document (OpenAPI 3.1)',
    responses: { 200: { description: 'The OpenAPI document', content: json(z.record(z.string(), z.unknown())) } },
  });
  registry.registerPath({
    method: 'get', path: '/docs', tags: ['Documentation'], summary: 'Readable API reference (Swagger UI)',
    responses: { 200: { description: 'HTML page', content: text('text/html', 'The reference page') } },
  });
  registry.registerPath({
    method: 'get', path: '/docs/{asset}', tags: ['Documentation'], summary: "The reference page's scripts and styles",
    request: { params: z.object({ asset: z.string() }) },
    responses: {
      200: { description: 'A static asset', content: { ...text('text/css', 'Stylesheet'), ...text('text/javascript', 'Script'), ...text('image/png', 'Icon') } },
      ...errors('not_found'),
    },
  });
  for (const path of ['/dashboard', '/dashboard/']) {
    registry.registerPath({
      method: 'get', path, tags: ['Dashboard'], summary: 'The integrations dashboard (single page app)',
      responses: { 200: { description: 'index.html', content: text('text/html', 'The dashboard') }, 503: { description: 'Not built', content: text('text/plain', 'How to build it') } },
    });
  }
  registry.registerPath({
    method: 'get', path: '/dashboard/{name}', tags: ['Dashboard'], summary: "The dashboard's built assets",
    request: { params: z.object({ name: z.string() }) },
    responses: {
      200: { description: 'A built asset', content: { ...text('text/javascript', 'Script'), ...text('text/css', 'Stylesheet'), ...text('image/svg+xml', 'Icon') } },
      304: { description: 'Not modified (ETag)' },
      404: { description: 'No such asset', content: text('text/plain', 'Not found') },
    },
  });
  for (const path of ['/connect', '/connect/']) {
    registry.registerPath({
      method: 'get', path, tags: ['Connect sessions'], summary: 'The hosted connect page (open `url` of a connect session)',
      description:
        'A browser page, no API key: it reads the session token from the URL fragment (`#session=cs_…`, never sent to a ' +
        'server), removes it from the address bar and calls the API with it in the Authorization header. docs/embed.md.',
      responses: { 200: { description: 'index.html', content: text('text/html', 'The connect page') }, 503: { description: 'Not built', content: text('text/plain', 'How to build it') } },
    });
  }
  registry.registerPath({
    method: 'get', path: '/connect/{name}', tags: ['Connect sessions'], summary: "The connect page's built assets",
    request: { params: z.object({ name: z.string() }) },
    responses: {
      200: { description: 'A built asset', content: { ...text('text/javascript', 'Script'), ...text('text/css', 'Stylesheet'), ...text('image/svg+xml', 'Icon') } },
      304: { description: 'Not modified (ETag)' },
      404: { description: 'No such asset', content: text('text/plain', 'Not found') },
    },
  });
  registry.registerPath({
    method: 'get', path: '/oauth/{provider}/callback', tags: ['OAuth'], summary: "The provider's redirect back after authorization",
    description:
      'A browser navigation, no API key: the signed state and cookie stand in for it. For any of the eight providers it ' +
      'redirects to the dashboard with an outcome (`oauth=connected` or `oauth_error=<code>`); any other provider is a 404.',
    request: {
      params: z.object({ provider: ProviderSchema }),
      query: z.object({ state: z.string().optional(), code: z.string().optional(), error: z.string().optional() }),
    },
    responses: {
      303: { description: 'Redirect to /dashboard/ with oauth=connected or oauth_error', headers: z.object({ location: z.string() }) },
      ...errors('not_found', 'unavailable'),
    },
  });
}
