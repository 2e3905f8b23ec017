import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_PROVIDERS } from '../../api/oauth-config.js';
import { PROJECT_ROOT } from '../helpers/services.js';
import { startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';

const SCHEMATHESIS = path.join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'schemathesis');
const CONFIG = path.join(PROJECT_ROOT, 'test', 'deploy', 'schemathesis.toml');
// Bounded: a few cases per operation and phase keep the run near a minute on two cores; the seed makes it repeatable
// (a failure is reproduced by the same command, printed below with the output).
const MAX_EXAMPLES = 8;
const SEED = 14;

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(SCHEMATHESIS, args, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

describe('Schemathesis against the running API', () => {
  let api: TestApi;
  let worker: TestWorker;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    await access(SCHEMATHESIS).catch(() => {
      throw new Error(`${SCHEMATHESIS} is missing: run \`npm run setup:tools\``);
    });
    // One OAuth app, so oauth/start has a provider that answers 200; no adapters, so enqueued syncs fail at once.
    api = await startTestApi({ oauth: { stateSecret: randomBytes(32), apps: { sentry: { ...OAUTH_PROVIDERS.sentry!, clientId: 'fuzz-client' } } } });
    worker = await startTestWorker(api);
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('finds no 5xx and no answer outside the document, with every check on', { timeout: 150_000 }, async () => {
    const args = [
      '--config-file', CONFIG,
      'run', `${api.baseUrl}/api/v1/openapi.json`,
      '--url', api.baseUrl,
      '--checks', 'all',
      '--max-examples', String(MAX_EXAMPLES),
      '--seed', String(SEED),
      '--workers', '2',
      '--no-color',
      '--generation-database', 'none',
    ];
    const { code, output } = await run(args, { SCHEMATHESIS_ORG_ID: orgId, SCHEMATHESIS_TOKEN: token });
    // Schemathesis reports what it tested; a run that tested nothing must not pass.
    expect(output).toMatch(/\d+ passed/);
    expect(code, `schemathesis ${args.join(' ')}\n${output.slice(-12_000)}`).toBe(0);
    // The server kept its promise under the barrage: no internal error reached the log.
    expect(api.logs.filter((l) => l.includes('unhandled error'))).toEqual([]);
  });
});
