import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import postgres from 'postgres';
import { markerFor } from '../../activities/providers/tracker-sync.js';
import { createApiKey } from '../../db/api-keys.js';
import { migrate } from '../../db/migrate.js';
import { createSql, type Sql } from '../../db/sql.js';
import { freePort, startTemporalDevServer, WORKFLOWS_PATH_FOR_TESTS, type TemporalDevServer } from '../helpers/services.js';
import { rssMiB, startRole, waitHttpOk, type Role } from '../bench/stack.js';
import { median } from '../bench/results.js';
import type { FakeTracker } from '../fakes/fake-server.js';
import { startFakeGithub } from '../fakes/github.js';
import { startFakeGitlab } from '../fakes/gitlab.js';
import { startFakeJira } from '../fakes/jira.js';
import { startFakeLinear } from '../fakes/linear.js';

/**
 * The chaos soak: two API processes and three workers against one Temporal dev server (SQLite file, so history
 * survives its restart) and Postgres, a steady bounded mix of connect / finding / sync / list requests, and a chaos
 * loop that SIGKILLs a random API or worker every 15–45 s and starts a replacement, plus one Temporal restart. Then it
 * drains, syncs every integration once more, and checks nothing was lost (see SoakResult and soakFailures).
 */
export interface SoakOptions {
  minutes: number;
  /** Seconds between kills: uniform in [min, max]. */
  killEvery: [number, number];
  /** Virtual users sending requests one after another (bounded load). */
  users?: number;
  /** A Postgres URL allowed to create and drop the soak's database. */
  adminDatabaseUrl: string;
  log?: (line: string) => void;
}

type Kind = 'api' | 'worker';
interface Proc { id: string; kind: Kind; role: Role; port: number; startedAt: number; killedAt?: number; rss: number[] }
interface RequestRecord { op: string; proc: string; start: number; end: number; status: number | 'network'; code?: string }

export interface SoakResult {
  minutes: number;
  requests: number;
  byOp: Record<string, number>;
  kills: { at: number; proc: string }[];
  temporalRestarts: number;
  /** Failures the checks allow: the killed process's own in-flight requests. (While Temporal restarts, the API answers
   * 422 request_failed to sync starts, never a 5xx.) */
  allowedFailures: number;
  /** 4xx answers by `status code` (e.g. 422 request_failed while Temporal restarts). */
  clientErrors: Record<string, number>;
  unexplained5xx: RequestRecord[];
  unexplainedNetworkErrors: RequestRecord[];
  stuckSyncing: number;
  runningRuns: number;
  acknowledgedConnects: number;
  missingConnects: number;
  openFindings: number;
  /** Per tracker: open findings of its projects without exactly one issue there. */
  issueMismatches: Record<string, { findingId: string; issues: number }[]>;
  issuesChecked: Record<string, number>;
  integrationsInError: number;
  /** Processes alive ≥ 90 s: RSS (MiB) at half their life (≥ 30 s), at the end (median of the last 3 samples), growth %. */
  rss: { proc: string; first: number; last: number; growth: number }[];
  drainSeconds: number;
}

const TRACKERS = ['github', 'gitlab', 'jira', 'linear'] as const;
type Tracker = (typeof TRACKERS)[number];
const RSS_GROWTH_LIMIT = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

