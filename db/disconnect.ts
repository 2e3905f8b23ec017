import { queueHookRemoval } from './inbound-registration.js';
import { PRESENTED_COLUMN_LIST, type PresentedIntegrationRow } from './integrations.js';
import type { Db } from './sql.js';

/**
 * The spec's "previously connected" row: credentials wiped (null, not an empty ciphertext), status `disconnected`,
 * id and created_at kept so a later connect reuses the row. next_sync_at null: no more periodic syncs. Run it in a
 * transaction: it is two statements.
 */
export async function disconnectIntegration(sql: Db, id: string): Promise<PresentedIntegrationRow | undefined> {
  // First, while the credentials are still there: the provider's inbound webhook is queued for removal with a copy of
  // them, still encrypted (the caller's transaction makes both or neither happen).
  await queueHookRemoval(sql, id);
  const [row] = await sql<PresentedIntegrationRow[]>`
    update audit_integrations
    set status = 'disconnected', credentials = null, next_sync_at = null, updated_at = now()
    where id = ${id}
    returning ${sql.unsafe(PRESENTED_COLUMN_LIST)}
  `;
  return row;
}
