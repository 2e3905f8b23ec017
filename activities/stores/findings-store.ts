import {
  closeTaskAndResolveFinding,
  deleteTaskIntent,
  insertTaskIntent,
  listLinkedTasks,
  listTaskIntents,
  recordTaskCreated,
  resetTasksForRematch,
  setTaskState,
  type LinkedTask,
  type TaskIntent,
  type TaskState,
} from '../../db/finding-tasks.js';
import { listUnpushedFindings, type FindingForPush } from '../../db/findings.js';
import type { Db } from '../../db/sql.js';
import type { StoreScope } from './index.js';

export type { FindingForPush, LinkedTask, TaskIntent, TaskState };

/** A remote issue as a tracker reports it. */
export interface RemoteTask {
  externalId: string;
  url: string | null;
  state: TaskState;
}

/**
 * What tracker adapters (github, gitlab, jira, linear) read and write about findings and their external tasks, always
 * for the scope's project and the scope's integration/provider only.
 */
export interface FindingsStore {
  /** Intents (task rows without external_id) an earlier attempt left behind. */
  listIntents(): Promise<TaskIntent[]>;
  /** Open findings with no task in this provider yet, oldest first. */
  listUnpushed(limit: number): Promise<FindingForPush[]>;
  /** Records the intent to create an issue for a finding; undefined if it already has a task here. */
  recordIntent(findingId: string): Promise<{ taskId: string } | undefined>;
  recordCreated(taskId: string, remote: RemoteTask): Promise<void>;
  dropIntent(taskId: string): Promise<void>;
  /** Linked tasks whose state may still differ on either side. */
  listLinked(): Promise<LinkedTask[]>;
  setTaskState(taskId: string, state: TaskState): Promise<void>;
  /** Closed remotely: close the task and resolve the finding. True if the finding was open. */
  resolveFromRemote(taskId: string): Promise<boolean>;
  /**
   * Full resync: every open finding's link becomes an intent again, to be re-matched by its marker. Returns the
   * findings that had an issue linked (finding them again is no push).
   */
  forgetLinks(): Promise<{ relinked: string[]; added: number }>;
}

export function createFindingsStore(sql: Db, scope: StoreScope): FindingsStore {
  const owner = { integrationId: scope.integrationId, provider: scope.key.provider };
  const project = { orgId: scope.key.orgId, projectId: scope.key.projectId };
  return {
    listIntents: () => listTaskIntents(sql, owner),
    listUnpushed: (limit) => listUnpushedFindings(sql, project, owner.provider, limit),
    async recordIntent(findingId) {
      const row = await insertTaskIntent(sql, owner, findingId);
      return row ? { taskId: row.id } : undefined;
    },
    recordCreated: (taskId, remote) => recordTaskCreated(sql, taskId, remote),
    dropIntent: (taskId) => deleteTaskIntent(sql, taskId),
    listLinked: () => listLinkedTasks(sql, owner),
    setTaskState: (taskId, state) => setTaskState(sql, taskId, state),
    resolveFromRemote: (taskId) => closeTaskAndResolveFinding(sql, taskId),
    forgetLinks: () => resetTasksForRematch(sql, owner, project),
  };
}