async function startFakes() {
  const github = await startFakeGithub({ token: 'ghp_soakToken000000000000001', repository: 'acme/web' });
  const gitlab = await startFakeGitlab({ token: 'glpat-soakToken0000000001', project: 'acme/web' });
  const jira = await startFakeJira({ email: 'bot@acme.test', apiToken: 'ATATTsoakJiraToken0001', projectKey: 'WEB' });
  const linear = await startFakeLinear({ apiKey: 'lin_api_soakKey0000000000000001', teamId: 'team-soak' });
  const fakes: Record<Tracker, FakeTracker> = { github, gitlab, jira, linear };
  const credentials: Record<Tracker, Record<string, string>> = {
    github: { token: 'ghp_soakToken000000000000001', repository: github.repository, base_url: github.url },
    gitlab: { token: 'glpat-soakToken0000000001', project: gitlab.project, base_url: gitlab.url },
    jira: { base_url: jira.url, email: 'bot@acme.test', api_token: 'ATATTsoakJiraToken0001', project_key: jira.projectKey },
    linear: { api_key: 'lin_api_soakKey0000000000000001', team_id: linear.teamId, base_url: linear.url },
  };
  return { fakes, credentials, close: () => Promise.all(Object.values(fakes).map((f) => f.close())) };
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const t0 = Date.now();
  const elapsed = () => Math.round((Date.now() - t0) / 1000);
  const dir = await mkdtemp(path.join(tmpdir(), 'audit-soak-'));
  const adminUrl = opts.adminDatabaseUrl;
  const dbName = `audit_soak_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const sql: Sql = createSql({ databaseUrl: dbUrl.toString(), max: 4 });
  await migrate(sql);

  const temporalPort = await freePort();
  const dbFile = path.join(dir, 'temporal.sqlite');
  let temporal: TemporalDevServer = await startTemporalDevServer({ port: temporalPort, uiPort: null, dbFile });
  const bundle = path.join(dir, 'workflow-bundle.js');
  const noop = () => undefined;
  await writeFile(bundle, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH_FOR_TESTS, logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop } })).code);
  const { fakes, credentials, close: closeFakes } = await startFakes();

  const common = {
    DATABASE_URL: dbUrl.toString(),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'soak',
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    DB_POOL_MAX: '4',
    SYNC_HEARTBEAT_TIMEOUT_MS: '10000',
  };
  const procs: Proc[] = [];
  let serial = 0;
  async function start(kind: Kind): Promise<Proc> {
    const port = await freePort();
    const id = `${kind}-${++serial}`;
    const env =
      kind === 'api'
        ? // One org and one key drive the whole mix: tenant limits are not what the soak measures (test/api covers them).
          { ...common, PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: '0', TEMPORAL_START_TIMEOUT_MS: '3000', RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '0', ORG_MAX_PROJECTS: '1000000' }
        : { ...common, WORKER_METRICS_PORT: String(port), WORKER_METRICS_HOST: '127.0.0.1', TEMPORAL_METRICS_PORT: '0', WORKFLOW_BUNDLE: bundle, RECONCILE_INTERVAL: '30s', WORKER_MAX_CONCURRENT_ACTIVITIES: '10', PROVIDER_EGRESS_ALLOW: '127.0.0.0/8' };
    const role = await startRole(`soak-${id}`, kind === 'api' ? 'api/main.ts' : 'worker/main.ts', [], env);
    await waitHttpOk(`http://127.0.0.1:${port}/healthz`, 90_000, role);
    const proc: Proc = { id, kind, role, port, startedAt: Date.now(), rss: [] };
    procs.push(proc);
    return proc;
  }
  const alive = (kind?: Kind) => procs.filter((p) => p.killedAt === undefined && (!kind || p.kind === kind));

  await Promise.all([start('api'), start('api'), start('worker'), start('worker'), start('worker')]);
  log(`[${elapsed()}s] 2 APIs, 3 workers, Temporal ${temporal.address}, Postgres ${dbName}`);

  const orgId = randomUUID();
  const token = (await createApiKey(sql, { orgId, scopes: ['audit:read', 'audit:write'] })).token;
  const records: RequestRecord[] = [];
  const inFlight = new Map<string, Set<RequestRecord>>();
  const killedInFlight = new Set<RequestRecord>();
  const acknowledged: { project: string; provider: Tracker }[] = [];
  const projects: string[] = [];

  async function request(op: string, method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: unknown } | undefined> {
    const apis = alive('api');
    if (apis.length === 0) return undefined;
    const api = pick(apis);
    const rec: RequestRecord = { op, proc: api.id, start: Date.now(), end: 0, status: 'network' };
    const set = inFlight.get(api.id) ?? new Set();
    inFlight.set(api.id, set);
    set.add(rec);
    try {
      const res = await fetch(`http://127.0.0.1:${api.port}/api/v1/orgs/${orgId}${urlPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
      rec.status = res.status;
      const json = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
      if (json?.error?.code) rec.code = json.error.code;
      return { status: res.status, json };
    } catch {
      return undefined;
    } finally {
      rec.end = Date.now();
      set.delete(rec);
      records.push(rec);
    }
  }

  const base = (project: string) => `/projects/${project}/audit`;
  async function newProject(): Promise<void> {
    const project = `p${projects.length + 1}`;
    for (const provider of TRACKERS) {
      const res = await request('connect', 'POST', `${base(project)}/integrations/${provider}/connect`, { credentials: credentials[provider] });
      if (res?.status === 200) acknowledged.push({ project, provider });
    }
    projects.push(project);
  }
  async function step(): Promise<void> {
    const r = Math.random();
    if (projects.length < 2 || r < 0.05) return newProject();
    const project = pick(projects);
    if (r < 0.35) {
      await request('finding', 'POST', `${base(project)}/findings`, { title: `Soak finding ${randomBytes(4).toString('hex')}`, severity: pick(['low', 'medium', 'high']) });
    } else if (r < 0.5) {
      await request('sync', 'POST', `${base(project)}/integrations/${pick(TRACKERS)}/sync`);
    } else if (r < 0.55) {
      const provider = pick(TRACKERS);
      const res = await request('connect', 'POST', `${base(project)}/integrations/${provider}/connect`, { credentials: credentials[provider] });
      if (res?.status === 200) acknowledged.push({ project, provider });
    } else if (r < 0.8) {
      await request('list', 'GET', `${base(project)}/integrations`);
    } else {
      await request('findings', 'GET', `${base(project)}/findings?limit=20`);
    }
  }

  const endAt = t0 + opts.minutes * 60_000;
  let loading = true;
  const users = Array.from({ length: opts.users ?? 3 }, async () => {
    while (loading) {
      await step();
      await sleep(100 + Math.random() * 200);
    }
  });

  const sampler = setInterval(() => {
    for (const p of alive()) if (p.role.child.pid) void rssMiB(p.role.child.pid).then((v) => p.rss.push(v), () => undefined);
  }, 5000);

  const kills: SoakResult['kills'] = [];
  let temporalRestarts = 0;
  const restartTemporalAt = t0 + opts.minutes * 60_000 * 0.4;
  while (Date.now() < endAt - 15_000) {
    const wait = (opts.killEvery[0] + Math.random() * (opts.killEvery[1] - opts.killEvery[0])) * 1000;
    const until = Math.min(Date.now() + wait, endAt - 15_000);
    while (Date.now() < until) {
      if (temporalRestarts === 0 && Date.now() >= restartTemporalAt) {
        const down = Date.now();
        log(`[${elapsed()}s] restarting Temporal`);
        await temporal.stop();
        temporal = await startTemporalDevServer({ port: temporalPort, uiPort: null, dbFile });
        temporalRestarts++;
        log(`[${elapsed()}s] Temporal back after ${Math.round((Date.now() - down) / 1000)}s`);
      }
      await sleep(Math.min(1000, Math.max(0, until - Date.now())));
    }
    if (Date.now() >= endAt - 15_000) break;
    const victim = pick(alive());
    victim.killedAt = Date.now();
    for (const rec of inFlight.get(victim.id) ?? []) killedInFlight.add(rec);
    victim.role.child.kill('SIGKILL');
    kills.push({ at: elapsed(), proc: victim.id });
    log(`[${elapsed()}s] SIGKILL ${victim.id}; starting a replacement`);
    const replacement = await start(victim.kind);
    log(`[${elapsed()}s] ${replacement.id} ready`);
  }
  while (Date.now() < endAt) await sleep(500);
  loading = false;
  await Promise.all(users);
  clearInterval(sampler);
  log(`[${elapsed()}s] load stopped after ${records.length} requests; draining`);

  // Drain: no integration syncing and no run running; then one more sync of everything, and drain again.
  const drainStart = Date.now();
  const quiet = async () => {
    const deadline = Date.now() + 240_000;
    for (;;) {
      const [counts] = await sql<{ syncing: number; running: number }[]>`
        select (select count(*)::int from audit_integrations where status = 'syncing') as syncing,
               (select count(*)::int from sync_runs where outcome = 'running') as running`;
      if ((counts!.syncing === 0 && counts!.running === 0) || Date.now() > deadline) return;
      await sleep(1000);
    }
  };
  await quiet();
  for (const project of projects) for (const provider of TRACKERS) await request('final-sync', 'POST', `${base(project)}/integrations/${provider}/sync`);
  await sleep(2000);
  await quiet();
  const drainSeconds = Math.round((Date.now() - drainStart) / 1000);

  const [end] = await sql<{ stuckSyncing: number; runningRuns: number; inError: number }[]>`
    select (select count(*)::int from audit_integrations where status = 'syncing') as "stuckSyncing",
           (select count(*)::int from sync_runs where outcome = 'running') as "runningRuns",
           (select count(*)::int from audit_integrations where status = 'error') as "inError"`;
  const { stuckSyncing, runningRuns, inError } = end!;
  const stored = await sql<{ project_id: string; provider: string }[]>`select project_id, provider from audit_integrations where org_id = ${orgId} and status <> 'disconnected'`;
  const storedKeys = new Set(stored.map((s) => `${s.project_id}/${s.provider}`));
  const missingConnects = acknowledged.filter((a) => !storedKeys.has(`${a.project}/${a.provider}`)).length;
  const open = await sql<{ id: string; project_id: string }[]>`select id, project_id from findings where org_id = ${orgId} and status = 'open'`;
  const issueMismatches: SoakResult['issueMismatches'] = {};
  const issuesChecked: SoakResult['issuesChecked'] = {};
  for (const provider of TRACKERS) {
    const issues = fakes[provider].issues();
    issueMismatches[provider] = [];
    issuesChecked[provider] = 0;
    for (const f of open) {
      if (!storedKeys.has(`${f.project_id}/${provider}`)) continue;
      issuesChecked[provider]++;
      const n = issues.filter((i) => i.text.includes(markerFor(f.id))).length;
      if (n !== 1) issueMismatches[provider].push({ findingId: f.id, issues: n });
    }
  }

  const unexplained5xx = records.filter((r) => typeof r.status === 'number' && r.status >= 500 && !killedInFlight.has(r));
  const unexplainedNetworkErrors = records.filter((r) => r.status === 'network' && !killedInFlight.has(r) && !procs.some((p) => p.id === r.proc && p.killedAt !== undefined && p.killedAt <= r.end));
  const allowedFailures = records.filter((r) => (r.status === 'network' || (typeof r.status === 'number' && r.status >= 500)) && !unexplained5xx.includes(r) && !unexplainedNetworkErrors.includes(r)).length;
  const clientErrors: Record<string, number> = {};
  for (const r of records) if (typeof r.status === 'number' && r.status >= 400 && r.status < 500) clientErrors[`${r.op} ${r.status} ${r.code ?? ''}`.trim()] = (clientErrors[`${r.op} ${r.status} ${r.code ?? ''}`.trim()] ?? 0) + 1;
  const byOp: Record<string, number> = {};
  for (const r of records) byOp[r.op] = (byOp[r.op] ?? 0) + 1;
  const rss = procs
    .filter((p) => p.killedAt === undefined && p.rss.length >= 18)
    .map((p) => {
      // Growth past the working set, not into it: a worker restarted mid-soak fills its workflow cache and takes over
      // the killed one's backlog for a while after 30 s of life. The first sample is at half its life (never before
      // 30 s), the last is the median of the final three (one GC cycle's swing is not growth).
      const first = p.rss[Math.max(6, Math.floor(p.rss.length / 2))]!;
      const last = median(p.rss.slice(-3));
      return { proc: p.id, first, last, growth: Math.round(((last - first) / first) * 1000) / 10 };
    });

  await Promise.allSettled(alive().map((p) => p.role.stop()));
  await temporal.stop();
  await closeFakes();
  await sql.end({ timeout: 5 });
  await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  await admin.end({ timeout: 5 });
  await rm(dir, { recursive: true, force: true });

  return {
    minutes: opts.minutes,
    requests: records.length,
    byOp,
    kills,
    temporalRestarts,
    allowedFailures,
    clientErrors,
    unexplained5xx,
    unexplainedNetworkErrors,
    stuckSyncing,
    runningRuns,
    acknowledgedConnects: acknowledged.length,
    missingConnects,
    openFindings: open.length,
    issueMismatches,
    issuesChecked,
    integrationsInError: inError,
    rss,
    drainSeconds,
  };
}

/** Every end check that failed, as a sentence; empty = the soak passed. */
export function soakFailures(r: SoakResult): string[] {
  const failures: string[] = [];
  if (r.stuckSyncing) failures.push(`${r.stuckSyncing} integration(s) stuck in syncing`);
  if (r.runningRuns) failures.push(`${r.runningRuns} sync run(s) left running`);
  if (r.missingConnects) failures.push(`${r.missingConnects} acknowledged connect(s) not stored`);
  for (const [provider, list] of Object.entries(r.issueMismatches)) {
    if (list.length) failures.push(`${provider}: ${list.length} open finding(s) without exactly one issue (e.g. ${list[0]!.findingId}: ${list[0]!.issues})`);
  }
  if (r.unexplained5xx.length) failures.push(`${r.unexplained5xx.length} 5xx outside a killed process (${[...new Set(r.unexplained5xx.map((x) => `${x.op} ${x.status} ${x.code ?? ''}`))].join(', ')})`);
  if (r.unexplainedNetworkErrors.length) failures.push(`${r.unexplainedNetworkErrors.length} network error(s) to a live process`);
  for (const p of r.rss) if (p.growth > RSS_GROWTH_LIMIT) failures.push(`${p.proc} RSS grew ${p.growth} % (${p.first} → ${p.last} MiB)`);
  if (r.kills.length === 0) failures.push('no process was killed');
  if (r.temporalRestarts !== 1) failures.push('Temporal was not restarted');
  return failures;
}

export function formatSoak(r: SoakResult, when = new Date()): string {
  const issues = Object.entries(r.issuesChecked).map(([p, n]) => `${p} ${n - r.issueMismatches[p]!.length}/${n}`).join(', ');
  const rows = [
    ['duration', `${r.minutes} min (drain ${r.drainSeconds} s)`],
    ['requests', `${r.requests} (${Object.entries(r.byOp).map(([k, v]) => `${k} ${v}`).join(', ')})`],
    ['kills (SIGKILL)', `${r.kills.length}: ${r.kills.map((k) => `${k.proc}@${k.at}s`).join(', ')}`],
    ['Temporal restarts', String(r.temporalRestarts)],
    ['failed in-flight requests of killed processes', String(r.allowedFailures)],
    ['4xx by code', Object.entries(r.clientErrors).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'],
    ['other 5xx', String(r.unexplained5xx.length)],
    ['network errors to live processes', String(r.unexplainedNetworkErrors.length)],
    ['integrations stuck syncing', String(r.stuckSyncing)],
    ['sync runs left running', String(r.runningRuns)],
    ['acknowledged connects stored', `${r.acknowledgedConnects - r.missingConnects}/${r.acknowledgedConnects}`],
    ['open findings with exactly one issue per tracker', `${r.openFindings} open; ${issues}`],
    ['integrations in error at the end', String(r.integrationsInError)],
    ['RSS (MiB, half of life → end)', r.rss.map((p) => `${p.proc} ${p.first} → ${p.last} (${p.growth} %)`).join(', ') || 'no process lived 90 s'],
  ];
  const failures = soakFailures(r);
  return [
    `### Chaos soak ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${failures.length ? `FAILED (${failures.join('; ')})` : 'passed'}`,
    '',
    '| check | result |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
}
