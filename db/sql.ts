// postgres.js with its pool-queue fix applied by patch-package at install (patches/, BENCHMARKS.md).
import postgres from 'postgres';
import { postgresTls } from './postgres-tls.js';

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
  /**
   * How long a query may wait for a free pool connection before it is cancelled with 57014 (DB_POOL_WAIT_TIMEOUT_MS);
   * unset = no bound. Queries already on a connection are bounded by statementTimeoutMs instead.
   */
  poolWaitTimeoutMs?: number;
}

/** One pool per process. Undefined values become NULL; no key transforms (jsonb stays as written). */
export function createSql(config: SqlConfig): Sql {
  // sslmode / sslrootcert / sslcert / sslkey in the URL become postgres.js' `ssl` (db/postgres-tls.ts).
  const { url, ssl } = postgresTls(config.databaseUrl);
  const sql = postgres(url, {
    max: config.max ?? 10,
    idle_timeout: config.idleTimeout ?? 30,
    connect_timeout: config.connectTimeout ?? 5,
    onnotice: () => undefined,
    transform: { undefined: null },
    connection: {
      application_name: 'audit-integrations',
      ...(config.statementTimeoutMs ? { statement_timeout: config.statementTimeoutMs } : {}),
    },
    ...(ssl === undefined ? {} : { ssl }),
  });
  return config.poolWaitTimeoutMs ? boundPoolWait(sql, config.poolWaitTimeoutMs) : sql;
}

const POOL_WAIT_TIMEOUT = 'POOL_WAIT_TIMEOUT';

function poolWaitError(waitMs: number): Error {
  return Object.assign(new Error(`no database connection became free within ${waitMs} ms`), { code: POOL_WAIT_TIMEOUT });
}

/**
 * `begin` takes its connection inside postgres.js, out of reach of the query tracking: if the transaction has not
 * started within `waitMs` the caller gets POOL_WAIT_TIMEOUT, and should a connection come later, the body is never run
 * (it throws first, so the transaction rolls back at once).
 */
function boundBegin(begin: Sql['begin'], target: Sql, waitMs: number) {
  return (...args: unknown[]): Promise<unknown> => {
    const fn = args.at(-1) as (tx: unknown) => unknown;
    let started = false;
    let abandoned = false;
    const body = (tx: unknown) => {
      if (abandoned) throw poolWaitError(waitMs);
      started = true;
      return fn(tx);
    };
    const run = Reflect.apply(begin, target, [...args.slice(0, -1), body]) as Promise<unknown>;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (started) return;
        abandoned = true;
        reject(poolWaitError(waitMs));
      }, waitMs);
      run.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          if (!abandoned) reject(err as Error);
        },
      );
    });
  };
}

/** What postgres.js' Query exposes that the wait bound reads: started (`executed`), on a connection (`state`). */
interface PendingQuery {
  executed: boolean;
  state: unknown;
  cancel(): unknown;
}

const isQuery = (v: unknown): v is PendingQuery =>
  typeof v === 'object' && v !== null && 'executed' in v && 'state' in v && typeof (v as PendingQuery).cancel === 'function';

/**
 * postgres.js has no acquire timeout: a query started while every connection is busy waits in the pool's queue for as
 * long as it takes. This tracks the pool's queries (tagged templates, `unsafe`, and so `begin`) and cancels any that
 * was started but still has no connection after `waitMs` — the library's own cancel, which takes it out of the queue
 * and rejects it with 57014, the code isDatabaseUnavailable maps to 503. Fragments that are never run are dropped
 * from tracking after the same time. One sweep timer per pool, unref'd.
 */
function boundPoolWait(sql: Sql, waitMs: number): Sql {
  let tracked: { query: PendingQuery; at: number }[] = [];
  const track = <T>(value: T): T => {
    if (isQuery(value)) tracked.push({ query: value, at: Date.now() });
    return value;
  };
  const sweep = setInterval(() => {
    if (tracked.length === 0) return;
    const cutoff = Date.now() - waitMs;
    const keep: typeof tracked = [];
    for (const entry of tracked) {
      if (entry.query.state) continue;
      if (entry.at > cutoff) keep.push(entry);
      else if (entry.query.executed) void Promise.resolve(entry.query.cancel()).catch(() => undefined);
    }
    tracked = keep;
  }, Math.max(10, Math.min(250, Math.floor(waitMs / 4))));
  sweep.unref();
  return new Proxy(sql, {
    apply: (target, thisArg, args) => track(Reflect.apply(target, thisArg, args) as unknown),
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'unsafe' && typeof value === 'function') return (...args: unknown[]) => track(Reflect.apply(value, target, args) as unknown);
      if (prop === 'begin' && typeof value === 'function') return boundBegin(value as Sql['begin'], target, waitMs);
      if (prop === 'end' && typeof value === 'function') {
        return (...args: unknown[]) => {
          clearInterval(sweep);
          return Reflect.apply(value, target, args) as unknown;
        };
      }
      return value;
    },
  });
}

// statement timeout / cancel, lock_not_available, too_many_connections, shutdown / cannot connect now.
const UNAVAILABLE_SQLSTATES = new Set(['57014', '55P03', '53300', '53400', '57P01', '57P02', '57P03']);
// postgres.js' own connection errors and the socket errors it passes through.
const UNAVAILABLE_CLIENT_CODES = new Set([
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', POOL_WAIT_TIMEOUT,
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

/**
 * A fixed column list as SQL text, each name quoted once (`alias.` prefixes them). Interpolate it with
 * `${sql.unsafe(list)}`: `${sql(names)}` makes postgres.js search the query text so far with one regular expression per
 * keyword, on every call, to guess what the list is for — 3 % of connect's CPU, whose statement is long.
 */
export function columnList(names: readonly string[], alias?: string): string {
  return names.map((n) => `${alias ? `"${alias}".` : ''}"${n}"`).join(', ');
}
