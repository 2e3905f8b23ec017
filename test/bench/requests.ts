import { randomInt } from 'node:crypto';
import type { Provider } from '../../db/providers.js';
import type { LoadRequest } from './load-types.js';
import { credentialsFor, type SeedIntegration, type SeedOrg } from './seed.js';

/**
 * Request lists, spread over the seeded orgs and projects and shuffled. The orgs are split three ways so measurements
 * do not step on each other: the sync-engine set (one connected GitHub integration each, never touched before that
 * measurement), the orgs the upsert ceiling and then the connect ceiling write to, and the rest, which the API measurements and the soak use.
 */
export interface RequestLists {
  list: LoadRequest[];
  connect: LoadRequest[];
  syncStart: LoadRequest[];
  ceilingConst: LoadRequest[];
  ceilingSelect: LoadRequest[];
  ceilingUpsert: LoadRequest[];
  /** The connect ceiling's: the upsert ceiling's integrations, on connect's own path. */
  ceilingConnect: LoadRequest[];
  /** The sync-engine measurement, one set per pair (disjoint): one sync request per integration, and the ids to watch. */
  syncEngine: { requests: LoadRequest[]; integrationIds: string[] }[];
  soak: LoadRequest[];
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const base = (org: SeedOrg, projectId: string) => `/api/v1/orgs/${org.orgId}/projects/${projectId}/audit/integrations`;

function connectRequest(org: SeedOrg, n: number, i: SeedIntegration, fakeGithubUrl: string): LoadRequest {
  return {
    method: 'POST',
    path: `${base(org, i.projectId)}/${i.provider}/connect`,
    token: org.token,
    body: JSON.stringify({ credentials: credentialsFor(i.provider, n, fakeGithubUrl) }),
  };
}

const syncRequest = (org: SeedOrg, i: SeedIntegration): LoadRequest => ({ method: 'POST', path: `${base(org, i.projectId)}/${i.provider}/sync`, token: org.token });
const isConnectedGithub = (i: SeedIntegration) => i.provider === ('github' satisfies Provider) && i.status === 'connected';

export function buildRequests(orgs: SeedOrg[], opts: { syncs: number; syncSets: number; fakeGithubUrl: string }): RequestLists {
  const indexed = orgs.map((org, n) => ({ org, n }));
  const needed = opts.syncs * opts.syncSets;
  const syncSet = indexed.filter(({ org }) => org.integrations.some(isConnectedGithub)).slice(0, needed);
  if (syncSet.length < needed) throw new Error(`only ${syncSet.length} orgs have a connected GitHub integration; need ${needed}`);
  const taken = new Set(syncSet.map(({ org }) => org.orgId));
  const rest = indexed.filter(({ org }) => !taken.has(org.orgId));
  const ceilingOrgs = rest.slice(0, Math.ceil(rest.length / 10));
  const general = rest.slice(ceilingOrgs.length);

  const list = shuffle(general.flatMap(({ org }) => org.projects.map((p): LoadRequest => ({ method: 'GET', path: base(org, p), token: org.token }))));
  const connect = shuffle(general.flatMap(({ org, n }) => org.integrations.map((i) => connectRequest(org, n, i, opts.fakeGithubUrl))));
  const syncStart = shuffle(general.flatMap(({ org }) => org.integrations.filter(isConnectedGithub).map((i) => syncRequest(org, i))));
  const anyToken = general[0]!.org.token;
  const ceilingSelect = shuffle(
    general.flatMap(({ org }) => org.integrations.map((i): LoadRequest => ({ method: 'GET', path: `/select/${i.id}`, token: org.token }))),
  );
  const ceilingUpsert = shuffle(
    ceilingOrgs.flatMap(({ org, n }) =>
      org.integrations.map((i): LoadRequest => ({ ...connectRequest(org, n, i, opts.fakeGithubUrl), path: `/upsert/${org.orgId}/${i.projectId}/${i.provider}` })),
    ),
  );
  const ceilingConnect = shuffle(ceilingOrgs.flatMap(({ org, n }) => org.integrations.map((i) => connectRequest(org, n, i, opts.fakeGithubUrl))));
  const syncTargets = syncSet.map(({ org }) => ({ org, integration: org.integrations.find(isConnectedGithub)! }));

  // A dashboard mostly polls: of every 20 requests 16 list, 3 connect, 1 sync.
  const soak: LoadRequest[] = [];
  for (let k = 0; k < Math.max(list.length, 20_000) / 16; k++) {
    for (let j = 0; j < 16; j++) soak.push(list[(k * 16 + j) % list.length]!);
    for (let j = 0; j < 3; j++) soak.push(connect[(k * 3 + j) % connect.length]!);
    soak.push(syncStart[k % syncStart.length]!);
  }

  return {
    list,
    connect,
    syncStart,
    ceilingConst: [{ method: 'GET', path: '/const', token: anyToken }],
    ceilingSelect,
    ceilingUpsert,
    ceilingConnect,
    syncEngine: Array.from({ length: opts.syncSets }, (_, k) => {
      const set = syncTargets.slice(k * opts.syncs, (k + 1) * opts.syncs);
      return { requests: set.map(({ org, integration }) => syncRequest(org, integration)), integrationIds: set.map((t) => t.integration.id) };
    }),
    soak,
  };
}
