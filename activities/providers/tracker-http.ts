import type { z } from 'zod';
import { FailureType, permanentFailure, transientFailure } from '../errors.js';
import type { PacingPolicy } from '../outbound/pacing.js';
import { pause } from '../outbound/pacing.js';
import { failureFromResponse, jsonOf, parseAnswer, retryDelayFromHeaders } from './http.js';
import { sendWithToken, type TokenSource } from './oauth.js';
import { joinUrl } from './options.js';
import type { ProviderSyncContext } from './types.js';

type HttpContext = Pick<ProviderSyncContext, 'http' | 'signal' | 'heartbeat'>;

/** Waits up to this long in-process when a provider says the budget is spent; longer waits go back to Temporal. */
const MAX_INLINE_WAIT_MS = 60_000;

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
  baseUrl: URL;
  headers: Record<string, string>;
  label: string;
  /** Credential values to scrub from any failure message. */
  secrets: string[];
  /** Per-request authorization from a token source: a 401 refreshes the token once (when possible) and resends. */
  auth?: { tokens: TokenSource; headers: (token: string) => Record<string, string> };
  /** Headers that report the requests left in the current window: "0" pauses the next request until the reset. */
  remainingHeaders?: string[];
  /** Provider-specific failures (GraphQL errors in a 200, GitHub's secondary limit) found before the generic ones. */
  inspect?: (res: Response, body: unknown) => Error | undefined;
  timeoutMs?: number;
  pacing?: PacingPolicy;
}

export interface JsonResponse<T> {
  body: T;
  headers: Headers;
}

export interface SendOptions<S extends z.ZodType> {
  /** The fields the adapter reads from the answer; without one the body is ignored. */
  schema?: S;
  /** Replaces the client's `inspect` for this call. */
  inspect?: (res: Response, body: unknown) => Error | undefined;
  /** 404/410 answer `body: undefined` instead of failing: the item is gone, the sync goes on. */
  missingOk?: boolean;
}

export interface JsonClient {
  send<S extends z.ZodType = z.ZodUnknown>(method: string, pathOrUrl: string, body?: unknown, opts?: SendOptions<S>): Promise<JsonResponse<z.infer<S>>>;
}

export function createJsonClient(opts: JsonClientOptions): JsonClient {
  let blockedUntil = 0;
  const secrets = () => [...opts.secrets, ...(opts.auth?.tokens.secrets() ?? [])];

  function resolveUrl(pathOrUrl: string): string {
    // Pagination links come from the provider: the outbound client refuses them on another origin (and its redirects).
    if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
    return joinUrl(opts.baseUrl, pathOrUrl).href;
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
    async send(method, pathOrUrl, body, call = {}) {
      const url = resolveUrl(pathOrUrl);
      if (new URL(url).origin !== opts.baseUrl.origin) {
        throw permanentFailure(FailureType.Config, `${opts.label} sent a next-page link to another host`);
      }
      const wait = blockedUntil - Date.now();
      if (wait > 0) await pause(opts.ctx, wait);
      const headers: Record<string, string> = { ...opts.headers };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const sendWith = (authorization: Record<string, string>) =>
        opts.ctx.http.send(url, {
          method,
          headers: { ...headers, ...authorization },
          label: opts.label,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
          ...(opts.pacing ? { pacing: opts.pacing } : {}),
        });
      const auth = opts.auth;
      const res = auth ? await sendWithToken(auth.tokens, (token) => sendWith(auth.headers(token))) : await sendWith({});
      const parsed = await jsonOf(res.clone());
      const special = (call.inspect ?? opts.inspect)?.(res, parsed);
      if (special) throw special;
      if (call.missingOk && (res.status === 404 || res.status === 410)) return { body: undefined as never, headers: res.headers };
      if (!res.ok) throw await failureFromResponse(res, opts.label, secrets());
      noteBudget(res.headers);
      return { body: call.schema ? parseAnswer(call.schema, parsed, opts.label) : (parsed as never), headers: res.headers };
    },
  };
}
