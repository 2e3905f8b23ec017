import { isLockWaitTimeout, lockIntegrationTokens, type CredentialLockBounds } from '../../db/credential-lock.js';
import { CredentialDecryptError, type CredentialCipher, type CredentialScope } from '../../db/crypto.js';
import { loadCredentials, replaceCredentials } from '../../db/integrations.js';
import type { Db, Sql } from '../../db/sql.js';
import { FailureType, permanentFailure, transientFailure } from '../errors.js';
import { instantOf } from '../providers/options.js';

type Credentials = Record<string, unknown>;

/** What a token grant sees while it holds the integration's token lock. */
export interface LockedCredentials {
  /**
   * The credentials as stored now when they are no longer what this attempt read or last saved (another attempt
   * refreshed meanwhile, or the user reconnected); undefined when unchanged. Later saves compare against them.
   */
  latest: Credentials | undefined;
  /** Reads again, the same way, still under the lock (after the provider refused a refresh token). */
  reread(): Promise<Credentials | undefined>;
  /** `save`, inside the lock's transaction: it becomes visible as the lock is released. */
  save(credentials: Credentials): Promise<void>;
}

export interface CredentialsStore {
  /**
   * Replaces the integration's stored credentials (after an OAuth exchange or a rotated refresh token) — a
   * compare-and-swap on the ciphertext this attempt started from. If the user reconnected meanwhile, the new
   * credentials stay and the attempt fails retryably, so the retry runs with them.
   */
  save(credentials: Credentials): Promise<void>;
  /**
   * Runs `grant` holding the integration's token lock (one grant per integration at a time, across processes), in one
   * transaction: the grant reads what is stored now, calls the token endpoint and saves before anyone else reads.
   */
  exclusive<T>(bounds: CredentialLockBounds, grant: (locked: LockedCredentials) => Promise<T>): Promise<T>;
}

export const reconnectedFailure = () =>
  transientFailure(FailureType.Unavailable, 'the integration was reconnected or disconnected during the sync; its new credentials are used from the next attempt');

export function createCredentialsStore(sql: Sql, cipher: CredentialCipher, integration: { id: string; scope: CredentialScope; ciphertext: string }): CredentialsStore {
  let expected = integration.ciphertext;

  async function saveWith(db: Db, credentials: Credentials): Promise<void> {
    const next = cipher.encrypt(credentials, integration.scope);
    // The access token's expiry goes next to the ciphertext, readable by the health pass (it refreshes ahead of it).
    const expiresAt = instantOf(credentials.expires_at);
    if (!(await replaceCredentials(db, integration.id, next, expected, expiresAt === undefined ? null : new Date(expiresAt)))) throw reconnectedFailure();
    expected = next;
  }

  async function changed(db: Db): Promise<Credentials | undefined> {
    const row = await loadCredentials(db, integration.id);
    if (!row || row.ciphertext === null) throw reconnectedFailure();
    if (row.ciphertext === expected) return undefined;
    let latest: Credentials;
    try {
      latest = cipher.decrypt(row.ciphertext, integration.scope);
    } catch (err) {
      if (err instanceof CredentialDecryptError) throw permanentFailure(FailureType.Credentials, err.message);
      throw err;
    }
    expected = row.ciphertext;
    return latest;
  }

  return {
    save: (credentials) => saveWith(sql, credentials),
    async exclusive<T>(bounds: CredentialLockBounds, grant: (locked: LockedCredentials) => Promise<T>): Promise<T> {
      return (await sql.begin(async (tx) => {
        try {
          await lockIntegrationTokens(tx, integration.id, bounds);
        } catch (err) {
          // Waiting past the holder's worst case: let the activity retry rather than queue behind a stuck grant.
          if (isLockWaitTimeout(err)) throw transientFailure(FailureType.Unavailable, 'another attempt kept this integration\'s token lock too long; retried');
          throw err;
        }
        return grant({ latest: await changed(tx), reread: () => changed(tx), save: (credentials) => saveWith(tx, credentials) });
      })) as T;
    },
  };
}
