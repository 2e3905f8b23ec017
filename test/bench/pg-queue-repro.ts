import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Reproduces the postgres.js (3.4.9) pool-queue slowdown without a database, with the library's own Queue
 * (src/queue.js) driven the way src/index.js drives it: `move(c, queue)` calls `c.queue.remove(c)` on every state change.
 * `shift()` leaves an `undefined` slot behind and the backing array is only reset once the queue is emptied by a
 * shift, so a queue that never drains (idle connections in `open`, or `busy` under load) keeps growing, and every
 * `remove()` scans all of it. Prints the cost per simulated query as the process ages, for the shipped queue and for
 * the replacement db/postgres.ts installs.
 * `node --import tsx test/bench/pg-queue-repro.ts`
 */
import { createQueue } from '../../db/postgres.js';

interface Queue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T | undefined;
  remove(x: T): T | null;
}
interface Conn {
  id: number;
  queue: Queue<Conn>;
}

// `require` resolves postgres/cjs/src/index.js; the ESM build the app imports sits beside it in src/.
const cjsIndex = createRequire(import.meta.url).resolve('postgres');
const queueFile = path.join(path.dirname(cjsIndex), '..', '..', 'src', 'queue.js');
const { default: shipped } = (await import(pathToFileURL(queueFile).href)) as { default: () => Queue<Conn> };

function simulate(label: string, makeQueue: () => Queue<Conn>): void {
  const open = makeQueue();
  const busy = makeQueue();
  const move = (c: Conn, to: Queue<Conn>) => {
    c.queue.remove(c);
    to.push(c);
    c.queue = to;
  };
  // A pool of 10 that has opened all its connections (one burst is enough), then serves 4 queries at a time.
  const inFlight: Conn[] = [];
  for (let id = 0; id < 10; id++) open.push({ id, queue: open } as Conn);
  for (const c of [open.shift()!, open.shift()!, open.shift()!, open.shift()!]) {
    move(c, busy);
    inFlight.push(c);
  }
  let done = 0;
  for (const checkpoint of [10_000, 100_000, 300_000]) {
    const started = process.hrtime.bigint();
    const n = checkpoint - done;
    for (let i = 0; i < n; i++) {
      // One query finishes (its connection goes back to open), the next one takes the oldest idle connection.
      move(inFlight.shift()!, open);
      const c = open.shift()!;
      move(c, busy);
      inFlight.push(c);
    }
    done = checkpoint;
    const us = Number(process.hrtime.bigint() - started) / n / 1000;
    process.stdout.write(`${label}: after ${String(checkpoint).padStart(7)} queries ${us.toFixed(2).padStart(8)} µs of queue bookkeeping per query\n`);
  }
}

simulate('postgres.js 3.4.9 queue', shipped);
simulate('db/postgres.ts queue  ', createQueue<Conn>);
