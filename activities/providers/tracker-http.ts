import { FailureType, permanentFailure, transientFailure } from '../errors.js';
import { failureFromResponse, request, retryDelayFromHeaders } from './http.js';
import type { Credentials, ProviderSyncContext } from './types.js';

type HttpContext = Pick<ProviderSyncContext, 'fetch' | 'signal' | 'heartbeat'>;

/** Waits up to this long in-process when a provider says the budget is spent; longer waits go back to Temporal. */
const MAX_INLINE_WAIT_MS = 60_000;

/** `base_url` if given (validated, no trailing slash), else the provider's default host. */
export function baseUrlFrom(credentials: Credentials, fallback: string | undefined, label: string): string {
  const raw = credentials.base_url;
  const value = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : fallback;
  if (value === undefined) throw permanentFailure(FailureType.Config, `${label} credentials are missing the "base_url" key`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw permanentFailure(FailureType.Config, `${label} credentials: "base_url" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw permanentFailure(FailureType.Config, `${label} credentials: "base_url" must be http(s)`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Sleeps while heartbeating, so a long pause is not mistaken for a stuck worker; wakes early on cancellation. */
export async function pause(ctx: HttpContext, ms: number): Promise<void> {
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
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel="?next"?/.test(m[2]!)) return m[1];
  }
  return undefined;
}

export interface JsonClientOptions {
  ctx: HttpContext;
  baseUrl: string;
  headers: Record<string, string>;
  label: string;
  /** Credential values to scrub from any failure message. */
  secrets: string[];
  /** Headers that report the requests left in the current window: "0" pauses the next request until the reset. */
  remainingHeaders?: string[];
  /** Provider-specific failures (GraphQL errors in a 200, GitHub's secondary limit) found before the generic ones. */
  inspect?: (res: Response, body: unknown) => Error | undefined;
  timeoutMs?: number;
}

export interface JsonResponse<T> {
  body: T;
  headers: Headers;
}

export interface SendOptions {
  /** Replaces the client's `inspect` for this call. */
  inspect?: (res: Response, body: unknown) => Error | undefined;
  /** 404/410 answer `body: undefined` instead of failing: the item is gone, the sync goes on. */
  missingOk?: boolean;
}

export interface JsonClient {
  send<T>(method: string, pathOrUrl: string, body?: unknown, opts?: SendOptions): Promise<JsonResponse<T>>;
}

export function createJsonClient(opts: JsonClientOptions): JsonClient {
  const origin = new URL(opts.baseUrl).origin;
  let blockedUntil = 0;

  function resolveUrl(pathOrUrl: string): string {
    if (!/^https?:\/\//.test(pathOrUrl)) return `${opts.baseUrl}${pathOrUrl}`;
    // Pagination links come from the provider; never send the token to another host.
    if (new URL(pathOrUrl).origin !== origin) throw permanentFailure(FailureType.Config, `${opts.label} sent a next-page link to another host`);
    return pathOrUrl;
  }

  function noteBudget(headers: Headers): void {
    const spent = (opts.remainingHeaders ?? []).some((h) => headers.get(h) === '0');
    if (!spent) return;
    const delay = retryDelayFromHeaders(headers) ?? 1_000;
    if (delay > MAX_INLINE_WAIT_MS) {
      throw transientFailure(FailureType.RateLimited, `${opts.label} rate limit is spent until its reset`, delay);
    }
    blockedUntil = Date.now() + delay;
  }

  return {
    async send<T>(method: string, pathOrUrl: string, body?: unknown, call: SendOptions = {}): Promise<JsonResponse<T>> {
      const url = resolveUrl(pathOrUrl);
      const wait = blockedUntil - Date.now();
      if (wait > 0) await pause(opts.ctx, wait);
      const headers: Record<string, string> = { ...opts.headers };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const init = { method, headers, signal: opts.ctx.signal, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
      const res = await request(opts.ctx.fetch, url, { ...init, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) }, opts.label);
      const text = await res.text().catch(() => '');
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const special = (call.inspect ?? opts.inspect)?.(res, parsed);
      if (special) throw special;
      if (call.missingOk && (res.status === 404 || res.status === 410)) return { body: undefined as T, headers: res.headers };
      if (!res.ok) throw await failureFromResponse(new Response(text, { status: res.status, headers: res.headers }), opts.label, opts.secrets);
      noteBudget(res.headers);
      return { body: parsed as T, headers: res.headers };
    },
  };
}

/**
 * Spreads content-creating requests so at most `max` fall in any `windowMs` (GitHub's secondary limit is 80 a minute).
 * Per attempt: a retry starts a fresh window, which the provider's own 403/429 + retry-after then covers.
 */
export function createPacer(ctx: HttpContext, max: number, windowMs: number): () => Promise<void> {
  const stamps: number[] = [];
  return async () => {
    for (;;) {
      const now = Date.now();
      while (stamps.length > 0 && stamps[0]! <= now - windowMs) stamps.shift();
      if (stamps.length < max) break;
      await pause(ctx, stamps[0]! + windowMs - now);
    }
    stamps.push(Date.now());
  };
}
