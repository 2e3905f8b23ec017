import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomSlice } from '../../db/random.js';

/**
 * The comparisons every scheme is built from. Each compares equal-length values in constant time: a provided signature
 * that is missing, of the wrong length or not hex is replaced by a same-length stand-in and compared all the same, so a
 * malformed header costs what a wrong one does and tells nothing more.
 */

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** HMAC-SHA256 of `body` under `secret` (its UTF-8 bytes, as every provider here keys it). */
export function hmacSha256(secret: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** True when `providedHex` is the hex HMAC-SHA256 of `body` under `secret`. */
export function hexHmacMatches(secret: string, body: Buffer | string, providedHex: string | undefined): boolean {
  const expected = hmacSha256(secret, body);
  const wellFormed = providedHex !== undefined && HEX_SHA256.test(providedHex);
  const provided = wellFormed ? Buffer.from(providedHex, 'hex') : Buffer.alloc(expected.length);
  return timingSafeEqual(provided, expected) && wellFormed;
}

/** A shared token compared as SHA-256 digests: equal lengths whatever the token lengths, constant time. */
export function tokenMatches(secret: string, provided: string | undefined): boolean {
  const equal = timingSafeEqual(sha256(provided ?? ''), sha256(secret));
  return equal && provided !== undefined && provided !== '';
}

/**
 * The secret a delivery to an unknown hook (or one whose secret is not known yet) is checked against: random per
 * process and never stored, so the check runs and fails exactly like a wrong signature on a known hook.
 */
export const STAND_IN_SECRET = randomSlice(32).toString('hex');
