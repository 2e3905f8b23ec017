import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/**
 * Names shared by the workflow code and its starters (API, sweeper, ops). Pure data: safe for the workflow sandbox
 * and for `api/`, which may import workflow names but never workflow code.
 */
export const SYNC_WORKFLOW_TYPE = 'syncIntegration';
/**
 * One per task queue, started by every worker (idempotently): loops on a durable timer, sweeping due integrations and
 * running the reconciler at its cadence, and continues-as-new about once an hour (workflows/housekeeping.ts).
 */
export const HOUSEKEEPING_WORKFLOW_TYPE = 'housekeeping';
/** Sent by a starting worker: the deployment's current sweep and reconciler settings replace the running ones. */
export const HOUSEKEEPING_SETTINGS_SIGNAL = 'housekeepingSettings';
/**
 * Sent by workers when a connect made an integration due at once (Postgres NOTIFY, worker/sweep-wakeup.ts): the loop
 * sweeps now instead of at the end of its interval. No argument; at most one per worker per wake window, so the
 * history events it adds stay bounded.
 */
export const HOUSEKEEPING_WAKE_SIGNAL = 'housekeepingWake';
/** What the housekeeping loop has done so far in this run (operators, tests); answered from memory, adds no history. */
export const HOUSEKEEPING_STATUS_QUERY = 'housekeepingStatus';

/**
 * `full_resync` (POST …/resync): the provider step forgets what earlier syncs left (tracker links) and re-matches every
 * open finding by its marker; see activities/providers/tracker-sync.ts.
 */
export type SyncTrigger = 'manual' | 'schedule' | 'full_resync';

/**
 * Sent when a manual start finds a run going (signal-with-start). A request that lands while the run is already
 * recording its result would otherwise join a run that is about to close and leave the row `syncing`; the workflow
 * answers it with a follow-up round instead, recorded with the request's trigger. Its argument (a SyncRequest) is
 * optional: signals sent before it existed carried none, and their follow-up keeps the run's own trigger.
 */
export const SYNC_REQUESTED_SIGNAL = 'syncRequested';

export interface SyncRequest {
  trigger: SyncTrigger;
}

/**
 * The failure type a worker answers with when the integration's org already runs its share of provider activities
 * (worker/org-fairness.ts); the sync workflow waits and tries again without counting it as an attempt.
 */
export const ORG_BUSY_FAILURE_TYPE = 'OrgBusy';

/** Bounded by default (5 attempts, 15 minutes); starters pass the deployment's values in the workflow input. */
export interface SyncRetryOptions {
  maximumAttempts?: number;
  maximumDurationMs?: number;
  initialIntervalMs?: number;
  /** How long a provider attempt may go without a heartbeat before it is retried elsewhere (worker crash). */
  heartbeatTimeoutMs?: number;
}

export interface IntegrationIdentity {
  orgId: string;
  projectId: string;
  provider: string;
}

/** Only ids cross into history: never credentials. */
export interface SyncWorkflowInput extends IntegrationIdentity {
  integrationId: string;
  trigger: SyncTrigger;
  retry?: SyncRetryOptions;
}

export interface ReconcileInput {
  /** Rows changed more recently than this are left alone: a start may still be on its way. */
  graceMs?: number;
}

export interface SweepInput {
  /** Rows claimed per query (FOR UPDATE SKIP LOCKED, oldest due first). */
  batchSize: number;
  /** SYNC_START_RATE: sync starts per second, at most, for the whole deployment (there is one sweeper). */
  startRatePerSecond: number;
  /** How long claimed rows stay out of other sweeps; default twice a batch's starts, at least a minute. */
  claimMs?: number;
}

/** One credential-health pass (activities/health.ts): ids and numbers only. */
export interface HealthPassInput {
  /** Integrations claimed per pass, at most. */
  batchSize: number;
  /** Of one org per pass, at most (fair per org, as syncs are). */
  perOrg: number;
  /** HEALTH_CHECK_INTERVAL: an integration with no sync, probe or refresh within this is probed. */
  checkIntervalMs: number;
  /** CREDENTIALS_REFRESH_AHEAD: OAuth access tokens expiring within this are refreshed. */
  refreshAheadMs: number;
  /** How long a claim keeps other passes off a row; a failed check is retried after it (default 2 minutes). */
  claimMs?: number;
  /** Bound on one probe request (default 10 s). */
  probeTimeoutMs?: number;
}

