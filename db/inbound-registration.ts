import type { Provider } from './providers.js';
import type { Db } from './sql.js';

/**
 * Where the worker got with an integration's inbound webhook at the provider (issue 28; migration 00022). The hook row
 * itself (hook_id, the signing secret) is db/inbound-hooks.ts's; this file owns the registration columns and the
 * removal outbox a disconnect fills.
 */
export const REALTIME_STATES = ['pending', 'registered', 'manual', 'unavailable'] as const;
export type RealtimeState = (typeof REALTIME_STATES)[number];

/** Why cloudflare, ga4 and gsc (not db/inbound-hooks.ts INBOUND_PROVIDERS) have no real-time updates: `realtime.reason`. */
export const UNAVAILABLE_REASON = 'this provider sends no issue webhooks; changes arrive with the periodic sync';

export const NO_PUBLIC_URL_REASON = 'PUBLIC_URL is not set on the worker, so no webhook is registered: add it by hand with this URL and secret';
export const SENTRY_NO_SECRET_REASON =
  'Sentry issues the signing secret itself: create an internal integration in Sentry (Settings → Developer Settings) with this URL as its webhook URL and the "issue" resource checked, then give its client secret with PUT …/realtime';
export const SENTRY_SECRET_REASON = "the internal integration's client secret is stored; Sentry delivers to this URL once the integration's webhook URL is set to it";

export interface RegistrationRow {
  hook_id: string;
  state: RealtimeState;
  reason: string | null;
  remote_id: string | null;
  registered_at: Date | null;
  refreshed_at: Date | null;
}

/** A stored reason is cut to the column's bound; it is already sanitised by whoever wrote it. */
const cut = (reason: string | null) => (reason === null ? null : reason.length > 1000 ? `${reason.slice(0, 999)}…` : reason);

export async function findRegistration(sql: Db, integrationId: string): Promise<RegistrationRow | undefined> {
  const [row] = await sql<RegistrationRow[]>`
    select hook_id, state, reason, remote_id, registered_at, refreshed_at
    from inbound_hooks
    where integration_id = ${integrationId}
  `;
  return row;
}

/** Anything but `registered`: the remote id is forgotten (a hook nobody registered is nobody's to remove). */
export async function setRegistrationState(sql: Db, integrationId: string, state: Exclude<RealtimeState, 'registered'>, reason: string | null): Promise<void> {
  await sql`
    update inbound_hooks
    set state = ${state}, reason = ${cut(reason)}, remote_id = null, registered_at = null, refreshed_at = null, updated_at = now()
    where integration_id = ${integrationId}
  `;
}

/**
 * Records the provider's hook as ours — unless the integration was disconnected since the sync read its credentials:
 * then the hook just created belongs to nobody, and is queued for removal with the ciphertext the sync read, as the
 * disconnect would have queued it. Run in a transaction: the integration row is locked, so a disconnect waits for
 * this or this for the disconnect. Returns false when it was queued instead.
 */
export async function recordRegistered(sql: Db, integrationId: string, remoteId: string, ciphertext: string): Promise<boolean> {
  const [current] = await sql<{ same: boolean }[]>`
    select (status <> 'disconnected' and credentials is not null) as same
    from audit_integrations where id = ${integrationId}
    for update
  `;
  if (current?.same) {
    await sql`
      update inbound_hooks
      set state = 'registered', reason = null, remote_id = ${remoteId}, registered_at = now(), refreshed_at = now(), updated_at = now()
      where integration_id = ${integrationId}
    `;
    return true;
  }
  await sql`
    insert into inbound_hook_removals (integration_id, org_id, project_id, provider, remote_id, credentials)
    select id, org_id, project_id, provider, ${remoteId}, ${ciphertext} from audit_integrations where id = ${integrationId}
  `;
  return false;
}

export async function markRefreshed(sql: Db, integrationId: string): Promise<void> {
  await sql`update inbound_hooks set refreshed_at = now(), updated_at = now() where integration_id = ${integrationId}`;
}

/** Remote hooks a disconnect queued for removal: a later registration never adopts them (the removal would undo it). */
export async function queuedRemoteIds(sql: Db, integrationId: string): Promise<Set<string>> {
  const rows = await sql<{ remote_id: string }[]>`select remote_id from inbound_hook_removals where integration_id = ${integrationId}`;
  return new Set(rows.map((r) => r.remote_id));
}

/**
 * For a disconnect, in its transaction and before the credentials are wiped: queues the removal of a registered hook
 * with a copy of the still encrypted credentials, and resets the registration (the next connect registers anew). A
 * repeated disconnect finds the credentials gone and queues nothing.
 */
export async function queueHookRemoval(sql: Db, integrationId: string): Promise<void> {
  // The integration row first, as recordRegistered locks it: a registration finishing meanwhile is either seen here or
  // sees the disconnect (and queues its hook itself).
  await sql`select 1 from audit_integrations where id = ${integrationId} for update`;
  await sql`
    insert into inbound_hook_removals (integration_id, org_id, project_id, provider, remote_id, credentials)
    select i.id, i.org_id, i.project_id, i.provider, h.remote_id, i.credentials
    from audit_integrations i join inbound_hooks h on h.integration_id = i.id
    where i.id = ${integrationId} and h.remote_id is not null and i.credentials is not null
  `;
  await sql`
    update inbound_hooks
    set state = 'pending', reason = null, remote_id = null, registered_at = null, refreshed_at = null, updated_at = now()
    where integration_id = ${integrationId} and state <> 'pending'
  `;
}

export interface RemovalRow {
  id: string;
  integration_id: string;
  org_id: string;
  project_id: string;
  provider: Provider;
  remote_id: string;
  credentials: string;
  attempts: number;
  created_at: Date;
}

/**
 * Claims up to `limit` due removals for `leaseMs` (their next attempt moves past the lease, so a worker that dies
 * mid-removal leaves them to a later pass rather than to no one), oldest due first.
 */
export async function claimRemovals(sql: Db, limit: number, leaseMs: number): Promise<RemovalRow[]> {
  return sql<RemovalRow[]>`
    update inbound_hook_removals r
    set next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}::float8)
    from (
      select id from inbound_hook_removals
      where next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    ) due
    where r.id = due.id
    returning r.id, r.integration_id, r.org_id, r.project_id, r.provider, r.remote_id, r.credentials, r.attempts, r.created_at
  `;
}

/** Done, or given up: the row goes, and the credential copy with it. */
export async function deleteRemoval(sql: Db, id: string): Promise<void> {
  await sql`delete from inbound_hook_removals where id = ${id}`;
}

/** A failed attempt: counted, its sanitised reason kept, retried after `delayMs`. */
export async function deferRemoval(sql: Db, id: string, error: string, delayMs: number): Promise<void> {
  await sql`
    update inbound_hook_removals
    set attempts = attempts + 1, last_error = ${cut(error)}, next_attempt_at = now() + make_interval(secs => ${delayMs / 1000}::float8)
    where id = ${id}
  `;
}

/** An OAuth token refreshed during a removal is kept in the copy (still encrypted), for the next attempt. */
export async function replaceRemovalCredentials(sql: Db, id: string, ciphertext: string): Promise<void> {
  await sql`update inbound_hook_removals set credentials = ${ciphertext} where id = ${id}`;
}
