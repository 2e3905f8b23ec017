import { randomBytes } from 'node:crypto';
import { hashToken } from './api-keys.js';
import type { Provider } from './providers.js';
import { columnList, type Db } from './sql.js';

/** `cs_` + 43 base64url characters: 32 random bytes. */
export const SESSION_TOKEN_PATTERN = /^cs_[A-Za-z0-9_-]{43}$/;

export interface ConnectSessionRow {
  id: string;
  org_id: string;
  project_id: string;
  providers: Provider[];
  return_url: string | null;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
  /** The API key that created the session: the session acts on its behalf (audit actor, OAuth state). */
  api_key_id: string;
  api_key_name: string | null;
}

/** token_hash is deliberately absent: nothing outside a lookup by hash ever reads it. */
const COLUMNS = ['id', 'org_id', 'project_id', 'providers', 'return_url', 'expires_at', 'revoked_at', 'created_at', 'api_key_id', 'api_key_name'] as const;
const ALIASED_COLUMNS = columnList(COLUMNS, 's');

/** How long an expired session stays readable (GET answers `expired`) before a later creation deletes it. */
export const EXPIRED_RETENTION_MS = 24 * 60 * 60_000;
/** Expired sessions deleted per creation: more than can expire between two creations at any sane rate, still cheap. */
const PRUNE_BATCH = 100;

export interface NewConnectSession {
  orgId: string;
  projectId: string;
  providers: readonly Provider[];
  returnUrl: string | null;
  expiresInSeconds: number;
  apiKey: { id: string; name: string | null };
}

/**
 * Stores a session under the SHA-256 of a fresh token and answers the token (its only appearance). The same statement
 * deletes up to a batch of sessions (of any org) expired for more than EXPIRED_RETENTION_MS, so the table holds about
 * a day of sessions whatever the creation rate; rows a concurrent creation is deleting are skipped.
 */
export async function createConnectSession(sql: Db, input: NewConnectSession): Promise<{ row: ConnectSessionRow; token: string }> {
  const token = `cs_${randomBytes(32).toString('base64url')}`;
  const [row] = await sql<ConnectSessionRow[]>`
    with pruned as (
      delete from connect_sessions
      where id in (
        select id from connect_sessions
        where expires_at < now() - make_interval(secs => ${EXPIRED_RETENTION_MS / 1000})
        order by expires_at
        limit ${PRUNE_BATCH}
        for update skip locked
      )
    )
    insert into connect_sessions (org_id, project_id, providers, token_hash, return_url, expires_at, api_key_id, api_key_name)
    values (
      ${input.orgId}, ${input.projectId}, ${input.providers as Provider[]}, ${hashToken(token)}, ${input.returnUrl},
      now() + make_interval(secs => ${input.expiresInSeconds}), ${input.apiKey.id}, ${input.apiKey.name}
    )
    returning ${sql(COLUMNS)}
  `;
  return { row: row!, token };
}

/**
 * The session a presented token's hash (hashToken) stands for, while it may act: not revoked, not expired, and its
 * creating key not revoked either (revoking a key ends the sessions it made). The token itself never reaches Postgres.
 */
export async function findActiveSessionByHash(sql: Db, tokenHash: string): Promise<ConnectSessionRow | undefined> {
  return findActive(sql, { tokenHash });
}

/** findActiveSessionByHash by id: the OAuth callback re-checks the session that started the flow. */
export async function findActiveSessionById(sql: Db, id: string): Promise<ConnectSessionRow | undefined> {
  return findActive(sql, { id });
}

async function findActive(sql: Db, which: { tokenHash: string } | { id: string }): Promise<ConnectSessionRow | undefined> {
  const [row] = await sql<ConnectSessionRow[]>`
    select ${sql.unsafe(ALIASED_COLUMNS)}
    from connect_sessions s
    join api_keys k on k.id = s.api_key_id and k.revoked_at is null
    where ${'id' in which ? sql`s.id = ${which.id}` : sql`s.token_hash = ${which.tokenHash}`}
      and s.revoked_at is null and s.expires_at > now()
  `;
  return row;
}

export async function findConnectSession(sql: Db, orgId: string, id: string): Promise<ConnectSessionRow | undefined> {
  const [row] = await sql<ConnectSessionRow[]>`select ${sql(COLUMNS)} from connect_sessions where id = ${id} and org_id = ${orgId}`;
  return row;
}

/**
 * Revokes the org's session `id`. `revoked`: by this call; `unchanged`: it already was (nothing to record);
 * undefined: no such session in this org.
 */
export async function revokeConnectSession(sql: Db, orgId: string, id: string): Promise<{ outcome: 'revoked' | 'unchanged'; row: ConnectSessionRow } | undefined> {
  const [revoked] = await sql<ConnectSessionRow[]>`
    update connect_sessions set revoked_at = now()
    where id = ${id} and org_id = ${orgId} and revoked_at is null
    returning ${sql(COLUMNS)}
  `;
  if (revoked) return { outcome: 'revoked', row: revoked };
  const existing = await findConnectSession(sql, orgId, id);
  return existing ? { outcome: 'unchanged', row: existing } : undefined;
}
