import type { Connection } from '@temporalio/client';

export interface TemporalHealth {
  /** Resolves when Temporal answers its health check within the deadline; rejects otherwise. */
  ping(): Promise<void>;
  /** Waits for pings still in flight; call it before `connection.close()`. */
  drain(): Promise<void>;
}

/**
 * The readiness probe's Temporal check. The client's retry interceptor re-sends an UNAVAILABLE call from a timer it
 * never cancels; a connection closed while such a timer is pending makes it throw "Channel has been shut down" as an
 * uncaught exception. /readyz answers at its own timeout, possibly before the call settles, so the pings in flight are
 * tracked and awaited (each ends by its deadline, which the connection sets: api/temporal-calls.ts) before the
 * connection closes.
 */
export function createTemporalHealth(connection: Connection): TemporalHealth {
  const inFlight = new Set<Promise<unknown>>();
  return {
    ping() {
      const call = connection.healthService.check({});
      const settled = call.then(() => undefined, () => undefined);
      inFlight.add(settled);
      void settled.finally(() => inFlight.delete(settled));
      return call.then(() => undefined);
    },
    async drain() {
      await Promise.all(inFlight);
    },
  };
}
