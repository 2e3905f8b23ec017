import { CancelledFailure } from '@temporalio/activity';
import type { CredentialCipher } from '../db/crypto.js';
import { ensureInboundHook, inboundUrl, isInboundProvider, type InboundProvider } from '../db/inbound-hooks.js';
import {
  findRegistration,
  markRefreshed,
  NO_PUBLIC_URL_REASON,
  queuedRemoteIds,
  recordRegistered,
  SENTRY_NO_SECRET_REASON,
  SENTRY_SECRET_REASON,
  setRegistrationState,
  type RegistrationRow,
} from '../db/inbound-registration.js';
import type { Sql } from '../db/sql.js';
import { safeFailure, secretValues } from './errors.js';
import type { InboundHookClient, ProviderAdapter, ProviderSyncContext } from './providers/types.js';

export interface InboundRegistrationDeps {
  sql: Sql;
  cipher: CredentialCipher;
  /**
   * PUBLIC_URL as the worker reads it: the base of the URL registered with providers (the API shows the same URL in
   * the detail view). Absent: nothing is registered, the hooks are `manual`.
   */
  publicUrl?: string | undefined;
}

/** What a sync step needs to know about the integration: its credentials as read (for the race with a disconnect). */
interface Subject {
  ctx: ProviderSyncContext;
  provider: InboundProvider;
  ciphertext: string;
}

/**
 * Step 0 of a sync of GitHub, GitLab, Jira, Linear and Sentry (issue 28): make sure the provider pushes issue changes
 * to our inbound URL. Idempotent: a registered hook is left alone (Jira's is refreshed, its life being 30 days) unless
 * this is a full resync, which removes ours and creates it again; otherwise the provider's hooks are listed first and
 * one already delivering to our URL (an attempt that crashed after creating it, or one added by hand) is adopted. Never
 * fails the sync: a refusal makes the hook `manual` with the provider's answer and the permission needed, a transient
 * failure leaves it `pending` for the next sync. Only cancellation is thrown.
 */
export async function registerInboundHook(deps: InboundRegistrationDeps, ctx: ProviderSyncContext, adapter: ProviderAdapter, ciphertext: string): Promise<void> {
  const provider = adapter.provider;
  if (!isInboundProvider(provider)) return;
  let secret: string | null = null;
  let client: InboundHookClient | undefined;
  let current: RegistrationRow | undefined;
  try {
    const hook = await ensureInboundHook(deps.sql, deps.cipher, { integrationId: ctx.integrationId, orgId: ctx.orgId, projectId: ctx.projectId, provider });
    secret = hook.secret;
    current = await findRegistration(deps.sql, ctx.integrationId);
    if (provider === 'sentry') return await keep(deps, ctx.integrationId, current, 'manual', secret === null ? SENTRY_NO_SECRET_REASON : SENTRY_SECRET_REASON);
    // A hook registered earlier stays ours (and is removed at disconnect) even if this worker lacks PUBLIC_URL.
    if (!deps.publicUrl) return current?.state === 'registered' ? undefined : await keep(deps, ctx.integrationId, current, 'manual', NO_PUBLIC_URL_REASON);
    const support = adapter.inboundHooks ? await adapter.inboundHooks(ctx) : { manual: 'this provider cannot register webhooks' };
    if ('manual' in support) return await keep(deps, ctx.integrationId, current, 'manual', support.manual);
    client = support;
    if (secret === null) return await keep(deps, ctx.integrationId, current, 'manual', 'no signing secret is stored for this hook');
    await register(deps, { ctx, provider, ciphertext }, client, { url: inboundUrl(deps.publicUrl, provider, hook.hookId), secret, current });
  } catch (err) {
    if (err instanceof CancelledFailure || ctx.signal.aborted) throw err;
    const failure = safeFailure(err, [...secretValues(ctx.credentials), ...(secret ? [secret] : [])]);
    if (failure.nonRetryable && /\banswered 401\b/.test(failure.message)) {
      // Credentials refused outright: the sync fails the same way and says so; registration waits for a reconnect.
      await setRegistrationState(deps.sql, ctx.integrationId, 'pending', `the credentials were refused (${failure.message}); registered by a sync after a reconnect`);
    } else if (failure.nonRetryable) {
      await setRegistrationState(deps.sql, ctx.integrationId, 'manual', client ? `${failure.message}; ${client.permission}` : failure.message);
    } else if (current?.state !== 'registered') {
      // A hook that works stays registered through a provider's bad minute (a failed Jira refresh is retried next sync).
      await setRegistrationState(deps.sql, ctx.integrationId, 'pending', `not registered yet (${failure.message}); the next sync tries again`);
    }
  }
}

/** Writes the state only when it changes: most syncs find everything as it was. */
async function keep(deps: InboundRegistrationDeps, integrationId: string, current: RegistrationRow | undefined, state: 'manual', reason: string): Promise<void> {
  if (current?.state === state && current.reason === reason) return;
  await setRegistrationState(deps.sql, integrationId, state, reason);
}

async function register(
  deps: InboundRegistrationDeps,
  subject: Subject,
  client: InboundHookClient,
  hook: { url: string; secret: string; current: RegistrationRow | undefined },
): Promise<void> {
  const { ctx, provider } = subject;
  const registered = hook.current?.state === 'registered' ? hook.current.remote_id : null;
  if (registered && !ctx.fullResync) {
    if (client.refresh) {
      await client.refresh(registered);
      await markRefreshed(deps.sql, ctx.integrationId);
    }
    return;
  }
  // Hooks a disconnect queued for removal are not adopted: the housekeeping pass is about to delete them.
  const queued = await queuedRemoteIds(deps.sql, ctx.integrationId);
  let existing = (await client.find(hook.url)).filter((id) => !queued.has(id));
  if (ctx.fullResync) {
    // Re-created, not trusted: whatever was changed at the provider (events, secret, a disabled hook) is put right.
    for (const id of existing) await client.remove(id);
    existing = [];
  }
  let remoteId = existing[0];
  if (remoteId === undefined) {
    const created = await client.create(hook.url, hook.secret);
    remoteId = created.remoteId;
    // Linear answers with the secret that signs; should it not be ours, that one is what the receiver must check.
    if (created.secret !== undefined) {
      await ensureInboundHook(deps.sql, deps.cipher, { integrationId: ctx.integrationId, orgId: ctx.orgId, projectId: ctx.projectId, provider, secret: created.secret });
    }
  }
  const id = remoteId;
  await deps.sql.begin((tx) => recordRegistered(tx, ctx.integrationId, id, subject.ciphertext));
}
