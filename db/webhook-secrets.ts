import { randomBytes } from 'node:crypto';
import { CredentialDecryptError, type CredentialCipher, type CredentialScope } from './crypto.js';
import type { Sql } from './sql.js';

/** How long the previous secret keeps signing after a rotation, next to the new one. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes (the spec asks for 24 to 64). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The ciphertext is bound to its endpoint (`<org>/webhook/<endpoint id>`), like credentials to their row. */
function scopeOf(orgId: string, endpointId: string): CredentialScope {
  return { orgId, projectId: 'webhook', provider: endpointId };
}

export function encryptWebhookSecret(cipher: CredentialCipher, orgId: string, endpointId: string, secret: string): string {
  return cipher.encrypt({ secret }, scopeOf(orgId, endpointId));
}

export function decryptWebhookSecret(cipher: CredentialCipher, orgId: string, endpointId: string, stored: string): string {
  const { secret } = cipher.decrypt(stored, scopeOf(orgId, endpointId));
  if (typeof secret !== 'string') throw new Error('stored webhook secret has no secret');
  return secret;
}

/**
 * `credentials:rotate` for webhook signing secrets: re-encrypts every endpoint's secret (and a previous one still in
 * its overlap) with the cipher's current key, each row locked while it is rewritten. Ids of endpoints no configured key
 * can decrypt are returned, never content.
 */
export async function rotateWebhookSecrets(sql: Sql, cipher: CredentialCipher): Promise<{ rotated: number; failedIds: string[] }> {
  const out = { rotated: 0, failedIds: [] as string[] };
  const stale = await sql<{ id: string }[]>`
    select id from webhook_endpoints
    where split_part(secret, '.', 2) <> ${cipher.currentKeyId} or split_part(coalesce(previous_secret, ''), '.', 2) not in ('', ${cipher.currentKeyId})
    order by id
  `;
  for (const { id } of stale) {
    await sql.begin(async (tx) => {
      const [row] = await tx<{ org_id: string; secret: string; previous_secret: string | null }[]>`
        select org_id, secret, previous_secret from webhook_endpoints where id = ${id} for update
      `;
      if (!row) return;
      try {
        const again = (stored: string) => encryptWebhookSecret(cipher, row.org_id, id, decryptWebhookSecret(cipher, row.org_id, id, stored));
        await tx`update webhook_endpoints set secret = ${again(row.secret)}, previous_secret = ${row.previous_secret === null ? null : again(row.previous_secret)} where id = ${id}`;
        out.rotated++;
      } catch (err) {
        if (!(err instanceof CredentialDecryptError)) throw err;
        out.failedIds.push(id);
      }
    });
  }
  return out;
}
