/**
 * postgres.js 3.4.9 src/queue.js exactly as published (before patches/postgres+3.4.9.patch), typed: the reference the
 * patched queue must behave like (test/db/postgres-queue.test.ts) and the slow one the repro shows
 * (test/bench/pg-queue-repro.ts). `remove()` scans the whole array, and the array only shrinks when a shift empties it.
 */
export interface Queue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
}

export function upstreamQueue<T>(initial: T[] = []): Queue<T> {
  let xs: (T | undefined)[] = initial.slice();
  let index = 0;
  return {
    get length() {
      return xs.length - index;
    },
    remove: (x) => {
      const index = xs.indexOf(x);
      return index === -1 ? null : (xs.splice(index, 1), x);
    },
    push: (x) => (xs.push(x), x),
    shift: () => {
      const out = xs[index++];
      if (index === xs.length) {
        index = 0;
        xs = [];
      } else {
        xs[index - 1] = undefined;
      }
      return out;
    },
  };
}

/** The installed postgres.js queue: its ESM copy (what the app imports) and its CommonJS copy. */
export async function installedQueues<T>(): Promise<{ esm: () => Queue<T>; cjs: () => Queue<T>; files: string[] }> {
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const require = createRequire(import.meta.url);
  const cjsDir = path.dirname(require.resolve('postgres'));
  const esmFile = path.join(cjsDir, '..', '..', 'src', 'queue.js');
  const cjsFile = path.join(cjsDir, 'queue.js');
  const esm = ((await import(pathToFileURL(esmFile).href)) as { default: () => Queue<T> }).default;
  const cjs = require(cjsFile) as () => Queue<T>;
  return { esm, cjs, files: [esmFile, cjsFile, path.join(cjsDir, '..', '..', 'cf', 'src', 'queue.js')] };
}
