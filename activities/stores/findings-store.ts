import type { Db } from '../../db/sql.js';
import type { StoreScope } from './index.js';

/**
 * What tracker adapters (github, gitlab, jira, linear) and Sentry read and write about findings and their external
 * tasks. Filled in with the findings work (db/findings.ts holds the SQL).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FindingsStore {}

export function createFindingsStore(_sql: Db, _scope: StoreScope): FindingsStore {
  return {};
}
