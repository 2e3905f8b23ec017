import { readFileSync, realpathSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import type postgresModule from 'postgres';

/**
 * postgres.js, loaded with a fix for its internal pool queue (3.4.9; upstream src/queue.js is unchanged at HEAD).
 * `shift()` leaves an `undefined` slot behind and only resets the backing array when a shift empties the queue, and
 * `remove()` scans the whole array. The pool calls `remove()` on every connection state change, so a queue that never
 * runs empty — idle connections in `open` at steady load, `busy` when queries outnumber connections — makes each
 * query slower than the last until the process restarts or the queue happens to drain: test/bench/pg-queue-repro.ts
 * shows 2 µs of queue bookkeeping per query after 10k queries and 124 µs after 600k; under the benchmark's list load
 * it was a quarter of the API's CPU after 20 s (BENCHMARKS.md). The replacement below keeps the same FIFO semantics;
 * it searches only the live part and compacts the array. It is installed only over the exact code it fixes, so an
 * upgraded postgres.js that changed the file is used as shipped.
 */
export function createQueue<T>(initial: T[] = []) {
  let xs: (T | undefined)[] = initial.slice();
  let index = 0;
  return {
    get length() {
      return xs.length - index;
    },
    remove(x: T): T | null {
      const at = xs.indexOf(x, index);
      if (at === -1) return null;
      xs.splice(at, 1);
      return x;
    },
    push(x: T): T {
      xs.push(x);
      return x;
    },
    shift(): T | undefined {
      const out = xs[index++];
      if (index === xs.length) {
        index = 0;
        xs = [];
      } else {
        xs[index - 1] = undefined;
        if (index >= 1024 && index * 2 >= xs.length) {
          xs = xs.slice(index);
          index = 0;
        }
      }
      return out;
    },
  };
}

const require = createRequire(import.meta.url);
// The CommonJS build (postgres/cjs/src): its modules go through require.cache, where the fixed queue can stand in.
const queueFile = realpathSync(path.join(path.dirname(require.resolve('postgres')), 'queue.js'));
const KNOWN_BUGGY = 'const index = xs.indexOf(x)';
if (readFileSync(queueFile, 'utf8').includes(KNOWN_BUGGY) && !require.cache[queueFile]) {
  const fixed = new Module(queueFile);
  fixed.filename = queueFile;
  fixed.loaded = true;
  fixed.exports = createQueue;
  require.cache[queueFile] = fixed;
}

const postgres = require('postgres') as typeof postgresModule;
export default postgres;
