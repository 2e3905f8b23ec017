import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { inTrace, withChildSpan } from '../../db/tracing.js';
import { FailureType, permanentFailure, transientFailure } from '../errors.js';
import { egressAllowed, EMPTY_ALLOW_LIST, type EgressAllowList } from './address.js';
import { EgressBlockedError, errorDetail, failureOf, ResponseTooLargeError, unreachedCause } from './failures.js';
import { createHostPacer, type PacingPolicy, type PauseContext } from './pacing.js';
import { USER_AGENT } from './user-agent.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../providers/limits.js';

/**
 * The one HTTP client for everything the worker sends outside the deployment: provider APIs, OAuth token endpoints,
 * and anything added later. Nothing else calls `fetch` (.oxlintrc.json enforces it).
 *
 * - The address check runs at connect time on the address DNS answered (undici Agent with a guarded connector and
 *   lookup), so a hostname resolving to a private address and DNS rebinding are refused, not just a URL string.
 * - Redirects are followed by hand: same origin only, at most MAX_REDIRECTS hops, each through the same guard.
 * - Every body is read through a byte cap while it streams; the per-request timeout covers the body too.
 * - Requests of one sync are paced per provider host (pacing.ts).
 * - Every request carries the one User-Agent (user-agent.ts), whatever the caller's headers say.
 * - A refused, unresolvable or unreachable address gives the tenant one and the same message (no mapping of internal
 *   names through error texts); the precise cause goes to the operator's log with the hostname, never the URL.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const MAX_REDIRECTS = 3;

export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  redirect: 'manual';
  signal: AbortSignal;
  dispatcher: Agent;
}
export interface TransportResponse {
  status: number;
  statusText: string;
  headers: Headers | Iterable<[string, string]>;
  body: ReadableStream<Uint8Array> | null;
}
/** One HTTP exchange, no redirects followed; tests wrap it (a crash after an answer, a client-side deadline). */
export type Transport = (url: string, init: TransportInit) => Promise<TransportResponse>;

export interface OutboundOptions {
  /** `PROVIDER_EGRESS_ALLOW`: private CIDRs/hostnames allowed anyway. Empty by default. */
  allow?: EgressAllowList;
  /** `PROVIDER_MAX_RESPONSE_BYTES`. */
  maxResponseBytes?: number;
  /** Tests: answers DNS instead of the system resolver. */
  resolve?: Resolver;
  /** Tests: wraps the transport. */
  intercept?: (next: Transport) => Transport;
  /** Where the precise cause of a refused/unresolvable/unreachable address is logged; absent = not logged. */
  logger?: Pick<Logger, 'warn'>;
}

export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Names the provider in failure messages ("GitHub", "Sentry token endpoint"). */
  label: string;
  /** The credential the address came from, for the operator's log line: `base_url` (default), `token_url`, `url`. */
  origin?: string;
  timeoutMs?: number;
  pacing?: PacingPolicy;
  /** A tighter byte cap for this request (verify reads little); never raises the client's. */
  maxResponseBytes?: number;
}

/** A session's context: cancellation and heartbeat, and the ids its log lines carry (integration, org, delivery…). */
export interface SessionContext extends PauseContext {
  logFields?: Readonly<Record<string, string | undefined>>;
}

/** One sync attempt's view of the client: its cancellation, its heartbeat, its pacing state. */
export interface OutboundSession {
  /** The answer with its whole body already read (within the cap); never follows a redirect to another origin. */
  send(url: string, request: OutboundRequest): Promise<Response>;
}

export interface OutboundClient {
  session(ctx: SessionContext): OutboundSession;
  close(): Promise<void>;
}

type HeadersInit_ = ConstructorParameters<typeof Headers>[0];

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/** `net.connect`'s lookup: resolves, drops every address the guard refuses, and fails when none is left. */
function guardedLookup(allow: EgressAllowList, resolve: Resolver) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const permitted = addresses.filter((a) => egressAllowed(hostname, a.address, allow));
        if (permitted.length === 0) {
          return callback(new EgressBlockedError(`${hostname} resolves to a private address`, addresses.map((a) => a.address)), []);
        }
        if (options.all) return callback(null, permitted);
        return callback(null, permitted[0]!.address, permitted[0]!.family);
      },
      (err: Error) => callback(err, []),
    );
  };
}

function guardedAgent(allow: EgressAllowList, resolve: Resolver): Agent {
  const connector = buildConnector({ lookup: guardedLookup(allow, resolve) } as buildConnector.BuildOptions);
  return new Agent({
    connect: (opts, callback) => {
      // An address literal never reaches lookup: judge it here.
      if (isIP(opts.hostname) && !egressAllowed(opts.hostname, opts.hostname, allow)) {
        callback(new EgressBlockedError(`${opts.hostname} is a private address`, [opts.hostname]), null);
        return;
      }
      connector(opts, callback);
    },
  });
}

