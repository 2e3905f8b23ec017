import { randomSlice } from '../../db/random.js';
import type { Middleware } from 'koa';

// Printable ASCII without spaces, at most 200 characters: a client's id is kept only in this shape, else dropped.
const CLIENT_ID = /^[\x21-\x7e]{1,200}$/;
// The client's id is echoed, logged and stored in the tenant-readable audit log: a key or token pasted into the wrong
// header must reach none of them. Our own keys and webhook secrets, and the token prefixes providers publish.
const LOOKS_LIKE_SECRET = /kr_live_|whsec_|gh[pousr]_|github_pat_|glpat-|lin_api_|sk_live_|xox[abpr]-|ya29\.|eyJ[\w-]{8,}\./i;

/** 120 random bits, base64url (20 characters). */
export function newRequestId(): string {
  return randomSlice(15).toString('base64url');
}

/** A client's X-Request-Id worth keeping (bounded, printable, not secret-shaped), else undefined. */
export function clientRequestId(incoming: string): string | undefined {
  return CLIENT_ID.test(incoming) && !LOOKS_LIKE_SECRET.test(incoming) ? incoming : undefined;
}

/**
 * The request id is always ours: a client-chosen one could collide with, or impersonate, another request's in logs
 * and the audit log. What a client sends as X-Request-Id is kept beside it as `client_request_id` (access log, audit
 * entry) and echoed as X-Client-Request-Id, so the client can still correlate.
 */
export function requestIdMiddleware(): Middleware {
  return async (ctx, next) => {
    const id = newRequestId();
    ctx.state.requestId = id;
    ctx.set('x-request-id', id);
    const clientId = clientRequestId(ctx.get('x-request-id'));
    if (clientId !== undefined) {
      ctx.state.clientRequestId = clientId;
      ctx.set('x-client-request-id', clientId);
    }
    await next();
  };
}
