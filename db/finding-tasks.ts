import type { FindingForPush, FindingStatus } from './findings.js';
import type { Db } from './sql.js';

export type TaskState = 'open' | 'closed';

export interface FindingTaskRow {
  id: string;
  finding_id: string;
  integration_id: string;
  provider: string;
  external_id: string | null;
  url: string | null;
  state: TaskState;
  synced_at: Date | null;
  created_at: Date;
}

export interface TaskOwner {
  integrationId: string;
  provider: string;
}

const COLUMNS = ['id', 'finding_id', 'integration_id', 'provider', 'external_id', 'url', 'state', 'synced_at', 'created_at'] as const;

/** The external issues of these findings. Intents (external_id null) are internal bookkeeping and left out. */
export async function listTasksForFindings(sql: Db, findingIds: readonly string[]): Promise<FindingTaskRow[]> {
  if (findingIds.length === 0) return [];
  return sql<FindingTaskRow[]>`
    select ${sql(COLUMNS)} from finding_tasks
    where finding_id in ${sql(findingIds)} and external_id is not null
    order by provider, created_at
  `;
}

/**
 * Records the intent to create a remote issue, before the call. Undefined when the finding already has a task in this
 * provider (a concurrent attempt got there first).
 */
export async function insertTaskIntent(sql: Db, owner: TaskOwner, findingId: string): Promise<FindingTaskRow | undefined> {
  const [row] = await sql<FindingTaskRow[]>`
    insert into finding_tasks (finding_id, integration_id, provider)
    values (${findingId}, ${owner.integrationId}, ${owner.provider})
    on conflict (finding_id, provider) do nothing
    returning ${sql(COLUMNS)}
  `;
  return row;
}

export type TaskIntent = FindingForPush & { task_id: string; intent_at: Date };

/** Intents an earlier attempt left behind: the remote issue may or may not exist. */
export async function listTaskIntents(sql: Db, owner: TaskOwner): Promise<TaskIntent[]> {
  return sql<TaskIntent[]>`
    select t.id as task_id, t.created_at as intent_at,
           f.id, f.title, f.description, f.severity, f.url, f.category, f.status
    from finding_tasks t join findings f on f.id = t.finding_id
    where t.integration_id = ${owner.integrationId} and t.provider = ${owner.provider} and t.external_id is null
    order by t.created_at, t.id
  `;
}

export async function recordTaskCreated(sql: Db, taskId: string, remote: { externalId: string; url: string | null; state: TaskState }): Promise<void> {
  await sql`
    update finding_tasks
    set external_id = ${remote.externalId}, url = ${remote.url}, state = ${remote.state}, synced_at = now()
    where id = ${taskId} and external_id is null
  `;
}

/** Drops an intent that turned out to need no issue (its finding was resolved before anything was created). */
export async function deleteTaskIntent(sql: Db, taskId: string): Promise<void> {
  await sql`delete from finding_tasks where id = ${taskId} and external_id is null`;
}

export interface LinkedTask {
  task_id: string;
  finding_id: string;
  external_id: string;
  state: TaskState;
  finding_status: FindingStatus;
}

/**
 * Linked tasks that can still change: everything except "closed there, resolved here", which is settled. Least
 * recently synced first, so a sync cut short leaves the others for next time.
 */
export async function listLinkedTasks(sql: Db, owner: TaskOwner): Promise<LinkedTask[]> {
  return sql<LinkedTask[]>`
    select t.id as task_id, t.finding_id, t.external_id, t.state, f.status as finding_status
    from finding_tasks t join findings f on f.id = t.finding_id
    where t.integration_id = ${owner.integrationId} and t.provider = ${owner.provider} and t.external_id is not null
      and not (t.state = 'closed' and f.status = 'resolved')
    order by t.synced_at nulls first, t.id
  `;
}

export async function setTaskState(sql: Db, taskId: string, state: TaskState): Promise<void> {
  await sql`update finding_tasks set state = ${state}, synced_at = now() where id = ${taskId}`;
}

/** The issue was closed remotely: close the task and resolve its finding in one statement. True if the finding changed. */
export async function closeTaskAndResolveFinding(sql: Db, taskId: string): Promise<boolean> {
  const rows = await sql`
    with task as (
      update finding_tasks set state = 'closed', synced_at = now() where id = ${taskId} returning finding_id
    )
    update findings set status = 'resolved', updated_at = now()
    from task
    where findings.id = task.finding_id and findings.status = 'open'
    returning findings.id
  `;
  return rows.length > 0;
}

/**
 * A full resync forgets this integration's links of open findings: each becomes an intent again (external_id null)
 * dated from its finding's creation, and every open finding of the project without a task here gets such an intent,
 * so the next reconcile step looks each one up by its marker in the issues created since then and re-links the issue
 * it finds, creating one only where none exists. One statement: a crash leaves either the old links or all intents,
 * and intents are exactly what a retried attempt reconciles. Tasks of resolved findings keep their links (nothing is
 * created for them; the pull step still closes their issues). `relinked`: the findings that had an issue linked.
 */
export async function resetTasksForRematch(sql: Db, owner: TaskOwner, project: { orgId: string; projectId: string }): Promise<{ relinked: string[]; added: number }> {
  const [row] = await sql<{ relinked: string[]; added: number }[]>`
    with reset as (
      update finding_tasks t
      set external_id = null, url = null, state = 'open', synced_at = null, created_at = f.created_at
      from findings f, finding_tasks old
      where old.id = t.id and f.id = t.finding_id and f.status = 'open'
        and t.integration_id = ${owner.integrationId} and t.provider = ${owner.provider}
      returning t.finding_id, old.external_id as previous
    ), added as (
      insert into finding_tasks (finding_id, integration_id, provider, created_at)
      select f.id, ${owner.integrationId}, ${owner.provider}, f.created_at
      from findings f
      where f.org_id = ${project.orgId} and f.project_id = ${project.projectId} and f.status = 'open'
        and not exists (select 1 from finding_tasks t where t.finding_id = f.id and t.provider = ${owner.provider})
      on conflict (finding_id, provider) do nothing
      returning id
    )
    select coalesce((select array_agg(finding_id::text) from reset where previous is not null), '{}'::text[]) as relinked,
           (select count(*) from added)::int as added
  `;
  return row!;
}
