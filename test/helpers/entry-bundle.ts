import { inject } from 'vitest';
import { buildEntryBundles as buildEntries, bundledEntry } from '../../worker/entry-bundle.js';

/**
 * The entrypoints the tests start as child processes (API, worker, the launcher's config check, the CLIs). Through
 * `node --import tsx` each start cost 1.5–2 s of CPU just to load the module graph (tsx compiles and resolves every
 * module on every start); run from one bundle of our own code built once per run, about half of that, and a start
 * that fails on configuration a fraction of it. Production runs compiled JavaScript too (`node dist/api/main.js`).
 */
export const ENTRYPOINTS = ['api/main.ts', 'worker/main.ts', 'worker/all-in-one.ts', 'api/keys-main.ts', 'api/ops-main.ts', 'db/migrate-main.ts', 'db/rotate-main.ts'];

/** ENTRYPOINTS bundled into `outdir` (`api/main.ts` → `outdir/api/main.mjs`) as `npm start` bundles its two (worker/entry-bundle.ts). */
export function buildEntryBundles(outdir: string): Promise<void> {
  return buildEntries(ENTRYPOINTS, outdir);
}

/** The bundle of `script` (one of ENTRYPOINTS) built for this run by test/global-setup.ts. */
export function entryBundle(script: string): string {
  if (!ENTRYPOINTS.includes(script)) throw new Error(`${script} is not bundled for tests (test/helpers/entry-bundle.ts ENTRYPOINTS)`);
  return bundledEntry(inject('entryBundleDir'), script);
}

/** `node` arguments `['--import', 'tsx', script, ...rest]` with the run's bundle in place of tsx and the source. */
export function bundledArgs(args: readonly string[]): string[] {
  const [flag, loader, script, ...rest] = args;
  if (flag === '--import' && loader === 'tsx' && script && ENTRYPOINTS.includes(script)) return [entryBundle(script), ...rest];
  return [...args];
}
