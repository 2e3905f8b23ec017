import type { Db } from './sql.js';

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const FINDING_STATUSES = ['open', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface FindingRow {
  id: string;
  org_id: string;
  project_id: string;
  title: string;
  description: string | null;
  severity: Severity;
  url: string | null;
  category: string | null;
  status: FindingStatus;
  source: 'audit' | 'sentry';
  created_at: Date;
  updated_at: Date;
}

export interface ProjectKey {
  orgId: string;
  projectId: string;
}

export interface NewFinding {
  title: string;
  description?: string | null | undefined;
  severity: Severity;
  url?: string | null | undefined;
  category?: string | null | undefined;
}

/** Where a page of the list ends: created_at in whole microseconds (a Date would round them away) and the id. */
export interface FindingCursor {
  createdUs: string;
  id: string;
}

const COLUMNS = [
  'id', 'org_id', 'project_id', 'title', 'description', 'severity', 'url', 'category', 'status', 'source', 'created_at', 'updated_at',
] as const;

export async function insertFinding(sql: Db, key: ProjectKey, input: NewFinding): Promise<FindingRow> {
  const [row] = await sql<FindingRow[]>`
    insert into findings (org_id, project_id, title, description, severity, url, category)
    values (${key.orgId}, ${key.projectId}, ${input.title}, ${input.description ?? null}, ${input.severity},
            ${input.url ?? null}, ${input.category ?? null})
    returning ${sql(COLUMNS)}
  `;
  return row!;
}

export async function findFinding(sql: Db, key: ProjectKey, id: string): Promise<FindingRow | undefined> {
  const [row] = await sql<FindingRow[]>`
    select ${sql(COLUMNS)} from findings
    where id = ${id} and org_id = ${key.orgId} and project_id = ${key.projectId}
  `;
  return row;
}

/** Resolve or reopen; updated_at moves only when the status really changes. Undefined for an unknown id. */
export async function setFindingStatus(sql: Db, key: ProjectKey, id: string, status: FindingStatus): Promise<FindingRow | undefined> {
  const [row] = await sql<FindingRow[]>`
    update findings
    set status = ${status},
        updated_at = case when status = ${status} then updated_at else now() end
    where id = ${id} and org_id = ${key.orgId} and project_id = ${key.projectId}
    returning ${sql(COLUMNS)}
  `;
  return row;
}

export interface FindingPage {
  rows: FindingRow[];
  next: FindingCursor | null;
  total: number;
}

/**
 * Newest first, keyset-paginated on (created_at, id). `updatedSince` (ISO 8601, inclusive) is compared as text cast in
 * Postgres, so its microseconds survive (a JS Date would cut them to milliseconds).
 */
export async function listFindings(
  sql: Db,
  key: ProjectKey,
  opts: {
    limit: number;
    after?: FindingCursor | undefined;
    status?: FindingStatus | undefined;
    severity?: Severity | undefined;
    updatedSince?: string | undefined;
  },
): Promise<FindingPage> {
  const filters = () => sql`
    org_id = ${key.orgId} and project_id = ${key.projectId}
    ${opts.status ? sql`and status = ${opts.status}` : sql``}
    ${opts.severity ? sql`and severity = ${opts.severity}` : sql``}
    ${opts.updatedSince ? sql`and updated_at >= ${opts.updatedSince}::text::timestamptz` : sql``}
  `;
  const after = opts.after;
  const rows = await sql<(FindingRow & { created_us: string })[]>`
    select ${sql(COLUMNS)}, (extract(epoch from created_at) * 1000000)::bigint::text as created_us
    from findings
    where ${filters()}
      ${after ? sql`and (created_at, id) < (timestamptz 'epoch' + ${after.createdUs}::bigint * interval '1 microsecond', ${after.id})` : sql``}
    order by created_at desc, id desc
    limit ${opts.limit + 1}
  `;
  const [counted] = await sql<{ count: number }[]>`select count(*)::int as count from findings where ${filters()}`;
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map(({ created_us: _createdUs, ...row }) => row),
    next: rows.length > opts.limit && last ? { createdUs: last.created_us, id: last.id } : null,
    total: counted?.count ?? 0,
  };
}

/** What a tracker needs to file an issue for a finding. */
export type FindingForPush = Pick<FindingRow, 'id' | 'title' | 'description' | 'severity' | 'url' | 'category' | 'status'>;

/** Open findings of the project with no task (not even an intent) in this provider yet, oldest first. */
export async function listUnpushedFindings(sql: Db, key: ProjectKey, provider: string, limit: number): Promise<FindingForPush[]> {
  return sql<FindingForPush[]>`
    select f.id, f.title, f.description, f.severity, f.url, f.category, f.status
    from findings f
    where f.org_id = ${key.orgId} and f.project_id = ${key.projectId} and f.status = 'open'
      and not exists (select 1 from finding_tasks t where t.finding_id = f.id and t.provider = ${provider})
    order by f.created_at, f.id
    limit ${limit}
  `;
}
