import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/**
 * Names shared by the workflow code and its starters (API, schedules, ops). Pure data: safe for the workflow sandbox
 * and for `api/`, which may import workflow names but never workflow code.
 */
export const SYNC_WORKFLOW_TYPE = 'syncIntegration';
/** Started by an integration's Schedule; starts or joins the integration's sync workflow. */
export const SCHEDULED_SYNC_WORKFLOW_TYPE = 'triggerScheduledSync';
/** Started by the reconciler Schedule; repairs rows whose sync workflow is gone. */
export const RECONCILE_WORKFLOW_TYPE = 'reconcileSyncs';

export type SyncTrigger = 'manual' | 'schedule';

/**
 * Sent with every manual start (signal-with-start). A request that lands while the run is already recording its
 * result would otherwise join a run that is about to close and leave the row `syncing`; the workflow answers it with a
 * follow-up round instead.
 */
export const SYNC_REQUESTED_SIGNAL = 'syncRequested';

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

export type ScheduledSyncInput = IntegrationIdentity & { integrationId: string };

export interface ReconcileInput {
  /** Rows changed more recently than this are left alone: a start may still be on its way. */
  graceMs?: number;
}

/** The business id, readable in the Temporal UI. One per integration: a second start joins the running one. */
export function syncWorkflowId(key: IntegrationIdentity): string {
  return `audit-sync/${key.orgId}/${key.projectId}/${key.provider}`;
}

/** The integration's periodic Schedule (Temporal UI → Schedules). */
export function syncScheduleId(key: IntegrationIdentity): string {
  return `audit-sync-schedule/${key.orgId}/${key.projectId}/${key.provider}`;
}

/** Prefix of the tiny workflows a Schedule starts (the server appends a timestamp to each). */
export function scheduledSyncWorkflowId(key: IntegrationIdentity): string {
  return `audit-sync-trigger/${key.orgId}/${key.projectId}/${key.provider}`;
}

/** One reconciler per task queue: each deployment (and each test worker) repairs only its own database. */
export function reconcileScheduleId(taskQueue: string): string {
  return `audit-reconcile/${taskQueue}`;
}

/** Custom search attributes so operators can filter syncs in the UI; registered on the dev server and in compose. */
export const ORG_ID_ATTRIBUTE = defineSearchAttributeKey('AuditOrgId', SearchAttributeType.KEYWORD);
export const PROJECT_ID_ATTRIBUTE = defineSearchAttributeKey('AuditProjectId', SearchAttributeType.KEYWORD);
export const PROVIDER_ATTRIBUTE = defineSearchAttributeKey('AuditProvider', SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTE_KEYS = [ORG_ID_ATTRIBUTE, PROJECT_ID_ATTRIBUTE, PROVIDER_ATTRIBUTE] as const;

/**
 * What every start of an integration's sync workflow shares, manual (signal-with-start) or scheduled (start with
 * USE_EXISTING): the business id, the ids-only input and the search attributes.
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

/** Set on every start (manual, scheduled, trigger workflows and the schedules themselves). Ids only. */
export function integrationSearchAttributes(key: IntegrationIdentity): SearchAttributePair[] {
  return [
    { key: ORG_ID_ATTRIBUTE, value: key.orgId },
    { key: PROJECT_ID_ATTRIBUTE, value: key.projectId },
    { key: PROVIDER_ATTRIBUTE, value: key.provider },
  ];
}
