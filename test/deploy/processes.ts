import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { bundledArgs } from '../helpers/entry-bundle.js';
import { PROJECT_ROOT } from '../helpers/services.js';

/**
 * Runs a command to its end without blocking the test's thread, unlike spawnSync: a thread blocked for the seconds a
 * command takes cannot see a server close an idle keep-alive socket (Node's 5 s), and the next request sent on that
 * socket fails "other side closed".
 */
export function runCommand(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...opts, encoding: 'utf8' }, (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

export interface RoleProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr, in order. */
  output: string[];
  /** Parsed JSON log lines (stdout). */
  logs(): Record<string, unknown>[];
  waitForLog(match: (line: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * A role as production runs it: its own process running compiled JavaScript, env only from `env` (plus PATH and HOME).
 * `['--import', 'tsx', 'api/main.ts', …]` runs the run's bundle of that entrypoint (test/helpers/entry-bundle.ts).
 */
export function startRole(args: string[], env: Record<string, string>): RoleProcess {
  const child = spawn(process.execPath, bundledArgs(args), {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs = () =>
    output
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return {};
        }
      });
  return {
    child,
    output,
    logs,
    waitForLog: (match, what, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = logs().find(match);
          if (hit) {
            cleanup();
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}; output:\n${output.join('').slice(-3000)}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`process exited while waiting for ${what}; output:\n${output.join('').slice(-3000)}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}

export async function killIfRunning(role: RoleProcess | undefined): Promise<void> {
  if (!role || role.child.exitCode !== null || role.child.signalCode !== null) return;
  role.child.kill('SIGKILL');
  await role.exited;
}
