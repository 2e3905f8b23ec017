import type { EventsClient } from './events.js';
import type { OrgResolver } from './org.js';
import { DEFAULT_PAGE_SIZE, pagedList, type PagedList } from './paging.js';
import { startSyncAndWait, type SyncWaitOptions } from './sync-wait.js';
import type { Transport } from './transport.js';
import type {
  Credentials,
  HealthState,
  Integration,
  IntegrationDetail,
  IntegrationListEntry,
  IntegrationPlaceholderDetail,
  IntegrationStatus,
  IntegrationView,
  OAuthFields,
  OAuthStart,
  OrgOption,
  PageOption,
  Provider,
  SettingsPatch,
  SyncRun,
  VerifyResult,
} from './types.js';

const PROJECT = '/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations';
const ONE = `${PROJECT}/{provider}` as const;

export interface SyncOptions extends OrgOption, SyncWaitOptions {
  /**
   * Wait for the outcome: resolve with the final row, reject with the run's code and message (or `timeout`). Follows
   * the project's live events where the server has them, else polls the single GET.
   */
  wait?: boolean;
}

type OneOrMany<T> = T | readonly T[];

/** The org-wide list's filters (each one value or a list); `project_id` as the API names it. */
export interface OrgListFilters extends OrgOption, PageOption {
  project_id?: OneOrMany<string>;
  provider?: OneOrMany<Provider>;
  status?: OneOrMany<IntegrationStatus>;
  health?: OneOrMany<HealthState>;
}

export interface OrgListMeta {
  request_id: string;
  next_cursor: string | null;
}

export interface IntegrationsClient {
  /** Every provider of the project: its row, or a placeholder (`id` null) where it was never connected. */
  list(project: string, opts?: OrgOption): Promise<IntegrationListEntry[]>;
  /** One provider with its settings, next periodic sync, credential health and inbound webhook (`realtime`). */
  get(project: string, provider: Provider, opts?: OrgOption): Promise<IntegrationView | IntegrationPlaceholderDetail>;
  /** Stores the credentials (encrypted; never answered back). A first sync starts by itself about a second later. */
  connect(project: string, provider: Provider, credentials: Credentials, opts?: OrgOption): Promise<Integration>;
  /** Checks credentials without storing them: the schema per key, then one read at the provider. */
  verify(project: string, provider: Provider, credentials: Credentials, opts?: OrgOption): Promise<VerifyResult>;
  /** Starts a sync and answers the row `syncing`; with `{wait: true}`, the row once the sync has finished. */
  sync(project: string, provider: Provider, opts: SyncOptions & { wait: true }): Promise<IntegrationDetail>;
  sync(project: string, provider: Provider, opts?: SyncOptions): Promise<Integration | IntegrationDetail>;
  /** Cancels a running sync, stops periodic ones and wipes the credentials; answers the disconnected row. */
  disconnect(project: string, provider: Provider, opts?: OrgOption): Promise<Integration>;
  settings(project: string, provider: Provider, patch: SettingsPatch, opts?: OrgOption): Promise<IntegrationView>;
  /** Sentry only: the client secret of the Sentry internal integration that signs its webhooks (`realtime.url`). */
  setRealtimeSecret(project: string, provider: 'sentry', secret: string, opts?: OrgOption): Promise<IntegrationView>;
  /** A full resync (tracker links forgotten and matched again); answers like `sync`. */
  resync(project: string, provider: Provider, opts?: OrgOption): Promise<Integration>;
  /**
   * "Connect with …": the provider's authorize URL for the app's non-secret `fields` (the catalog's `oauth.fields`,
   * e.g. GitHub `repository`; another key is a 422); send the browser there.
   */
  oauthStart(project: string, provider: Provider, fields?: OAuthFields | Record<string, string>, opts?: OrgOption): Promise<OAuthStart>;
  /** Every integration of the org across projects, filtered, in (project_id, provider) order. */
  listOrg(filters?: OrgListFilters): PagedList<IntegrationDetail, OrgListMeta>;
}

/** The API's comma lists; an absent filter stays absent. */
function commaLists(filters: Record<string, OneOrMany<string> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) out[name] = typeof value === 'string' ? value : value.join(',');
  return out;
}

export function integrationsClient(
  t: Transport,
  orgOf: OrgResolver,
  latestRun: (project: string, provider: Provider, opts?: OrgOption) => Promise<SyncRun | undefined>,
  events: EventsClient,
): IntegrationsClient {
  const one = async (project: string, provider: Provider, opts?: OrgOption) => ({ path: { org_id: await orgOf(opts), project_id: project, provider } });
  const get = async (project: string, provider: Provider, opts?: OrgOption) => (await t.get(ONE, { params: await one(project, provider, opts) })).data;

  async function sync(project: string, provider: Provider, opts: SyncOptions = {}): Promise<Integration | IntegrationDetail> {
    const start = async () => (await t.post(`${ONE}/sync`, { params: await one(project, provider, opts) })).data;
    if (!opts.wait) return start();
    const org = opts.org === undefined ? {} : { org: opts.org };
    return startSyncAndWait(
      {
        start,
        read: () => get(project, provider, opts),
        latestRun: () => latestRun(project, provider, opts),
        events: (o) => events.stream(project, { ...org, ...o }),
      },
      opts,
    );
  }

  return {
    async list(project, opts) {
      return (await t.get(PROJECT, { params: { path: { org_id: await orgOf(opts), project_id: project } } })).data;
    },
    get,
    async connect(project, provider, credentials, opts) {
      return (await t.post(`${ONE}/connect`, { params: await one(project, provider, opts), body: { credentials } })).data;
    },
    async verify(project, provider, credentials, opts) {
      return (await t.post(`${ONE}/verify`, { params: await one(project, provider, opts), body: { credentials } })).data;
    },
    sync: sync as IntegrationsClient['sync'],
    async disconnect(project, provider, opts) {
      return (await t.post(`${ONE}/disconnect`, { params: await one(project, provider, opts) })).data;
    },
    async settings(project, provider, patch, opts) {
      return (await t.patch(`${ONE}/settings`, { params: await one(project, provider, opts), body: patch })).data;
    },
    async setRealtimeSecret(project, provider, secret, opts) {
      return (await t.put(`${ONE}/realtime`, { params: { path: { org_id: await orgOf(opts), project_id: project, provider } }, body: { secret } })).data;
    },
    async resync(project, provider, opts) {
      return (await t.post(`${ONE}/resync`, { params: await one(project, provider, opts) })).data;
    },
    async oauthStart(project, provider, fields, opts) {
      // A form's values as they are: the server names any key this provider's app does not take.
      const body = fields === undefined ? {} : { credentials: fields as OAuthFields };
      return (await t.post(`${ONE}/oauth/start`, { params: await one(project, provider, opts), body })).data;
    },
    listOrg(filters = {}) {
      const { org, pageSize, project_id, provider, status, health } = filters;
      return pagedList(async (cursor) => {
        const query = { limit: pageSize ?? DEFAULT_PAGE_SIZE, ...(cursor ? { cursor } : {}), ...commaLists({ project_id, provider, status, health }) };
        return t.get('/api/v1/orgs/{org_id}/integrations', { params: { path: { org_id: await orgOf(org === undefined ? {} : { org }) }, query } });
      });
    },
  };
}
