import type { Db, Sql } from './sql.js';

/**
 * What a verified delivery changes, reduced from the provider's body (api/inbound/*): a tracker issue closed, reopened
 * (open again, or any update that leaves it open) or deleted; a Sentry issue resolved or unresolved. `ref` is the remote
 * issue as finding_tasks.external_id stores it (or the Sentry issue id, findings.source_ref); `at` the provider's time
 * of the change (ISO 8601) where the body carries one.
 */
export type InboundChangeKind = 'closed' | 'reopened' | 'deleted' | 'resolved' | 'unresolved';
export type InboundChange = {
  kind: InboundChangeKind;
  ref: string;
  at: string | null;
};

export type InboundOutcome = 'applied' | 'unchanged' | 'stale' | 'ignored';

/**
 * NOTIFY channel: a delivery was stored. The API notifies after the insert committed (debounced, api/sync-wakeup.ts);
 * workers LISTEN and wake their housekeeping loop, which applies the inbox (worker/sweep-wakeup.ts). Empty payload.
 */
export const INBOUND_CHANNEL = 'audit_inbound';

export async function notifyInbound(sql: Sql): Promise<void> {
  await sql`select pg_notify(${INBOUND_CHANNEL}, '')`;
}

/** As listenForDueSyncs (db/sync-due.ts), on INBOUND_CHANNEL. */
export function listenForInbound(sql: Sql, onDelivery: () => void, onListen: () => void): Promise<{ unlisten(): Promise<void> }> {
  return sql.listen(INBOUND_CHANNEL, () => onDelivery(), onListen);
}

/**
 * Stores a delivery once: false when its delivery id or its body was stored before for this integration (a retry or
 * a replay), in which case nothing is written.
 */
export async function insertInboundDelivery(
  sql: Db,
  input: { integrationId: string; provider: string; deliveryId: string; bodySha256: string; change: InboundChange },
): Promise<boolean> {
  // No conflict target: either unique makes it a no-op.
  const rows = await sql`
    insert into inbound_deliveries (integration_id, provider, delivery_id, body_sha256, change)
    values (${input.integrationId}, ${input.provider}, ${input.deliveryId}, ${input.bodySha256}, ${sql.json({ kind: input.change.kind, ref: input.change.ref, at: input.change.at })})
    on conflict do nothing
    returning id
  `;
  return rows.length > 0;
}

export interface ClaimedDelivery {
  id: string;
  integration_id: string;
  provider: string;
  change: InboundChange;
  org_id: string;
  project_id: string;
  integration_status: string;
}

/**
 * The oldest unprocessed deliveries, locked for the caller's transaction; `skip locked`, so two workers applying at
 * once take different rows.
 */
export async function claimInboundDeliveries(tx: Db, limit: number): Promise<ClaimedDelivery[]> {
  return tx<ClaimedDelivery[]>`
    select d.id, d.integration_id, d.provider, d.change, i.org_id, i.project_id, i.status as integration_status
    from inbound_deliveries d join audit_integrations i on i.id = d.integration_id
    where d.processed_at is null
    order by d.id
    limit ${limit}
    for update of d skip locked
  `;
}

export async function markInboundProcessed(tx: Db, id: string, outcome: InboundOutcome): Promise<void> {
  await tx`update inbound_deliveries set processed_at = now(), outcome = ${outcome} where id = ${id}`;
}

/** Processed deliveries older than `days`, a bounded batch per call; returns how many went. */
export async function pruneInboundDeliveries(sql: Db, days: number): Promise<number> {
  const rows = await sql`
    delete from inbound_deliveries
    where id in (
      select id from inbound_deliveries
      where processed_at is not null and processed_at < now() - make_interval(days => ${days})
      limit 1000
    )
    returning id
  `;
  return rows.length;
}

interface Applied {
  found: boolean;
  fresh: boolean;
  changed: boolean;
}

