import type { OrgResolver } from './org.js';
import { DEFAULT_PAGE_SIZE, pagedList, type PagedList } from './paging.js';
import type { Transport } from './transport.js';
import type { Finding, FindingStatus, OrgOption, PageOption, Provider, Severity, SyncRun } from './types.js';
import type { paths } from './openapi.js';

const FINDINGS = '/api/v1/orgs/{org_id}/projects/{project_id}/audit/findings';
const SYNCS = '/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations/{provider}/syncs';

export type FindingCreate = NonNullable<paths[typeof FINDINGS]['post']['requestBody']>['content']['application/json'];

export interface FindingFilters extends OrgOption, PageOption {
  severity?: Severity;
  /** Without it, open and resolved findings alike. */
  status?: FindingStatus;
  /** Only findings updated at or after this instant (inclusive): pass the time of your last run to mirror changes. */
  updatedSince?: string | Date;
}

export interface FindingsMeta {
  request_id: string;
  /** How many findings match the filters, on every page. */
  total: number;
  next_cursor: string | null;
}

export interface FindingsClient {
  /** Newest first, every page: `for await (const f of client.findings.list(project))`. */
  list(project: string, filters?: FindingFilters): PagedList<Finding, FindingsMeta>;
  create(project: string, finding: FindingCreate, opts?: OrgOption): Promise<Finding>;
  /** Resolve or reopen. */
  setStatus(project: string, id: string, status: FindingStatus, opts?: OrgOption): Promise<Finding>;
}

export function findingsClient(t: Transport, orgOf: OrgResolver): FindingsClient {
  return {
    list(project, filters = {}) {
      const { org, pageSize, severity, status, updatedSince } = filters;
      return pagedList(async (cursor) => {
        const query = {
          limit: pageSize ?? DEFAULT_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
          ...(severity ? { severity } : {}),
          ...(status ? { status } : {}),
          ...(updatedSince === undefined ? {} : { updated_since: typeof updatedSince === 'string' ? updatedSince : updatedSince.toISOString() }),
        };
        const path = { org_id: await orgOf(org === undefined ? {} : { org }), project_id: project };
        return t.get(FINDINGS, { params: { path, query } });
      });
    },
    async create(project, finding, opts) {
      return (await t.post(FINDINGS, { params: { path: { org_id: await orgOf(opts), project_id: project } }, body: finding })).data;
    },
    async setStatus(project, id, status, opts) {
      const path = { org_id: await orgOf(opts), project_id: project, id };
      return (await t.patch(`${FINDINGS}/{id}`, { params: { path }, body: { status } })).data;
    },
  };
}

export interface SyncRunsMeta {
  request_id: string;
  next_cursor: string | null;
  /** When the integration's next periodic sync is due; null when disconnected or never connected. */
  next_sync_at: string | null;
}

export interface SyncRunsClient {
  /** One provider's runs, newest first, every page. */
  list(project: string, provider: Provider, opts?: OrgOption & PageOption): PagedList<SyncRun, SyncRunsMeta>;
  /** Without a provider: the runs of every provider the project has a row for, one provider after the other. */
  list(project: string, provider?: Provider, opts?: OrgOption & PageOption): AsyncIterable<SyncRun>;
}

export function syncRunsClient(t: Transport, orgOf: OrgResolver): SyncRunsClient {
  const ofProvider = (project: string, provider: Provider, opts: OrgOption & PageOption = {}) =>
    pagedList(async (cursor) => {
      const path = { org_id: await orgOf(opts), project_id: project, provider };
      return t.get(SYNCS, { params: { path, query: { limit: opts.pageSize ?? DEFAULT_PAGE_SIZE, ...(cursor ? { cursor } : {}) } } });
    });
  async function* everyProvider(project: string, opts: OrgOption & PageOption = {}): AsyncGenerator<SyncRun> {
    const rows = (await t.get('/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations', { params: { path: { org_id: await orgOf(opts), project_id: project } } })).data;
    for (const row of rows) if (row.id !== null) yield* ofProvider(project, row.provider, opts);
  }
  return {
    list: ((project: string, provider?: Provider, opts?: OrgOption & PageOption) => (provider === undefined ? everyProvider(project, opts) : ofProvider(project, provider, opts))) as SyncRunsClient['list'],
  };
}
