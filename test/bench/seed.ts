import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { hashToken } from '../../db/api-keys.js';
import type { CredentialCipher, Credentials } from '../../db/crypto.js';
import { PROVIDERS, type Provider } from '../../db/providers.js';
import type { Sql } from '../../db/sql.js';

/**
 * The realistic table: `orgs` orgs, each with one API key, one or two projects and 1–8 integrations with encrypted
 * credentials (db/crypto.ts, bound to the row like connect does), plus one finished sync run per connected row.
 * Bulk inserts, not the API: seeding 10,000 orgs through HTTP would take longer than the benchmark.
 */
export interface SeedIntegration {
  id: string;
  projectId: string;
  provider: Provider;
  status: 'connected' | 'disconnected';
}

export interface SeedOrg {
  orgId: string;
  token: string;
  projects: string[];
  integrations: SeedIntegration[];
}

const PROJECT_NAMES = ['production-website', 'marketing-site', 'docs', 'web-app', 'shop', 'staging'];
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** The credentials map each provider's connect flow stores (the keys the adapters read); GitHub's points at the fake. */
export function credentialsFor(provider: Provider, org: number, fakeGithubUrl: string): Credentials {
  switch (provider) {
    case 'github':
      return { token: randomToken('ghp_', 36), repository: `acme-${org}/website`, base_url: fakeGithubUrl };
    case 'gitlab':
      return { token: randomToken('glpat-', 20), project_id: String(10_000 + org), base_url: 'https://gitlab.example.com' };
    case 'jira':
      return { email: `ops@acme-${org}.example`, api_token: randomToken('ATATT3x', 56), base_url: `https://acme-${org}.atlassian.net`, project_key: 'WEB' };
    case 'linear':
      return { api_key: randomToken('lin_api_', 40), team_id: randomUUID() };
    case 'sentry':
      return { auth_token: randomToken('sntrys_', 60), organization_slug: `acme-${org}`, project_slug: 'website' };
    case 'ga4':
      return { refresh_token: randomToken('1//0g', 96), property_id: String(300_000_000 + org) };
    case 'gsc':
      return { refresh_token: randomToken('1//0g', 96), site_url: `https://www.acme-${org}.example/` };
    case 'cloudflare':
      return { api_token: randomToken('', 40), zone_id: randomBytes(16).toString('hex') };
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const DAY = 86_400_000;

export async function seed(sql: Sql, cipher: CredentialCipher, opts: { orgs: number; fakeGithubUrl: string }): Promise<SeedOrg[]> {
  const orgs: SeedOrg[] = [];
  const CHUNK = 500;
  for (let start = 0; start < opts.orgs; start += CHUNK) {
    const keyRows: Record<string, unknown>[] = [];
    const rows: Record<string, unknown>[] = [];
    for (let n = start; n < Math.min(opts.orgs, start + CHUNK); n++) {
      const orgId = randomUUID();
      const token = randomToken('kr_live_', 40);
      const projects = shuffle([...PROJECT_NAMES]).slice(0, randomInt(10) < 3 ? 2 : 1);
      const providers = shuffle([...PROVIDERS]).slice(0, 1 + randomInt(8));
      orgs.push({ orgId, token, projects, integrations: [] });
      keyRows.push({ org_id: orgId, name: 'dashboard', scopes: ['audit:read', 'audit:write'], token_hash: hashToken(token), token_prefix: token.slice(0, 12) });
      for (const provider of providers) {
        const projectId = projects[randomInt(projects.length)]!;
        const connected = randomInt(100) >= 3;
        const created = new Date(Date.now() - randomInt(90 * DAY));
        const lastSync = connected ? new Date(Date.now() - randomInt(DAY)) : null;
        rows.push({
          org_id: orgId,
          project_id: projectId,
          provider,
          status: connected ? 'connected' : 'disconnected',
          credentials: connected ? cipher.encrypt(credentialsFor(provider, n, opts.fakeGithubUrl), { orgId, projectId, provider }) : null,
          last_sync_at: lastSync,
          created_at: created,
          updated_at: lastSync ?? created,
        });
      }
    }
    await sql`insert into api_keys ${sql(keyRows, 'org_id', 'name', 'scopes', 'token_hash', 'token_prefix')}`;
    const inserted = await sql<{ id: string; org_id: string; project_id: string; provider: Provider; status: 'connected' | 'disconnected' }[]>`
      insert into audit_integrations ${sql(rows, 'org_id', 'project_id', 'provider', 'status', 'credentials', 'last_sync_at', 'created_at', 'updated_at')}
      returning id, org_id, project_id, provider, status
    `;
    const byOrg = new Map(orgs.slice(start).map((o) => [o.orgId, o]));
    for (const r of inserted) byOrg.get(r.org_id)!.integrations.push({ id: r.id, projectId: r.project_id, provider: r.provider, status: r.status });
  }
  // History, so sync_runs is not an empty table: one finished scheduled run per connected integration.
  await sql`
    insert into sync_runs (integration_id, workflow_id, run_id, trigger, started_at, finished_at, outcome)
    select id, 'audit-sync/' || org_id || '/' || project_id || '/' || provider, gen_random_uuid()::text, 'schedule',
           last_sync_at - interval '2 seconds', last_sync_at, 'succeeded'
    from audit_integrations where status = 'connected'
  `;
  await sql`analyze`;
  return orgs;
}
