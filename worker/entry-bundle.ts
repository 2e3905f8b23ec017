import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { BUILD_CACHE_DIR, hashDependencies, pruneUnused } from './build-cache.js';
import { PROJECT_ROOT } from './dev-services.js';

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
 * Bundles `entrypoints` (paths relative to the project, `api/main.ts` → `outdir/api/main.mjs`) with esbuild. Only our
 * code is bundled: packages stay imports Node resolves from node_modules, as in production (one copy of each, native
 * addons untouched). Code split, so a module an entrypoint imports only once its configuration is valid
 * (`await import(…)`) is not loaded before. Through `node --import tsx` a start cost 1.5–2 s of CPU just to load the
 * module graph (tsx resolves and loads every module through its hooks on every start); from a bundle, about half.
 */
export async function buildEntryBundles(entrypoints: readonly string[], outdir: string, opts: { sourcemap?: boolean } = {}): Promise<void> {
  // esbuild is a development dependency, as tsx is: loaded only by what runs from a checkout (npm start, the tests).
  const { build } = await import('esbuild');
  await build({
    entryPoints: entrypoints.map((e) => path.join(PROJECT_ROOT, e)),
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
    // Stack traces name the source files (the process runs with --enable-source-maps), as they did through tsx.
    ...(opts.sourcemap ? { sourcemap: 'inline' as const, sourcesContent: false } : {}),
  });
}

/** The folders whose code a server entrypoint can import (workflows/ for the worker's types and ids). */
export const SOURCE_DIRS = ['api', 'activities', 'db', 'worker', 'workflows'];
export const SKIP_DIRS = new Set(['node_modules', 'dist', '.data']);

/**
 * What the bundles are made of: the project's folder (`root`), every source file of SOURCE_DIRS, tsconfig.json, the
 * lockfile (the packages left as imports resolve to these versions) and patches/. An edit to any of them gives a new key.
 */
export async function entryBundleKey(entrypoints: readonly string[], root = PROJECT_ROOT): Promise<string> {
  // The project's own path too: a bundle points at its sources' folder (migrations, the dashboard build), so a second
  // checkout with the same sources needs its own.
  const hash = createHash('sha256').update(`entry v1\0${root}\0${entrypoints.join('\0')}\0`);
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const f of await readdir(path.join(root, dir), { recursive: true })) {
      if (/\.([cm]?[jt]s|json)$/.test(f) && !f.split(path.sep).some((part) => SKIP_DIRS.has(part))) files.push(path.join(dir, f));
    }
  }
  files.push('tsconfig.json');
  for (const f of files.sort()) hash.update(`${f}\0`).update(await readFile(path.join(root, f))).update('\0');
  await hashDependencies(hash);
  return hash.digest('hex').slice(0, 24);
}

/**
 * `npm start`'s API and worker: the folder of bundles of `entrypoints` (with source maps), built only when none of these
 * exact sources exists yet (about 0.5 s with esbuild; hashing the sources takes a few ms). Built in a temporary folder
 * and renamed, so a start beside another never runs half a bundle. `bundledEntry(dir, 'api/main.ts')` names the file to run.
 */
export async function cachedEntryBundles(entrypoints: readonly string[], opts: { dir?: string } = {}): Promise<string> {
  const dir = opts.dir ?? BUILD_CACHE_DIR;
  const target = path.join(dir, `entry-${await entryBundleKey(entrypoints)}`);
  if (existsSync(target)) {
    await utimes(target, new Date(), new Date()).catch(() => undefined);
    return target;
  }
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await buildEntryBundles(entrypoints, temporary, { sourcemap: true });
  try {
    await rename(temporary, target);
  } catch (err) {
    // Another start renamed the same bundle first: it is identical.
    await rm(temporary, { recursive: true, force: true });
    if (!existsSync(target)) throw err;
  }
  await pruneUnused(dir, 'entry-', target);
  return target;
}

/** The file of `script` (one of the entrypoints) in a folder of bundles. */
export function bundledEntry(dir: string, script: string): string {
  return path.join(dir, script.replace(/\.ts$/, '.mjs'));
}
