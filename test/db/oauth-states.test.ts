import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeOAuthState } from '../../db/oauth-states.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('consumeOAuthState (db/oauth-states.ts)', () => {
  let db: TestDatabase;
  const t0 = new Date('2026-01-01T00:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const ids = async () => (await db.sql<{ id: string }[]>`select id from oauth_state_uses order by id`).map((r) => r.id);

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('is true for the first use of a state only, also when uses race', async () => {
    expect(await consumeOAuthState(db.sql, 'once', at(10), t0)).toBe(true);
    expect(await consumeOAuthState(db.sql, 'once', at(10), t0)).toBe(false);
    const raced = await Promise.all(Array.from({ length: 8 }, () => consumeOAuthState(db.sql, 'raced', at(10), t0)));
    expect(raced.filter(Boolean)).toHaveLength(1);
  });

  it('keeps a use until its state expires, then a later use prunes it', async () => {
    await consumeOAuthState(db.sql, 'short', at(1), t0);
    expect(await ids()).toContain('short');
    await consumeOAuthState(db.sql, 'later', at(20), at(1));
    expect(await ids()).not.toContain('short');
    // Not yet expired at that moment: still spent.
    expect(await ids()).toEqual(expect.arrayContaining(['once', 'raced', 'later']));
  });
});
