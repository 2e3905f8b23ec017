import { json, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from './fake-server.js';

export interface CloudflareDay {
  date: string;
  requests: number;
  cachedRequests: number;
  threats: number;
  bytes: number;
}

export interface FakeCloudflare extends FakeServer {
  /** zone id → daily rollups */
  zones: Map<string, CloudflareDay[]>;
  /** API tokens and the zones each may read. */
  tokens: Map<string, Set<string>>;
  graphqlRequests(): RecordedRequest[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Cloudflare's GraphQL Analytics API as documented: `POST /client/v4/graphql` with a Bearer API token, `{query,
 * variables}`; `viewer.zones(filter: {zoneTag}).httpRequests1dGroups(limit, orderBy, filter: {date_geq, date_leq})`.
 * An unknown token gets HTTP 401; a token without access to the zone gets a 200 whose `errors` carry `authz`, as
 * GraphQL servers answer.
 */
export async function startFakeCloudflare(): Promise<FakeCloudflare> {
  const zones = new Map<string, CloudflareDay[]>();
  const tokens = new Map<string, Set<string>>();

  const handler = (req: RecordedRequest, violation: (m: string) => FakeReply): FakeReply => {
    // Zone details (GET /client/v4/zones/{zone_id}): what credential verify reads.
    const zonePath = /^\/client\/v4\/zones\/([^/]+)$/.exec(req.path);
    if (zonePath) {
      if (req.method !== 'GET') return violation(`zone details called with ${req.method}`);
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith('Bearer ')) return violation('no Bearer authorization header');
      const allowed = tokens.get(auth.slice(7));
      if (!allowed) return json(401, { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null });
      const zoneId = zonePath[1]!;
      if (!allowed.has(zoneId)) return json(zones.has(zoneId) ? 403 : 404, { success: false, errors: [{ code: 7003, message: 'Could not route to /zones, perhaps your object identifier is invalid?' }], messages: [], result: null });
      return json(200, { success: true, errors: [], messages: [], result: { id: zoneId, name: 'example.com', status: 'active' } });
    }
    if (req.path !== '/client/v4/graphql') return json(404, { success: false, errors: [{ code: 7000, message: 'No route for that URI' }], messages: [], result: null });
    if (req.method !== 'POST') return violation(`graphql called with ${req.method}`);
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ')) return violation('no Bearer authorization header');
    const allowed = tokens.get(auth.slice(7));
    if (!allowed) return json(401, { data: null, errors: [{ message: 'Unauthorized', path: null, extensions: { timestamp: new Date().toISOString() } }] });
    const body = req.body as { query?: unknown; variables?: Record<string, unknown> } | undefined;
    if (!body || typeof body.query !== 'string' || !body.variables) return violation('body is not {query, variables}');
    const q = body.query.replace(/\s+/g, ' ');
    for (const part of ['zones(filter: { zoneTag: $zoneTag })', 'orderBy: [date_ASC]', 'filter: { date_geq: $since, date_leq: $until }', 'dimensions { date }', 'sum { requests cachedRequests threats bytes }']) {
      if (!q.includes(part)) return violation(`query lacks ${part}`);
    }
    const limit = Number(/httpRequests1dGroups\(limit: (\d+)/.exec(q)?.[1]);
    const { zoneTag, since, until } = body.variables;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return violation('limit missing or out of range');
    if (typeof zoneTag !== 'string' || typeof since !== 'string' || typeof until !== 'string' || !DATE.test(since) || !DATE.test(until)) {
      return violation('variables are not {zoneTag, since, until}');
    }
    if (!allowed.has(zoneTag)) {
      return json(200, { data: null, errors: [{ message: `zones '${zoneTag}' are not authorized`, path: ['viewer', 'zones', '0'], extensions: { code: 'authz', timestamp: new Date().toISOString() } }] });
    }
    const days = zones.get(zoneTag);
    if (!days) return json(200, { data: { viewer: { zones: [] } }, errors: null });
    const groups = days
      .filter((d) => d.date >= since && d.date <= until)
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .slice(0, limit)
      .map((d) => ({ dimensions: { date: d.date }, sum: { requests: d.requests, cachedRequests: d.cachedRequests, threats: d.threats, bytes: d.bytes } }));
    return json(200, { data: { viewer: { zones: [{ httpRequests1dGroups: groups }] } }, errors: null });
  };

  const server = await startFakeServer(handler);
  return { ...server, zones, tokens, graphqlRequests: () => server.requests.filter((r) => r.path === '/client/v4/graphql') };
}

/** One rollup per day for the `count` days before `today` (UTC), oldest first, values derived from `seed`. */
export function dailyRollups(today: Date, count: number, seed = 1): CloudflareDay[] {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(midnight - (count - i) * 86_400_000).toISOString().slice(0, 10);
    return { date, requests: 1000 * seed + i, cachedRequests: 600 * seed + i, threats: i % 3, bytes: 5_000_000 * seed + i };
  });
}
