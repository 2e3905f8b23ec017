import { InterceptingCall } from '@grpc/grpc-js';
import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

export interface TemporalCallTimeouts {
  /** Deadline of each call the API makes for a request (start, describe, signal, cancel): TEMPORAL_START_TIMEOUT_MS. */
  callMs: number;
  /** Deadline of /readyz's health check. */
  healthMs: number;
}

const HEALTH_CHECK = '/grpc.health.v1.Health/Check';
export const HEALTH_TIMEOUT_MS = 2000;

export interface ApiTemporal {
  connection: Connection;
  /** /readyz's check: resolves when Temporal answers its health check within HEALTH_TIMEOUT_MS, rejects otherwise. */
  ping(): Promise<void>;
  /** Waits for every call still in flight (each ends by its deadline), then closes the connection. */
  close(): Promise<void>;
}

/**
 * The API's connection to Temporal (lazy: the API starts, and /readyz reports, while Temporal is still coming up).
 *
 * Deadlines: every call gets one from a gRPC interceptor, never from `Connection.withDeadline`. The SDK runs a
 * `withDeadline` callback inside an AsyncLocalStorage, and on Node 20 the first `run` of any AsyncLocalStorage turns
 * async hooks on for the rest of the process, so every promise of every later request pays an init hook; ceiling (b)
 * served 18 % fewer requests with one `run` at start (test/bench/analysis.md, 3e). The SDK set its own
 * `temporal-namespace` header through the same storage; patches/@temporalio+client+1.24.0.patch passes it directly.
 * `test/api/temporal-calls.test.ts` checks that the API never enters the connection's call context.
 *
 * Closing: the SDK's retry interceptor (kept, inside the deadline) re-sends an UNAVAILABLE call from a timer it never
 * cancels, and a connection closed while such a timer is pending makes it throw "Channel has been shut down" as an
 * uncaught exception. A call may outlive the request that made it (/readyz and `within` answer at their own time), so
 * the same interceptor counts the calls in flight and `close` waits for them before closing the connection.
 */
export function connectApiToTemporal(options: ConnectionOptions, timeouts: TemporalCallTimeouts): ApiTemporal {
  const inFlight = new Set<Promise<void>>();
  const track: GrpcInterceptor = (callOptions, nextCall) => {
    const ms = callOptions.method_definition.path === HEALTH_CHECK ? timeouts.healthMs : timeouts.callMs;
    let ended!: () => void;
    const call = new Promise<void>((resolve) => (ended = resolve));
    inFlight.add(call);
    void call.then(() => inFlight.delete(call));
    const next = nextCall(callOptions.deadline === undefined ? { ...callOptions, deadline: Date.now() + ms } : callOptions);
    return new InterceptingCall(next, {
      start(metadata, _listener, start) {
        // The status comes once, after the last retry: the call is over.
        start(metadata, {
          onReceiveStatus(status, pass) {
            ended();
            pass(status);
          },
        });
      },
    });
  };
  const connection = Connection.lazy({ ...options, interceptors: [track, makeGrpcRetryInterceptor(defaultGrpcRetryOptions())] });
  return {
    connection,
    ping: () => connection.healthService.check({}).then(() => undefined),
    async close() {
      while (inFlight.size > 0) await Promise.all(inFlight);
      await connection.close();
    },
  };
}

/** Thrown by `within` when the steps together outlast their budget. */
export class TemporalTimeoutError extends Error {
  constructor(ms: number) {
    super(`Temporal did not answer within ${ms} ms`);
    this.name = 'TemporalTimeoutError';
  }
}

/**
 * Bounds a sequence of Temporal calls (each already bounded by its own deadline) by one budget, as a single deadline
 * over them all would: a sync request answers within TEMPORAL_START_TIMEOUT_MS however many calls it takes.
 */
export async function within<T>(ms: number, steps: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalTimeoutError(ms)), ms);
  });
  const work = steps();
  // A step left running past the budget ends by its own deadline; its outcome is no longer anyone's.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
