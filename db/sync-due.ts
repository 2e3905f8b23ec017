import type { Sql } from './sql.js';

/**
 * NOTIFY channel: an integration became due at once (a connect, a resume). The API notifies it after the change
 * committed (api/sync-wakeup.ts, debounced). The payload is empty: listeners only learn "sweep now"
 * (worker/sweep-wakeup.ts), never which row or whose.
 */
export const SYNC_DUE_CHANNEL = 'audit_sync_due';

export async function notifySyncDue(sql: Sql): Promise<void> {
  await sql`select pg_notify(${SYNC_DUE_CHANNEL}, '')`;
}

/**
 * LISTENs on SYNC_DUE_CHANNEL over the pool's one dedicated listen connection (postgres.js). `onListen` runs every
 * time the LISTEN is (re)established: postgres.js reconnects a dropped listen connection and listens again by itself,
 * and whatever was notified meanwhile went unheard. The promise rejects when the first LISTEN fails (Postgres down);
 * postgres.js keeps retrying it, and `onListen` tells when it succeeds.
 */
export function listenForDueSyncs(sql: Sql, onDue: () => void, onListen: () => void): Promise<{ unlisten(): Promise<void> }> {
  return sql.listen(SYNC_DUE_CHANNEL, () => onDue(), onListen);
}
