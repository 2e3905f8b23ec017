import { PROVIDERS } from '../db/providers.js';

/** Every error code the API can answer with: one closed union, snake_case as the spec's. */
export type ErrorCode =
  | 'unauthorized'
  | 'invalid_signature'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'invalid_provider'
  | 'validation_failed'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'not_connected'
  | 'request_failed'
  | 'oauth_not_configured'
  | 'bad_request'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'unavailable'
  | 'internal_error';

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  unauthorized: 'A valid API key is required: Authorization: Bearer kr_live_…',
  invalid_signature: 'The webhook signature is missing or invalid for this hook.',
  forbidden: 'This API key may not access this resource.',
  not_found: 'No such resource.',
  method_not_allowed: 'This method is not allowed on this resource.',
  invalid_provider: `Unknown provider; expected one of ${PROVIDERS.join(', ')}.`,
  validation_failed: 'The request body is invalid.',
  invalid_json: 'The request body is not valid JSON.',
  unsupported_media_type: 'The request body must be application/json.',
  payload_too_large: 'The request body is larger than 64 KiB.',
  not_connected: 'This provider is not connected for this project.',
  request_failed: 'The request could not be completed; try again shortly.',
  oauth_not_configured: 'No OAuth app is configured on the server for this provider; connect with credentials instead.',
  bad_request: 'The request could not be understood.',
  rate_limited: 'Too many requests; retry after the number of seconds in Retry-After.',
  quota_exceeded: 'A quota of this organization or project is used up.',
  unavailable: 'The service is temporarily unavailable; retry after the number of seconds in Retry-After.',
  internal_error: 'Something went wrong on our side.',
};

/**
 * The one error type handlers throw. `message` is shown to clients, so it must never contain a submitted value —
 * callers pass field names at most.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message?: string,
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
  }
}
