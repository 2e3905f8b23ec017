import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { inject } from 'vitest';
import { PROJECT_ROOT } from './services.js';

/**
 * The entrypoints the tests start as child processes (API, worker, the launcher's config check, the CLIs). Through
 * `node --import tsx` each start cost 1.5–2 s of CPU just to load the module graph (tsx compiles and resolves every
 * module on every start); run from one bundle of our own code built once per run, about half of that, and a start
 * that fails on configuration a fraction of it. Production runs compiled JavaScript too (`node dist/api/main.js`).
 */
export const ENTRYPOINTS = ['api/main.ts', 'worker/main.ts', 'worker/all-in-one.ts', 'api/keys-main.ts', 'api/ops-main.ts', 'db/migrate-main.ts', 'db/rotate-main.ts'];

/**
 * Each module's `import.meta.url` (and dirname/filename) becomes its source file's, so what the code finds beside
 * itself — db/migrations, dist/dashboard, package.json, workflows/ for the worker's bundler — resolves as from source.
 */
const sourceImportMeta: Plugin = {
  name: 'source-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Bundles ENTRYPOINTS into `outdir` (`api/main.ts` → `outdir/api/main.mjs`). Only our code is bundled: packages stay
 * imports Node resolves from node_modules, as in production (one copy of each, native addons untouched). Code split,
 * so a module an entrypoint imports only once its configuration is valid (`await import(…)`) is not loaded before.
 */
export async function buildEntryBundles(outdir: string): Promise<void> {
  await build({
    entryPoints: ENTRYPOINTS.map((e) => path.join(PROJECT_ROOT, e)),
    outbase: PROJECT_ROOT,
    outdir,
    entryNames: '[dir]/[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json'),
    plugins: [sourceImportMeta],
  });
}

/** The bundle of `script` (one of ENTRYPOINTS) built for this run by test/global-setup.ts. */
export function entryBundle(script: string): string {
  if (!ENTRYPOINTS.includes(script)) throw new Error(`${script} is not bundled for tests (test/helpers/entry-bundle.ts ENTRYPOINTS)`);
  return path.join(inject('entryBundleDir'), script.replace(/\.ts$/, '.mjs'));
}

/** `node` arguments `['--import', 'tsx', script, ...rest]` with the run's bundle in place of tsx and the source. */
export function bundledArgs(args: readonly string[]): string[] {
  const [flag, loader, script, ...rest] = args;
  if (flag === '--import' && loader === 'tsx' && script && ENTRYPOINTS.includes(script)) return [entryBundle(script), ...rest];
  return [...args];
}
