import { PRESENTED_COLUMN_LIST, type PresentedIntegrationRow } from './integrations.js';
import type { Db } from './sql.js';

/**
 * The spec's "previously connected" row: credentials wiped (null, not an empty ciphertext), status `disconnected`,
 * id and created_at kept so a later connect reuses the row. next_sync_at null: no more periodic syncs.
 */
export async function disconnectIntegration(sql: Db, id: string): Promise<PresentedIntegrationRow | undefined> {
  const [row] = await sql<PresentedIntegrationRow[]>`
    update audit_integrations
    set status = 'disconnected', credentials = null, next_sync_at = null, updated_at = now()
    where id = ${id}
    returning ${sql.unsafe(PRESENTED_COLUMN_LIST)}
  `;
  return row;
}
