import type { Context, Middleware } from 'koa';
import { findActiveKeyByHash, hashToken, TOKEN_PATTERN, type ApiKeyRow, type Scope } from '../../db/api-keys.js';
import type { Sql } from '../../db/sql.js';
import { ApiError } from '../errors.js';
import type { ApiKeyCache } from '../key-cache.js';

/**
 * Authenticates `Authorization: Bearer kr_live_…` (401 when missing, malformed, unknown or revoked) and puts the key on
 * ctx.state.apiKey. Runs before any handler reads or writes data; the org and scope check is `authorize`. With a key
 * cache (api/key-cache.ts) most requests need no query.
 */
export function authenticate(sql: Sql, keys?: ApiKeyCache): Middleware {
  return async (ctx, next) => {
    const token = wellFormedToken(ctx);
    if (!token) throw new ApiError('unauthorized', 401);
    const key = await (keys ? keys.find(token) : findActiveKeyByHash(sql, hashToken(token)));
    if (!key) throw new ApiError('unauthorized', 401);
    ctx.state.apiKey = key;
    await next();
  };
}

/**
 * The bearer token when it has the shape of one of our keys, else undefined: only such a token can be worth a lookup
 * (the address rate limit uses this to refuse the rest without one). The scheme is case-insensitive (RFC 9110 §11.1);
 * the token is compared only by its hash.
 */
export function wellFormedToken(ctx: Context): string | undefined {
  const token = /^Bearer +(\S+) *$/i.exec(ctx.get('authorization'))?.[1];
  return token !== undefined && TOKEN_PATTERN.test(token) ? token : undefined;
}

/** 403 unless the authenticated key belongs to the path's org and carries the scope. */
export function authorize(key: ApiKeyRow, orgId: string, scope: Scope): void {
  if (key.org_id !== orgId || !key.scopes.includes(scope)) throw new ApiError('forbidden', 403);
}
