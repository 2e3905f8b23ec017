import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/services.js';
import { formatSoak, runSoak, soakFailures } from './soak.js';

/**
 * `npm run soak` (SOAK_MINUTES, default 10): the chaos soak of test/soak/soak.ts with a kill every 15–45 s. Prints the
 * table, appends it to BENCHMARKS.md, exits 1 when an end check failed. Not part of `npm test` (the short version is
 * test/soak/soak.test.ts).
 */
const minutes = Number(process.env.SOAK_MINUTES ?? 10);
if (!Number.isFinite(minutes) || minutes < 2) {
  process.stderr.write('SOAK_MINUTES must be a number ≥ 2\n');
  process.exit(1);
}
// Only entrypoints read the environment: DATABASE_URL (a role that may create databases), else the local server.
const adminDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const result = await runSoak({ minutes, killEvery: [15, 45], adminDatabaseUrl });
const table = formatSoak(result);
process.stdout.write(`\n${table}\n`);
await appendFile(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), `\n${table}`);
const failures = soakFailures(result);
process.exit(failures.length ? 1 : 0);
