import type { Db } from './sql.js';

/** Expired rows deleted per callback: enough to keep up with any callback rate, small enough to stay cheap. */
const PRUNE_BATCH = 100;

/**
 * Spends the OAuth state `id`: true for the first caller only. One statement, so two callbacks racing with the same
 * state meet at the primary key and exactly one wins. The row lives until `expiresAt`, the state's own expiry; the same
 * statement deletes up to a batch of rows expired at `now`, skipping rows a concurrent callback is already deleting.
 */
export async function consumeOAuthState(sql: Db, id: string, expiresAt: Date, now: Date): Promise<boolean> {
  const rows = await sql`
    with pruned as (
      delete from oauth_state_uses
      where id in (
        select id from oauth_state_uses
        where expires_at <= ${now}
        limit ${PRUNE_BATCH}
        for update skip locked
      )
    )
    insert into oauth_state_uses (id, expires_at)
    values (${id}, ${expiresAt})
    on conflict (id) do nothing
    returning id
  `;
  return rows.length === 1;
}
