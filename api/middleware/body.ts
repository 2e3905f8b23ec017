import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { ApiError } from '../errors.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

function hasBody(ctx: Context): boolean {
  const length = ctx.get('content-length');
  return ctx.get('transfer-encoding') !== '' || (length !== '' && length !== '0');
}

/** application/json or any `+json` type, in UTF-8 (JSON's only interchange encoding, RFC 8259 §8.1). */
function isJsonType(ctx: Context): boolean {
  const [type = '', ...params] = ctx.get('content-type').split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

function declaredLength(ctx: Context): number | undefined {
  const length = Number(ctx.get('content-length'));
  return ctx.get('content-length') !== '' && Number.isSafeInteger(length) ? length : undefined;
}

/**
 * Reads a JSON body with the API's limits. No body → undefined. Errors: 415 non-JSON type, 413 over 64 KiB (checked
 * against Content-Length before reading, and while reading), 400 malformed JSON or bad encoding.
 */
export async function readJsonBody(ctx: Context): Promise<unknown> {
  if (!hasBody(ctx)) return undefined;
  if (!isJsonType(ctx)) throw new ApiError('unsupported_media_type', 415);
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit: BODY_LIMIT_BYTES, length: declaredLength(ctx) ?? null, encoding: 'utf8' });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') {
      // The rest of the body stays unread: close rather than let keep-alive parse it as the next request.
      ctx.set('Connection', 'close');
      throw new ApiError('payload_too_large', 413);
    }
    throw new ApiError('invalid_json', 400, 'The request body could not be read.');
  }
  // A chunked body can be empty; whitespace alone is not JSON and fails below.
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_json', 400);
  }
}

/**
 * For endpoints that take no body: read and drop at most the limit so keep-alive connections stay usable, and close
 * the connection instead of reading an oversized body to its end.
 */
export async function discardBody(ctx: Context): Promise<void> {
  if (!hasBody(ctx)) return;
  const declared = declaredLength(ctx);
  if (declared !== undefined && declared > BODY_LIMIT_BYTES) {
    ctx.set('Connection', 'close');
    return;
  }
  try {
    await getRawBody(ctx.req, { limit: BODY_LIMIT_BYTES });
  } catch {
    ctx.set('Connection', 'close');
  }
}
