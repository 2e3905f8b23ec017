import { randomUUID } from 'node:crypto';
import { test } from 'vitest';
import { startTestApi, startTestWorker, type TestApi, type TestWorker } from './stack.js';

export type ApiOptions = NonNullable<Parameters<typeof startTestApi>[0]>;

export interface StackOptions {
  /** startTestApi's options (Temporal address, retry policy, OAuth apps, limits…), or a function that makes them when
   * the stack starts (a dashboard build, a fake whose URL an OAuth app needs). */
  api?: ApiOptions | (() => ApiOptions | Promise<ApiOptions>);
  /** startTestWorker's options (adapters, egress, housekeeping…); `false` = no worker. */
  worker?: Parameters<typeof startTestWorker>[1] | false;
  /** The org of `token` (default: a fresh one), for suites that name it in paths built before the stack starts. */
  orgId?: string;
}

/** The running system of one test file: the API on its own database, an in-process worker, and one org with a key. */
export interface Stack {
  api: TestApi;
  worker: TestWorker | undefined;
  orgId: string;
  /** An API key of `orgId` with audit:read and audit:write. */
  token: string;
}

/**
 * `test` with the stack as a file-scoped fixture: started once, before the file's first test that asks for it, and
 * stopped (worker, then API and database) after its last. Built on startTestApi/startTestWorker.
 *
 *     const test = stackTest({ api: { syncRetry: { maximumAttempts: 2 } } });
 *     test('…', async ({ stack: { api, token, orgId } }) => { … });
 */
export function stackTest(opts: StackOptions = {}) {
  return test.extend('stack', { scope: 'file' }, async ({}, { onCleanup }): Promise<Stack> => {
    const api = await startTestApi(typeof opts.api === 'function' ? await opts.api() : opts.api);
    let worker: TestWorker | undefined;
    onCleanup(async () => {
      await worker?.stop();
      await api.close();
    });
    if (opts.worker !== false) worker = await startTestWorker(api, opts.worker);
    const orgId = opts.orgId ?? randomUUID();
    return { api, worker, orgId, token: await api.createKey(orgId) };
  });
}
