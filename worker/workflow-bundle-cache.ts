import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm start`'s worker keeps its workflow bundles (node_modules/.cache, as other tools' caches). */
export const WORKFLOW_BUNDLE_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'audit-integrations');
/** A bundle no start asked for in this long is removed when another is written. */
const KEEP_UNUSED_MS = 24 * 3600_000;

export interface WorkflowSources {
  /** workflows/index.ts; every file in its folder is part of the key. */
  workflowsPath: string;
  /** The workflow interceptors module bundled with them (workflows/tracing.ts). */
  interceptorsPath: string;
}

/**
 * What a bundle is made of: every file in the workflows folder, the lockfile (the exact versions of the Temporal SDK and
 * everything webpack pulls in with it) and patches/ (patch-package's changes to those packages). Two checkouts with the
 * same sources share a key; an edit to any of them gives a new one.
 */
export async function workflowBundleKey(sources: WorkflowSources): Promise<string> {
  const hash = createHash('sha256').update('bundle v1\0');
  const dir = path.dirname(sources.workflowsPath);
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.[cm]?[jt]s$/.test(f)).sort();
  for (const f of files) hash.update(`${f}\0`).update(await readFile(path.join(dir, f))).update('\0');
  hash.update(`${path.relative(dir, sources.interceptorsPath)}\0`);
  for (const extra of ['package-lock.json', 'patches']) {
    const p = path.join(PROJECT_ROOT, extra);
    if (!existsSync(p)) continue;
    const entries = (await stat(p)).isDirectory() ? (await readdir(p)).sort().map((f) => path.join(p, f)) : [p];
    for (const e of entries) hash.update(`${path.relative(PROJECT_ROOT, e)}\0`).update(await readFile(e)).update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * The path of a workflow bundle of `sources`, built with webpack only when no bundle of these exact sources exists yet
 * (about 5 s of CPU that every `npm start` otherwise paid). Written to a temporary file and renamed, so a start that
 * runs beside another never reads half a bundle. Production images build theirs once instead (WORKFLOW_BUNDLE).
 */
export async function cachedWorkflowBundle(sources: WorkflowSources, opts: { dir?: string; logger?: Logger } = {}): Promise<string> {
  const dir = opts.dir ?? WORKFLOW_BUNDLE_CACHE_DIR;
  const file = path.join(dir, `workflow-bundle-${await workflowBundleKey(sources)}.js`);
  if (existsSync(file)) {
    // Marks it as in use for the pruning below.
    await utimes(file, new Date(), new Date()).catch(() => undefined);
    return file;
  }
  const { code } = await bundleWorkflowCode({ workflowsPath: sources.workflowsPath, workflowInterceptorModules: [sources.interceptorsPath], ...(opts.logger ? { logger: opts.logger } : {}) });
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, file);
  await pruneOld(dir, file);
  return file;
}

async function pruneOld(dir: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const p = path.join(dir, name);
    if (p === keep || !name.startsWith('workflow-bundle-')) continue;
    const s = await stat(p).catch(() => undefined);
    if (s && now - s.mtimeMs > KEEP_UNUSED_MS) await rm(p, { force: true });
  }
}
