import { randomUUID } from 'node:crypto';
import type { PendingQuery, Row } from 'postgres';
import { describe, expect } from 'vitest';
import { openApiDocument } from '../../api/openapi/document.js';
import { encodeCursor } from '../../api/routes/sync-runs.js';
import { HEALTH_STATES, listOrgIntegrations } from '../../db/integration-settings.js';
import { INTEGRATION_STATUSES, PROVIDERS } from '../../db/providers.js';
import { responseChecker } from '../deploy/openapi-check.js';
import { stackTest } from '../helpers/fixture.js';
import type { TestApi } from '../helpers/stack.js';

type Entry = Record<string, unknown> & { id: string; project_id: string; provider: string; status: string; health: { state: string } };
type Sql = TestApi['db']['sql'];
/** A condition on the org's rows, for the expected answer computed straight from the table. */
type Where = (sql: Sql) => PendingQuery<Row[]>;
type Envelope = { data: Entry[]; meta: { request_id: string; next_cursor: string | null }; error: { code: string; message: string } | null };

const orgId = randomUUID();
const otherOrg = randomUUID();
const test = stackTest({ worker: false, orgId });
const PROJECTS = Array.from({ length: 40 }, (_, i) => `site-${String(i).padStart(2, '0')}`);

/**
 * 250 integrations of `org` in the 40 projects (each project 6 or 7 providers), with statuses and health states spread
 * over every value, written in one statement.
 */
async function seed(api: TestApi, org: string, count: number) {
  const rows = Array.from({ length: count }, (_, i) => {
    const [project, provider] = [i % PROJECTS.length, Math.floor(i / PROJECTS.length)];
    return {
      org_id: org,
      project_id: PROJECTS[project]!,
      provider: PROVIDERS[provider]!,
      status: INTEGRATION_STATUSES[(project + provider) % 5 === 0 ? ((project + provider) % 3) + 1 : 0]!,
      health_state: HEALTH_STATES[(project + 2 * provider) % HEALTH_STATES.length]!,
    };
  });
  await api.db.sql`insert into audit_integrations ${api.db.sql(rows)}`;
}

