import type { CredentialCipher, CredentialScope } from '../../db/crypto.js';
import { replaceCredentials } from '../../db/integrations.js';
import type { Db } from '../../db/sql.js';

export interface CredentialsStore {
  /** Replaces the integration's stored credentials (after an OAuth exchange or a rotated refresh token). */
  save(credentials: Record<string, unknown>): Promise<void>;
}

export function createCredentialsStore(sql: Db, cipher: CredentialCipher, integration: { id: string; scope: CredentialScope }): CredentialsStore {
  return {
    save: (credentials) => replaceCredentials(sql, integration.id, cipher.encrypt(credentials, integration.scope)),
  };
}
