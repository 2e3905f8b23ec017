import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.js';
import { createSql } from '../../db/sql.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/db.js';

describe('npm run migrate (db/migrate.ts)', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('migrates a fresh database and records every migration', async () => {
    db = await createEmptyDatabase();
    const result = await migrate(db.sql);
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.applied[0]).toBe('00001_init');
    const recorded = await db.sql<{ version: string }[]>`select version from schema_migrations order by version`;
    expect(recorded.map((r) => r.version)).toEqual(result.applied);
    const [table] = await db.sql`select to_regclass('public.audit_integrations') as t`;
    expect(table!.t).toBe('audit_integrations');
  });

  it('is a no-op the second time', async () => {
    db = await createEmptyDatabase();
    const first = await migrate(db.sql);
    const second = await migrate(db.sql);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(first.applied);
  });

  it('lets two processes migrate at once: both succeed, each migration applied once', async () => {
    db = await createEmptyDatabase();
    // Two separate pools = two sessions, as two processes would have.
    const a = createSql({ databaseUrl: db.url, max: 1 });
    const b = createSql({ databaseUrl: db.url, max: 1 });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const applied = [...ra.applied, ...rb.applied].sort();
      expect(applied).toEqual([...new Set(applied)]);
      expect(new Set([...ra.applied, ...ra.skipped])).toEqual(new Set([...rb.applied, ...rb.skipped]));
      const [{ count }] = (await db.sql`select count(*)::int as count from schema_migrations`) as unknown as [{ count: number }];
      expect(count).toBe(applied.length);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
