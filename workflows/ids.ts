import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Names shared by the workflow code and its starters (API, schedules, ops). Pure data: safe for the workflow sandbox
 * and for `api/`, which may import workflow names but never workflow code.
 */
export const SYNC_WORKFLOW_TYPE = 'syncIntegration';

export type SyncTrigger = 'manual' | 'schedule';

/** Only ids cross into history: never credentials. */
export interface SyncWorkflowInput {
  integrationId: string;
  orgId: string;
  projectId: string;
  provider: string;
  trigger: SyncTrigger;
}

export interface IntegrationIdentity {
  orgId: string;
  projectId: string;
  provider: string;
}

/** The business id, readable in the Temporal UI. One per integration: a second start joins the running one. */
export function syncWorkflowId(key: IntegrationIdentity): string {
  return `audit-sync/${key.orgId}/${key.projectId}/${key.provider}`;
}

/** Custom search attributes so operators can filter syncs in the UI; registered on the dev server and in compose. */
export const ORG_ID_ATTRIBUTE = defineSearchAttributeKey('AuditOrgId', SearchAttributeType.KEYWORD);
export const PROJECT_ID_ATTRIBUTE = defineSearchAttributeKey('AuditProjectId', SearchAttributeType.KEYWORD);
export const PROVIDER_ATTRIBUTE = defineSearchAttributeKey('AuditProvider', SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTE_KEYS = [ORG_ID_ATTRIBUTE, PROJECT_ID_ATTRIBUTE, PROVIDER_ATTRIBUTE] as const;
