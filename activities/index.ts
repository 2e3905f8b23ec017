import { Context } from '@temporalio/activity';
import type { CredentialCipher } from '../db/crypto.js';
import { scheduleNextSync, setIntegrationStatus } from '../db/integrations.js';
import type { Sql } from '../db/sql.js';
import { finishSyncRun, insertSyncRun, isTransientDbError, type SyncCounts, type SyncOutcome, type SyncRunTrigger } from '../db/sync-runs.js';
import { activeTraceId } from '../db/tracing.js';
import { ApplicationFailure } from '@temporalio/activity';
import type { SyncRetryOptions } from '../workflows/ids.js';
import { createOutboundClient, type OutboundClient } from './outbound/client.js';
import { runProviderSync, type ProviderSyncInput } from './provider-sync.js';
import type { ProviderOptions, SyncLimits } from './providers/options.js';
import type { ProviderRegistry } from './providers/registry.js';
import { createTemporalActivities, type TemporalDeps } from './temporal-activities.js';
import { createWebhookActivities, recordSyncEvents, type WebhookDeliverySettings } from './webhooks.js';
import { recordHealth } from '../db/credential-health.js';
import { createHealthActivities, syncHealthVerdict } from './health.js';
import { createInboundActivities } from './inbound.js';
import { removeInboundHooks, type InboundRemovalResult } from './inbound-removal.js';
import { createDebouncedNotify } from '../db/debounced-notify.js';
import { notifyAuditEvents } from '../db/events.js';

export type { ReconcileResult, SweepResult } from './temporal-activities.js';
export type { HealthPassResult } from './health.js';
export type { InboundApplyResult } from './inbound.js';
export type { InboundRemovalResult } from './inbound-removal.js';

export interface ActivityDeps {
  sql: Sql;
  cipher: CredentialCipher;
  providers: ProviderRegistry;
  /** The worker's one outbound HTTP client (egress guard, caps); default: nothing private allowed. */
  outbound?: OutboundClient;
  /** PROVIDER_MAX_PAGES / PROVIDER_MAX_ROWS. */
  limits?: SyncLimits;
  /** For the activities that start or inspect workflows (scheduled syncs, the reconciler). */
  temporal?: TemporalDeps;
  /** Retry bounds put into the input of syncs this worker starts (periodic ones). */
  syncRetry?: SyncRetryOptions;
  /** SYNC_INTERVAL: a recorded sync makes the integration due again this long after it (default 6 hours). */
  syncIntervalMs?: number;
  /** Told once per recorded sync result (worker metrics and the "sync finished" log line); must not throw. */
  onSyncFinished?: (event: SyncFinishedEvent) => void;
  /** Webhook delivery backoff and the retention prune (docs/api.md → Webhooks, Audit log); defaults when absent. */
  webhooks?: Partial<WebhookDeliverySettings>;
  /** What the adapters were made with (the OAuth apps): the health pass refreshes tokens with the same clients. */
  providerOptions?: ProviderOptions;
  /** PUBLIC_URL: the base of the inbound webhook URL syncs register with providers (activities/inbound-registration.ts). */
  publicUrl?: string | undefined;
}

export interface SyncFinishedEvent {
  integrationId: string;
  workflowId: string | null;
  outcome: Exclude<SyncOutcome, 'running'>;
  startedAt: Date;
  finishedAt: Date;
}

export interface BeginSyncInput {
  integrationId: string;
  trigger: SyncRunTrigger;
  /** 1 for the run's first sync; a follow-up round (see workflows/sync-integration.ts) counts up. */
  round?: number;
}

export interface BeginSyncResult {
  /** False when the integration is gone or disconnected: nothing to sync. */
  proceed: boolean;
  syncRunId: string | null;
}

export interface FinishSyncInput {
  integrationId: string;
  syncRunId: string;
  outcome: Exclude<SyncOutcome, 'running'>;
  errorCode?: string | null;
  errorMessage?: string | null;
  counts?: SyncCounts;
}

/** The code and message a run gets when its real result is data the database refuses (e.g. text it cannot store). */
export const UNRECORDABLE_CODE = 'SyncResultUnrecordable';
const UNRECORDABLE_MESSAGE = 'the sync ended but its result could not be stored; marked failed';
export const DEFAULT_SYNC_INTERVAL_MS = 6 * 3_600_000;