async function readCapped(res: TransportResponse, cap: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const declared = Number(new Headers(res.headers as HeadersInit_).get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body.cancel().catch(() => undefined);
    throw new ResponseTooLargeError();
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export function httpUrlOrFail(url: string, label: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw permanentFailure(FailureType.Config, `${label}: the URL is not valid`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw permanentFailure(FailureType.Config, `${label}: only http(s) URLs are called`);
  return parsed;
}

/** The caller's headers with any spelling of User-Agent replaced by ours. */
function withUserAgent(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (name.toLowerCase() !== 'user-agent') out[name] = value;
  out['user-agent'] = USER_AGENT;
  return out;
}

export function createOutboundClient(options: OutboundOptions = {}): OutboundClient {
  const allow = options.allow ?? EMPTY_ALLOW_LIST;
  const clientCap = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agent = guardedAgent(allow, options.resolve ?? systemResolver);
  const direct: Transport = (url, init) => undiciFetch(url, init) as unknown as Promise<TransportResponse>;
  const transport = options.intercept ? options.intercept(direct) : direct;

  return {
    session(ctx) {
      const pace = createHostPacer(ctx);
      return {
        send: (url, req) => traced(url, req, async () => {
          const origin = httpUrlOrFail(url, req.label).origin;
          const cap = Math.min(clientCap, req.maxResponseBytes ?? clientCap);
          const headers = withUserAgent(req.headers);
          let target = new URL(url);
          let method = (req.method ?? 'GET').toUpperCase();
          let body = req.body;
          for (let hop = 0; ; hop++) {
            await pace(target.host, method, req.pacing);
            const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
            const signal = AbortSignal.any([timeout, ctx.signal]);
            let answered = false;
            try {
              const init: TransportInit = { method, headers, redirect: 'manual', signal, dispatcher: agent, ...(body !== undefined ? { body } : {}) };
              const res = await transport(target.href, init);
              answered = true;
              const resHeaders = new Headers(res.headers as HeadersInit_);
              const location = resHeaders.get('location');
              if (REDIRECTS.has(res.status) && location) {
                await res.body?.cancel().catch(() => undefined);
                const next = new URL(location, target);
                if (next.origin !== origin) {
                  throw permanentFailure(FailureType.AddressBlocked, `${req.label} redirected to another origin; cross-origin redirects are not followed`);
                }
                if (hop >= MAX_REDIRECTS) throw permanentFailure(FailureType.Config, `${req.label} redirected more than ${MAX_REDIRECTS} times`);
                // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
                if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
                  method = 'GET';
                  body = undefined;
                }
                target = next;
                continue;
              }
              if (res.status < 200 || res.status > 599) {
                await res.body?.cancel().catch(() => undefined);
                throw transientFailure(FailureType.Unavailable, `${req.label} answered with HTTP status ${res.status}`);
              }
              const bytes = await readCapped(res, cap);
              return new Response(NULL_BODY.has(res.status) ? null : bytes, { status: res.status, statusText: res.statusText, headers: resHeaders });
            } catch (err) {
              if (ctx.signal.aborted || err instanceof ApplicationFailure) throw err;
              const unreached = answered ? undefined : unreachedCause(err, timeout);
              if (unreached) {
                // The operator's view: which host, why. Never the URL (its path or query can carry a token).
                options.logger?.warn(
                  { ...ctx.logFields, label: req.label, origin: req.origin ?? 'base_url', host: target.hostname, cause: unreached, ...errorDetail(err) },
                  'provider address refused or not reached',
                );
              }
              throw failureOf(err, req.label, timeout, unreached, cap, clientCap);
            }
          }
        }),
      };
    },
    close: () => agent.close(),
  };
}

/**
 * Inside a trace, one span per call (its redirects included): method, host, the path with its ids replaced, the final
 * status. Never the query, a header or the userinfo: any of them can carry a secret.
 */
function traced(url: string, req: OutboundRequest, send: () => Promise<Response>): Promise<Response> {
  if (!inTrace() || !URL.canParse(url)) return send();
  const { host, pathname } = new URL(url);
  const method = (req.method ?? 'GET').toUpperCase();
  // A URL a tenant typed whole (a webhook receiver's) keeps no path at all: any segment could be its secret.
  const template = req.origin === 'url' ? '/{path}' : pathTemplate(pathname);
  const attributes = { 'http.method': method, 'server.address': host, 'url.template': template, 'outbound.label': req.label };
  return withChildSpan(`${method} ${host}${template}`, attributes, async (span) => {
    const res = await send();
    span?.setAttribute('http.status_code', res.status);
    return res;
  });
}

// A segment kept as it is in a span: a short lowercase word (`repos`, `issues`, `rest`, `api`) or a version (`v3`).
const PLAIN_SEGMENT = /^(?:[a-z][a-z_-]{0,23}|v\d{1,2})$/;

/**
 * The path as a span shows it: every segment that is not a short plain word becomes `{id}` (numbers, ids, keys,
 * encoded URLs, anything with a digit or a capital: what a token looks like).
 */
export function pathTemplate(pathname: string): string {
  return pathname.split('/').map((segment) => (segment === '' || PLAIN_SEGMENT.test(segment) ? segment : '{id}')).join('/');
}
