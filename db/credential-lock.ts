import type { Db } from './sql.js';

/** How long a token grant may keep the lock, and how long another may wait for it, in milliseconds. */
export interface CredentialLockBounds {
  /** `lock_timeout` of the wait: past it the waiter fails with 55P03 instead of queueing on. */
  waitMs: number;
  /**
   * `idle_in_transaction_session_timeout`: the longest the holder may sit between statements (its token request). Past
   * it the server ends the session, which releases the lock even if the holding process hangs.
   */
  idleMs: number;
}

/**
 * Serialises the token grants (code exchange, refresh) of one integration across every worker process: a
 * transaction-scoped advisory lock, released by commit, rollback or a lost connection — never left behind. Call it
 * first inside the caller's `sql.begin`.
 */
export async function lockIntegrationTokens(tx: Db, integrationId: string, bounds: CredentialLockBounds): Promise<void> {
  await tx`
    select set_config('lock_timeout', ${`${Math.ceil(bounds.waitMs)}ms`}, true),
           set_config('idle_in_transaction_session_timeout', ${`${Math.ceil(bounds.idleMs)}ms`}, true)
  `;
  await tx`select pg_advisory_xact_lock(hashtextextended(${`integration-tokens:${integrationId}`}, 0))`;
}

/** Postgres' lock_not_available (lock_timeout) and query_canceled (statement_timeout): the wait was cut short. */
export function isLockWaitTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '55P03' || code === '57014';
}