function outcomeOf(r: Applied | undefined): InboundOutcome {
  if (!r?.found) return 'ignored';
  if (!r.fresh) return 'stale';
  return r.changed ? 'applied' : 'unchanged';
}

/**
 * A tracker issue is closed (or open) there: its task takes that state and, when the task's state changed, its finding
 * follows — closed → resolved (if open), open → reopened (if resolved). State comparisons only, so applying it twice,
 * or after the periodic sync saw the same remote state, changes nothing more (the sync's rule is the same: it resolves
 * only on a task that was open). A change older than the last one applied (`at` before remote_changed_at) is stale.
 */
export async function applyTrackerState(tx: Db, integrationId: string, change: InboundChange, state: 'open' | 'closed'): Promise<InboundOutcome> {
  const [to, from] = state === 'closed' ? (['resolved', 'open'] as const) : (['open', 'resolved'] as const);
  const [row] = await tx<Applied[]>`
    with task as (
      select id, state, remote_changed_at from finding_tasks
      where integration_id = ${integrationId} and external_id = ${change.ref}
      for update
    ), fresh as (
      select id, state from task
      where ${change.at}::timestamptz is null or remote_changed_at is null or remote_changed_at <= ${change.at}::timestamptz
    ), moved as (
      update finding_tasks t
      set state = ${state},
          synced_at = case when t.state <> ${state} then now() else t.synced_at end,
          remote_changed_at = greatest(t.remote_changed_at, ${change.at}::timestamptz)
      from fresh
      where t.id = fresh.id
        and (t.state <> ${state} or t.remote_changed_at is distinct from greatest(t.remote_changed_at, ${change.at}::timestamptz))
      returning t.finding_id, fresh.state <> ${state} as changed
    ), finding as (
      update findings f set status = ${to}, updated_at = now()
      from moved
      where f.id = moved.finding_id and moved.changed and f.status = ${from}
      returning f.id
    )
    select exists (select 1 from task) as found, exists (select 1 from fresh) as fresh,
           exists (select 1 from moved where changed) or exists (select 1 from finding) as changed
  `;
  return outcomeOf(row);
}

/**
 * The issue was deleted there: its task is unlinked (deleted); the finding keeps its status, and a still-open finding
 * gets a new issue at the next sync (it has no task in this provider any more).
 */
export async function applyTrackerDeleted(tx: Db, integrationId: string, change: InboundChange): Promise<InboundOutcome> {
  const [row] = await tx<Applied[]>`
    with task as (
      select id, remote_changed_at from finding_tasks
      where integration_id = ${integrationId} and external_id = ${change.ref}
      for update
    ), gone as (
      delete from finding_tasks t using task
      where t.id = task.id
        and (${change.at}::timestamptz is null or task.remote_changed_at is null or task.remote_changed_at <= ${change.at}::timestamptz)
      returning t.id
    )
    select exists (select 1 from task) as found, exists (select 1 from gone) as fresh, exists (select 1 from gone) as changed
  `;
  return outcomeOf(row);
}

/**
 * A Sentry issue resolved (or unresolved) there: its finding in the integration's project follows, as the periodic pull
 * does (db/sentry-findings.ts). A finding not pulled yet is left to the pull.
 */
export async function applySentryState(tx: Db, scope: { orgId: string; projectId: string }, change: InboundChange, status: 'resolved' | 'open'): Promise<InboundOutcome> {
  const [row] = await tx<Applied[]>`
    with target as (
      select id, status from findings
      where org_id = ${scope.orgId} and project_id = ${scope.projectId} and source = 'sentry' and source_ref = ${change.ref}
      for update
    ), moved as (
      update findings f set status = ${status}, updated_at = now()
      from target
      where f.id = target.id and target.status <> ${status}
      returning f.id
    )
    select exists (select 1 from target) as found, true as fresh, exists (select 1 from moved) as changed
  `;
  return outcomeOf(row);
}
