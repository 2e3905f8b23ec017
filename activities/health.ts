import { ApplicationFailure, Context } from '@temporalio/activity';
import { claimHealthChecks, recordHealth, type HealthCheckDue, type HealthVerdict } from '../db/credential-health.js';
import { CredentialDecryptError, type CredentialCipher } from '../db/crypto.js';
import { loadCredentials } from '../db/integrations.js';
import type { Sql } from '../db/sql.js';
import type { SyncOutcome } from '../db/sync-runs.js';
import type { HealthPassInput } from '../workflows/ids.js';
import { FailureType, sanitizeMessage, secretValues } from './errors.js';
import type { OutboundClient, OutboundSession } from './outbound/client.js';
import { definitionOf } from './providers/catalog.js';
import type { ProviderDefinition } from './providers/definition.js';
import { createTokenSource, sendWithToken, type TokenSource } from './providers/oauth.js';
import { baseUrlOf, joinUrl, PACING, stringOf, type ProviderOptions } from './providers/options.js';
import type { ParsedCredentials, ProbeRequest } from './providers/probe.js';
import { PROBES } from './providers/probes.js';
import { createProviderStores } from './stores/index.js';

export interface HealthPassResult {
  claimed: number;
  ok: number;
  needsReconnect: number;
  degraded: number;
  /** Checked without a verdict (nothing to probe yet, a configuration problem, a rate limit): state kept. */
  unchanged: number;
}

export const DEFAULT_HEALTH_CLAIM_MS = 120_000;
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
/** Checks in flight at once within a pass; the claim already interleaves orgs. */
const CONCURRENCY = 8;
const MAX_PROBE_BYTES = 256 * 1024;

/** Failure types that mean the provider refused the credentials (401/403, a refused refresh token or code). */
const REFUSED: ReadonlySet<string> = new Set([FailureType.Auth, FailureType.Reconnect]);
/** Failure types that mean the provider could not answer properly (5xx, timeouts, network). */
const DEGRADED: ReadonlySet<string> = new Set([FailureType.Unavailable, 'ProviderTimedOut']);

/**
 * What a recorded sync says about the credentials: success → ok; refused credentials → needs_reconnect with the run's
 * (already sanitised) message; unavailable or timed out → degraded. Anything else (configuration, a response too large
 * or invalid, a rate limit, a cancellation) says nothing about them: undefined, the health is left as it is.
 */
export function syncHealthVerdict(outcome: Exclude<SyncOutcome, 'running'>, code: string | null | undefined, message: string | null | undefined): HealthVerdict | undefined {
  if (outcome === 'succeeded') return { state: 'ok', reason: null };
  if (outcome !== 'failed' || !code) return undefined;
  if (REFUSED.has(code)) return { state: 'needs_reconnect', reason: message ?? code };
  if (DEGRADED.has(code)) return { state: 'degraded', reason: message ?? code };
  return undefined;
}

/** The provider's own words in an error body, if it has any: `message`, `error_description`, `error`, GraphQL `errors`. */
function providerText(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const first = Array.isArray(b.errors) ? (b.errors[0] as Record<string, unknown> | undefined) : undefined;
  for (const v of [b.message, b.error_description, b.error, first?.message]) if (typeof v === 'string' && v.trim() !== '') return v;
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A failure a check threw → a verdict (classified like a sync's), its message sanitised again with every secret. */
function failureVerdict(err: unknown, secrets: readonly string[]): HealthVerdict {
  const type = err instanceof ApplicationFailure ? (err.type ?? FailureType.Unavailable) : FailureType.Unavailable;
  const message = sanitizeMessage(err instanceof Error ? err.message : 'the check failed', secrets);
  if (REFUSED.has(type)) return { state: 'needs_reconnect', reason: message };
  if (DEGRADED.has(type)) return { state: 'degraded', reason: message };
  return null;
}

/** One org's rows take turns with the others' (first of each org, then second of each…), so no org waits behind one. */
export function interleaveByOrg<R extends { org_id: string }>(rows: readonly R[]): R[] {
  const byOrg = new Map<string, R[]>();
  for (const r of rows) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r]);
  const out: R[] = [];
  for (let i = 0; out.length < rows.length; i++) for (const list of byOrg.values()) if (list[i]) out.push(list[i]!);
  return out;
}

export interface HealthDeps {
  sql: Sql;
  cipher: CredentialCipher;
  outbound: OutboundClient;
  /** The OAuth apps (and test knobs) the adapters get: a refresh uses the same client as a sync's. */
  providerOptions?: ProviderOptions | undefined;
}

