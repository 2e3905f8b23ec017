/**
 * Verifies a delivery's Standard Webhooks signature (https://www.standardwebhooks.com/), the scheme the service signs
 * with (activities/webhooks.ts, the `standardwebhooks` library): `webhook-signature` holds space-separated `v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">` (two during a secret rotation), keyed with the base64 part of the `whsec_…`
 * secret. WebCrypto only, so it runs in Node ≥ 20, browsers, Deno and edge runtimes alike.
 */

/** The library's tolerance: a timestamp more than five minutes from now, either way, is a replay or a wrong clock. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** A fetch `Headers`, or a plain object such as Node's `req.headers` (names in any case, a list taken as its first). */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

export interface VerifyOptions {
  /** Seconds of clock difference accepted (default 300). */
  toleranceSeconds?: number;
  /** Now in milliseconds (tests). */
  now?: () => number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Compares every byte whatever the first difference: the time taken says nothing about how much matched. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function bytesOf(body: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof body === 'string') return new TextEncoder().encode(body);
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

/**
 * True when `rawBody` (exactly as received: verify before parsing) was signed with `secret` for these headers, and the
 * timestamp is within the tolerance. A malformed secret is a configuration error and throws; everything else that is
 * wrong with a delivery answers false.
 */
export async function verifyWebhook(secret: string, headers: WebhookHeaders, rawBody: string | Uint8Array | ArrayBuffer, options: VerifyOptions = {}): Promise<boolean> {
  const key = base64Bytes(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  if (!key || key.length === 0) throw new TypeError('The webhook secret must be the whsec_… value the API answered.');
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures || !/^\d{1,15}$/.test(timestamp)) return false;
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? TIMESTAMP_TOLERANCE_SECONDS)) return false;

  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const body = bytesOf(rawBody);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  const hmac = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, signed));

  let valid = false;
  for (const entry of signatures.split(' ')) {
    const [version, value] = entry.split(',', 2);
    const candidate = version === 'v1' && value !== undefined ? base64Bytes(value) : undefined;
    // Every listed signature is compared, so which one matched (or that none did) does not show in the time taken.
    if (candidate && constantTimeEqual(candidate, expected)) valid = true;
  }
  return valid;
}
