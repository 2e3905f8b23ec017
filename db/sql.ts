import type postgres from 'postgres';
import postgresWithQueueFix from './postgres.js';

export type Sql = postgres.Sql;
/** What repository functions take: the pool or a transaction the caller opened with sql.begin. */
export type Db = postgres.ISql;

export interface SqlConfig {
  databaseUrl: string;
  max?: number;
  /** Seconds before an idle connection is closed. */
  idleTimeout?: number;
  /**
   * Server-side bound on every statement of this pool (Postgres `statement_timeout`, lock waits included); unset = none.
   * The API sets DB_STATEMENT_TIMEOUT_MS; a statement past it fails with 57014 and its transaction rolls back.
   */
  statementTimeoutMs?: number;
  /** Seconds to wait for a new connection before its queries fail (default 5). */
  connectTimeout?: number;
}

/** One pool per process. Undefined values become NULL; no key transforms (jsonb stays as written). */
export function createSql(config: SqlConfig): Sql {
  return postgresWithQueueFix(config.databaseUrl, {
    max: config.max ?? 10,
    idle_timeout: config.idleTimeout ?? 30,
    connect_timeout: config.connectTimeout ?? 5,
    onnotice: () => undefined,
    transform: { undefined: null },
    connection: {
      application_name: 'audit-integrations',
      ...(config.statementTimeoutMs ? { statement_timeout: config.statementTimeoutMs } : {}),
    },
  });
}

// statement timeout / cancel, lock_not_available, too_many_connections, shutdown / cannot connect now.
const UNAVAILABLE_SQLSTATES = new Set(['57014', '55P03', '53300', '53400', '57P01', '57P02', '57P03']);
// postgres.js' own connection errors and the socket errors it passes through.
const UNAVAILABLE_CLIENT_CODES = new Set([
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE',
]);

/**
 * True for failures that mean "the database is stalled or unreachable right now" (a retry later may succeed), as
 * opposed to a bug or bad data: timeouts, cancelled statements, lost or refused connections.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_CLIENT_CODES.has(code);
}

/**
 * Readiness: the database answers a read of the API's main table. A plain `select 1` would pass while that table is
 * locked and every request stalls.
 */
export async function pingDatabase(sql: Sql): Promise<void> {
  await sql`select 1 from audit_integrations limit 1`;
}
