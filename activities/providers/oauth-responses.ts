import * as oauth from 'oauth4webapi';
import { jsonOf } from './http.js';

const OAUTH_ERROR = /^[a-z_]{1,64}$/;
/** Errors that mean the client itself is wrong: RFC 6749's, and GitHub's own name for a bad secret. */
export const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'incorrect_client_credentials']);

/** Linear apps created before December 2023 answer `scope` as an array; RFC 6749 (and oauth4webapi) want a string. */
export async function scopeAsString(res: Response): Promise<Response> {
  if (!res.ok) return res;
  const body = await jsonOf(res.clone());
  if (!body || typeof body !== 'object' || !Array.isArray((body as { scope?: unknown }).scope)) return res;
  const scope = ((body as { scope: unknown[] }).scope).filter((s) => typeof s === 'string').join(' ');
  return new Response(JSON.stringify({ ...body, scope }), { status: res.status, headers: { 'content-type': 'application/json' } });
}

/** The OAuth error code a failed token response carried, wherever oauth4webapi found it (body, challenge, a 200 with `error`). */
export function oauthErrorOf(err: unknown): string | undefined {
  let code: unknown;
  if (err instanceof oauth.ResponseBodyError) code = err.error;
  else if (err instanceof oauth.WWWAuthenticateChallengeError) code = err.cause.map((c) => c.parameters.error).find(Boolean);
  else if (err instanceof oauth.OperationProcessingError) code = ((err.cause as { body?: { error?: unknown } } | undefined)?.body)?.error;
  return typeof code === 'string' && OAUTH_ERROR.test(code) ? code : undefined;
}
