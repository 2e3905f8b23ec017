import { FailureType, sanitizeMessage, transientFailure } from '../errors.js';
import type { PacingPolicy } from '../outbound/pacing.js';
import { failureFromResponse, jsonOf, retryDelayFromHeaders } from './http.js';
import { createTokenSource, sendWithToken, type TokenSource } from './oauth.js';
import type { ProviderOptions } from './options.js';
import type { ProviderSyncContext } from './types.js';
import { definitionOf } from './catalog.js';

/** Google sends no Retry-After with quota errors; per-minute quotas have refilled by then. */
export const GOOGLE_QUOTA_RETRY_MS = 60_000;
/** `errors[].reason` (v3 APIs such as Search Console) and `details[].reason` (ErrorInfo, v1beta APIs such as GA4). */
const QUOTA_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded', 'RATE_LIMIT_EXCEEDED']);

interface GoogleError {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  errors?: { reason?: unknown }[];
  details?: { reason?: unknown }[];
}

/** ga4 and gsc: `access_token` / `refresh_token` in the credentials; GA4_* or GSC_* env apps before GOOGLE_*. */
export function googleTokenSource(ctx: ProviderSyncContext, provider: 'ga4' | 'gsc', label: string, options: ProviderOptions): TokenSource {
  return createTokenSource(ctx, { label, provider, oauth: definitionOf(provider).oauth }, options);
}

/**
 * Google's error envelope `{error: {code, message, status, errors|details}}`: quota exhaustion (429, RESOURCE_EXHAUSTED,
 * or a 403 whose reason is a rate limit) is retried after a delay; everything else is classified by status.
 */
export async function googleFailure(res: Response, label: string, secrets: readonly string[]): Promise<Error> {
  // Not Google's envelope (a proxy page): status decides.
  const parsed = (await jsonOf(res.clone())) as { error?: unknown } | undefined;
  const error = parsed?.error && typeof parsed.error === 'object' ? (parsed.error as GoogleError) : undefined;
  const reasons = [...(error?.errors ?? []), ...(error?.details ?? [])].map((e) => e?.reason);
  const quota = res.status === 429 || error?.status === 'RESOURCE_EXHAUSTED' || reasons.some((r) => typeof r === 'string' && QUOTA_REASONS.has(r));
  const message = typeof error?.message === 'string' ? error.message : '';
  if (quota) {
    const detail = sanitizeMessage(message, secrets);
    // A zero delay would make Temporal give up on the activity instead of retrying it at once.
    const delay = Math.max(1000, retryDelayFromHeaders(res.headers) ?? GOOGLE_QUOTA_RETRY_MS);
    return transientFailure(FailureType.RateLimited, `${label} quota exhausted (${res.status})${detail ? `: ${detail}` : ''}`, delay);
  }
  return failureFromResponse(res, label, secrets);
}

export interface GoogleClient {
  postJson(url: string, body: unknown): Promise<unknown>;
}

/** JSON POSTs with the OAuth bearer token; a 401 refreshes the token once (when possible) and repeats the call. */
export function createGoogleClient(ctx: ProviderSyncContext, tokens: TokenSource, label: string, options: ProviderOptions, pacing: PacingPolicy): GoogleClient {
  return {
    async postJson(url, body) {
      const res = await sendWithToken(tokens, (token) =>
        ctx.http.send(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
          label,
          pacing,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        }),
      );
      if (!res.ok) throw await googleFailure(res, label, tokens.secrets());
      return jsonOf(res);
    },
  };
}
