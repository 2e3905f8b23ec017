import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import { bundledArgs } from '../helpers/entry-bundle.js';
import { PROJECT_ROOT } from '../helpers/services.js';

// One answer per entrypoint and environment per test file: the discovery below starts every overlay and service from
// the same empty environment and ends with the same full one the test checks again, and each run of an entrypoint
// costs CPU for an answer that cannot differ.
const answers = new Map<string, Promise<string | null>>();

/** Runs an entrypoint with exactly `env`; resolves with its config error line, or null once it got past config. */
export function configErrorOf(script: string, env: Record<string, string>): Promise<string | null> {
  const key = JSON.stringify([script, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  let answer = answers.get(key);
  if (!answer) {
    answer = runEntrypoint(script, env);
    answers.set(key, answer);
  }
  return answer;
}

function runEntrypoint(script: string, env: Record<string, string>): Promise<string | null> {
  return new Promise((resolve) => {
    // The run's bundle of the entrypoint (test/helpers/entry-bundle.ts): the same schema, without tsx's start-up cost.
    const child = spawn(process.execPath, bundledArgs(['--import', 'tsx', script]), {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const done = (result: string | null) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(result);
    };
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      const line = /invalid configuration: .*/.exec(stderr)?.[0];
      if (line) done(line);
    });
    // Any log line means configuration passed and start-up went on (connecting to hosts that exist only in compose).
    child.stdout.on('data', () => done(null));
    child.once('exit', () => done(/invalid configuration: .*/.exec(stderr)?.[0] ?? null));
  });
}

/**
 * Discovers every variable the entrypoint requires, by starting it with nothing and adding, one error at a time, the
 * value the compose service sets; then checks the service's full environment passes the entrypoint's schema.
 */
export async function requiredVariables(script: string, service: Record<string, string>): Promise<string[]> {
  const given: Record<string, string> = {};
  for (let round = 0; round < 10; round++) {
    const error = await configErrorOf(script, given);
    if (error === null) break;
    const keys = [...error.matchAll(/(?:: |; )([A-Z][A-Z0-9_]*)(?=[.:])/g)].map((m) => m[1]!);
    expect(keys.length, error).toBeGreaterThan(0);
    for (const key of keys) {
      expect(service, `${script} needs ${key} (${error})`).toHaveProperty(key);
      given[key] = service[key]!;
    }
  }
  expect(await configErrorOf(script, service)).toBeNull();
  return Object.keys(given);
}
