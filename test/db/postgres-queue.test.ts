import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue } from '../../db/postgres.js';
import { createSql, type Sql } from '../../db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

interface Queue {
  readonly length: number;
  push(x: number): number;
  shift(): number | undefined;
  remove(x: number): number | null;
}
type Op = { kind: 'push'; value: number } | { kind: 'shift' } | { kind: 'remove'; value: number };

const require = createRequire(import.meta.url);
const cjsDir = path.dirname(require.resolve('postgres'));

/** The queue postgres.js ships (its ESM copy, which nothing in the app loads), to compare against. */
async function shippedQueue(): Promise<() => Queue> {
  const file = path.join(cjsDir, '..', '..', 'src', 'queue.js');
  return ((await import(pathToFileURL(file).href)) as { default: () => Queue }).default;
}

function apply(q: Queue, op: Op): unknown {
  if (op.kind === 'push') return q.push(op.value);
  if (op.kind === 'remove') return q.remove(op.value);
  return q.shift();
}

/** Runs the ops on both queues; the pool never shifts an empty queue, so neither do we. */
function expectSameBehaviour(shipped: Queue, fixed: Queue, ops: Iterable<Op>): void {
  for (const op of ops) {
    if (op.kind === 'shift' && shipped.length === 0) continue;
    expect(apply(fixed, op)).toBe(apply(shipped, op));
    expect(fixed.length).toBe(shipped.length);
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), value: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('shift' as const) }),
  fc.record({ kind: fc.constant('remove' as const), value: fc.integer({ min: 0, max: 20 }) }),
);

describe('db/postgres.ts: the pool queue that replaces postgres.js src/queue.js', () => {
  it('answers push, shift, remove and length exactly like the shipped queue for any sequence', async () => {
    const Shipped = await shippedQueue();
    fc.assert(fc.property(fc.array(opArb, { maxLength: 2000 }), (ops) => expectSameBehaviour(Shipped(), createQueue<number>(), ops)));
  });

  it('still matches after the queue has cycled far past its compaction point without ever running empty', async () => {
    const Shipped = await shippedQueue();
    function* cycling(): Generator<Op> {
      yield { kind: 'push', value: 0 };
      for (let i = 1; i <= 5000; i++) {
        yield { kind: 'push', value: i % 50 };
        yield { kind: 'shift' };
        if (i % 7 === 0) yield { kind: 'remove', value: (i * 3) % 50 };
        if (i % 11 === 0) yield { kind: 'push', value: i % 13 };
      }
      for (let i = 0; i < 3000; i++) yield { kind: 'shift' };
    }
    expectSameBehaviour(Shipped(), createQueue<number>(), cycling());
  });
});

describe('createSql with the fixed queue', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase();
    // A pool of two: queries outnumber connections, so the busy, full and queued paths all run.
    sql = createSql({ databaseUrl: db.url, max: 2 });
  });
  afterAll(async () => {
    await sql.end({ timeout: 5 });
    await db.drop();
  });

  it('is what the CommonJS build of postgres.js loads', () => {
    expect(require.cache[realpathSync(path.join(cjsDir, 'queue.js'))]?.exports).toBe(createQueue);
  });

  it('runs hundreds of concurrent queries and transactions on a small pool with correct results', async () => {
    const queries = Array.from({ length: 300 }, async (_, i) => (await sql<{ n: number }[]>`select ${i}::int as n`)[0]!.n);
    const transactions = Array.from({ length: 30 }, (_, i) =>
      sql.begin(async (tx) => {
        const [a] = await tx<{ n: number }[]>`select ${i}::int as n`;
        const [b] = await tx<{ n: number }[]>`select ${a!.n + 1}::int as n`;
        return b!.n;
      }),
    );
    expect(await Promise.all(queries)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(await Promise.all(transactions)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
});
