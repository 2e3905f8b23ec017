import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Sql } from './sql.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK_ID = 724_031_117;

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

/**
 * Applies pending `db/migrations/NNNNN_*.sql` files in one transaction. A transaction-scoped advisory lock makes
 * concurrent runs queue behind each other; the second one then finds everything recorded and applies nothing.
 */
export async function migrate(sql: Sql, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d{5}_[\w-]+\.sql$/.test(f)).sort();
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`;
    await tx`
      create table if not exists schema_migrations (
        version text primary key,
        applied_at timestamptz not null default now()
      )
    `;
    const done = new Set((await tx<{ version: string }[]>`select version from schema_migrations`).map((r) => r.version));
    const result: MigrationResult = { applied: [], skipped: [] };
    for (const file of files) {
      const version = path.basename(file, '.sql');
      if (done.has(version)) {
        result.skipped.push(version);
        continue;
      }
      await tx.unsafe(await readFile(path.join(dir, file), 'utf8'));
      await tx`insert into schema_migrations (version) values (${version})`;
      result.applied.push(version);
    }
    return result;
  });
}
