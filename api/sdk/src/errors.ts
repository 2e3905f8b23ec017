/**
 * Every failure the SDK reports: an answer of the API in its error envelope (`status` and `error.code` as sent), or
 * one that never reached it (`status` 0: `network_error`, `invalid_response`, and `timeout` when `sync({wait})` gave
 * up). A failed sync is the sync run's own `error_code` and `error_message`, with status 0.
 */
export class AuditApiError extends Error {
  override readonly name = 'AuditApiError';

  constructor(
    /** The HTTP status, or 0 when no answer of the API is behind this error. */
    readonly status: number,
    /** The envelope's snake_case `error.code` (docs/api.md → Error codes), or the SDK's own code. */
    readonly code: string,
    message: string,
    /** The server's id of the request (`meta.request_id`, the `x-request-id` header), to quote to an operator. */
    readonly requestId: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const NETWORK_MESSAGE = 'The API could not be reached. Check your connection and try again.';

interface ErrorEnvelope {
  meta?: { request_id?: unknown };
  error?: { code?: unknown; message?: unknown } | null;
}

/** The error of a non-2xx answer: the envelope's code and message, or the status alone (a proxy's HTML page). */
export function errorOfResponse(response: Response, body: unknown): AuditApiError {
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as ErrorEnvelope;
  const code = typeof envelope.error?.code === 'string' ? envelope.error.code : 'http_error';
  const message = typeof envelope.error?.message === 'string' ? envelope.error.message : `The API answered ${response.status}.`;
  const requestId = typeof envelope.meta?.request_id === 'string' ? envelope.meta.request_id : response.headers.get('x-request-id');
  return new AuditApiError(response.status, code, message, requestId);
}
