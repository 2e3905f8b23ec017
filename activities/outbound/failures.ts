import { FailureType, permanentFailure, transientFailure, unreachableMessage } from '../errors.js';

/**
 * What the outbound client (client.ts) makes of a failed exchange. Two audiences: the tenant gets one message for an
 * address that is refused, does not resolve or does not answer — otherwise error texts would map which internal names
 * exist — and the operator's log gets the precise cause. The failure types stay distinct for retry classification.
 */

/** Thrown inside the connector; recognised in the fetch error's cause chain. */
export class EgressBlockedError extends Error {
  override name = 'EgressBlockedError';
  readonly code = 'EGRESS_BLOCKED';
  constructor(
    message: string,
    /** What DNS answered (or the literal): for the operator's log line. */
    readonly addresses: readonly string[],
  ) {
    super(message);
  }
}

export class ResponseTooLargeError extends Error {}

/** Where a request failed before any answer came, as the operator's log line names it. */
export type Unreached = 'refused' | 'unresolvable' | 'unreachable' | 'timeout';

// A name that does not exist fails like a refused address (same type, not retried): otherwise the error code and the
// retries would still tell a tenant which internal names exist. A DNS server failing (EAI_AGAIN, SERVFAIL) is retried.
const NO_SUCH_NAME = new Set(['ENOTFOUND', 'EAI_NONAME', 'ENODATA']);
const DNS_FAILURES = new Set([...NO_SUCH_NAME, 'EAI_AGAIN', 'EAI_FAIL', 'ESERVFAIL']);

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) out.push(e);
  return out;
}

const isTimeout = (chain: unknown[], timeout: AbortSignal) => timeout.aborted || chain.some((e) => (e as { name?: unknown }).name === 'TimeoutError');

/** Why no answer came: the guard refused the address, DNS had none, nothing answered in time, or the connection failed. */
export function unreachedCause(err: unknown, timeout: AbortSignal): Unreached {
  const chain = causes(err);
  if (chain.some((e) => e instanceof EgressBlockedError)) return 'refused';
  if (chain.some((e) => DNS_FAILURES.has(String((e as { code?: unknown }).code)))) return 'unresolvable';
  return isTimeout(chain, timeout) ? 'timeout' : 'unreachable';
}

const noSuchName = (err: unknown) => causes(err).some((e) => NO_SUCH_NAME.has(String((e as { code?: unknown }).code)));

/** The system error code, or for a refusal the addresses DNS gave: what an operator needs, nothing a tenant sent. */
export function errorDetail(err: unknown): { code?: string; addresses?: readonly string[] } {
  const chain = causes(err);
  const blocked = chain.find((e): e is EgressBlockedError => e instanceof EgressBlockedError);
  if (blocked) return { addresses: blocked.addresses };
  const code = chain.map((e) => (e as { code?: unknown }).code).find((c): c is string => typeof c === 'string');
  return code ? { code } : {};
}

/**
 * The failure for an exchange that threw. `unreached` is set when no answer came; `cap` is this request's byte cap,
 * `clientCap` the client's (PROVIDER_MAX_RESPONSE_BYTES).
 */
export function failureOf(err: unknown, label: string, timeout: AbortSignal, unreached: Unreached | undefined, cap: number, clientCap: number): unknown {
  // Refused and a name that does not exist are one failure, not retried; the rest is retried. The text is one for all.
  if (unreached === 'refused' || (unreached === 'unresolvable' && noSuchName(err))) return permanentFailure(FailureType.AddressBlocked, unreachableMessage(label));
  if (unreached) return transientFailure(FailureType.Unavailable, unreachableMessage(label));
  const chain = causes(err);
  if (chain.some((e) => e instanceof ResponseTooLargeError)) {
    const setting = cap === clientCap ? ' (PROVIDER_MAX_RESPONSE_BYTES)' : '';
    return permanentFailure(FailureType.TooLarge, `${label} answered with more than ${cap} bytes${setting}`);
  }
  // The provider answered, then its body stalled or broke off.
  return transientFailure(FailureType.Unavailable, `${label} ${isTimeout(chain, timeout) ? 'timed out' : 'broke off its answer'}`);
}
