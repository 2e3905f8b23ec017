import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

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

  return {
    currentKeyId: current.id,
    encrypt(credentials, scope) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(aadFor(scope));
      const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      const payload = Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
      return `${VERSION}.${current.id}.${payload}`;
    },
    decrypt(stored, scope) {
      const [version, keyId, payload] = stored.split('.');
      const key = keyId === undefined ? undefined : byId.get(keyId);
      // Messages name the key id at most: never any part of the ciphertext or plaintext.
      if (version !== VERSION || payload === undefined) throw new CredentialDecryptError('unrecognised credentials format');
      if (!key) throw new CredentialDecryptError(`no credentials key with id ${keyId ?? '?'} is configured`);
      const raw = Buffer.from(payload, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
        decipher.setAAD(aadFor(scope));
        decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
        const plain = Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as Credentials;
      } catch {
        throw new CredentialDecryptError('credentials failed authentication (wrong key or wrong row)');
      }
    },
    keyIdOf(stored) {
      const [version, keyId] = stored.split('.');
      return version === VERSION ? keyId : undefined;
    },
  };
}
