import { CancelledFailure, Context } from '@temporalio/activity';
import { CredentialDecryptError, type CredentialCipher } from '../db/crypto.js';
import { loadCredentials } from '../db/integrations.js';
import type { Sql } from '../db/sql.js';
import type { SyncCounts } from '../db/sync-runs.js';
import { FailureType, permanentFailure, safeFailure, secretValues } from './errors.js';
import type { OutboundClient } from './outbound/client.js';
import type { SyncLimits } from './providers/options.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { ProviderSyncContext } from './providers/types.js';
import { registerInboundHook } from './inbound-registration.js';
import { createProviderStores } from './stores/index.js';

export interface ProviderSyncDeps {
  sql: Sql;
  cipher: CredentialCipher;
  providers: ProviderRegistry;
  outbound: OutboundClient;
  limits?: SyncLimits | undefined;
  /** PUBLIC_URL on the worker: the base of the inbound webhook URL registered with providers (absent: none is). */
  publicUrl?: string | undefined;
}

/**
 * Heartbeats on a timer while the adapter works, re-sending the adapter's last progress: a live worker blocked on a
 * slow provider is not mistaken for a dead one, a SIGKILLed worker is noticed within the heartbeat timeout, and the
 * next attempt's `resumeFrom` is the latest progress (the previous attempt's, until this one reports its own).
 */
function startHeartbeats(ctx: Context): { beat: (details?: unknown) => void; stop: () => void } {
  let last: unknown = ctx.info.heartbeatDetails;
  const beat = (details?: unknown) => {
    if (details !== undefined) last = details;
    ctx.heartbeat(last);
  };
  const timeoutMs = ctx.info.heartbeatTimeoutMs;
  const timer = timeoutMs ? setInterval(() => ctx.heartbeat(last), Math.max(200, Math.floor(timeoutMs / 3))) : undefined;
  return { beat, stop: () => clearInterval(timer) };
}

/** Ids and flags only: what crosses workflow history. */
export interface ProviderSyncInput {
  integrationId: string;
  /** A full resync (trigger `full_resync`): the adapter forgets what earlier syncs left and re-matches from scratch. */
  fullResync?: boolean;
}

/** Loads and decrypts the credentials inside the attempt (only the id crossed history) and runs the adapter. */
export async function runProviderSync(deps: ProviderSyncDeps, input: ProviderSyncInput): Promise<SyncCounts> {
  const ctx = Context.current();
  const stored = await loadCredentials(deps.sql, input.integrationId);
  if (!stored || stored.ciphertext === null) {
    throw permanentFailure(FailureType.Config, 'the integration has no stored credentials; connect it again');
  }
  let credentials: Record<string, unknown>;
  try {
    credentials = deps.cipher.decrypt(stored.ciphertext, stored.key);
  } catch (err) {
    if (err instanceof CredentialDecryptError) throw permanentFailure(FailureType.Credentials, err.message);
    throw err;
  }
  const adapter = deps.providers.get(stored.key.provider);
  if (!adapter) throw permanentFailure(FailureType.NotImplemented, `no adapter for ${stored.key.provider}`);

  const heartbeats = startHeartbeats(ctx);
  const scope = { integrationId: input.integrationId, key: stored.key, ciphertext: stored.ciphertext };
  try {
    const syncCtx: ProviderSyncContext = {
      integrationId: input.integrationId,
      orgId: stored.key.orgId,
      projectId: stored.key.projectId,
      credentials,
      http: deps.outbound.session({
        signal: ctx.cancellationSignal,
        heartbeat: heartbeats.beat,
        logFields: { integration_id: input.integrationId, org_id: stored.key.orgId, project_id: stored.key.projectId, provider: stored.key.provider },
      }),
      heartbeat: heartbeats.beat,
      signal: ctx.cancellationSignal,
      stores: createProviderStores(deps.sql, deps.cipher, scope),
      resumeFrom: ctx.info.heartbeatDetails,
      fullResync: input.fullResync === true,
      ...(deps.limits ? { limits: deps.limits } : {}),
    };
    // Its own stores: a token it refreshes is saved like another attempt's, which the sync's token source then adopts.
    const registration = { sql: deps.sql, cipher: deps.cipher, publicUrl: deps.publicUrl };
    await registerInboundHook(registration, { ...syncCtx, stores: createProviderStores(deps.sql, deps.cipher, scope) }, adapter, stored.ciphertext);
    return await adapter.sync(syncCtx);
  } catch (err) {
    // Cancellation (disconnect, shutdown) is reported as such; everything else passes the sanitising gate.
    if (err instanceof CancelledFailure) throw err;
    if (ctx.cancellationSignal.aborted) throw new CancelledFailure('the sync attempt was cancelled');
    throw safeFailure(err, secretValues(credentials));
  } finally {
    heartbeats.stop();
  }
}
