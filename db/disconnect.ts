import type { IntegrationRow } from './integrations.js';
import type { Db } from './sql.js';

const COLUMNS = ['id', 'org_id', 'project_id', 'provider', 'status', 'last_sync_at', 'created_at', 'updated_at'] as const;

/**
 * The spec's "previously connected" row: credentials wiped (null, not an empty ciphertext), status `disconnected`,
 * id and created_at kept so a later connect reuses the row.
 */
export async function disconnectIntegration(sql: Db, id: string): Promise<IntegrationRow | undefined> {
  const [row] = await sql<IntegrationRow[]>`
    update audit_integrations
    set status = 'disconnected', credentials = null, updated_at = now()
    where id = ${id}
    returning ${sql(COLUMNS)}
  `;
  return row;
}