export function createHealthActivities(deps: HealthDeps) {
  const { sql, cipher } = deps;

  /** Refreshes a token due within refreshAheadMs (the sync's token source: lock, compare-and-swap), then probes. */
  async function check(row: HealthCheckDue, session: OutboundSession, input: HealthPassInput, signal: AbortSignal): Promise<HealthVerdict> {
    const stored = await loadCredentials(sql, row.id);
    if (!stored || stored.ciphertext === null) return null;
    let credentials: Record<string, unknown>;
    try {
      credentials = cipher.decrypt(stored.ciphertext, stored.key);
    } catch (err) {
      if (err instanceof CredentialDecryptError) return null;
      throw err;
    }
    const def: ProviderDefinition = definitionOf(stored.key.provider);
    const timeoutMs = input.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    let tokens: TokenSource | undefined;
    const secrets = () => [...secretValues(credentials), ...(tokens?.secrets() ?? [])];
    try {
      if (def.oauth && stringOf(credentials.refresh_token)) {
        const ctx = {
          integrationId: row.id,
          orgId: row.org_id,
          projectId: row.project_id,
          credentials,
          http: session,
          heartbeat: () => undefined,
          signal,
          stores: createProviderStores(sql, cipher, { integrationId: row.id, key: stored.key, ciphertext: stored.ciphertext }),
          resumeFrom: undefined,
        };
        tokens = createTokenSource(ctx, { label: def.label, provider: stored.key.provider, oauth: def.oauth }, { ...deps.providerOptions, expiryMarginMs: input.refreshAheadMs, timeoutMs });
      }
      const tokenKey = def.oauth?.tokenKey;
      const base: Record<string, string | undefined> = Object.fromEntries(Object.entries(credentials).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const withToken = (token: string | undefined): ParsedCredentials => (tokens && tokenKey && token !== undefined ? { ...base, [tokenKey]: token } : base);
      // A token due for refresh is refreshed here (get() refreshes within the margin and saves the new expiry).
      const probe = PROBES[stored.key.provider];
      const first = probe.request(withToken(tokens ? await tokens.get() : undefined));
      if ('unchecked' in first) return tokens ? { state: 'ok', reason: null } : null;
      const url = joinUrl(baseUrlOf(credentials, probe.defaultBaseUrl, def.label), first.path);
      const send = (token: string | undefined) => {
        const req = probe.request(withToken(token)) as ProbeRequest;
        return session.send(url.href, {
          method: req.method,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
          label: def.label,
          timeoutMs,
          maxResponseBytes: MAX_PROBE_BYTES,
          pacing: PACING[stored.key.provider],
        });
      };
      // As a sync does: a 401 with a refresh token at hand refreshes once and asks again.
      const res = tokens ? await sendWithToken(tokens, send) : await send(undefined);
      const body = parseJson(await res.text().catch(() => ''));
      const problems = probe.interpret(res.status, body);
      if (res.status >= 200 && res.status < 300 && problems.length === 0) return { state: 'ok', reason: null };
      const answer = () => sanitizeMessage(`${def.label} answered HTTP ${res.status}: ${providerText(body) ?? problems.map((p) => `${p.key} ${p.message}`).join('; ')}`, secrets());
      if (res.status === 401 || res.status === 403 || problems.some((p) => p.message.startsWith('was not accepted'))) return { state: 'needs_reconnect', reason: answer() };
      if (res.status >= 500) return { state: 'degraded', reason: answer() };
      // 404 (the resource), 429 and the like say nothing about the credentials.
      return null;
    } catch (err) {
      return failureVerdict(err, secrets());
    }
  }

  return {
    /**
     * One health pass: claims at most batchSize due integrations (fair per org), refreshes the OAuth tokens about to
     * expire and probes those not checked within the interval, each through the worker's one outbound client (egress
     * guard, caps, per-host pacing over the pass). Credentials are decrypted here only; the result is counts.
     */
    async runHealthPass(input: HealthPassInput): Promise<HealthPassResult> {
      const ctx = Context.current();
      const result: HealthPassResult = { claimed: 0, ok: 0, needsReconnect: 0, degraded: 0, unchanged: 0 };
      const due = await claimHealthChecks(sql, {
        limit: input.batchSize,
        perOrg: input.perOrg,
        claimMs: input.claimMs ?? DEFAULT_HEALTH_CLAIM_MS,
        checkIntervalMs: input.checkIntervalMs,
        refreshAheadMs: input.refreshAheadMs,
      });
      result.claimed = due.length;
      const queue = interleaveByOrg(due);
      const heartbeat = setInterval(() => ctx.heartbeat(), 5000);
      const session = deps.outbound.session({ signal: ctx.cancellationSignal, heartbeat: () => ctx.heartbeat(), logFields: { pass: 'health' } });
      try {
        let next = 0;
        const runner = async () => {
          while (next < queue.length) {
            const row = queue[next++]!;
            const verdict = await check(row, session, input, ctx.cancellationSignal);
            await sql.begin((tx) => recordHealth(tx, row.id, verdict, { release: verdict?.state === 'ok' }));
            if (verdict === null) result.unchanged++;
            else if (verdict.state === 'ok') result.ok++;
            else if (verdict.state === 'needs_reconnect') result.needsReconnect++;
            else result.degraded++;
          }
        };
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, runner));
      } finally {
        clearInterval(heartbeat);
      }
      return result;
    },
  };
}
