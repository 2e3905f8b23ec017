import type { HealthState } from './integration-settings.js';
import type { Provider } from './providers.js';
import type { Db } from './sql.js';
import { formatTimestamp } from './timestamps.js';
import { recordWebhookEvent } from './webhooks.js';

/** What the health pass needs to check one integration: ids only. */
export interface HealthCheckDue {
  id: string;
  org_id: string;
  project_id: string;
  provider: Provider;
}

export interface HealthClaimOptions {
  limit: number;
  /** How long the claimed rows stay out of other passes (and, after a failed check, until it is retried). */
  claimMs: number;
  /** HEALTH_CHECK_INTERVAL: a row not checked (sync, probe, refresh) within this is due. */
  checkIntervalMs: number;
  /** CREDENTIALS_REFRESH_AHEAD: a row whose access token expires within this is due. */
  refreshAheadMs: number;
  /** At most this many rows of one org per claim, so one org with many due rows cannot fill every pass. */
  perOrg: number;
}

/**
 * Claims up to `limit` integrations due a health check — an access token expiring within refreshAheadMs (soonest
 * first), or no check within checkIntervalMs (oldest first) — that no other pass holds, at most `perOrg` per org, and
 * marks them claimed for claimMs (`for update skip locked`, as claimDueIntegrations). A pass that dies loses nothing:
 * the claim runs out. A row whose refresh token was refused (needs_reconnect) is not refreshed again; it is probed at
 * the check interval until it is reconnected.
 */
export async function claimHealthChecks(sql: Db, o: HealthClaimOptions): Promise<HealthCheckDue[]> {
  const scan = o.limit * 4;
  return sql<HealthCheckDue[]>`
    with expiring as (
      select id from audit_integrations
      where credentials_expire_at is not null and status <> 'disconnected' and health_state <> 'needs_reconnect'
        and credentials_expire_at < now() + make_interval(secs => ${o.refreshAheadMs / 1000})
        and (health_claimed_until is null or health_claimed_until < now())
      order by credentials_expire_at
      limit ${scan}
      for update skip locked
    ), unchecked as (
      select id from audit_integrations
      where status <> 'disconnected'
        and (health_checked_at is null or health_checked_at < now() - make_interval(secs => ${o.checkIntervalMs / 1000}))
        and (health_claimed_until is null or health_claimed_until < now())
      order by health_checked_at nulls first
      limit ${scan}
      for update skip locked
    ), candidates as (
      select c.id, c.org_id, c.project_id, c.provider,
        row_number() over (partition by c.org_id order by c.credentials_expire_at nulls last, c.health_checked_at nulls first) as nth
      from audit_integrations c
      where c.id in (select id from expiring union select id from unchecked)
    ), chosen as (
      select id from candidates where nth <= ${o.perOrg} order by nth, id limit ${o.limit}
    )
    update audit_integrations i
    set health_claimed_until = now() + make_interval(secs => ${o.claimMs / 1000})
    from chosen
    where i.id = chosen.id
    returning i.id, i.org_id, i.project_id, i.provider
  `;
}

/** A check's verdict: a new state (with its reason), or null to keep the state and only note that it was checked. */
export type HealthVerdict = { state: Exclude<HealthState, 'unknown'>; reason: string | null } | null;

interface HealthTransition {
  id: string;
  org_id: string;
  project_id: string;
  provider: string;
  health_state: HealthState;
  health_reason: string | null;
  health_checked_at: Date;
  credentials_expire_at: Date | null;
  previous_state: HealthState;
}

/**
 * Records a check's verdict on a row that is not disconnected, in the caller's transaction, and the one webhook event
 * of a transition: `integration.auth_failed` when it enters needs_reconnect, `integration.auth_recovered` when it
 * leaves needs_reconnect for ok. The row is locked first, so of two verdicts recorded at once only one sees the
 * transition: one event per transition, never one per failed attempt. `release` ends the pass's claim (after a
 * success); a failed check keeps it, so the row is retried when the claim runs out, not on every pass.
 */
export async function recordHealth(tx: Db, id: string, verdict: HealthVerdict, opts: { release?: boolean } = {}): Promise<void> {
  const state = verdict?.state ?? null;
  const [row] = await tx<HealthTransition[]>`
    with prev as (
      select id, health_state from audit_integrations where id = ${id} and status <> 'disconnected' for update
    )
    update audit_integrations i
    set health_state = coalesce(${state}::text, i.health_state),
        health_reason = case when ${state}::text is null then i.health_reason else ${verdict?.reason ?? null}::text end,
        health_checked_at = now(),
        health_claimed_until = case when ${opts.release ?? false} then null else i.health_claimed_until end
    from prev
    where i.id = prev.id
    returning i.id, i.org_id, i.project_id, i.provider, i.health_state, i.health_reason, i.health_checked_at, i.credentials_expire_at,
      prev.health_state as previous_state
  `;
  if (!row) return;
  const failed = row.health_state === 'needs_reconnect' && row.previous_state !== 'needs_reconnect';
  const recovered = row.health_state === 'ok' && row.previous_state === 'needs_reconnect';
  if (!failed && !recovered) return;
  await recordWebhookEvent(tx, {
    orgId: row.org_id,
    projectId: row.project_id,
    type: failed ? 'integration.auth_failed' : 'integration.auth_recovered',
    data: {
      integration_id: row.id,
      org_id: row.org_id,
      project_id: row.project_id,
      provider: row.provider,
      health: {
        state: row.health_state,
        reason: row.health_reason,
        checked_at: formatTimestamp(row.health_checked_at),
        credentials_expire_at: row.credentials_expire_at ? formatTimestamp(row.credentials_expire_at) : null,
      },
    },
  });
}
