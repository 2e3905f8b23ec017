import type postgres from 'postgres';
import postgresWithQueueFix from './postgres.js';
import { postgresTls } from './postgres-tls.js';

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
  // sslmode / sslrootcert / sslcert / sslkey in the URL become postgres.js' `ssl` (db/postgres-tls.ts).
  const { url, ssl } = postgresTls(config.databaseUrl);
  return postgresWithQueueFix(url, {
    max: config.max ?? 10,
    idle_timeout: config.idleTimeout ?? 30,
    connect_timeout: 5,
    onnotice: () => undefined,
    transform: { undefined: null },
    connection: { application_name: 'audit-integrations' },
    ...(ssl === undefined ? {} : { ssl }),
  });
}
