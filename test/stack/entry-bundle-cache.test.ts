import { appendFile, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledEntry, cachedEntryBundles, entryBundleKey, SKIP_DIRS, SOURCE_DIRS } from '../../worker/entry-bundle.js';
import { PROJECT_ROOT } from '../helpers/services.js';

// What worker/all-in-one.ts (npm start) bundles and runs.
const ROLES = ['api/main.ts', 'worker/main.ts'];

describe("npm start's entry bundle cache (worker/entry-bundle.ts)", () => {
  it('builds the bundles once, with source maps, and hands the same folder out again without building', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'entry-cache-'));
    try {
      const first = await cachedEntryBundles(ROLES, { dir });
      expect(path.dirname(first)).toBe(dir);
      const api = bundledEntry(first, 'api/main.ts');
      expect(await readFile(api, 'utf8')).toContain('sourceMappingURL=data:application/json');
      expect((await stat(bundledEntry(first, 'worker/main.ts'))).isFile()).toBe(true);
      const built = (await stat(api)).mtimeMs;

      expect(await cachedEntryBundles(ROLES, { dir })).toBe(first);
      // Not written again: a second start only finds it.
      expect((await stat(api)).mtimeMs).toBe(built);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keys the bundles by the project folder and its sources: an edit or a new source file gives a new key, other files do not', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'entry-key-'));
    try {
      for (const dir of SOURCE_DIRS) {
        await cp(path.join(PROJECT_ROOT, dir), path.join(root, dir), { recursive: true, filter: (src) => !src.split(path.sep).some((part) => SKIP_DIRS.has(part)) });
      }
      await cp(path.join(PROJECT_ROOT, 'tsconfig.json'), path.join(root, 'tsconfig.json'));

      const key = await entryBundleKey(ROLES, root);
      expect(await entryBundleKey(ROLES, root)).toBe(key);
      // The same sources in another checkout: its own bundles (they point at their folder's migrations and dashboard).
      expect(await entryBundleKey(ROLES, PROJECT_ROOT)).not.toBe(key);

      await writeFile(path.join(root, 'api', 'notes.txt'), 'not a source file\n');
      expect(await entryBundleKey(ROLES, root)).toBe(key);

      await appendFile(path.join(root, 'db', 'sql.ts'), '\n// an edit\n');
      const edited = await entryBundleKey(ROLES, root);
      expect(edited).not.toBe(key);

      await writeFile(path.join(root, 'workflows', 'added.ts'), 'export const added = 1;\n');
      const added = await entryBundleKey(ROLES, root);
      expect(added).not.toBe(edited);

      await appendFile(path.join(root, 'tsconfig.json'), '\n');
      expect(await entryBundleKey(ROLES, root)).not.toBe(added);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
