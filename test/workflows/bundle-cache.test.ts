import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { WORKFLOWS_PATH_FOR_TESTS } from '../helpers/services.js';
import { WORKFLOW_INTERCEPTORS_PATH } from '../../worker/tracing.js';
import { BUILD_CACHE_DIR } from '../../worker/build-cache.js';
import { cachedWorkflowBundle, workflowBundleKey } from '../../worker/workflow-bundle-cache.js';

const sources = { workflowsPath: WORKFLOWS_PATH_FOR_TESTS, interceptorsPath: WORKFLOW_INTERCEPTORS_PATH };

describe('the workflow bundle cache (npm start without WORKFLOW_BUNDLE)', () => {
  it('hands out the bundle this run built, without bundling again', async () => {
    const said: string[] = [];
    const record = (message: string) => void said.push(message);
    const logger = { log: (_level: unknown, message: string) => record(message), trace: record, debug: record, info: record, warn: record, error: record };
    const bundle = await cachedWorkflowBundle(sources, { logger });
    // The global setup built it through the same function, into the same place a worker started by npm start looks.
    expect(bundle).toBe(inject('workflowBundlePath'));
    expect(path.dirname(bundle)).toBe(BUILD_CACHE_DIR);
    expect(said).toEqual([]);
    expect(await readFile(bundle, 'utf8')).toContain('syncIntegration');
  });

  it('keys the bundle by the workflow sources: a copy shares it, an edit to any file does not', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'workflows-'));
    try {
      const copy = path.join(dir, 'workflows');
      await cp(path.dirname(WORKFLOWS_PATH_FOR_TESTS), copy, { recursive: true });
      const copied = { workflowsPath: path.join(copy, 'index.ts'), interceptorsPath: path.join(copy, path.basename(WORKFLOW_INTERCEPTORS_PATH)) };
      const key = await workflowBundleKey(sources);
      expect(key).toMatch(/^[0-9a-f]{24}$/);
      expect(await workflowBundleKey(copied)).toBe(key);
      await writeFile(path.join(copy, 'ids.ts'), `${await readFile(path.join(copy, 'ids.ts'), 'utf8')}\n// changed\n`);
      expect(await workflowBundleKey(copied)).not.toBe(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
