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

/**
 * The API's connection to Temporal (lazy: the API starts, and /readyz reports, while Temporal is still coming up).
 * Every call gets its deadline from a gRPC interceptor, never from `Connection.withDeadline`: the SDK runs a
 * `withDeadline` callback inside an AsyncLocalStorage, and on Node 20 the first `run` of any AsyncLocalStorage turns
 * async hooks on for the rest of the process, so every promise of every later request pays an init hook. Ceiling (b)
 * served 18 % fewer requests with one `run` at start (test/bench/analysis.md, 3e). The SDK set its own
 * `temporal-namespace` header through the same storage; patches/@temporalio+client+1.24.0.patch passes it directly.
 * `test/api/temporal-calls.test.ts` checks that the API never enters the connection's call context. The SDK's retry interceptor stays, inside the
 * deadline, so retries of an UNAVAILABLE call end with it.
 */
export function connectApiToTemporal(options: ConnectionOptions, timeouts: TemporalCallTimeouts): Connection {
  return Connection.lazy({ ...options, interceptors: [deadlineInterceptor(timeouts), makeGrpcRetryInterceptor(defaultGrpcRetryOptions())] });
}

function deadlineInterceptor(timeouts: TemporalCallTimeouts): GrpcInterceptor {
  return (options, nextCall) => {
    const ms = options.method_definition.path === HEALTH_CHECK ? timeouts.healthMs : timeouts.callMs;
    // grpc-js chains whatever call the next interceptor returns; its type names the class, the chain needs the interface.
    return nextCall(options.deadline === undefined ? { ...options, deadline: Date.now() + ms } : options) as ReturnType<GrpcInterceptor>;
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
