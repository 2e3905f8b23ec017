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

async function providerText(res: Response): Promise<string> {
  try {
    const text = await res.text();
    try {
      const json = JSON.parse(text) as { message?: unknown; error?: unknown; errors?: unknown };
      const msg = json.message ?? json.error ?? json.errors;
      return typeof msg === 'string' ? msg : JSON.stringify(msg ?? '').slice(0, 200);
    } catch {
      return text.slice(0, 200);
    }
  } catch {
    return '';
  }
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

/** fetch with a per-request timeout; network errors and timeouts become retryable failures with no secret in them. */
export async function request(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit & { timeoutMs?: number },
  label: string,
): Promise<Response> {
  const signals = [AbortSignal.timeout(init.timeoutMs ?? 30_000)];
  if (init.signal) signals.push(init.signal);
  try {
    return await fetchImpl(url, { ...init, signal: AbortSignal.any(signals) });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw transientFailure(FailureType.Unavailable, `${label} ${reason}`);
  }
}

export function requireString(credentials: Record<string, unknown>, key: string, label: string): string {
  const value = credentials[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw permanentFailure(FailureType.Config, `${label} credentials are missing the "${key}" key`);
  }
  return value.trim();
}
