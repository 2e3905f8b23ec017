import type { Db } from './sql.js';
import type { ProjectKey } from './findings.js';

/**
 * Serialises the quota checks of one scope (an org's projects, a project's open findings) until the caller's
 * transaction ends: two concurrent writes cannot both take the last slot. `tx` must be a transaction handle.
 */
export async function lockQuota(tx: Db, scope: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`audit-quota:${scope}`}, 0))`;
}

/** Projects of the org with at least one integration that is not disconnected, and whether `projectId` is one. */
export async function countActiveProjects(sql: Db, orgId: string, projectId: string): Promise<{ count: number; includesProject: boolean }> {
  const [row] = await sql<{ count: number; includes_project: boolean | null }[]>`
    select count(distinct project_id)::int as count, bool_or(project_id = ${projectId}) as includes_project
    from audit_integrations
    where org_id = ${orgId} and status <> 'disconnected'
  `;
  return { count: row?.count ?? 0, includesProject: row?.includes_project ?? false };
}

/** Open findings of the project, counted up to `atMost` (a quota check needs no exact total past it). */
export async function countOpenFindings(sql: Db, key: ProjectKey, atMost: number): Promise<number> {
  const [row] = await sql<{ count: number }[]>`
    select count(*)::int as count from (
      select 1 from findings
      where org_id = ${key.orgId} and project_id = ${key.projectId} and status = 'open'
      limit ${atMost}
    ) open_findings
  `;
  return row?.count ?? 0;
}
