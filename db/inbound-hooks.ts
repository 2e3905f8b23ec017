import { randomBytes } from 'node:crypto';
import { CredentialDecryptError, type CredentialCipher, type CredentialScope } from './crypto.js';
import type { Db, Sql } from './sql.js';

/** The providers that push signed webhooks to POST /api/v1/inbound/:provider/:hook_id. */
export const INBOUND_PROVIDERS = ['github', 'gitlab', 'jira', 'linear', 'sentry'] as const;
export type InboundProvider = (typeof INBOUND_PROVIDERS)[number];

export function isInboundProvider(value: string): value is InboundProvider {
  return (INBOUND_PROVIDERS as readonly string[]).includes(value);
}

/**
 * Where we choose the signing secret (it goes into the hook we register, or the user pastes it there). Sentry issues
 * its own: the integration's client secret, which the user gives us.
 */
const WE_CHOOSE_SECRET: ReadonlySet<InboundProvider> = new Set(['github', 'gitlab', 'jira', 'linear']);

/** The hook id: 16 random bytes as base64url (22 characters). It only addresses the hook; the signature authenticates. */
export const HOOK_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export interface InboundHookInput {
  integrationId: string;
  orgId: string;
  projectId: string;
  provider: InboundProvider;
  /** Given: stored, replacing any earlier one (Sentry's client secret, or a secret the user set by hand). */
  secret?: string;
}

export interface InboundHook {
  hookId: string;
  secret: string | null;
}

/** Bound to the integration (`<org>/inbound/<integration id>`), like webhook endpoint secrets to their endpoint. */
function scopeOf(orgId: string, integrationId: string): CredentialScope {
  return { orgId, projectId: 'inbound', provider: integrationId };
}

function encryptSecret(cipher: CredentialCipher, orgId: string, integrationId: string, secret: string): string {
  return cipher.encrypt({ secret }, scopeOf(orgId, integrationId));
}

function decryptSecret(cipher: CredentialCipher, orgId: string, integrationId: string, stored: string): string {
  const { secret } = cipher.decrypt(stored, scopeOf(orgId, integrationId));
  if (typeof secret !== 'string') throw new CredentialDecryptError('stored inbound secret has no secret');
  return secret;
}

/** 32 random bytes as hex: accepted as a secret by every tracker's hook settings (GitLab's token, Jira's, Linear's). */
function newInboundSecret(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The integration's receiving hook: created on the first call (with a generated secret where we choose it), the existing
 * one afterwards; `secret` given replaces the stored one. Returns the secret decrypted, for the caller that registers
 * the hook with the provider (never for a response or a log line).
 */
export async function ensureInboundHook(sql: Db, cipher: CredentialCipher, input: InboundHookInput): Promise<InboundHook> {
  const { integrationId, orgId, provider } = input;
  const initial = input.secret ?? (WE_CHOOSE_SECRET.has(provider) ? newInboundSecret() : null);
  const encrypted = initial === null ? null : encryptSecret(cipher, orgId, integrationId, initial);
  const hookId = randomBytes(16).toString('base64url');
  // One statement: concurrent first calls agree on one row (the loser's insert becomes the no-op update).
  const [row] = await sql<{ hook_id: string; secret: string | null }[]>`
    insert into inbound_hooks (integration_id, hook_id, provider, secret)
    values (${integrationId}, ${hookId}, ${provider}, ${encrypted})
    on conflict (integration_id) do update
      set secret = case when ${input.secret !== undefined} then excluded.secret else inbound_hooks.secret end,
          updated_at = case when ${input.secret !== undefined} then now() else inbound_hooks.updated_at end
    returning hook_id, secret
  `;
  return { hookId: row!.hook_id, secret: row!.secret === null ? null : decryptSecret(cipher, orgId, integrationId, row!.secret) };
}

export interface FoundInboundHook {
  integrationId: string;
  orgId: string;
  projectId: string;
  /** Null when no secret is known yet: nothing can verify, so every delivery is refused. */
  secret: string | null;
}

/**
 * The hook a delivery is addressed to, with its secret decrypted. Undefined for an unknown hook, another provider's, or
 * one whose integration is disconnected (its address is dead until a reconnect).
 */
export async function findInboundHook(sql: Db, cipher: CredentialCipher, provider: InboundProvider, hookId: string): Promise<FoundInboundHook | undefined> {
  const [row] = await sql<{ integration_id: string; org_id: string; project_id: string; secret: string | null }[]>`
    select h.integration_id, i.org_id, i.project_id, h.secret
    from inbound_hooks h join audit_integrations i on i.id = h.integration_id
    where h.hook_id = ${hookId} and h.provider = ${provider} and i.provider = ${provider} and i.status <> 'disconnected'
  `;
  if (!row) return undefined;
  let secret: string | null = null;
  try {
    secret = row.secret === null ? null : decryptSecret(cipher, row.org_id, row.integration_id, row.secret);
  } catch (err) {
    // A secret no configured key opens verifies nothing: the delivery is refused like any unverifiable one.
    if (!(err instanceof CredentialDecryptError)) throw err;
  }
  return { integrationId: row.integration_id, orgId: row.org_id, projectId: row.project_id, secret };
}

/** The URL to register with the provider (api/public-base.ts gives `publicBase`). */
export function inboundUrl(publicBase: string, provider: InboundProvider, hookId: string): string {
  return `${publicBase.replace(/\/+$/, '')}/api/v1/inbound/${provider}/${hookId}`;
}

/**
 * `credentials:rotate` for inbound signing secrets: each re-encrypted with the cipher's current key, its row locked
 * meanwhile. Ids of hooks no configured key can decrypt are returned, never content.
 */
export async function rotateInboundSecrets(sql: Sql, cipher: CredentialCipher): Promise<{ rotated: number; failedIds: string[] }> {
  const out = { rotated: 0, failedIds: [] as string[] };
  const stale = await sql<{ integration_id: string }[]>`
    select integration_id from inbound_hooks
    where secret is not null and split_part(secret, '.', 2) <> ${cipher.currentKeyId}
    order by integration_id
  `;
  for (const { integration_id: id } of stale) {
    await sql.begin(async (tx) => {
      const [row] = await tx<{ org_id: string; secret: string | null }[]>`
        select i.org_id, h.secret from inbound_hooks h join audit_integrations i on i.id = h.integration_id
        where h.integration_id = ${id} for update of h
      `;
      if (!row?.secret) return;
      try {
        const again = encryptSecret(cipher, row.org_id, id, decryptSecret(cipher, row.org_id, id, row.secret));
        await tx`update inbound_hooks set secret = ${again} where integration_id = ${id}`;
        out.rotated++;
      } catch (err) {
        if (!(err instanceof CredentialDecryptError)) throw err;
        out.failedIds.push(id);
      }
    });
  }
  return out;
}
