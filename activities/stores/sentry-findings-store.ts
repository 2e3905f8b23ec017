import { resolveMissingSentryFindings, upsertSentryFindings, type SentryFindingInput } from '../../db/sentry-findings.js';
import type { Db } from '../../db/sql.js';
import type { StoreScope } from './index.js';

export type { FindingSeverity, SentryFindingInput } from '../../db/sentry-findings.js';

/** Findings mirrored from Sentry issues (source `sentry`, keyed by the issue id), for this integration's project. */
export interface SentryFindingsStore {
  /** New issues become open findings; known ones are refreshed (and reopened if they were resolved). */
  upsert(issues: readonly SentryFindingInput[]): Promise<{ created: number; updated: number }>;
  /** Given every currently unresolved issue id, resolves the open Sentry findings not among them. */
  resolveAllExcept(unresolvedRefs: readonly string[]): Promise<number>;
}

export function createSentryFindingsStore(sql: Db, scope: StoreScope): SentryFindingsStore {
  const findingsScope = { orgId: scope.key.orgId, projectId: scope.key.projectId };
  return {
    upsert(issues) {
      const unique = new Map(issues.map((i) => [i.sourceRef, i]));
      return upsertSentryFindings(sql, findingsScope, [...unique.values()]);
    },
    resolveAllExcept: (refs) => resolveMissingSentryFindings(sql, findingsScope, refs),
  };
}
