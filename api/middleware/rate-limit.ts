import type { Context, Middleware } from 'koa';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { ApiKeyRow } from '../../db/api-keys.js';
import type { ConnectSessionRow } from '../../db/connect-sessions.js';
import { ApiError } from '../errors.js';
import { wellFormedToken } from './auth.js';

/** docs/operating.md → Limits and quotas. Per process: each API replica has its own buckets. */
export interface RateLimitConfig {
  /** Average requests per minute per API key (RATE_LIMIT_PER_MINUTE); 0 turns the per-key limit off. */
  perMinute: number;
  /** How many of them may come at once (RATE_LIMIT_BURST). */
  burst: number;
  /**
   * Requests per minute per client address that carry no valid API key (RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE);
   * 0 turns it off.
   */
  unauthenticatedPerMinute: number;
}

export const RATE_LIMITS_OFF: RateLimitConfig = { perMinute: 0, burst: 0, unauthenticatedPerMinute: 0 };

/**
 * One named quota policy over rate-limiter-flexible's in-memory counter: `points` requests per window, the window
 * being the time the average rate takes to earn `points` (600/min with a burst of 100 → 100 per 10 s). That bounds
 * both the burst and the per-minute average, like a token bucket of that size and refill rate would; at a window edge
 * at most 2 × points can pass back to back.
 */
interface Policy {
  name: string;
  points: number;
  windowSeconds: number;
  limiter: RateLimiterMemory;
  /** The RateLimit-Policy field: the same on every answer, so built once. */
  header: string;
}

function policy(name: string, points: number, perMinute: number): Policy {
  const windowSeconds = Math.max(1, Math.round((points * 60) / perMinute));
  return { name, points, windowSeconds, limiter: new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds }), header: `"${name}";q=${points};w=${windowSeconds}` };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** IETF RateLimit-Policy / RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10): quota, window, remaining, reset. */
function setHeaders(ctx: Context, p: Policy, state: RateLimiterRes): void {
  ctx.set('RateLimit-Policy', p.header);
  ctx.set('RateLimit', `"${p.name}";r=${Math.max(0, state.remainingPoints)};t=${seconds(state.msBeforeNext)}`);
}

function refuse(ctx: Context, p: Policy, state: RateLimiterRes): never {
  setHeaders(ctx, p, state);
  ctx.set('Retry-After', String(seconds(state.msBeforeNext)));
  throw new ApiError('rate_limited', 429);
}

async function consume(p: Policy, key: string): Promise<{ ok: boolean; state: RateLimiterRes }> {
  try {
    return { ok: true, state: await p.limiter.consume(key) };
  } catch (rejected) {
    if (rejected instanceof RateLimiterRes) return { ok: false, state: rejected };
    throw rejected;
  }
}

export interface RateLimitMiddleware {
  /**
   * Around authentication: counts the requests that fail it (401) against the client address. Once the address has
   * used up that budget, a request without a well-formed token is refused here (429) before it costs anything; one
   * with a well-formed token is still looked up, so a valid key is served whatever its address did, and an unknown or
   * revoked one gets 429 instead of 401.
   */
  byAddress: Middleware;
  /** After authentication: the key's own bucket; a connect session's requests count against the key that created it. */
  byKey: Middleware;
}

/**
 * The client address is `ctx.ip`: the socket's peer, or with TRUST_PROXY=true the last X-Forwarded-For hop (the one the
 * trusted proxy appended; see createApp).
 */
export function rateLimit(config: RateLimitConfig): RateLimitMiddleware {
  const pass: Middleware = (_ctx, next) => next();
  const perKey = config.perMinute > 0 ? policy('api-key', Math.max(1, config.burst), config.perMinute) : undefined;
  const perAddress =
    config.unauthenticatedPerMinute > 0 ? policy('unauthenticated', config.unauthenticatedPerMinute, config.unauthenticatedPerMinute) : undefined;

  // Addresses whose budget is spent, each until its window ends: the check every request makes is one cache read, and
  // the library is asked only when that says spent or a request fails authentication. Bounded, so rotating addresses
  // cannot grow it; an address pushed out merely loses the fast path (its failures still answer 429, via consume).
  // Made when the first address is spent: the cache allocates its 100,000 slots up front (about 4 MB, and 22 ms of CPU
  // for each app a test file builds).
  let spent: LRUCache<string, true> | undefined;
  const byAddress: Middleware = !perAddress
    ? pass
    : async (ctx, next) => {
        // Only a token shaped like a key can turn out valid, so only such a request from a spent address is worth a
        // lookup (one indexed query when the key cache does not have it); the rest are refused without one.
        if (spent?.has(ctx.ip) && !wellFormedToken(ctx)) {
          const seen = await perAddress.limiter.get(ctx.ip);
          if (seen && seen.consumedPoints >= perAddress.points) refuse(ctx, perAddress, seen);
          spent.delete(ctx.ip);
        }
        try {
          await next();
        } catch (err) {
          // Counted only when authentication itself failed: a request whose key authenticated never touches the budget.
          if (err instanceof ApiError && err.code === 'unauthorized' && ctx.state.apiKey === undefined && ctx.state.connectSession === undefined) {
            const { ok, state } = await consume(perAddress, ctx.ip);
            if (state.consumedPoints >= perAddress.points) (spent ??= new LRUCache({ max: 100_000, ttl: 60_000 })).set(ctx.ip, true, { ttl: Math.max(1, state.msBeforeNext) });
            // Past the budget (an unknown token from a spent address, or failures racing past the last point).
            if (!ok) refuse(ctx, perAddress, state);
            setHeaders(ctx, perAddress, state);
          }
          throw err;
        }
      };

  const byKey: Middleware = !perKey
    ? pass
    : async (ctx, next) => {
        // A session spends its creating key's budget: minting sessions cannot multiply a key's request rate.
        const keyId = (ctx.state.apiKey as ApiKeyRow | undefined)?.id ?? (ctx.state.connectSession as ConnectSessionRow).api_key_id;
        const { ok, state } = await consume(perKey, keyId);
        if (!ok) refuse(ctx, perKey, state);
        setHeaders(ctx, perKey, state);
        await next();
      };

  return { byAddress, byKey };
}
