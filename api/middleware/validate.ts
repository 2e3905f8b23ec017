import { z } from 'zod';
import type { Credentials } from '../../db/crypto.js';
import { ApiError } from '../errors.js';

export const MAX_CREDENTIAL_KEYS = 50;
export const MAX_CREDENTIAL_VALUE_BYTES = 16 * 1024;
const MAX_CREDENTIAL_KEY_LENGTH = 200;
// A service-account JSON nests two levels; eight is plenty, and bounding it keeps JSON.stringify off the stack limit.
const MAX_VALUE_DEPTH = 8;

function depthWithin(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (levels === 0) return false;
  return Object.values(value).every((v) => depthWithin(v, levels - 1));
}

function byteSize(value: unknown): number {
  return Buffer.byteLength(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''), 'utf8');
}

const CredentialValueSchema = z.unknown().superRefine((value, ctx) => {
  if (!depthWithin(value, MAX_VALUE_DEPTH)) {
    ctx.addIssue({ code: 'custom', message: `values may nest at most ${MAX_VALUE_DEPTH} levels deep` });
  } else if (byteSize(value) > MAX_CREDENTIAL_VALUE_BYTES) {
    ctx.addIssue({ code: 'custom', message: `values must be at most ${MAX_CREDENTIAL_VALUE_BYTES} bytes each` });
  }
});

/** Every message is ours and names a field at most: zod's defaults could grow to quote input one day. */
export const ConnectBodySchema = z
  .object(
    {
      credentials: z
        .record(z.string().min(1).max(MAX_CREDENTIAL_KEY_LENGTH), CredentialValueSchema, { error: 'must be an object' })
        .refine((c) => Object.keys(c).length <= MAX_CREDENTIAL_KEYS, { message: `must hold at most ${MAX_CREDENTIAL_KEYS} keys` })
        // What the refinements above and parseConnectBody enforce, for the OpenAPI document.
        .meta({
          maxProperties: MAX_CREDENTIAL_KEYS,
          propertyNames: { minLength: 1, maxLength: MAX_CREDENTIAL_KEY_LENGTH, not: { const: '__proto__' } },
          description: `Opaque to connect. Each value at most ${MAX_CREDENTIAL_VALUE_BYTES} bytes (UTF-8; JSON-encoded when not a string), nested at most ${MAX_VALUE_DEPTH} levels.`,
        })
        .optional(),
      auth_code: z
        .string({ error: 'must be a string' })
        .refine((v) => byteSize(v) <= MAX_CREDENTIAL_VALUE_BYTES, { message: `must be at most ${MAX_CREDENTIAL_VALUE_BYTES} bytes` })
        .meta({ maxLength: MAX_CREDENTIAL_VALUE_BYTES, description: `At most ${MAX_CREDENTIAL_VALUE_BYTES} bytes of UTF-8` })
        .optional(),
    },
    { error: 'must be a JSON object' },
  )
  // Strict at the top level: a typo such as `credential` must not answer 200 and store nothing useful.
  .strict();
export type ConnectBody = z.infer<typeof ConnectBodySchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Names the failing top-level field, never a value and never a key under `credentials`: clients sometimes paste a
 * secret where a key name belongs.
 */
function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const [unknown] = issue.keys;
    // Named only when it looks like a field name: a pasted secret in a key position is not echoed.
    const named = unknown !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(unknown) ? `: ${unknown}` : '';
    return new ApiError('validation_failed', 422, `body has an unknown field${named}; expected credentials and/or auth_code`);
  }
  const top = issue?.path[0];
  const field = top === 'credentials' || top === 'auth_code' ? top : 'body';
  if (issue?.code === 'invalid_key') return new ApiError('validation_failed', 422, `${field} keys must be 1-${MAX_CREDENTIAL_KEY_LENGTH} characters`);
  const reason = issue?.code === 'custom' || issue?.code === 'invalid_type' ? issue.message : 'is invalid';
  return new ApiError('validation_failed', 422, `${field} ${reason}`);
}

/**
 * The connect body as the credentials to store: `credentials` with `auth_code` merged in under that key. No body at
 * all is `{}`; JSON `null` is not an object and fails like any other non-object.
 */
/**
 * JSON.parse makes `__proto__` an own key of a credentials map; copying or parsing it would set a prototype instead,
 * silently dropping the value. Every body with a credentials map (connect, verify) is refused with it first.
 */
export function refuseProtoCredentialKey(raw: unknown): void {
  if (isRecord(raw) && isRecord(raw.credentials) && Object.hasOwn(raw.credentials, '__proto__')) {
    throw new ApiError('validation_failed', 422, 'credentials keys may not be __proto__');
  }
}

export function parseConnectBody(raw: unknown): Credentials {
  refuseProtoCredentialKey(raw);
  const parsed = ConnectBodySchema.safeParse(raw === undefined ? {} : raw);
  if (!parsed.success) throw validationError(parsed.error);
  const credentials: Credentials = { ...(parsed.data.credentials ?? {}) };
  if (parsed.data.auth_code !== undefined) credentials.auth_code = parsed.data.auth_code;
  return credentials;
}
