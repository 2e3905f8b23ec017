import type { CredentialCipher, Credentials } from '../db/crypto.js';
import { findFinding, insertFinding, setFindingStatus, type FindingRow, type FindingStatus, type NewFinding, type ProjectKey } from '../db/findings.js';
import type { AuditActor } from '../db/audit-log.js';
import { connectIntegration, type IntegrationKey, type PresentedIntegrationRow } from '../db/integrations.js';
import { countActiveProjects, countOpenFindings, lockQuota } from '../db/quotas.js';
import type { Db, Sql } from '../db/sql.js';
import { ApiError } from './errors.js';

/** Per-tenant quotas (docs/operating.md → Limits and quotas): ORG_MAX_PROJECTS, PROJECT_MAX_OPEN_FINDINGS. */
export interface Quotas {
  /** Projects with at least one (not disconnected) integration, per org. */
  orgMaxProjects: number;
  /** Open findings per project. */
  projectMaxOpenFindings: number;
}

export const DEFAULT_QUOTAS: Quotas = { orgMaxProjects: 200, projectMaxOpenFindings: 5000 };

function exceeded(name: string, limit: number, what: string): ApiError {
  return new ApiError('quota_exceeded', 422, `Quota ${name} (${limit}) reached: ${what}.`);
}

/**
 * Connect (credentials or OAuth) within the org's project quota; over the quota nothing is written. The row, its audit
 * entry (`actor`) and its webhook event are one statement (db/integrations.ts connectIntegration).
 * A project the org already uses cannot raise the count: that connect is the statement alone, on the shared pool, and
 * writes only while the project has an active integration, which it keeps locked until the write is done (a
 * disconnect meanwhile sends it to the counting path). Only a connect to a project without one takes the org's quota
 * lock, counts, and writes, in one transaction.
 */
export async function connectWithinQuota(
  sql: Sql,
  quotas: Quotas,
  cipher: CredentialCipher,
  key: IntegrationKey,
  credentials: Credentials,
  actor: AuditActor,
): Promise<Pick<PresentedIntegrationRow, 'json'>> {
  const ciphertext = cipher.encrypt(credentials, key);
  const [known] = await connectIntegration(sql, key, ciphertext, { inActiveProjectOnly: true, actor });
  if (known) return known;
  return sql.begin(async (tx) => {
    await lockQuota(tx, `org-projects:${key.orgId}`);
    const projects = await countActiveProjects(tx, key.orgId, key.projectId);
    if (!projects.includesProject && projects.count >= quotas.orgMaxProjects) {
      throw exceeded('org_max_projects', quotas.orgMaxProjects, 'this organization has integrations in as many projects as it may');
    }
    const [row] = await connectIntegration(tx, key, ciphertext, { inActiveProjectOnly: false, actor });
    return row!;
  });
}

async function checkOpenFindings(tx: Db, quotas: Quotas, key: ProjectKey): Promise<void> {
  await lockQuota(tx, `project-findings:${key.orgId}:${key.projectId}`);
  if ((await countOpenFindings(tx, key, quotas.projectMaxOpenFindings)) >= quotas.projectMaxOpenFindings) {
    throw exceeded('project_max_open_findings', quotas.projectMaxOpenFindings, 'resolve findings of this project before opening more');
  }
}

/** Creates an (open) finding within the project's open-findings quota; over it nothing is written. */
export async function createFindingWithinQuota(sql: Sql, quotas: Quotas, key: ProjectKey, input: NewFinding): Promise<FindingRow> {
  return sql.begin(async (tx) => {
    await checkOpenFindings(tx, quotas, key);
    return insertFinding(tx, key, input);
  });
}

/** Resolving is always allowed; reopening counts against the open-findings quota (an open finding stays as it is). */
export async function setFindingStatusWithinQuota(sql: Sql, quotas: Quotas, key: ProjectKey, id: string, status: FindingStatus): Promise<FindingRow | undefined> {
  if (status !== 'open') return setFindingStatus(sql, key, id, status);
  return sql.begin(async (tx) => {
    const current = await findFinding(tx, key, id);
    if (!current || current.status === 'open') return current;
    await checkOpenFindings(tx, quotas, key);
    return setFindingStatus(tx, key, id, status);
  });
}
