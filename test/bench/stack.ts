import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT, stopChild } from '../../worker/dev-services.js';
import type { ListResult, LoadSpec, DurationResult, ListSpec, DurationSpec } from './load-types.js';

/** Child processes of the benchmark: each one's output goes to its own log file under .data/bench/logs. */
export const BENCH_DIR = path.join(PROJECT_ROOT, '.data', 'bench');
const LOG_DIR = path.join(BENCH_DIR, 'logs');
const PROFILE_DIR = path.join(BENCH_DIR, 'profiles');

export interface Role {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startRole(name: string, script: string, args: string[], env: Record<string, string>, opts: { profile?: boolean } = {}): Promise<Role> {
  await mkdir(LOG_DIR, { recursive: true });
  const nodeArgs = ['--import', 'tsx'];
  if (opts.profile) {
    // One directory per role: tsx's loader thread writes a profile of its own next to the main thread's (the larger).
    const dir = path.join(PROFILE_DIR, name);
    await mkdir(dir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', dir);
  }
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(path.join(LOG_DIR, `${name}.log`), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child, stop: () => stopChild(child, 40_000) };
}

/** VmRSS of a live process, in MiB. */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

export async function waitHttpOk(url: string, timeoutMs: number, role?: Role): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (role && role.child.exitCode !== null) throw new Error(`${role.name} exited (${role.child.exitCode}); see .data/bench/logs/${role.name}.log`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

let loadRuns = 0;

/** Runs test/bench/load.ts as its own process: the load never shares a CPU queue slot with our event loop. */
export async function runLoad(spec: DurationSpec): Promise<DurationResult>;
export async function runLoad(spec: ListSpec): Promise<ListResult>;
export async function runLoad(spec: LoadSpec): Promise<DurationResult | ListResult> {
  const n = ++loadRuns;
  const specPath = path.join(BENCH_DIR, `load-${n}.json`);
  const resultPath = path.join(BENCH_DIR, `load-${n}.result.json`);
  await writeFile(specPath, JSON.stringify(spec));
  const role = await startRole(`load-${n}`, 'test/bench/load.ts', [specPath, resultPath], {});
  const code = await new Promise<number | null>((resolve) => role.child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator failed (exit ${code}); see .data/bench/logs/load-${n}.log`);
  return JSON.parse(await readFile(resultPath, 'utf8')) as DurationResult | ListResult;
}

export async function runToExit(role: Role): Promise<void> {
  const code = await new Promise<number | null>((resolve) => {
    if (role.child.exitCode !== null) resolve(role.child.exitCode);
    else role.child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`${role.name} failed (exit ${code}); see .data/bench/logs/${role.name}.log`);
}

/** CPU seconds (user + system) a live process has used so far; 0 once it is gone. */
export async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them, in clock ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Cores each named process used on average between start() and the returned stop(). */
export function cpuMeter(pids: Record<string, number | undefined>): () => Promise<Record<string, number>> {
  const t0 = performance.now();
  const first = Promise.all(Object.values(pids).map(cpuSeconds));
  return async () => {
    const before = await first;
    const after = await Promise.all(Object.values(pids).map(cpuSeconds));
    const sec = (performance.now() - t0) / 1000;
    return Object.fromEntries(Object.keys(pids).map((k, i) => [k, Math.round(((after[i]! - before[i]!) / sec) * 100) / 100]));
  };
}

/**
 * Waits until the background processes are idle (under 0.1 core together for a second), so one measurement's
 * leftovers — Temporal digesting a burst of new schedules, the worker draining syncs — do not eat into the next.
 */
export async function settle(pids: Record<string, number | undefined>, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const stop = cpuMeter(pids);
    await new Promise((r) => setTimeout(r, 1000));
    const busy = Object.values(await stop()).reduce((a, b) => a + b, 0);
    if (busy < 0.1 || Date.now() - started > timeoutMs) return busy;
  }
}
