import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomSlice } from './random.js';

/**
 * Credentials at rest: AES-256-GCM with a random 96-bit nonce per write and the row's identity bound as additional
 * authenticated data, so a ciphertext copied onto another row fails to decrypt. Stored as one opaque string
 * `v1.<key id>.<base64url(nonce | tag | ciphertext)>`; the key id lets keys rotate (first key encrypts, all decrypt).
 */
export interface CredentialKey {
  id: string;
  key: Buffer;
}

export interface CredentialScope {
  orgId: string;
  projectId: string;
  provider: string;
}

export type Credentials = Record<string, unknown>;

export class CredentialDecryptError extends Error {
  override name = 'CredentialDecryptError';
}

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export interface CredentialCipher {
  readonly currentKeyId: string;
  encrypt(credentials: Credentials, scope: CredentialScope): string;
  decrypt(stored: string, scope: CredentialScope): Credentials;
  keyIdOf(stored: string): string | undefined;
}

function aadFor(scope: CredentialScope): Buffer {
  return Buffer.from(`${scope.orgId}/${scope.projectId}/${scope.provider}`, 'utf8');
}

export function createCredentialCipher(keys: readonly CredentialKey[]): CredentialCipher {
  const [current] = keys;
  if (!current) throw new Error('at least one credentials key is required');
  for (const k of keys) {
    if (k.key.length !== 32) throw new Error(`credentials key ${k.id} must be 32 bytes`);
    if (!KEY_ID_PATTERN.test(k.id)) throw new Error('credentials key ids are 1-32 chars of [A-Za-z0-9_-]');
  }
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  // A repeated id would encrypt with the first key and decrypt with the last.
  if (byId.size !== keys.length) throw new Error('credentials key ids must be unique');

  return {
    currentKeyId: current.id,
    encrypt(credentials, scope) {
      const nonce = randomSlice(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(aadFor(scope));
      const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      const payload = Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
      return `${VERSION}.${current.id}.${payload}`;
    },
    decrypt(stored, scope) {
      const parts = stored.split('.');
      const [version, keyId, payload] = parts;
      // Messages name the key id at most: never any part of the ciphertext or plaintext.
      if (parts.length !== 3 || version !== VERSION || !payload) throw new CredentialDecryptError('unrecognised credentials format');
      const key = byId.get(keyId!);
      if (!key) throw new CredentialDecryptError(`no credentials key with id ${KEY_ID_PATTERN.test(keyId!) ? keyId! : '?'} is configured`);
      const raw = Buffer.from(payload, 'base64url');
      if (raw.length < NONCE_BYTES + TAG_BYTES) throw new CredentialDecryptError('unrecognised credentials format');
      let plain: Buffer;
      try {
        // authTagLength pins the tag at 16 bytes: otherwise setAuthTag accepts a truncated tag, which is easier to forge.
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(aadFor(scope));
        decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
        plain = Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        throw new CredentialDecryptError('credentials failed authentication (wrong key or wrong row)');
      }
      let value: unknown;
      try {
        value = JSON.parse(plain.toString('utf8'));
      } catch {
        // V8's SyntaxError quotes the input, which here is plaintext.
        value = undefined;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CredentialDecryptError('decrypted credentials are not an object');
      return value as Credentials;
    },
    keyIdOf(stored) {
      const [version, keyId] = stored.split('.');
      return version === VERSION ? keyId : undefined;
    },
  };
}
