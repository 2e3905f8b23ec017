import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ErrorEnvelopeSchema, ProviderSchema } from './schemas.js';

export const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

const ERRORS: Record<number, string> = {
  400: 'invalid_json: the body is not valid JSON',
  401: 'unauthorized: missing, malformed, unknown or revoked API key',
  403: 'forbidden: the key belongs to another org or lacks the scope',
  404: 'not_found: no such resource (ids that cannot exist included)',
  413: 'payload_too_large: the body is over 64 KiB',
  415: 'unsupported_media_type: the body is not application/json',
  422: 'invalid_provider, validation_failed, not_connected, request_failed or quota_exceeded (see the message)',
  429: 'rate_limited: over the API key\'s (or, unauthenticated, the client address\'s) request rate; wait Retry-After seconds',
  503: 'unavailable: the database did not answer in time; retry after Retry-After seconds',
};

const header = (description: string) => ({ description, schema: { type: 'string' as const } });
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': header('The quota policy (IETF draft-ietf-httpapi-ratelimit-headers), e.g. `"api-key";q=100;w=10`'),
  RateLimit: header('What is left of it, e.g. `"api-key";r=42;t=7`'),
};
const HEADERS: Record<number, ResponseConfig['headers']> = {
  429: { 'Retry-After': header('Seconds until a request can succeed'), ...RATE_LIMIT_HEADERS },
  503: { 'Retry-After': header('Seconds to wait before retrying') },
};

/** Every /api/v1 answer carries the rate-limit headers (when limits are on), and may be 429 or 503. */
export function v1Responses(responses: Record<string, ResponseConfig>): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const [status, response] of Object.entries(responses)) out[status] = { ...response, headers: { ...RATE_LIMIT_HEADERS, ...response.headers } };
  return out;
}

/** The error envelope for each listed status, plus `default` for the rest (405, 5xx). */
export function errors(...statuses: number[]): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const status of statuses) {
    out[status] = { description: ERRORS[status] ?? 'error', content: json(ErrorEnvelopeSchema), ...(HEADERS[status] ? { headers: HEADERS[status] } : {}) };
  }
  out.default = { description: 'Any other failure, in the same envelope (method_not_allowed, internal_error)', content: json(ErrorEnvelopeSchema) };
  return out;
}

export const bearer = [{ bearerAuth: [] }];

// The same patterns the routes check (api/routes/scope.ts): anything else is a 404.
export const OrgProjectParams = z.object({
  org_id: z.uuid().meta({ description: 'The org UUID the API key belongs to' }),
  project_id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,99}$/).meta({ example: 'production-website' }),
});
export const ProviderParams = OrgProjectParams.extend({ provider: ProviderSchema });

export const V1 = '/api/v1';
export const PROJECT = `${V1}/orgs/{org_id}/projects/{project_id}/audit`;
