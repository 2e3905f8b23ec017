import type { z } from 'zod';
import { FailureType, permanentFailure, sanitizeMessage, transientFailure } from '../errors.js';

/** Seconds or an HTTP date in Retry-After, or a unix-seconds reset header → milliseconds to wait. */
export function retryDelayFromHeaders(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const secs = Number(retryAfter);
    if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  for (const name of ['x-ratelimit-reset', 'ratelimit-reset', 'x-ratelimit-requests-reset']) {
    const value = headers.get(name);
    if (value === null) continue;
    const n = Number(value);
    if (!Number.isFinite(n)) continue;
    // Epoch seconds (GitHub, GitLab) or epoch milliseconds (Linear) or a delta in seconds (IETF draft).
    if (n > 1e12) return Math.max(0, n - now);
    if (n > 1e9) return Math.max(0, n * 1000 - now);
    return Math.ceil(n * 1000);
  }
  return undefined;
}

/** The provider's own short message (`message`, `error_description`, `error.message`, `errors[0].message`), never raw body text. */
function messageIn(json: unknown): string {
  if (!json || typeof json !== 'object') return '';
  const j = json as { message?: unknown; error_description?: unknown; error?: unknown; errors?: unknown };
  const nested = (v: unknown) => (v && typeof v === 'object' ? (v as { message?: unknown }).message : undefined);
  const first = Array.isArray(j.errors) ? j.errors[0] : undefined;
  for (const candidate of [j.message, j.error_description, nested(j.error), j.error, typeof first === 'string' ? first : nested(first)]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  return '';
}

/** The body as JSON, or undefined (empty, not JSON). Bodies are already bounded by the outbound client. */
export async function jsonOf(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function providerText(res: Response): Promise<string> {
  return messageIn(await jsonOf(res));
}

/**
 * The fields an adapter reads, checked: an answer of another shape (a wrong base_url, a proxy page, an API change)
 * fails the attempt with ProviderResponseInvalid instead of passing as an empty success. The message names our field
 * path only, never provider content.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, value: unknown, label: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  throw permanentFailure(FailureType.Invalid, `${label} answered with an unexpected shape${where}; check base_url`);
}

/**
 * Turns a non-2xx response into a classified failure: 401/403 auth (permanent), 404/400/422 configuration (permanent),
 * 429 and 403-with-rate-limit-exhausted retried after the provider's delay, 5xx retried with backoff.
 */
export async function failureFromResponse(res: Response, label: string, secrets: readonly string[]): Promise<Error> {
  const detail = sanitizeMessage(await providerText(res), secrets);
  const what = `${label} answered ${res.status}${detail ? `: ${detail}` : ''}`;
  const delay = retryDelayFromHeaders(res.headers);
  const exhausted = res.headers.get('x-ratelimit-remaining') === '0';
  if (res.status === 429 || (res.status === 403 && (exhausted || res.headers.has('retry-after')))) {
    return transientFailure(FailureType.RateLimited, what, delay);
  }
  if (res.status === 401 || res.status === 403) return permanentFailure(FailureType.Auth, what);
  if (res.status === 404 || res.status === 400 || res.status === 422 || res.status === 410) return permanentFailure(FailureType.Config, what);
  return transientFailure(FailureType.Unavailable, what, res.status === 503 ? delay : undefined);
}
