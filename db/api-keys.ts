import { hash, randomInt } from 'node:crypto';
import type { Db } from './sql.js';

export const SCOPES = ['audit:read', 'audit:write'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyRow {
  id: string;
  org_id: string;
  name: string | null;
  scopes: Scope[];
  token_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = ['id', 'org_id', 'name', 'scopes', 'token_prefix', 'created_at', 'revoked_at'] as const;

const TOKEN_PREFIX = 'kr_live_';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** `kr_live_` + at least 32 base62 characters; we mint 40 (~238 bits). */
export const TOKEN_PATTERN = /^kr_live_[A-Za-z0-9]{32,128}$/;

/**
 * SHA-256 of the token, hex. Every request hashes its token (the key cache is keyed by it): the one-shot crypto.hash
 * (Node ≥ 20.12) costs a third of a Hash object's create/update/digest.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

function mintToken(): string {
  let body = '';
  for (let i = 0; i < 40; i++) body += BASE62[randomInt(BASE62.length)];
  return TOKEN_PREFIX + body;
}

export async function createApiKey(
  sql: Db,
  input: { orgId: string; scopes: Scope[]; name?: string | undefined },
): Promise<{ key: ApiKeyRow; token: string }> {
  const token = mintToken();
  const [key] = await sql<ApiKeyRow[]>`
    insert into api_keys (org_id, name, scopes, token_hash, token_prefix)
    values (${input.orgId}, ${input.name ?? null}, ${input.scopes}, ${hashToken(token)}, ${token.slice(0, 12)})
    returning ${sql(COLUMNS)}
  `;
  return { key: key!, token };
}

async function findActiveKey(sql: Db, which: { tokenHash: string } | { id: string }): Promise<ApiKeyRow | undefined> {
  const [key] = await sql<ApiKeyRow[]>`
    select ${sql(COLUMNS)}
    from api_keys
    where ${'id' in which ? sql`id = ${which.id}` : sql`token_hash = ${which.tokenHash}`} and revoked_at is null
  `;
  return key;
}

/** Active (not revoked) key for a presented token's hash (hashToken): the token itself is never sent to Postgres. */
export const findActiveKeyByHash = (sql: Db, tokenHash: string) => findActiveKey(sql, { tokenHash });

/** Active (not revoked) key by id: the OAuth callback re-checks the key that started the flow. */
export const findActiveKeyById = (sql: Db, id: string) => findActiveKey(sql, { id });

/** NOTIFY channel a revocation is announced on (payload: the key id); API processes drop it from their key cache. */
export const API_KEY_REVOKED_CHANNEL = 'api_key_revoked';

export async function listApiKeys(sql: Db, orgId: string): Promise<ApiKeyRow[]> {
  return sql<ApiKeyRow[]>`
    select ${sql(COLUMNS)}
    from api_keys where org_id = ${orgId} order by created_at, id
  `;
}

/**
 * True when a key was revoked by this call; false when unknown or already revoked. The NOTIFY is part of the same
 * statement, so it is delivered exactly when the revocation commits (api/key-cache.ts).
 */
export async function revokeApiKey(sql: Db, id: string): Promise<boolean> {
  const rows = await sql`
    with revoked as (update api_keys set revoked_at = now() where id = ${id} and revoked_at is null returning id)
    select pg_notify(${API_KEY_REVOKED_CHANNEL}, id::text) from revoked
  `;
  return rows.length === 1;
}
