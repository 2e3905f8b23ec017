import { randomBytes } from 'node:crypto';
import { createCredentialCipher } from '../../db/crypto.js';
import { credentialsFor } from './seed.js';

export interface CryptoStats {
  /** One encrypt plus one decrypt of the map, per second. */
  roundTripsPerSec: number;
  encryptPerSec: number;
  decryptPerSec: number;
  plaintextBytes: number;
  ciphertextBytes: number;
}

function rate(seconds: number, op: () => void): number {
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 500; i++) op();
    n += 500;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

/** In-process (db/crypto.ts is what the API and worker call): a GitHub-style map with token, repository, base_url. */
export function measureCrypto(seconds: number): CryptoStats {
  const cipher = createCredentialCipher([{ id: 'default', key: randomBytes(32) }]);
  const credentials = credentialsFor('github', 42, 'https://github.example.com/api/v3');
  const scope = { orgId: '6f1c2a7e-3b1d-4c55-9a0e-0d6c2f4b8e11', projectId: 'production-website', provider: 'github' };
  const stored = cipher.encrypt(credentials, scope);
  rate(Math.min(1, seconds / 5), () => cipher.decrypt(cipher.encrypt(credentials, scope), scope));
  return {
    roundTripsPerSec: rate(seconds, () => cipher.decrypt(cipher.encrypt(credentials, scope), scope)),
    encryptPerSec: rate(seconds / 2, () => cipher.encrypt(credentials, scope)),
    decryptPerSec: rate(seconds / 2, () => cipher.decrypt(stored, scope)),
    plaintextBytes: Buffer.byteLength(JSON.stringify(credentials)),
    ciphertextBytes: Buffer.byteLength(stored),
  };
}
