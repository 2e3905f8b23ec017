import type { IntegrationStatus, Provider } from './providers.js';
import type { Db } from './sql.js';

export interface StuckIntegrationRow {
  id: string;
  org_id: string;
  project_id: string;
  provider: Provider;
  status: IntegrationStatus;
  updated_at: Date;
  last_sync_at: Date | null;
  last_run_id: string | null;
  last_run_started_at: Date | null;
  last_error_code: string | null;
  last_error_message: string | null;
}

/**
 * Operator view across every org: rows in `error`, and rows `syncing` for longer than `olderThanMs` (a sync that should
 * have finished, or whose workflow is gone). Each with its latest run, whose error says why. Oldest first.
 */
export async function listStuckIntegrations(sql: Db, opts: { olderThanMs: number; limit: number }): Promise<StuckIntegrationRow[]> {
  return sql<StuckIntegrationRow[]>`
    select i.id, i.org_id, i.project_id, i.provider, i.status, i.updated_at, i.last_sync_at,
           r.id as last_run_id, r.started_at as last_run_started_at,
           r.error_code as last_error_code, r.error_message as last_error_message
    from audit_integrations i
    left join lateral (
      select id, started_at, error_code, error_message from sync_runs
      where integration_id = i.id
      order by started_at desc, id desc
      limit 1
    ) r on true
    where i.status = 'error'
       or (i.status = 'syncing' and i.updated_at < now() - make_interval(secs => ${opts.olderThanMs / 1000}))
    order by i.updated_at, i.id
    limit ${opts.limit}
  `;
}
