import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { BUILD_CACHE_DIR, hashDependencies, pruneUnused } from './build-cache.js';

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
  await hashDependencies(hash);
  return hash.digest('hex').slice(0, 24);
}

/**
 * The path of a workflow bundle of `sources`, built with webpack only when no bundle of these exact sources exists yet
 * (about 5 s of CPU that every `npm start` otherwise paid). Written to a temporary file and renamed, so a start that
 * runs beside another never reads half a bundle. Production images build theirs once instead (WORKFLOW_BUNDLE).
 */
export async function cachedWorkflowBundle(sources: WorkflowSources, opts: { dir?: string; logger?: Logger } = {}): Promise<string> {
  const dir = opts.dir ?? BUILD_CACHE_DIR;
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
  await pruneUnused(dir, 'workflow-bundle-', file);
  return file;
}
