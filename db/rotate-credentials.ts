import { CredentialDecryptError, type CredentialCipher, type Credentials } from './crypto.js';
import type { Provider } from './providers.js';
import type { Db, Sql } from './sql.js';

export interface RotationResult {
  /** Rows re-encrypted with the current key by this run. */
  rotated: number;
  /** Rows that could not be decrypted with any configured key; left untouched. Ids only, never content. */
  failedIds: string[];
  batches: number;
}

interface StoredRow {
  id: string;
  org_id: string;
  project_id: string;
  provider: Provider;
  credentials: string;
}

/** Rows still under another key, after `afterId` in id order. The key id is the 2nd dot-separated part. */
async function selectStaleBatch(tx: Db, currentKeyId: string, afterId: string | null, limit: number): Promise<StoredRow[]> {
  return tx<StoredRow[]>`
    select id, org_id, project_id, provider, credentials
    from audit_integrations
    where credentials is not null
      and split_part(credentials, '.', 2) <> ${currentKeyId}
      ${afterId === null ? tx`` : tx`and id > ${afterId}`}
    order by id
    limit ${limit}
    for update
  `;
}

/** How many stored credentials each key id protects: the check before a key is removed from CREDENTIALS_KEYS. */
export async function countCredentialsByKeyId(sql: Db): Promise<Record<string, number>> {
  const rows = await sql<{ key_id: string; count: number }[]>`
    select split_part(credentials, '.', 2) as key_id, count(*)::int as count
    from audit_integrations
    where credentials is not null
    group by 1
    order by 1
  `;
  return Object.fromEntries(rows.map((r) => [r.key_id, r.count]));
}

/**
 * Re-encrypts every stored credential with the cipher's current key, one transaction per batch, walking ids in order so
 * each row is visited once per run. Safe to re-run (rows already under the current key are not selected) and to run
 * while the API and workers write: the batch holds its rows' locks, so a concurrent connect waits for it and then
 * writes its own (current-key) ciphertext. `updated_at` is left alone: the integration itself did not change.
 */
export async function rotateCredentials(sql: Sql, cipher: CredentialCipher, opts: { batchSize: number }): Promise<RotationResult> {
  const result: RotationResult = { rotated: 0, failedIds: [], batches: 0 };
  let afterId: string | null = null;
  for (;;) {
    const batch: StoredRow[] = await sql.begin(async (tx) => {
      const rows = await selectStaleBatch(tx, cipher.currentKeyId, afterId, opts.batchSize);
      for (const row of rows) {
        const scope = { orgId: row.org_id, projectId: row.project_id, provider: row.provider };
        let plaintext: Credentials;
        try {
          plaintext = cipher.decrypt(row.credentials, scope);
        } catch (err) {
          if (!(err instanceof CredentialDecryptError)) throw err;
          result.failedIds.push(row.id);
          continue;
        }
        await tx`update audit_integrations set credentials = ${cipher.encrypt(plaintext, scope)} where id = ${row.id}`;
        result.rotated++;
      }
      return rows;
    });
    if (batch.length === 0) return result;
    result.batches++;
    afterId = batch[batch.length - 1]!.id;
  }
}
