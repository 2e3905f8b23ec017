import type { Db } from './sql.js';

export type FindingSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** One unresolved Sentry issue as a finding; `sourceRef` is the Sentry issue id. */
export interface SentryFindingInput {
  sourceRef: string;
  title: string;
  description: string | null;
  severity: FindingSeverity;
  url: string | null;
  category: string | null;
}

export interface FindingsScope {
  orgId: string;
  projectId: string;
}

/**
 * Inserts new issues as open findings and refreshes known ones (reopening a finding whose issue is unresolved again).
 * The conditional update touches only rows whose fields differ, so a re-pull of unchanged issues writes nothing and
 * `updated` counts real changes. Input must be unique per sourceRef.
 */
export async function upsertSentryFindings(
  sql: Db,
  scope: FindingsScope,
  issues: readonly SentryFindingInput[],
): Promise<{ created: number; updated: number }> {
  if (issues.length === 0) return { created: 0, updated: 0 };
  const payload = issues.map((i) => ({
    source_ref: i.sourceRef,
    title: i.title,
    description: i.description,
    severity: i.severity,
    url: i.url,
    category: i.category,
  }));
  const [result] = await sql<{ created: number; updated: number }[]>`
    with written as (
      insert into findings (org_id, project_id, title, description, severity, url, category, status, source, source_ref)
      select ${scope.orgId}, ${scope.projectId}, r.title, r.description, r.severity, r.url, r.category, 'open', 'sentry', r.source_ref
      from jsonb_to_recordset(${sql.json(payload)}::jsonb)
        as r (source_ref text, title text, description text, severity text, url text, category text)
      on conflict (org_id, project_id, source, source_ref) where source_ref is not null
      do update set
        title = excluded.title,
        description = excluded.description,
        severity = excluded.severity,
        url = excluded.url,
        category = excluded.category,
        status = 'open',
        updated_at = now()
      where (findings.title, findings.description, findings.severity, findings.url, findings.category, findings.status)
        is distinct from (excluded.title, excluded.description, excluded.severity, excluded.url, excluded.category, 'open')
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as created, (count(*) filter (where not inserted))::int as updated
    from written
  `;
  return result ?? { created: 0, updated: 0 };
}

/** Open Sentry findings whose issue was not in the complete unresolved list any more: resolved in Sentry. */
export async function resolveMissingSentryFindings(sql: Db, scope: FindingsScope, unresolvedRefs: readonly string[]): Promise<number> {
  const rows = await sql`
    update findings
    set status = 'resolved', updated_at = now()
    where org_id = ${scope.orgId} and project_id = ${scope.projectId}
      and source = 'sentry' and status = 'open' and source_ref is not null
      and source_ref not in (select jsonb_array_elements_text(${sql.json([...unresolvedRefs])}::jsonb))
    returning id
  `;
  return rows.length;
}