describe('GET /api/v1/orgs/:org_id/integrations', () => {
  let api: TestApi;
  let token: string;
  const checker = responseChecker(openApiDocument() as never);
  const TEMPLATE = '/api/v1/orgs/{org_id}/integrations';

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
    await seed(api, orgId, 250);
    // Another org with the same project names: none of its rows may show up.
    await seed(api, otherOrg, 60);
  });

  async function list(query: string, opts: { key?: string; org?: string } = {}) {
    const res = await fetch(`${api.baseUrl}/api/v1/orgs/${opts.org ?? orgId}/integrations${query}`, { headers: { authorization: `Bearer ${opts.key ?? token}` } });
    const checked = await checker.check(res, 'GET', TEMPLATE);
    return { status: checked.status, json: checked.json as Envelope };
  }

  /** Every page of `filters`, `limit` at a time, following meta.next_cursor to the end. */
  async function pageAll(filters: string, limit: number): Promise<Entry[]> {
    const rows: Entry[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const res = await list(`?limit=${limit}${filters}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, JSON.stringify(res.json.error)).toBe(200);
      rows.push(...res.json.data);
      cursor = res.json.meta.next_cursor;
      // A full page before the last, and next_cursor null only on the last.
      if (cursor !== null) expect(res.json.data).toHaveLength(limit);
      else return rows;
    }
    throw new Error('no last page');
  }

  /** The org's ids matching `where` in (project_id, provider) order, as Postgres orders them. */
  const expected = async (where: Where) =>
    (await api.db.sql<{ id: string }[]>`select id from audit_integrations where org_id = ${orgId} ${where(api.db.sql)} order by project_id, provider`).map((r) => r.id);

  test('pages through all 250 integrations in 40 projects with no duplicate and no gap', async () => {
    const rows = await pageAll('', 7);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r.id)).size).toBe(250);
    expect(rows.map((r) => r.id)).toEqual(await expected((sql) => sql``));
    expect(new Set(rows.map((r) => r.project_id)).size).toBe(40);
    for (const r of rows) expect(r.org_id).toBe(orgId);
  });

  test.each([
    ['project_id', '&project_id=site-03,site-17,site-39', (sql: Sql) => sql`and project_id in ('site-03', 'site-17', 'site-39')`],
    ['provider', '&provider=github,jira', (sql: Sql) => sql`and provider in ('github', 'jira')`],
    ['status', '&status=error,syncing', (sql: Sql) => sql`and status in ('error', 'syncing')`],
    ['health', '&health=needs_reconnect', (sql: Sql) => sql`and health_state = 'needs_reconnect'`],
    ['all four', '&project_id=site-01,site-02,site-05,site-06&provider=ga4,gsc,sentry,github&status=connected,disconnected&health=ok,unknown,ok',
      (sql: Sql) => sql`and project_id in ('site-01', 'site-02', 'site-05', 'site-06') and provider in ('ga4', 'gsc', 'sentry', 'github') and status in ('connected', 'disconnected') and health_state in ('ok', 'unknown')`],
  ])('filters by %s across pages', async (_name, filters, where) => {
    const ids = await expected(where);
    expect(ids.length).toBeGreaterThan(3);
    const rows = await pageAll(filters, 3);
    expect(rows.map((r) => r.id)).toEqual(ids);
  });

  test('answers rows as the single GET shows them (but `realtime`, the single GET\'s own), 50 by default', async () => {
    const first = await list('');
    expect(first.json.data).toHaveLength(50);
    expect(first.json.meta.next_cursor).toEqual(expect.any(String));
    const row = first.json.data[0]!;
    const single = await fetch(`${api.baseUrl}/api/v1/orgs/${orgId}/projects/${row.project_id}/audit/integrations/${row.provider}`, { headers: { authorization: `Bearer ${token}` } });
    const { realtime, ...shown } = ((await single.json()) as { data: Record<string, unknown> }).data;
    expect(realtime).toEqual(expect.objectContaining({ state: expect.any(String) }));
    expect(row).toEqual(shown);
    const last = await list('?limit=100&project_id=site-00');
    expect(last.json.meta.next_cursor).toBeNull();
  });

  test.each([
    ['project_id=Site-01', 'project_id must be a comma-separated list'],
    ['project_id=site-01,', 'project_id must be a comma-separated list'],
    ['provider=github,myspace', 'provider must be a comma-separated list of ga4'],
    ['status=sleeping', 'status must be a comma-separated list of connected'],
    ['health=fine', 'health must be a comma-separated list of ok'],
    ['health=ok&health=degraded', 'health must be a comma-separated list'],
    ['limit=0', 'limit must be an integer from 1 to 100'],
    ['limit=101', 'limit must be an integer from 1 to 100'],
    ['cursor=garbage', 'cursor is invalid'],
  ])('?%s is 422 validation_failed naming the filter', async (query, message) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(422);
    expect(res.json.error?.code).toBe('validation_failed');
    expect(res.json.error?.message).toContain(message);
  });

  test("a cursor naming another org's integration is invalid, not a way in", async () => {
    const [foreign] = await api.db.sql<{ id: string }[]>`select id from audit_integrations where org_id = ${otherOrg} limit 1`;
    const res = await list(`?cursor=${encodeCursor(foreign!.id)}`);
    expect(res.status).toBe(422);
    expect(res.json.error?.message).toBe('cursor is invalid');
    // The last row's cursor of this org is valid and simply ends the list.
    const [last] = await api.db.sql<{ id: string }[]>`select id from audit_integrations where org_id = ${orgId} order by project_id desc, provider desc limit 1`;
    const end = await list(`?cursor=${encodeCursor(last!.id)}`);
    expect(end.status).toBe(200);
    expect(end.json).toMatchObject({ data: [], meta: { next_cursor: null } });
  });

  test("another org's key is 403; a read-only key of the org may list", async () => {
    const stranger = await api.createKey(otherOrg);
    const res = await list('', { key: stranger });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe('forbidden');
    expect((await list('', { key: await api.createKey(orgId, ['audit:read']) })).status).toBe(200);
    expect((await list('', { key: await api.createKey(orgId, ['audit:write']) })).status).toBe(403);
  });

  test("reads the org's range of one index per page: no sequential scan, no sort of the org, no other org", async () => {
    // Enough other orgs' rows that a plan reading them would show.
    await api.db.sql`
      insert into audit_integrations (org_id, project_id, provider, status)
      select gen_random_uuid(), 'bulk-' || g, 'github', 'connected' from generate_series(1, 20000) g
    `;
    await api.db.sql`analyze audit_integrations`;
    const [after] = await api.db.sql<{ id: string }[]>`select id from audit_integrations where org_id = ${orgId} order by project_id, provider offset 100 limit 1`;
    const queries = {
      first: listOrgIntegrations(api.db.sql, { orgId, limit: 51 }),
      cursor: listOrgIntegrations(api.db.sql, { orgId, limit: 51, afterId: after!.id }),
      filtered: listOrgIntegrations(api.db.sql, { orgId, limit: 51, afterId: after!.id, statuses: ['error'], healths: ['degraded', 'ok'], providers: ['github'], projectIds: ['site-01'] }),
    };
    for (const [name, query] of Object.entries(queries)) {
      const [row] = await api.db.sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>`explain (format json) ${query}`;
      const nodes = flatten(row!['QUERY PLAN'][0].Plan);
      expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan'), name).toEqual([]);
      // The keyset walk streams the index in page order; only lists of projects or providers (one index range per
      // value) sort what those ranges matched — still this org's rows only.
      if (name !== 'filtered') expect(nodes.filter((n) => n['Node Type'] === 'Sort'), name).toEqual([]);
      const scan = nodes.find((n) => n['Index Name'] === 'audit_integrations_org_id_project_id_provider_key');
      expect(scan, name).toBeDefined();
      expect(scan!['Index Cond'], name).toContain('org_id =');
      if (name !== 'first') expect(scan!['Index Cond'], name).toMatch(/ROW\(i?\.?project_id, i?\.?provider\) >/);
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}
function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