/** Activities take and return ids and counts only; credentials are loaded and decrypted inside the attempt. */
export function createActivities(deps: ActivityDeps) {
  const { sql, cipher, providers } = deps;
  const outbound = deps.outbound ?? createOutboundClient();
  // The rows these write raise live events (migration 00020's triggers): a NOTIFY after commit, debounced, wakes the
  // API processes' hubs at once. A lost one costs a poll interval (api/events-hub.ts), so failures are not reported.
  const wakeEvents = createDebouncedNotify(() => notifyAuditEvents(sql), { windowMs: 50, onError: () => undefined });

  return {
    async beginSync(input: BeginSyncInput): Promise<BeginSyncResult> {
      const execution = Context.current().info.workflowExecution;
      if (!execution) throw new Error('beginSync runs only inside a workflow');
      const { workflowId, runId } = execution;
      const row = await setIntegrationStatus(sql, input.integrationId, 'syncing');
      if (!row) return { proceed: false, syncRunId: null };
      // The trace this run belongs to (the activity's span, a child of the workflow's): null with tracing off.
      const run = await insertSyncRun(sql, { integrationId: input.integrationId, workflowId, runId, round: input.round ?? 1, trigger: input.trigger, traceId: activeTraceId() });
      wakeEvents();
      return { proceed: true, syncRunId: run.id };
    },

    runProviderSync: (input: ProviderSyncInput): Promise<SyncCounts> => runProviderSync({ sql, cipher, providers, outbound, limits: deps.limits, publicUrl: deps.publicUrl }, input),

    /** Housekeeping: removes the provider hooks of disconnected integrations (activities/inbound-removal.ts). */
    removeInboundHooks: (): Promise<InboundRemovalResult> => removeInboundHooks({ sql, cipher, providers, outbound }),

    /**
     * Success → `connected` with last_sync_at now; failure → `error`; cancelled → back to `connected` without touching
     * last_sync_at (nothing failed; the sync just did not happen). A disconnected row is never revived.
     */
    async finishSync(input: FinishSyncInput): Promise<void> {
      const record = (result: FinishSyncInput) => sql.begin(async (tx) => {
        const finished = await finishSyncRun(tx, result.syncRunId, result);
        let row;
        if (result.outcome === 'succeeded') row = await setIntegrationStatus(tx, result.integrationId, 'connected', { touchLastSync: true });
        else if (result.outcome === 'cancelled') row = await setIntegrationStatus(tx, result.integrationId, 'connected');
        else row = await setIntegrationStatus(tx, result.integrationId, 'error');
        // Manual or periodic, whatever the outcome: the next periodic sync is one interval from now.
        if (finished?.finished_at) await scheduleNextSync(tx, result.integrationId, deps.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
        // The outbox, in this same transaction: only the attempt that closed the run, and never for a disconnected row.
        if (finished?.finished_at && row) await recordSyncEvents(tx, row, finished);
        // Credential health from the outcome, with its auth_failed / auth_recovered event, in the same transaction.
        const verdict = finished?.finished_at && row ? syncHealthVerdict(finished.outcome as Exclude<SyncOutcome, 'running'>, finished.error_code, finished.error_message) : undefined;
        if (verdict !== undefined) await recordHealth(tx, result.integrationId, verdict);
        return finished;
      });
      let run;
      try {
        run = await record(input);
      } catch (err) {
        // Only connection-level trouble is retried (by the bookkeeping retry policy). Data the database refuses would
        // be refused for 24 hours: the run is recorded failed with a generic message instead, and the row leaves syncing.
        if (isTransientDbError(err)) throw err;
        try {
          run = await record({ integrationId: input.integrationId, syncRunId: input.syncRunId, outcome: 'failed', errorCode: UNRECORDABLE_CODE, errorMessage: UNRECORDABLE_MESSAGE });
        } catch (again) {
          if (isTransientDbError(again)) throw again;
          throw ApplicationFailure.create({ type: UNRECORDABLE_CODE, message: UNRECORDABLE_MESSAGE, nonRetryable: true });
        }
      }
      wakeEvents();
      // Only the attempt that closed the run reports it: a retried finishSync finds it closed already.
      if (run?.finished_at) {
        const workflowId = Context.current().info.workflowExecution?.workflowId ?? null;
        deps.onSyncFinished?.({ integrationId: input.integrationId, workflowId, outcome: run.outcome === 'running' ? input.outcome : run.outcome, startedAt: run.started_at, finishedAt: run.finished_at });
      }
    },

    ...createTemporalActivities({ sql, temporal: deps.temporal, syncRetry: deps.syncRetry }),
    ...createWebhookActivities({ sql, cipher, outbound, temporal: deps.temporal, settings: deps.webhooks }),
    ...createHealthActivities({ sql, cipher, outbound, providerOptions: deps.providerOptions }),
    ...createInboundActivities({ sql, wakeEvents }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