export interface HealthSettings extends HealthPassInput {
  /** How often the housekeeping loop runs a health pass (on its sweep beat). */
  everyMs: number;
}

export interface HousekeepingSettings {
  /** SYNC_SWEEP_INTERVAL in milliseconds: the pause between two sweeps. */
  sweepIntervalMs: number;
  sweep: SweepInput;
  /** RECONCILE_INTERVAL / RECONCILE_GRACE_MS. */
  reconcileIntervalMs: number;
  reconcileGraceMs: number;
  /** The credential-health pass; absent (settings of an older worker) = no health passes. */
  health?: HealthSettings;
}

export interface HousekeepingInput extends HousekeepingSettings {
  /** Carried across continue-as-new (epoch ms), so the reconciler keeps its cadence over run boundaries. */
  nextReconcileAt?: number;
  /** Carried across continue-as-new: a wake-up that arrived as the run ended is answered by the next run at once. */
  wake?: boolean;
  /** Carried across continue-as-new (epoch ms): the health pass keeps its cadence over run boundaries. */
  nextHealthAt?: number;
}

/** The business id, readable in the Temporal UI. One per integration: a second start joins the running one. */
export function syncWorkflowId(key: IntegrationIdentity): string {
  return `audit-sync/${key.orgId}/${key.projectId}/${key.provider}`;
}

/** The housekeeping workflow of a task queue: one per deployment (and per test worker), never two at once. */
export function housekeepingWorkflowId(taskQueue: string): string {
  return `audit-housekeeping/${taskQueue}`;
}

/**
 * Schedules of earlier releases, deleted by `npm run ops -- delete-schedules` (per integration) and by the worker at
 * start (its task queue's reconciler).
 */
export const LEGACY_SYNC_SCHEDULE_PREFIX = 'audit-sync-schedule/';
export function legacyReconcileScheduleId(taskQueue: string): string {
  return `audit-reconcile/${taskQueue}`;
}

/** Custom search attributes so operators can filter syncs in the UI; registered on the dev server and in compose. */
export const ORG_ID_ATTRIBUTE = defineSearchAttributeKey('AuditOrgId', SearchAttributeType.KEYWORD);
export const PROJECT_ID_ATTRIBUTE = defineSearchAttributeKey('AuditProjectId', SearchAttributeType.KEYWORD);
export const PROVIDER_ATTRIBUTE = defineSearchAttributeKey('AuditProvider', SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTE_KEYS = [ORG_ID_ATTRIBUTE, PROJECT_ID_ATTRIBUTE, PROVIDER_ATTRIBUTE] as const;

/**
 * What every start of an integration's sync workflow shares, manual (signal-with-start) or periodic (the sweeper's
 * start with USE_EXISTING): the business id, the ids-only input and the search attributes.
 */
export function syncWorkflowStartOptions(input: SyncWorkflowInput, taskQueue: string) {
  return {
    taskQueue,
    workflowId: syncWorkflowId(input),
    args: [input] as [SyncWorkflowInput],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const,
    typedSearchAttributes: integrationSearchAttributes(input),
    // Task queue fairness (server-side, where enabled): one org's backlog cannot keep others' tasks waiting. Activities
    // inherit it. The hard per-org cap is the worker's (WORKER_MAX_ACTIVITIES_PER_ORG).
    priority: { fairnessKey: input.orgId },
  };
}

/** Set on every start of a sync (manual or periodic). Ids only. */
export function integrationSearchAttributes(key: IntegrationIdentity): SearchAttributePair[] {
  return [
    { key: ORG_ID_ATTRIBUTE, value: key.orgId },
    { key: PROJECT_ID_ATTRIBUTE, value: key.projectId },
    { key: PROVIDER_ATTRIBUTE, value: key.provider },
  ];
}
