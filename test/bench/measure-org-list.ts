import type postgres from 'postgres';
import { createApiKey } from '../../db/api-keys.js';
import { listOrgIntegrations } from '../../db/integration-settings.js';
import { migrate } from '../../db/migrate.js';
import { PROVIDERS } from '../../db/providers.js';
import { createSql } from '../../db/sql.js';
import { freePort } from '../../worker/dev-services.js';
import type { LoadRequest } from './load-types.js';
import { planStats, type ExplainRow, type PlanStats } from './plan.js';
import { cpuMeter, runLoad, startRole, waitHttpOk } from './stack.js';

/**
 * Issue 26's org-wide list (`GET /api/v1/orgs/:org_id/integrations`) at scale, on its own database and API process:
 * one org with `integrations` integrations (1,250 projects × 8 providers at 10,000; one in fifty disconnected) among
 * 40,000 rows of 10,000 other orgs, all seeded by insert … select generate_series. The harness first pages through the
 * whole org (limit 50) and checks it sees every row once; then it loads, at each concurrency, the first page and the
 * cursor pages (every cursor of that walk, in turn), each page with limit 50.
 */
export interface OrgListRun {
  c: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Cores the API process used meanwhile (warm-up included). */
  apiCores: number;
}

export interface OrgListStats {
  integrations: number;
  otherRows: number;
  pageSize: number;
  pages: number;
  seedSeconds: number;
  firstPage: OrgListRun[];
  cursorPage: OrgListRun[];
  /** The route's own statement (limit 51: a page and one more) under EXPLAIN (ANALYZE, BUFFERS): first page, a page mid-org. */
  explain: { first: PlanStats; cursor: PlanStats };
}

export interface OrgListDeps {
  admin: postgres.Sql;
  adminUrl: string;
  dbName: string;
  /** The environment run.ts starts its API with, minus the database, port and metrics port. */
  apiEnv: Record<string, string>;
  concurrencies: number[];
  warmupSec: number;
  measureSec: number;
  quick: boolean;
  log: (msg: string) => void;
}

export const ORG_LIST_PAGE = 50;

export async function measureOrgList(deps: OrgListDeps): Promise<OrgListStats> {
  const { admin, log } = deps;
  const integrations = Number(process.env.BENCH_ORG_LIST_INTEGRATIONS ?? (deps.quick ? 2000 : 10_000));
  const otherRows = deps.quick ? 8000 : 40_000;
  const dbName = `${deps.dbName}_orglist`;
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(deps.adminUrl);
  url.pathname = `/${dbName}`;
  const sql = createSql({ databaseUrl: url.toString(), max: 2 });
  let stopApi: (() => Promise<void>) | undefined;
  try {
    await migrate(sql);
    const orgId = '26262626-2626-4626-8626-262626262626';
    log(`org_list: seeding ${integrations} integrations in one org and ${otherRows} in 10,000 others`);
    const seedStart = Date.now();
    const providers = [...PROVIDERS];
    await sql`
      insert into audit_integrations (org_id, project_id, provider, status, credentials, last_sync_at, health_state, health_checked_at)
      select ${orgId}::uuid, 'project-' || lpad((i / ${providers.length})::text, 5, '0'), (${providers}::text[])[i % ${providers.length} + 1],
        case when i % 50 = 0 then 'disconnected' else 'connected' end,
        case when i % 50 = 0 then null else 'v1.default.never-read-by-the-list' end,
        now() - random() * interval '1 day', 'ok', now() - random() * interval '1 day'
      from generate_series(0, ${integrations - 1}) as i
    `;
    await sql`
      insert into audit_integrations (org_id, project_id, provider, status, credentials, last_sync_at)
      select md5('other-' || (i % 10000))::uuid, 'p' || (i / 10000), (${providers}::text[])[i % ${providers.length} + 1], 'connected', 'v1.default.x', now()
      from generate_series(0, ${otherRows - 1}) as i
    `;
    await sql`analyze`;
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const { token } = await createApiKey(sql, { orgId, scopes: ['audit:read'] });

    const port = await freePort();
    const api = await startRole('orglist-api', 'api/main.ts', [], { ...deps.apiEnv, DATABASE_URL: url.toString(), PORT: String(port), METRICS_PORT: String(await freePort()) });
    stopApi = () => api.stop();
    const apiUrl = `http://127.0.0.1:${port}`;
    await waitHttpOk(`${apiUrl}/readyz`, 120_000, api);

    // Walk the whole org once: every row once, in order, and the cursors for the load.
    const first = `/api/v1/orgs/${orgId}/integrations?limit=${ORG_LIST_PAGE}`;
    const cursors: string[] = [];
    const seen = new Set<string>();
    for (let cursor: string | null = null; ; ) {
      const path: string = cursor === null ? first : `${first}&cursor=${encodeURIComponent(cursor)}`;
      const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`org list answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { data: { id: string }[]; meta: { next_cursor: string | null } };
      for (const row of body.data) seen.add(row.id);
      if (body.meta.next_cursor === null) break;
      cursors.push(body.meta.next_cursor);
      cursor = body.meta.next_cursor;
    }
    if (seen.size !== integrations) throw new Error(`paging the org list returned ${seen.size} of ${integrations} integrations`);
    const pages = cursors.length + 1;

    const [mid] = await sql<{ id: string }[]>`select id from audit_integrations where org_id = ${orgId} order by project_id, provider offset ${Math.floor(integrations / 2)} limit 1`;
    const explain = async (afterId?: string) =>
      planStats((await sql<ExplainRow[]>`explain (analyze, buffers, format json) ${listOrgIntegrations(sql, { orgId, limit: ORG_LIST_PAGE + 1, afterId })}`)[0]);
    const plans = { first: await explain(), cursor: await explain(mid!.id) };
    log(`org_list: EXPLAIN first page ${plans.first.executionMs.toFixed(2)} ms, ${plans.first.rowsExamined} rows examined, ${plans.first.sharedBuffers} buffers; mid-org cursor page ${plans.cursor.executionMs.toFixed(2)} ms, ${plans.cursor.rowsExamined} rows examined, ${plans.cursor.sharedBuffers} buffers`);

    const measure = async (name: string, requests: LoadRequest[]) => {
      const runs: OrgListRun[] = [];
      for (const c of deps.concurrencies) {
        const stop = cpuMeter({ api: api.child.pid });
        const r = await runLoad({ mode: 'duration', url: apiUrl, connections: c, warmupSec: deps.warmupSec, durationSec: deps.measureSec, requests });
        const cpu = await stop();
        runs.push({ c, rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, non2xx: r.non2xx, errors: r.errors, apiCores: cpu.api ?? 0 });
        log(`org_list ${name} c=${c}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms; API ${cpu.api?.toFixed(2)} cores${r.non2xx + r.errors > 0 ? ` — ${r.non2xx} non-2xx, ${r.errors} errors` : ''}`);
      }
      return runs;
    };
    const firstPage = await measure('first page', [{ method: 'GET', path: first, token }]);
    const cursorPage = await measure(
      'cursor pages',
      cursors.map((cursor): LoadRequest => ({ method: 'GET', path: `${first}&cursor=${encodeURIComponent(cursor)}`, token })),
    );
    return { integrations, otherRows, pageSize: ORG_LIST_PAGE, pages, seedSeconds, firstPage, cursorPage, explain: plans };
  } finally {
    await stopApi?.();
    await sql.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  }
}
