import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The bin as package.json declares it: what `npx audit-integrations` runs. */
export const BIN = fileURLToPath(new URL('../../api/cli/bin.mjs', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Exactly the argument vector the child was started with (program first). */
  argv: string[];
  /** What it has written so far. */
  output(): CliResult;
  done: Promise<CliResult>;
}

export interface CliOptions {
  /** The environment, on top of PATH and HOME only: nothing of the test runner's own environment leaks in. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  cwd?: string;
  /** Run something other than `node <bin>` (npm, script): the program and its leading arguments. */
  command?: readonly string[];
}

/** Starts the CLI as a user would, with its own environment; `done` resolves when it exits. */
export function startCli(args: readonly string[], opts: CliOptions = {}): CliRun {
  const [program, ...lead] = opts.command ?? [process.execPath, BIN];
  const argv = [program!, ...lead, ...args];
  const env = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env }).filter((e): e is [string, string] => e[1] !== undefined));
  const child = spawn(argv[0]!, argv.slice(1), { env, cwd: opts.cwd ?? REPO_ROOT, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdin.end(opts.stdin ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, argv, output: () => ({ code: child.exitCode, stdout, stderr }), done };
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}
