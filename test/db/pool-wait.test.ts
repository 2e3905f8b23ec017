import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, isDatabaseUnavailable, type Sql } from '../../db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// The bound under test, and the stated tolerance on top of it (the sweep runs every WAIT_MS / 4).
const WAIT_MS = 400;
const TOLERANCE_MS = 600;

describe('createSql({ poolWaitTimeoutMs }): a bound on waiting for a pool connection', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSql({ databaseUrl: db.url, max: 1, poolWaitTimeoutMs: WAIT_MS });
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  async function failure(work: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
    const started = Date.now();
    try {
      await work;
    } catch (err) {
      return { err, ms: Date.now() - started };
    }
    throw new Error('expected the query to fail');
  }

  it('fails queries and transactions that wait past it as unavailable, runs nothing late, and the pool keeps working', async () => {
    // The pool's only connection is busy for longer than the bound.
    // Long enough that both waits below end (and are checked) while it still holds the connection.
    const busy = sql`select pg_sleep(${(WAIT_MS * 6) / 1000})`.execute();
    await new Promise((r) => setTimeout(r, 50));

    const query = await failure(sql`select 1 as one`.execute());
    expect(isDatabaseUnavailable(query.err)).toBe(true);
    expect(query.ms).toBeGreaterThanOrEqual(WAIT_MS - 50);
    expect(query.ms).toBeLessThan(WAIT_MS + TOLERANCE_MS);

    let bodyRan = false;
    const tx = await failure(
      sql.begin(async (t) => {
        bodyRan = true;
        await t`create table pool_wait_late (id int)`;
      }),
    );
    expect(isDatabaseUnavailable(tx.err)).toBe(true);
    expect(tx.ms).toBeLessThan(WAIT_MS + TOLERANCE_MS);

    await busy;
    expect((await sql<{ one: number }[]>`select 1 as one`)[0]!.one).toBe(1);
    // The abandoned transaction got its connection later, but its body never ran.
    expect(bodyRan).toBe(false);
    expect((await sql`select 1 from pg_tables where tablename = 'pool_wait_late'`).length).toBe(0);
  });

  it('leaves queries that got a connection to the statement timeout, and fragments alone', async () => {
    const fragment = sql`and 1 = 1`;
    await new Promise((r) => setTimeout(r, WAIT_MS * 2));
    const rows = await sql<{ n: number }[]>`select 1 as n where true ${fragment}`;
    expect(rows).toEqual([{ n: 1 }]);
    expect((await sql<{ slept: string }[]>`select pg_sleep(${(WAIT_MS * 2) / 1000})::text as slept`)[0]!.slept).toBe('');
  });
});
