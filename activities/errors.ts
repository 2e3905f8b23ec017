import { ApplicationFailure } from '@temporalio/activity';

/**
 * Failure types, all in one place. Non-retryable ones go straight to `error`; the rest are retried by the activity's
 * bounded retry policy (workflows/sync-integration.ts).
 */
export const FailureType = {
  /** 401/403 from the provider: the stored credentials are wrong or lack access. */
  Auth: 'ProviderAuthFailed',
  /** Missing credential keys, unknown repository/project, or a provider refusing the request as invalid. */
  Config: 'ProviderConfigInvalid',
  /** The OAuth code or refresh token was refused: the user must reconnect. */
  Reconnect: 'ProviderReconnectRequired',
  NotImplemented: 'ProviderNotImplemented',
  /** Stored credentials cannot be decrypted with the configured keys. */
  Credentials: 'CredentialsUnreadable',
  /** 429 / quota: retried after the provider's own delay. */
  RateLimited: 'ProviderRateLimited',
  /** 5xx, timeouts, network errors: retried with backoff. */
  Unavailable: 'ProviderUnavailable',
} as const;
export type FailureTypeName = (typeof FailureType)[keyof typeof FailureType];

export function permanentFailure(type: FailureTypeName, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

const MIN_RETRY_DELAY_MS = 1000;

export function transientFailure(type: FailureTypeName, message: string, nextRetryDelayMs?: number): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: false,
    // A provider's `Retry-After: 0` must still mean "retry": a zero delay is treated by Temporal as no retry at all.
    ...(nextRetryDelayMs !== undefined ? { nextRetryDelay: Math.max(MIN_RETRY_DELAY_MS, nextRetryDelayMs) } : {}),
  });
}

const TOKENISH = /\b(gh[pousr]_[A-Za-z0-9]{10,}|glpat-[A-Za-z0-9_-]{10,}|lin_api_[A-Za-z0-9]{10,}|ya29\.[A-Za-z0-9._-]+|kr_live_[A-Za-z0-9]+|Bearer\s+\S+|Basic\s+\S+|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)/g;

/**
 * Provider text becomes a failure message only through here: known secrets and anything token-shaped are replaced,
 * and the length is capped, so nothing secret reaches Temporal history or the sync run row.
 */
export function sanitizeMessage(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  out = out.replace(TOKENISH, '[redacted]').replace(/[\r\n\t]+/g, ' ');
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}

/** Every string in a credentials map (nested too): redacted from any text that leaves the activity. */
export function secretValues(credentials: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(credentials);
  return out;
}

/**
 * The last gate before history: whatever an adapter threw becomes a failure with a sanitised message, no details and no
 * cause chain (a fetch error's cause can carry a URL). Classified failures keep their type, retryability and delay;
 * anything unclassified is treated as transient.
 */
export function safeFailure(err: unknown, secrets: readonly string[]): ApplicationFailure {
  if (err instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      type: err.type ?? FailureType.Unavailable,
      message: sanitizeMessage(err.message, secrets),
      nonRetryable: err.nonRetryable ?? false,
      ...(err.nextRetryDelay !== undefined && err.nextRetryDelay !== null ? { nextRetryDelay: err.nextRetryDelay } : {}),
    });
  }
  const message = err instanceof Error ? err.message : 'the provider sync failed';
  return transientFailure(FailureType.Unavailable, sanitizeMessage(message, secrets));
}
