/**
 * Reproduces the postgres.js (3.4.9) pool-queue slowdown without a database, with the library's own Queue
 * (src/queue.js) driven the way src/index.js drives it: `move(c, queue)` calls `c.queue.remove(c)` on every state change.
 * `shift()` leaves an `undefined` slot behind and the backing array is only reset once the queue is emptied by a
 * shift, so a queue that never drains (idle connections in `open`, or `busy` under load) keeps growing, and every
 * `remove()` scans all of it. Prints the cost per simulated query as the process ages, for the shipped queue and for
 * the installed one that patches/postgres+3.4.9.patch fixes (applied by patch-package at npm ci).
 * `node --import tsx test/bench/pg-queue-repro.ts`
 */
import { installedQueues, upstreamQueue, type Queue } from '../db/upstream-queue.js';

interface Conn {
  id: number;
  queue: Queue<Conn>;
}

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

simulate('postgres.js 3.4.9 queue', upstreamQueue<Conn>);
simulate('patched queue          ', (await installedQueues<Conn>()).esm);
