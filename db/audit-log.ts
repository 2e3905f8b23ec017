import { hostname, userInfo } from 'node:os';
import type { Db } from './sql.js';

export const AUDIT_ACTIONS = [
  'connect',
  'reconnect',
  'disconnect',
  'sync_requested',
  'settings_changed',
  'realtime_secret_set',
  'resync_requested',
  'credentials_rotated',
  'key_created',
  'key_revoked',
  'webhook_created',
  'webhook_updated',
  'webhook_deleted',
  'webhook_secret_rotated',
  'delivery_retried',
  'connect_session_created',
  'connect_session_revoked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who acted: an API key (a request), a connect session (a request made with one, or the OAuth callback of a flow it
 * started: `keyId`/`keyName` are then the key that created the session), or an operator's command line (keys CLI,
 * credentials:rotate). `requestId` is the server's id of the request; `clientRequestId` what the client sent as
 * X-Request-Id (checked by the API first).
 */
export type AuditActor =
  | { type: 'api_key'; keyId: string; keyName: string | null; requestId: string | null; clientRequestId?: string | null; clientAddress: string | null }
  | {
      type: 'connect_session';
      sessionId: string;
      keyId: string;
      keyName: string | null;
      requestId: string | null;
      clientRequestId?: string | null;
      clientAddress: string | null;
    }
  | { type: 'cli'; name: string };

export interface AuditEntry {
  orgId: string;
  action: AuditAction;
  projectId?: string | null;
  provider?: string | null;
  targetId?: string | null;
}

export interface AuditLogRow {
  id: string;
  org_id: string;
  project_id: string | null;
  provider: string | null;
  action: AuditAction;
  actor_type: AuditActor['type'];
  api_key_id: string | null;
  connect_session_id: string | null;
  api_key_name: string | null;
  actor_name: string | null;
  target_id: string | null;
  request_id: string | null;
  client_request_id: string | null;
  client_address: string | null;
  created_at: Date;
}

const COLUMNS = [
  'id', 'org_id', 'project_id', 'provider', 'action', 'actor_type', 'api_key_id', 'api_key_name', 'connect_session_id', 'actor_name',
  'target_id', 'request_id', 'client_request_id', 'client_address', 'created_at',
] as const;

function actorColumns(actor: AuditActor) {
  if (actor.type === 'cli') {
    return {
      actor_type: 'cli', api_key_id: null, api_key_name: null, connect_session_id: null, actor_name: actor.name, request_id: null, client_request_id: null,
      client_address: null,
    };
  }
  return {
    actor_type: actor.type, api_key_id: actor.keyId, api_key_name: actor.keyName, connect_session_id: actor.type === 'connect_session' ? actor.sessionId : null,
    actor_name: null, request_id: actor.requestId, client_request_id: actor.clientRequestId ?? null, client_address: actor.clientAddress,
  };
}

/**
 * An operator's command, as the org's log shows it: the command only. Tenants read this table, and the operator's
 * account and machine are none of theirs; the CLI reports them on its own stderr (operatorIdentity).
 */
export function cliActor(command: string): AuditActor {
  return { type: 'cli', name: command.slice(0, 200) };
}

/** `user@host` of this process, for an operator command's own output: never stored in the audit log. */
export function operatorIdentity(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host still says where it ran.
  }
  return `${user}@${hostname()}`;
}

/** Callers pass the transaction of the change itself, so the record commits (or rolls back) with it. */
export async function recordAudit(sql: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  const row = {
    org_id: entry.orgId,
    project_id: entry.projectId ?? null,
    provider: entry.provider ?? null,
    action: entry.action,
    target_id: entry.targetId ?? null,
    ...actorColumns(actor),
  };
  await sql`insert into audit_log ${sql(row)}`;
}

/**
 * The audit entry of a connect, as a CTE over the upserted integration row `up` for the connect's own statement:
 * `connect` when the statement made the row (its created_at and updated_at are the same now()), `reconnect` otherwise.
 */
export function connectAuditCte(sql: Db, actor: AuditActor) {
  const a = actorColumns(actor);
  return sql`
    audit as (
      insert into audit_log (
        org_id, project_id, provider, action, target_id, actor_type, api_key_id, api_key_name, connect_session_id, actor_name, request_id,
        client_request_id, client_address
      )
      select org_id, project_id, provider, case when created_at = updated_at then 'connect' else 'reconnect' end, id::text,
        ${a.actor_type}, ${a.api_key_id}, ${a.api_key_name}, ${a.connect_session_id}, ${a.actor_name}, ${a.request_id}, ${a.client_request_id},
        ${a.client_address}
      from up
    )
  `;
}

/** An action on an API key (created, revoked), recorded under the key's own org. */
export async function recordKeyAudit(sql: Db, actor: AuditActor, keyId: string, action: 'key_created' | 'key_revoked'): Promise<void> {
  const a = actorColumns(actor);
  await sql`
    insert into audit_log (org_id, action, target_id, actor_type, actor_name)
    select org_id, ${action}, id::text, ${a.actor_type}, ${a.actor_name} from api_keys where id = ${keyId}
  `;
}

/** One entry per org whose stored credentials are (now) under `keyId`: what `credentials:rotate` records. */
export async function recordCredentialsRotated(sql: Db, actor: AuditActor, keyId: string): Promise<number> {
  const a = actorColumns(actor);
  const rows = await sql`
    insert into audit_log (org_id, action, target_id, actor_type, actor_name)
    select distinct org_id, 'credentials_rotated', ${keyId}, ${a.actor_type}, ${a.actor_name}
    from audit_integrations
    where credentials is not null and split_part(credentials, '.', 2) = ${keyId}
    returning id
  `;
  return rows.length;
}

export interface AuditQuery {
  orgId: string;
  projectId?: string | undefined;
  provider?: string | undefined;
  action?: AuditAction | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  /** The id of the last entry of the previous page. */
  afterId?: string | undefined;
}

/** Newest first; the cursor compares against the cursor row's own (created_at, id), as sync runs do. */
export async function listAuditLog(sql: Db, q: AuditQuery): Promise<AuditLogRow[]> {
  return sql<AuditLogRow[]>`
    select ${sql(COLUMNS)} from audit_log
    where org_id = ${q.orgId}
      ${q.projectId !== undefined ? sql`and project_id = ${q.projectId}` : sql``}
      ${q.provider !== undefined ? sql`and provider = ${q.provider}` : sql``}
      ${q.action !== undefined ? sql`and action = ${q.action}` : sql``}
      ${q.since !== undefined ? sql`and created_at >= ${q.since}` : sql``}
      ${q.until !== undefined ? sql`and created_at < ${q.until}` : sql``}
      ${q.afterId !== undefined ? sql`and (created_at, id) < (select created_at, id from audit_log where id = ${q.afterId} and org_id = ${q.orgId})` : sql``}
    order by created_at desc, id desc
    limit ${q.limit}
  `;
}

export async function auditEntryExists(sql: Db, orgId: string, id: string): Promise<boolean> {
  return (await sql`select 1 from audit_log where id = ${id} and org_id = ${orgId}`).length === 1;
}

/** AUDIT_LOG_RETENTION_DAYS: deletes in bounded batches so one prune never holds a long lock. */
export async function pruneAuditLog(sql: Db, retentionDays: number, batchSize = 5000): Promise<number> {
  const rows = await sql`
    delete from audit_log where id in (
      select id from audit_log where created_at < now() - make_interval(days => ${retentionDays}) limit ${batchSize}
    )
    returning id
  `;
  return rows.length;
}
