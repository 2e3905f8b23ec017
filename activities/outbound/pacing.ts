/** What a pause needs: cancellation, and a heartbeat so a long wait is not taken for a stuck worker. */
export interface PauseContext {
  signal: AbortSignal;
  heartbeat: (details?: unknown) => void;
}

/** Sleeps while heartbeating, so a long pause is not mistaken for a stuck worker; wakes early on cancellation. */
export async function pause(ctx: PauseContext, ms: number): Promise<void> {
  let left = ms;
  while (left > 0) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const step = Math.min(left, 5_000);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, step);
      ctx.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    left -= step;
    ctx.heartbeat({ phase: 'rate-limit-pause' });
  }
  if (ctx.signal.aborted) throw ctx.signal.reason;
}

/** At most `max` requests in any `windowMs`. */
export interface PacingWindow {
  max: number;
  windowMs: number;
}

/**
 * How one integration's requests to one provider host are spread, from the provider's documented limits:
 * `minIntervalMs` between any two requests, `window` over all requests, `writeWindow` over content-creating ones
 * (anything but GET/HEAD).
 */
export interface PacingPolicy {
  minIntervalMs?: number;
  window?: PacingWindow;
  writeWindow?: PacingWindow;
}

function windowGate(ctx: PauseContext, w: PacingWindow, now: () => number): () => Promise<void> {
  const stamps: number[] = [];
  return async () => {
    for (;;) {
      const t = now();
      while (stamps.length > 0 && stamps[0]! <= t - w.windowMs) stamps.shift();
      if (stamps.length < w.max) break;
      await pause(ctx, stamps[0]! + w.windowMs - t);
    }
    stamps.push(now());
  };
}

/**
 * The pacer of one sync attempt: a gate per provider host. A retry starts fresh; the provider's own 429/403 with
 * retry-after then covers what came before.
 */
export function createHostPacer(ctx: PauseContext, now: () => number = Date.now): (host: string, method: string, policy: PacingPolicy | undefined) => Promise<void> {
  const hosts = new Map<string, { last: number; all?: () => Promise<void>; writes?: () => Promise<void> }>();
  return async (host, method, policy) => {
    if (!policy) return;
    let state = hosts.get(host);
    if (!state) {
      state = {
        last: -Infinity,
        ...(policy.window ? { all: windowGate(ctx, policy.window, now) } : {}),
        ...(policy.writeWindow ? { writes: windowGate(ctx, policy.writeWindow, now) } : {}),
      };
      hosts.set(host, state);
    }
    const wait = state.last + (policy.minIntervalMs ?? 0) - now();
    if (wait > 0) await pause(ctx, wait);
    // The windows last: their stamps are taken right before the request goes out.
    if (method !== 'GET' && method !== 'HEAD') await state.writes?.();
    await state.all?.();
    state.last = now();
  };
}
