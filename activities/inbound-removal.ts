import { Context } from '@temporalio/activity';
import { CredentialDecryptError, type CredentialCipher } from '../db/crypto.js';
import { claimRemovals, deferRemoval, deleteRemoval, replaceRemovalCredentials, type RemovalRow } from '../db/inbound-registration.js';
import type { Sql } from '../db/sql.js';
import { safeFailure, secretValues } from './errors.js';
import type { OutboundClient } from './outbound/client.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { CredentialsStore } from './stores/credentials-store.js';
import { createProviderStores } from './stores/index.js';

/** A removal is given up after this many failed attempts, or once it is this old, whichever comes first. */
export const INBOUND_REMOVAL_MAX_ATTEMPTS = 8;
export const INBOUND_REMOVAL_MAX_AGE_MS = 24 * 3_600_000;
/** Removals one housekeeping pass works through; the rest wait for the next pass. */
const BATCH = 20;
/** A claimed removal is invisible to other passes this long: past it, a worker that died is replaced. */
const LEASE_MS = 5 * 60_000;

export interface InboundRemovalDeps {
  sql: Sql;
  cipher: CredentialCipher;
  providers: ProviderRegistry;
  outbound: OutboundClient;
}

export interface InboundRemovalResult {
  removed: number;
  retried: number;
  givenUp: number;
}

/** 1, 2, 4 … minutes between attempts, at most an hour. */
const backoffMs = (attempts: number) => Math.min(3_600_000, 60_000 * 2 ** attempts);

/**
 * The housekeeping step for disconnects (issue 28): each queued hook is removed at the provider with the credential
 * copy the disconnect kept (decrypted here, in the attempt; only ids crossed history), through the outbound client;
 * the row and its copy are then deleted. A failure is retried with backoff; after INBOUND_REMOVAL_MAX_ATTEMPTS or
 * INBOUND_REMOVAL_MAX_AGE_MS the removal is given up, the copy deleted and the operator told in the worker's log (the
 * hook then stays at the provider, delivering to an address that answers 404 until someone deletes it there).
 */
export async function removeInboundHooks(deps: InboundRemovalDeps): Promise<InboundRemovalResult> {
  const ctx = Context.current();
  const result: InboundRemovalResult = { removed: 0, retried: 0, givenUp: 0 };
  for (const row of await claimRemovals(deps.sql, BATCH, LEASE_MS)) {
    const failure = await removeOne(deps, ctx, row);
    if (failure === undefined) {
      await deleteRemoval(deps.sql, row.id);
      result.removed++;
    } else if (row.attempts + 1 >= INBOUND_REMOVAL_MAX_ATTEMPTS || Date.now() - row.created_at.getTime() >= INBOUND_REMOVAL_MAX_AGE_MS) {
      await deleteRemoval(deps.sql, row.id);
      ctx.log.warn('inbound webhook removal given up; delete the hook at the provider by hand', {
        integration_id: row.integration_id, provider: row.provider, remote_id: row.remote_id, attempts: row.attempts + 1, reason: failure,
      });
      result.givenUp++;
    } else {
      await deferRemoval(deps.sql, row.id, failure, backoffMs(row.attempts));
      result.retried++;
    }
    ctx.heartbeat();
  }
  return result;
}

/** Undefined when removed (or gone already), else why not, sanitised. */
async function removeOne(deps: InboundRemovalDeps, ctx: Context, row: RemovalRow): Promise<string | undefined> {
  const key = { orgId: row.org_id, projectId: row.project_id, provider: row.provider };
  let credentials: Record<string, unknown>;
  try {
    credentials = deps.cipher.decrypt(row.credentials, key);
  } catch (err) {
    if (err instanceof CredentialDecryptError) return err.message;
    throw err;
  }
  const adapter = deps.providers.get(row.provider);
  try {
    const stores = createProviderStores(deps.sql, deps.cipher, { integrationId: row.integration_id, key, ciphertext: row.credentials });
    // The integration's own credentials are wiped: an OAuth token refreshed now is kept in the copy instead.
    const save = (next: Record<string, unknown>) => replaceRemovalCredentials(deps.sql, row.id, deps.cipher.encrypt(next, key));
    const copy: CredentialsStore = { save, exclusive: (_bounds, grant) => grant({ latest: undefined, reread: () => Promise.resolve(undefined), save }) };
    const client = await adapter?.inboundHooks?.({
      integrationId: row.integration_id,
      orgId: row.org_id,
      projectId: row.project_id,
      credentials,
      http: deps.outbound.session({ signal: ctx.cancellationSignal, heartbeat: () => ctx.heartbeat(), logFields: { integration_id: row.integration_id, provider: row.provider } }),
      heartbeat: () => ctx.heartbeat(),
      signal: ctx.cancellationSignal,
      stores: { ...stores, credentials: copy },
      resumeFrom: undefined,
    });
    if (!client || 'manual' in client) return 'these credentials cannot manage webhooks';
    await client.remove(row.remote_id);
    return undefined;
  } catch (err) {
    if (ctx.cancellationSignal.aborted) throw err;
    return safeFailure(err, secretValues(credentials)).message;
  }
}
