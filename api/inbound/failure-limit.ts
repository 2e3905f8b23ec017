import type { Context } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors.js';

/**
 * INBOUND_FAILURES_PER_MINUTE: deliveries refused with 401 per client address and minute, per API process, as the
 * unauthenticated budget of api/middleware/rate-limit.ts (the same library and RateLimit fields): once an address has
 * spent it, its deliveries are answered 429 before their body is read or a hook is looked up, until the window ends.
 * Verified deliveries never count. Providers deliver from shared address ranges, so one tenant's hook with a wrong
 * secret can spend the budget of that provider's addresses on this process: the periodic sync covers what is refused.
 */
export interface InboundFailureLimit {
  /** Throws 429 when `ctx.ip` has spent its budget. */
  check(ctx: Context): Promise<void>;
  /** Counts a refused delivery against `ctx.ip`; throws 429 once it is past the budget. */
  fail(ctx: Context): Promise<void>;
}

const NAME = 'inbound-failures';
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function setHeaders(ctx: Context, points: number, state: RateLimiterRes): void {
  ctx.set('RateLimit-Policy', `"${NAME}";q=${points};w=60`);
  ctx.set('RateLimit', `"${NAME}";r=${Math.max(0, state.remainingPoints)};t=${seconds(state.msBeforeNext)}`);
}

function refuse(ctx: Context, points: number, state: RateLimiterRes): never {
  setHeaders(ctx, points, state);
  ctx.set('Retry-After', String(seconds(state.msBeforeNext)));
  throw new ApiError('rate_limited', 429);
}

/** `perMinute` 0 = off. */
export function inboundFailureLimit(perMinute: number): InboundFailureLimit {
  if (perMinute <= 0) return { check: () => Promise.resolve(), fail: () => Promise.resolve() };
  const limiter = new RateLimiterMemory({ keyPrefix: NAME, points: perMinute, duration: 60 });
  return {
    async check(ctx) {
      const seen = await limiter.get(ctx.ip);
      if (seen && seen.consumedPoints >= perMinute) refuse(ctx, perMinute, seen);
    },
    async fail(ctx) {
      try {
        setHeaders(ctx, perMinute, await limiter.consume(ctx.ip));
      } catch (rejected) {
        if (rejected instanceof RateLimiterRes) refuse(ctx, perMinute, rejected);
        throw rejected;
      }
    },
  };
}
