import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isProvider, type Provider } from '../db/providers.js';

/**
 * The OAuth `state`: `base64url(JSON payload).base64url(HMAC-SHA256)`. Signed, not encrypted — it passes through the
 * provider and the browser's address bar, so anyone who sees a URL can read it — hence it carries ids, non-secret
 * fields and a MAC of the browser's cookie, never anything that completes the flow by itself:
 *
 * - the binding cookie is its own random value; the state holds HMAC(secret, cookie), so a reader of the state can
 *   neither recover the cookie nor forge one that matches;
 * - the PKCE verifier is HMAC(secret, cookie) under another sub-key: it needs both the server's secret and the
 *   browser's cookie, neither of which is in the state or the URLs, and nothing needs storing server-side;
 * - `id` is the state's identity for single use (db/oauth-states.ts); it is not a secret.
 */
export interface OAuthState {
  v: 2;
  org: string;
  project: string;
  provider: Provider;
  /** The API key that started the flow (or created the session that did); the callback re-checks it is still active with audit:write. */
  key: string;
  /** The connect session that started the flow, if one did: the callback re-checks it and answers the connect page. */
  cs?: string;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
  /** Random: what the callback records so the state is accepted once. */
  id: string;
  /** bindingMac of the browser-binding cookie. */
  bind: string;
  /** The redirect URI sent to the provider; the token exchange must repeat it exactly. */
  ru: string;
  fields: Record<string, string>;
}

export type StateProblem = 'invalid_state' | 'expired_state';

const BINDING = /^[A-Za-z0-9_-]{43}$/;

function subKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`audit-integrations/${purpose}`).digest();
}

function mac(secret: Buffer, body: string): Buffer {
  return createHmac('sha256', subKey(secret, 'state')).update(body).digest();
}

export function newStateId(): string {
  return randomBytes(18).toString('base64url');
}

/** The browser-binding cookie's value: 256 random bits, 43 characters of base64url. */
export function newBinding(): string {
  return randomBytes(32).toString('base64url');
}

export function bindingMac(secret: Buffer, binding: string): string {
  return createHmac('sha256', subKey(secret, 'binding')).update(binding).digest('base64url');
}

/** Whether `cookie` is the one this state was issued with; constant time in the cookie's value. */
export function isBoundTo(secret: Buffer, state: OAuthState, cookie: string | undefined): cookie is string {
  if (cookie === undefined || !BINDING.test(cookie)) return false;
  const given = Buffer.from(bindingMac(secret, cookie), 'utf8');
  const expected = Buffer.from(state.bind, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signState(secret: Buffer, state: OAuthState): string {
  const body = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isState(value: unknown): value is OAuthState {
  const s = value as Partial<OAuthState> | null;
  return (
    typeof s === 'object' && s !== null && s.v === 2 &&
    [s.org, s.project, s.key, s.id, s.bind, s.ru].every((f) => typeof f === 'string' && f.length > 0) &&
    typeof s.provider === 'string' && isProvider(s.provider) &&
    typeof s.exp === 'number' && Number.isFinite(s.exp) && isStringRecord(s.fields) &&
    (s.cs === undefined || (typeof s.cs === 'string' && s.cs.length > 0))
  );
}

/** The payload when the signature is ours and the state has not expired; otherwise why not. */
export function verifyState(secret: Buffer, raw: string, now: number): OAuthState | StateProblem {
  if (raw.length > 4096) return 'invalid_state';
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(raw);
  if (!m) return 'invalid_state';
  const given = Buffer.from(m[2]!, 'base64url');
  const expected = mac(secret, m[1]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid_state';
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
  } catch {
    return 'invalid_state';
  }
  if (!isState(payload)) return 'invalid_state';
  return payload.exp > now ? payload : 'expired_state';
}

/** 43 characters of base64url: the shortest verifier RFC 7636 §4.1 allows, with 256 bits behind it. */
export function pkceVerifier(secret: Buffer, binding: string): string {
  return createHmac('sha256', subKey(secret, 'pkce')).update(binding).digest('base64url');
}
