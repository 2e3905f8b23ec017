import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { installedQueues, upstreamQueue, type Queue as GenericQueue } from './upstream-queue.js';

type Queue = GenericQueue<number>;
type Op = { kind: 'push'; value: number } | { kind: 'shift' } | { kind: 'remove'; value: number };

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

describe('patches/postgres+3.4.9.patch: the pool queue postgres.js loads, fixed at npm ci by patch-package', () => {
  it('is applied to every copy of src/queue.js in node_modules', async () => {
    for (const file of (await installedQueues<number>()).files) {
      const code = readFileSync(file, 'utf8');
      expect(code).toContain('xs.indexOf(x, index)');
      expect(code).not.toContain('const index = xs.indexOf(x)');
    }
  });

  for (const copy of ['esm', 'cjs'] as const) {
    it(`(${copy}) answers push, shift, remove and length exactly like the published queue for any sequence`, async () => {
      const fixed = (await installedQueues<number>())[copy];
      fc.assert(fc.property(fc.array(opArb, { maxLength: 2000 }), (ops) => expectSameBehaviour(upstreamQueue<number>(), fixed(), ops)));
    });

    it(`(${copy}) still matches after the queue has cycled far past its compaction point without ever running empty`, async () => {
      const fixed = (await installedQueues<number>())[copy];
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
      expectSameBehaviour(upstreamQueue<number>(), fixed(), cycling());
    });
  }
});

describe('createSql on the patched postgres.js', () => {
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
