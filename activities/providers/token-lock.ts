import { isDeepStrictEqual } from 'node:util';
import type { CredentialLockBounds } from '../../db/credential-lock.js';
import { DEFAULT_TIMEOUT_MS, MAX_REDIRECTS } from '../outbound/client.js';

/** Room for the database statements around the token requests. */
const SLACK_MS = 5_000;

/**
 * The token lock's bounds from the outbound client's: one token request lasts at most one timeout per hop (the first
 * and up to MAX_REDIRECTS same-origin redirects), and a holder sends at most two (a refused refresh token retried once
 * with a newer one stored meanwhile). With the default 30 s timeout: 125 s idle at most, 250 s of wait.
 */
export function tokenLockBounds(timeoutMs = DEFAULT_TIMEOUT_MS): CredentialLockBounds {
  const request = (MAX_REDIRECTS + 1) * timeoutMs;
  return { idleMs: request + SLACK_MS, waitMs: 2 * (request + SLACK_MS) };
}

/** What a token grant writes; the other keys are the connection itself. */
const GRANT_KEYS = ['refresh_token', 'expires_at', 'auth_code', 'code_verifier'];

/**
 * Credentials stored by another attempt are the same connection with newer tokens when every other key this attempt
 * holds is unchanged (Jira's remembered cloud_id may be new); a different one means the user reconnected.
 */
export function sameConnection(ours: Record<string, unknown>, latest: Record<string, unknown>, tokenKey: string): boolean {
  const grantKeys = new Set([tokenKey, ...GRANT_KEYS]);
  return Object.entries(ours).every(([key, value]) => grantKeys.has(key) || isDeepStrictEqual(latest[key], value));
}
