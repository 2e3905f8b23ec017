import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isProvider, type Provider } from '../db/providers.js';

/**
 * The OAuth `state`: `base64url(JSON payload).base64url(HMAC-SHA256)`. Signed, not encrypted — it passes through the
 * provider and the browser's address bar — so it carries ids and non-secret fields only. The PKCE verifier is not in
 * it: the verifier is HMAC(secret, nonce), recomputed at the callback, so nothing needs storing server-side and a
 * code intercepted together with its state is still useless without the server's secret.
 */
export interface OAuthState {
  v: 1;
  org: string;
  project: string;
  provider: Provider;
  /** The API key that started the flow; the callback re-checks it is still active with audit:write. */
  key: string;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
  /** Random; also the browser-binding cookie's value and the PKCE verifier's seed. */
  nonce: string;
  /** The redirect URI sent to the provider; the token exchange must repeat it exactly. */
  ru: string;
  fields: Record<string, string>;
}

export type StateProblem = 'invalid_state' | 'expired_state';

function subKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`audit-integrations/${purpose}`).digest();
}

function mac(secret: Buffer, body: string): Buffer {
  return createHmac('sha256', subKey(secret, 'state')).update(body).digest();
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
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
    typeof s === 'object' && s !== null && s.v === 1 &&
    [s.org, s.project, s.key, s.nonce, s.ru].every((f) => typeof f === 'string' && f.length > 0) &&
    typeof s.provider === 'string' && isProvider(s.provider) &&
    typeof s.exp === 'number' && Number.isFinite(s.exp) && isStringRecord(s.fields)
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
export function pkceVerifier(secret: Buffer, nonce: string): string {
  return createHmac('sha256', subKey(secret, 'pkce')).update(nonce).digest('base64url');
}

/** Constant-time string comparison for the cookie binding. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
