import type { Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm start` keeps what it builds from the sources (workflow and entry bundles): node_modules/.cache, as other tools' caches. */
export const BUILD_CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'audit-integrations');
/** A build no start asked for in this long is removed when another is written. */
const KEEP_UNUSED_MS = 24 * 3600_000;

/** Adds the lockfile (the exact versions of the packages a build uses or leaves as imports) and patches/ to a key. */
export async function hashDependencies(hash: Hash): Promise<void> {
  for (const extra of ['package-lock.json', 'patches']) {
    const p = path.join(PROJECT_ROOT, extra);
    if (!existsSync(p)) continue;
    const entries = (await stat(p)).isDirectory() ? (await readdir(p)).sort().map((f) => path.join(p, f)) : [p];
    for (const e of entries) hash.update(`${path.relative(PROJECT_ROOT, e)}\0`).update(await readFile(e)).update('\0');
  }
}

/** Removes the builds named `prefix…` in `dir`, other than `keep`, that no start has used for a day. */
export async function pruneUnused(dir: string, prefix: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const p = path.join(dir, name);
    if (p === keep || !name.startsWith(prefix)) continue;
    const s = await stat(p).catch(() => undefined);
    if (s && now - s.mtimeMs > KEEP_UNUSED_MS) await rm(p, { recursive: true, force: true });
  }
}
