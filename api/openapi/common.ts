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
  422: 'invalid_provider, validation_failed, not_connected or request_failed (see the message)',
};

/** The error envelope for each listed status, plus `default` for the rest (405, 5xx). */
export function errors(...statuses: number[]): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const status of statuses) out[status] = { description: ERRORS[status] ?? 'error', content: json(ErrorEnvelopeSchema) };
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
