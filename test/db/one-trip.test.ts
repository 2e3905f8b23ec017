import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, transactionInOneTrip, type Sql } from '../../db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('transactionInOneTrip: begin, statements and commit sent together', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection: whatever a failed trip leaves behind, the next statement would run into it.
    sql = createSql({ databaseUrl: db.url, max: 1 });
    await sql`create table trip (id int primary key, note text)`;
  });
  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await db?.drop();
  });

  it('commits every statement and answers their results in order', async () => {
    const [inserted, counted] = (await transactionInOneTrip(sql, (tx) => [
      tx`insert into trip (id, note) values (1, 'one'), (2, 'two') returning id`,
      tx`select count(*)::int as n from trip`,
    ])) as [{ id: number }[], { n: number }[]];
    expect(inserted.map((r) => r.id)).toEqual([1, 2]);
    // The second statement saw the first one's rows: same transaction, run after it.
    expect(counted[0]!.n).toBe(2);
    expect((await sql<{ n: number }[]>`select count(*)::int as n from trip`)[0]!.n).toBe(2);
  });

  it('writes nothing when a later statement fails, throws that error, and leaves the connection clean', async () => {
    const failing = transactionInOneTrip(sql, (tx) => [
      tx`insert into trip (id, note) values (3, 'three')`,
      tx`insert into trip (id, note) values (1, 'duplicate')`,
      tx`insert into trip (id, note) values (4, 'four')`,
    ]);
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect((await sql<{ id: number }[]>`select id from trip order by id`).map((r) => r.id)).toEqual([1, 2]);
    // Not left inside a transaction: this commits on its own and is visible to a second connection.
    await sql`insert into trip (id, note) values (5, 'after')`;
    const other = createSql({ databaseUrl: db.url, max: 1 });
    try {
      expect((await other<{ id: number }[]>`select id from trip where id = 5`).length).toBe(1);
    } finally {
      await other.end({ timeout: 5 });
    }
  });

  it('reads after a lock taken by an earlier statement with a snapshot newer than the lock holder’s commit', async () => {
    // What the connect quota relies on: another session holds the lock, writes, and commits only later.
    const holder = createSql({ databaseUrl: db.url, max: 1 });
    try {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const lockHeld = new Promise<void>((r) => (locked = r));
      const held = holder.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(4242)`;
        await tx`insert into trip (id, note) values (6, 'written while locked')`;
        locked();
        await released;
      });
      await lockHeld;
      const trip = transactionInOneTrip(sql, (tx) => [
        tx`select pg_advisory_xact_lock_shared(4242)`,
        tx`select count(*)::int as n from trip where id = 6`,
      ]);
      // The trip waits for the lock; the holder commits its row, then the trip's read must see it.
      setTimeout(release, 200);
      await held;
      const [, seen] = (await trip) as [unknown, { n: number }[]];
      expect(seen[0]!.n).toBe(1);
    } finally {
      await holder.end({ timeout: 5 });
    }
  });
});
