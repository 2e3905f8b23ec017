import { connectAuditCte, type AuditActor } from './audit-log.js';
import { columnList, type Db } from './sql.js';
import { timestampSql } from './timestamps.js';
import { dbSpan } from './tracing.js';
import { integrationEventDataSql, outboxCtes } from './webhooks.js';
import type { IntegrationStatus, Provider } from './providers.js';

export interface IntegrationRow {
  id: string;
  org_id: string;
  project_id: string;
  provider: Provider;
  status: IntegrationStatus;
  last_sync_at: Date | null;
  /** When the sweeper next syncs it; null once disconnected. Not in the spec's rows (presenters.ts leaves it out). */
  next_sync_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface IntegrationKey {
  orgId: string;
  projectId: string;
  provider: Provider;
}

/** The public columns. `credentials` is deliberately absent: only loadCredentials reads it. */
export const COLUMNS = ['id', 'org_id', 'project_id', 'provider', 'status', 'last_sync_at', 'next_sync_at', 'created_at', 'updated_at'] as const;
export const COLUMN_LIST = columnList(COLUMNS);

/**
 * The spec's row of an integration, as JSON text built by Postgres: the one presenter of integration rows (every
 * response that shows one sends this text; api/presenters.ts adds only the never-connected placeholders). The field list
 * is explicit so a new column (credentials above all) can never leak; timestamps are cut to the second in UTC
 * (timestampSql); a disconnected row carries the same empty `credentials: {}` as a placeholder, so clients written
 * against either sentence of the spec's Security section work. Postgres renders it so the API neither parses the
 * row's timestamps into Dates nor formats and serialises them again (BENCHMARKS.md, list).
 */
export function presentedJsonSql(alias?: string, extraFields = ''): string {
  const column = (name: string) => `${alias ? `"${alias}".` : ''}"${name}"`;
  // extraFields: more `expression as "name"` items after the spec's fields (db/integration-settings.ts: the single GET).
  const fields = PRESENTED_FIELDS.map((name) => `${name.endsWith('_at') ? timestampSql(column(name)) : column(name)} as "${name}"`).join(', ') + extraFields;
  // row_to_json writes compact JSON ("key":value), as JSON.stringify does for every other answer; json_build_object
  // would write "key" : value.
  const object = (extra: string) => `(select row_to_json(presented) from (select ${extra}${fields}) presented)`;
  return `(case when ${column('status')} = 'disconnected' then ${object(`'{}'::json as "credentials", `)} else ${object('')} end)::text`;
}
const PRESENTED_FIELDS = ['id', 'org_id', 'project_id', 'provider', 'status', 'last_sync_at', 'created_at', 'updated_at'] as const;

/** A row as the API shows it: `json` is presentedJsonSql's text. */
export type PresentedIntegrationRow = IntegrationRow & { json: string };
const PRESENTED_JSON = presentedJsonSql();
/** COLUMN_LIST plus the row's presented JSON, for the statements whose row the API answers with. */
export const PRESENTED_COLUMN_LIST = `${COLUMN_LIST}, ${PRESENTED_JSON} as "json"`;
const CLAIM_COLUMN_LIST = `${columnList(COLUMNS, 'i')}, ${presentedJsonSql('i')} as "json"`;

/** The project's rows in the list's order, each as its presented JSON only (list parses nothing else). */
export async function listIntegrations(sql: Db, orgId: string, projectId: string): Promise<Pick<PresentedIntegrationRow, 'provider' | 'json'>[]> {
  return dbSpan('list integrations', () => sql<Pick<PresentedIntegrationRow, 'provider' | 'json'>[]>`
    select provider, ${sql.unsafe(PRESENTED_JSON)} as json
    from audit_integrations
    where org_id = ${orgId} and project_id = ${projectId}
    order by created_at, id
  `);
}

export async function findIntegration(sql: Db, key: IntegrationKey): Promise<IntegrationRow | undefined> {
  const [row] = await sql<IntegrationRow[]>`
    select ${sql.unsafe(COLUMN_LIST)}
    from audit_integrations
    where org_id = ${key.orgId} and project_id = ${key.projectId} and provider = ${key.provider}
  `;
  return row;
}

export async function findIntegrationById(sql: Db, id: string): Promise<IntegrationRow | undefined> {
  const [row] = await sql<IntegrationRow[]>`select ${sql.unsafe(COLUMN_LIST)} from audit_integrations where id = ${id}`;
  return row;
}

/**
 * Connect or reconnect: stores the credentials (`ciphertext`, bound to the row identity), marks the row connected and
 * due at once (next_sync_at = now: the next sweep starts its first sync), keeping id and created_at. last_sync_at = now
 * is the spec's contract ("last_sync_at is set to the connect timestamp because the upsert refreshes that column"),
 * kept although no sync has run yet.
 */
export async function upsertIntegration(sql: Db, key: IntegrationKey, ciphertext: string): Promise<IntegrationRow> {
  const [row] = await sql<IntegrationRow[]>`${upsertStatement(sql, key, ciphertext, false)} returning ${sql.unsafe(COLUMN_LIST)}`;
  return row!;
}

/**
 * upsertIntegration plus what a connect leaves behind — the audit entry and the `integration.connected` outbox event —
 * in one statement (so in one round trip, and all or nothing). With `inActiveProjectOnly` it writes only if the org
 * already has an integration that is not disconnected in this project (the case the project quota never has to
 * count), and otherwise nothing at all (no row back). That check locks the project's first active row (by id, so
 * concurrent connects of one project queue on the same row instead of deadlocking) until the statement ends: a
 * disconnect of it committed meanwhile is seen (the lock re-reads the row), one in flight waits — the project stays
 * counted for as long as this write needs it to be, with no quota lock and no transaction around the statement.
 * The row is due at once; the caller wakes the sweeper once it has committed (api/sync-wakeup.ts).
 */
export function connectIntegration(sql: Db, key: IntegrationKey, ciphertext: string, opts: { inActiveProjectOnly: boolean; actor: AuditActor }) {
  return dbSpan('connect integration', () => sql<Pick<PresentedIntegrationRow, 'json'>[]>`
    with up as (
      ${upsertStatement(sql, key, ciphertext, opts.inActiveProjectOnly)}
      returning ${sql.unsafe(PRESENTED_COLUMN_LIST)}
    ),
    ${connectAuditCte(sql, opts.actor)},
    ${outboxCtes(sql, { orgId: key.orgId, projectId: key.projectId, type: 'integration.connected' }, integrationEventDataSql(sql, 'up'), sql`from up`)}
    select json from up
  `);
}

function upsertStatement(sql: Db, key: IntegrationKey, ciphertext: string, onlyInActiveProject: boolean) {
  // `for no key update`: holds off a disconnect (an update of the row), not the sync runs that reference it.
  return sql`
    insert into audit_integrations (org_id, project_id, provider, status, credentials, last_sync_at, next_sync_at)
    select ${key.orgId}, ${key.projectId}, ${key.provider}, 'connected', ${ciphertext}, now(), now()
    ${onlyInActiveProject ? sql`
    where exists (
      select 1 from audit_integrations
      where org_id = ${key.orgId} and project_id = ${key.projectId} and status <> 'disconnected'
      order by id
      limit 1
      for no key update
    )` : sql``}
    on conflict (org_id, project_id, provider) do update
      set credentials = excluded.credentials,
          status = 'connected',
          last_sync_at = excluded.last_sync_at,
          -- A paused integration stays paused across a reconnect: no periodic sync until it is resumed.
          next_sync_at = case when audit_integrations.paused then null else excluded.next_sync_at end,
          updated_at = excluded.last_sync_at,
          -- New credentials: their expiry is learned at their first grant, and the health pass checks them soon (the
          -- state stays until a check succeeds: a reconnect out of needs_reconnect is confirmed, with auth_recovered).
          credentials_expire_at = null,
          health_checked_at = null,
          health_claimed_until = null
  `;
}

export interface SyncClaim {
  row: PresentedIntegrationRow;
  previousStatus: IntegrationStatus;
}

/**
 * Marks a connected/error row `syncing` (or finds it already syncing) and reports the status it had. Undefined when
 * there is no row or it is disconnected: there is nothing to sync.
 */
export async function claimForSync(sql: Db, key: IntegrationKey): Promise<SyncClaim | undefined> {
  const [row] = await dbSpan('claim integration for sync', () => sql<(PresentedIntegrationRow & { previous_status: IntegrationStatus })[]>`
    update audit_integrations i
    set status = 'syncing', updated_at = now()
    from (
      select id, status from audit_integrations
      where org_id = ${key.orgId} and project_id = ${key.projectId} and provider = ${key.provider}
      for update
    ) prev
    where i.id = prev.id and prev.status <> 'disconnected'
    returning ${sql.unsafe(CLAIM_COLUMN_LIST)}, prev.status as previous_status
  `);
  if (!row) return undefined;
  const { previous_status, ...rest } = row;
  return { row: rest, previousStatus: previous_status };
}

/**
 * Undo a claim when the workflow could not be started, unless something else has moved the row on since. The claim's
 * Date holds milliseconds and the column microseconds, so they are compared at millisecond precision.
 */
export async function releaseSyncClaim(sql: Db, claim: SyncClaim): Promise<void> {
  await sql`
    update audit_integrations
    set status = ${claim.previousStatus}
    where id = ${claim.row.id} and status = 'syncing' and date_trunc('milliseconds', updated_at) = ${claim.row.updated_at}
  `;
}

export async function loadCredentials(sql: Db, id: string): Promise<{ key: IntegrationKey; ciphertext: string | null } | undefined> {
  const [row] = await dbSpan('load credentials', () => sql<{ org_id: string; project_id: string; provider: Provider; credentials: string | null }[]>`
    select org_id, project_id, provider, credentials from audit_integrations where id = ${id}
  `);
  if (!row) return undefined;
  return { key: { orgId: row.org_id, projectId: row.project_id, provider: row.provider }, ciphertext: row.credentials };
}

export async function setIntegrationStatus(
  sql: Db,
  id: string,
  status: IntegrationStatus,
  opts: { touchLastSync?: boolean } = {},
): Promise<IntegrationRow | undefined> {
  const [row] = await dbSpan('set integration status', () => sql<IntegrationRow[]>`
    update audit_integrations
    set status = ${status},
        updated_at = now(),
        last_sync_at = case when ${opts.touchLastSync ?? false} then now() else last_sync_at end
    where id = ${id} and status <> 'disconnected'
    returning ${sql.unsafe(COLUMN_LIST)}
  `);
  return row;
}

/**
 * Replaces stored credentials in place (OAuth exchange, rotated tokens) only if they are still `expected`, the
 * ciphertext the sync started from: a reconnect that landed meanwhile wins, and a wiped (disconnected) row is never
 * revived. False when the row had changed. `expiresAt`: the stored access token's expiry (null: none given), which the
 * health pass refreshes ahead of.
 */
export async function replaceCredentials(sql: Db, id: string, ciphertext: string, expected: string, expiresAt: Date | null = null): Promise<boolean> {
  const rows = await sql`
    update audit_integrations set credentials = ${ciphertext}, credentials_expire_at = ${expiresAt}
    where id = ${id} and credentials = ${expected}
    returning id
  `;
  return rows.length === 1;
}

/**
 * After a sync recorded its result (any outcome, manual or periodic): due again one interval after this moment — the
 * row's own sync_interval_seconds, else `defaultIntervalMs` (SYNC_INTERVAL) — plus up to a tenth of the interval (at
 * most 10 minutes) of jitter so integrations connected together drift apart. A paused row gets null (a manual sync
 * while paused leaves it paused); a disconnected row keeps null.
 */
export async function scheduleNextSync(sql: Db, id: string, defaultIntervalMs: number): Promise<void> {
  const secs = sql`coalesce(sync_interval_seconds::float8, ${defaultIntervalMs / 1000}::float8)`;
  await sql`
    update audit_integrations
    set next_sync_at = case when paused then null else now() + make_interval(secs => ${secs} + random() * least(${secs} / 10, 600)) end
    where id = ${id} and status <> 'disconnected'
  `;
}

/** What the sweeper needs to start a sync: ids only. */
export interface DueIntegration {
  id: string;
  org_id: string;
  project_id: string;
  provider: Provider;
}

/**
 * Claims up to `limit` due integrations, oldest due first, for `claimMs`: their next_sync_at moves to now + claimMs,
 * so a second sweeper (`skip locked`) or the next sweep passes them over while the starts are on their way. A sweeper
 * that dies before starting them loses nothing: the claim runs out and the rows are due again. A start that happens
 * twice (claim expired while the first start was slow) joins the same workflow id, so it is never doubled.
 */
export async function claimDueIntegrations(sql: Db, opts: { limit: number; claimMs: number }): Promise<DueIntegration[]> {
  return dbSpan('claim due integrations', () => sql<DueIntegration[]>`
    update audit_integrations i
    set next_sync_at = now() + make_interval(secs => ${opts.claimMs / 1000})
    from (
      select id from audit_integrations
      where next_sync_at <= now() and next_sync_at is not null and status <> 'disconnected' and not paused
      order by next_sync_at
      limit ${opts.limit}
      for update skip locked
    ) due
    where i.id = due.id
    returning i.id, i.org_id, i.project_id, i.provider
  `);
}
