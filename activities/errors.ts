import { ApplicationFailure } from '@temporalio/common';

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
  /** The provider's address (base_url, token_url, a redirect) is private and not on PROVIDER_EGRESS_ALLOW. */
  AddressBlocked: 'ProviderAddressBlocked',
  /** A body over PROVIDER_MAX_RESPONSE_BYTES: the same request would bring it again, so not retried. */
  TooLarge: 'ProviderResponseTooLarge',
  /** The answer lacks the fields the adapter reads (a wrong base_url, an API change): never a silent success. */
  Invalid: 'ProviderResponseInvalid',
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

/**
 * What a tenant sees when a provider's address is refused by the egress guard, does not resolve, or does not answer:
 * one text for all three, so error messages cannot be used to map which internal names exist. The precise cause is in
 * the operator's log (activities/outbound/client.ts).
 */
export function unreachableMessage(label: string): string {
  return `${label} could not be reached from this deployment (the address is refused, does not resolve, or did not answer)`;
}

/** Provider text is cut to this before anything else looks at it. */
export const MAX_PROVIDER_TEXT = 1024;
const MAX_MESSAGE = 300;
const MAX_SECRET_WINDOW = 16 * 1024;

/**
 * Every pattern run over provider text. Each is linear: one character class under one quantifier, or quantified
 * classes that cannot overlap — no nested or overlapping quantifiers (test/providers/errors.test.ts checks the sources).
 */
export const PROVIDER_TEXT_PATTERNS = {
  /** C0/C1 control characters, NUL included: Postgres refuses NUL in text, and none of them belong in a message. */
  control: /[\u0000-\u001f\u007f-\u009f]/g,
  /** Runs of token alphabet; each run is judged whole (isTokenLike), so nothing is rescanned. */
  word: /[A-Za-z0-9._~+/=-]+/g,
  /** An Authorization scheme and what follows it. */
  scheme: /\b(?:Bearer|Basic)\s+[^\s]+/g,
  prefix: /^(?:gh[pousr]_|github_pat_|glpat-|lin_api_|ya29\.|kr_live_|sk_live_|xox[abpr]-|eyJ)/,
  digit: /[0-9]/,
  letter: /[A-Za-z]/,
  space: /\s+/g,
} as const;

/** A known token prefix, or a long mix of letters and digits: an API key, a JWT, a session id. */
function isTokenLike(word: string): boolean {
  const p = PROVIDER_TEXT_PATTERNS;
  if (word.length >= 14 && p.prefix.test(word)) return true;
  return word.length >= 32 && p.digit.test(word) && p.letter.test(word);
}

/**
 * Provider text becomes a failure message only through here. It is cut to a small size first (so no pattern ever sees
 * more than ~1 KiB), known secrets and anything token-shaped are replaced, control characters are removed, and the
 * result is capped — nothing secret and nothing Postgres would refuse reaches Temporal history or the sync run row.
 */
export function sanitizeMessage(text: string, secrets: readonly string[] = []): string {
  const p = PROVIDER_TEXT_PATTERNS;
  const known = secrets.filter((s) => s.length >= 4);
  const longest = Math.min(MAX_SECRET_WINDOW, Math.max(0, ...known.map((s) => s.length)));
  // A secret straddling the cut is removed before the cut can leave half of it.
  let out = String(text).slice(0, MAX_PROVIDER_TEXT + longest);
  for (const s of known) out = out.split(s).join('[redacted]');
  // Lone surrogates (invalid UTF-16 from a JSON escape) become U+FFFD, as invalid UTF-8 already did when decoded.
  out = Buffer.from(out.slice(0, MAX_PROVIDER_TEXT), 'utf8').toString('utf8');
  out = out.replace(p.control, ' ');
  out = out.replace(p.scheme, '[redacted]');
  out = out.replace(p.word, (w) => (isTokenLike(w) ? '[redacted]' : w));
  out = out.replace(p.space, ' ').trim();
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE - 3)}...` : out;
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
