import { randomSlice } from '../../db/random.js';
import type { Middleware } from 'koa';

// Printable ASCII without spaces, 8–200 chars: anything else is replaced rather than echoed.
const INCOMING_ID = /^[\x21-\x7e]{8,200}$/;
// The id is echoed and logged: an API key pasted into the wrong header must not end up in either.
const LOOKS_LIKE_SECRET = /kr_live_/i;

/** 120 random bits, base64url (20 characters). */
export function newRequestId(): string {
  return randomSlice(15).toString('base64url');
}

export function requestIdMiddleware(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const id = INCOMING_ID.test(incoming) && !LOOKS_LIKE_SECRET.test(incoming) ? incoming : newRequestId();
    ctx.state.requestId = id;
    ctx.set('x-request-id', id);
    await next();
  };
}
