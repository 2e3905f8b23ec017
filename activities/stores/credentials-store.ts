import type { CredentialCipher, CredentialScope } from '../../db/crypto.js';
import { replaceCredentials } from '../../db/integrations.js';
import type { Db } from '../../db/sql.js';
import { FailureType, transientFailure } from '../errors.js';

export interface CredentialsStore {
  /**
   * Replaces the integration's stored credentials (after an OAuth exchange or a rotated refresh token) — a
   * compare-and-swap on the ciphertext this attempt started from. If the user reconnected meanwhile, the new
   * credentials stay and the attempt fails retryably, so the retry runs with them.
   */
  save(credentials: Record<string, unknown>): Promise<void>;
}

export function createCredentialsStore(sql: Db, cipher: CredentialCipher, integration: { id: string; scope: CredentialScope; ciphertext: string }): CredentialsStore {
  let expected = integration.ciphertext;
  return {
    async save(credentials) {
      const next = cipher.encrypt(credentials, integration.scope);
      if (!(await replaceCredentials(sql, integration.id, next, expected))) {
        throw transientFailure(FailureType.Unavailable, 'the integration was reconnected or disconnected during the sync; its new credentials are used from the next attempt');
      }
      expected = next;
    },
  };
}
