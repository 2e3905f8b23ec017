import type { Context, Middleware } from 'koa';
import { findActiveKeyByHash, hashToken, TOKEN_PATTERN, type ApiKeyRow, type Scope } from '../../db/api-keys.js';
import { findActiveSessionByHash, SESSION_TOKEN_PATTERN, type ConnectSessionRow } from '../../db/connect-sessions.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import type { ApiKeyCache } from '../key-cache.js';

const SESSION_UNAUTHORIZED = 'This connect session is unknown, expired or revoked: ask the application for a new one.';
export const SESSION_FORBIDDEN = 'A connect session may not access this resource.';

/**
 * Authenticates `Authorization: Bearer kr_live_…` (an API key: ctx.state.apiKey) or `Bearer cs_…` (a connect session:
 * ctx.state.connectSession, never apiKey — a handler that reads the key cannot mistake a session for one); 401 when
 * missing, malformed, unknown, expired or revoked. Runs before any handler reads or writes data; what a key may do is
 * `authorize`, what a session may do is the session gate (api/middleware/connect-session-gate.ts) and connectScope.
 * With a key cache (api/key-cache.ts) most key requests need no query; a session is looked up on each request (they
 * are few, and its expiry is then exact).
 */
export function authenticate(sql: Sql, keys?: ApiKeyCache): Middleware {
  return async (ctx, next) => {
    const token = wellFormedToken(ctx);
    if (!token) throw new ApiError('unauthorized', 401);
    if (SESSION_TOKEN_PATTERN.test(token)) {
      const session = await findActiveSessionByHash(sql, hashToken(token));
      if (!session) throw new ApiError('unauthorized', 401, SESSION_UNAUTHORIZED);
      ctx.state.connectSession = session;
    } else {
      const key = await (keys ? keys.find(token) : findActiveKeyByHash(sql, hashToken(token)));
      if (!key) throw new ApiError('unauthorized', 401);
      ctx.state.apiKey = key;
    }
    await next();
  };
}

/**
 * The bearer token when it has the shape of one of our keys or sessions, else undefined: only such a token can be worth
 * a lookup (the address rate limit uses this to refuse the rest without one). The scheme is case-insensitive (RFC 9110
 * §11.1); the token is compared only by its hash.
 */
export function wellFormedToken(ctx: Context): string | undefined {
  const token = /^Bearer +(\S+) *$/i.exec(ctx.get('authorization'))?.[1];
  return token !== undefined && (TOKEN_PATTERN.test(token) || SESSION_TOKEN_PATTERN.test(token)) ? token : undefined;
}

/** The request's API key; 403 when it was made with a connect session (whatever asks for a key is not for sessions). */
export function apiKeyOf(ctx: Context): ApiKeyRow {
  const key = ctx.state.apiKey as ApiKeyRow | undefined;
  if (!key) throw new ApiError('forbidden', 403, SESSION_FORBIDDEN);
  return key;
}

/** The request's connect session, undefined for an API key. */
export function connectSessionOf(ctx: Context): ConnectSessionRow | undefined {
  return ctx.state.connectSession as ConnectSessionRow | undefined;
}

/** 403 unless the authenticated key belongs to the path's org and carries the scope. */
export function authorize(key: ApiKeyRow, orgId: string, scope: Scope): void {
  if (key.org_id !== orgId || !key.scopes.includes(scope)) throw new ApiError('forbidden', 403);
}
