// postgres.js with its pool-queue fix applied by patch-package at install (patches/, BENCHMARKS.md).
import postgres from 'postgres';

export type Sql = postgres.Sql;
/** What repository functions take: the pool or a transaction the caller opened with sql.begin. */
export type Db = postgres.ISql;

export interface SqlConfig {
  databaseUrl: string;
  max?: number;
  /** Seconds before an idle connection is closed. */
  idleTimeout?: number;
}

/** One pool per process. Undefined values become NULL; no key transforms (jsonb stays as written). */
export function createSql(config: SqlConfig): Sql {
  return postgres(config.databaseUrl, {
    max: config.max ?? 10,
    idle_timeout: config.idleTimeout ?? 30,
    connect_timeout: 5,
    onnotice: () => undefined,
    transform: { undefined: null },
    connection: { application_name: 'audit-integrations' },
  });
}
