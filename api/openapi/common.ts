import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import { PROJECT_SLUG } from '../routes/scope.js';
import { ErrorEnvelopeSchema, ProviderSchema } from './schemas.js';

export const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

/**
 * Every error code with the status it is answered with and when. Typed by ErrorCode, so a new code does not compile
 * until it is described here; each operation lists the codes it can answer (`errors(...)`), and the document gives
 * every status those codes map to, with `error.code` restricted to exactly them.
 */
const CODES: Record<ErrorCode, { status: number; when: string }> = {
  invalid_json: { status: 400, when: 'the body is not valid JSON (or not UTF-8)' },
  bad_request: { status: 400, when: 'the request could not be understood' },
  unauthorized: { status: 401, when: 'missing, malformed, unknown or revoked API key, or an unknown, expired or revoked connect session' },
  invalid_signature: { status: 401, when: "an inbound webhook's signature is missing or wrong, or its hook is unknown (the same answer for each)" },
  forbidden: { status: 403, when: 'the key belongs to another org or lacks the scope, or a connect session may not call this (route, org, project or provider)' },
  not_found: { status: 404, when: 'no such resource (ids that cannot exist included)' },
  method_not_allowed: { status: 405, when: 'the path exists, the method does not (see Allow)' },
  payload_too_large: { status: 413, when: 'the body is over 64 KiB (1 MiB for inbound webhooks)' },
  unsupported_media_type: { status: 415, when: 'the body is not application/json (UTF-8)' },
  invalid_provider: { status: 422, when: 'the provider is not one of the eight' },
  validation_failed: { status: 422, when: 'a field breaks the schema (the message names it, never its value)' },
  not_connected: { status: 422, when: 'the provider has no integration in this project' },
  request_failed: { status: 422, when: 'Temporal could not be reached for the sync start or cancel; repeat the request' },
  oauth_not_configured: { status: 422, when: 'no OAuth app for this provider on this deployment (see GET /api/v1/oauth/providers)' },
  quota_exceeded: { status: 422, when: "an org's or project's quota is used up (docs/operating.md: Limits and quotas)" },
  rate_limited: { status: 429, when: "over the API key's (or, unauthenticated, the client address's) request rate; wait Retry-After seconds" },
  internal_error: { status: 500, when: 'a fault on our side, reported with the request id' },
  unavailable: { status: 503, when: 'the database did not answer in time; retry after Retry-After seconds' },
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

/** Every /api/v1 answer carries the rate-limit headers (when limits are on). */
export function v1Responses(responses: Record<string, ResponseConfig>): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const [status, response] of Object.entries(responses)) out[status] = { ...response, headers: { ...RATE_LIMIT_HEADERS, ...response.headers } };
  return out;
}

/** The error envelope with `error.code` one of `codes`. */
function errorEnvelope(codes: readonly [ErrorCode, ...ErrorCode[]]) {
  return ErrorEnvelopeSchema.extend({ error: z.strictObject({ code: z.enum(codes), message: z.string() }) });
}

/**
 * The failures an operation can answer: each code under its status, `error.code` limited to the listed codes, plus
 * `default` for what any route may answer (405 for another method, 500 for a fault on our side).
 */
export function errors(...codes: ErrorCode[]): Record<string, ResponseConfig> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(CODES[code].status, [...(byStatus.get(CODES[code].status) ?? []), code]);
  const out: Record<string, ResponseConfig> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[status] = {
      description: list.map((code) => `${code}: ${CODES[code].when}`).join('; '),
      content: json(errorEnvelope(list as [ErrorCode, ...ErrorCode[]])),
      ...(HEADERS[status] ? { headers: HEADERS[status] } : {}),
    };
  }
  out.default = {
    description: 'Any other failure, in the same envelope: method_not_allowed (405), bad_request (4xx), internal_error (500)',
    content: json(ErrorEnvelopeSchema),
  };
  return out;
}

/** What every authenticated /api/v1 operation can answer before its route runs, and the database stall. */
export const V1_FAILURES: ErrorCode[] = ['unauthorized', 'rate_limited', 'unavailable'];
/** Routes under /orgs/{org_id}/projects/{project_id}: the ids are checked (404) and then the key's org and scope (403). */
export const SCOPED_FAILURES: ErrorCode[] = [...V1_FAILURES, 'forbidden', 'not_found'];
/** Routes that read a JSON body (api/middleware/body.ts). */
export const BODY_FAILURES: ErrorCode[] = ['invalid_json', 'payload_too_large', 'unsupported_media_type'];

export const bearer = [{ bearerAuth: [] }];
/** A connect session token (api/middleware/connect-session-gate.ts lists what it may call). */
export const sessionBearer = [{ connectSession: [] }];
/** The operations a connect session may call (for its own project and providers) also take an API key: either scheme. */
export const keyOrSession = [...bearer, ...sessionBearer];

// The same patterns the routes check (api/routes/scope.ts): anything else is a 404.
export const OrgProjectParams = z.object({
  org_id: z.uuid().meta({ description: 'The org UUID the API key belongs to' }),
  project_id: z.string().regex(PROJECT_SLUG).meta({ example: 'production-website' }),
});
export const ProviderParams = OrgProjectParams.extend({ provider: ProviderSchema });

export const V1 = '/api/v1';
export const PROJECT = `${V1}/orgs/{org_id}/projects/{project_id}/audit`;
