import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, HEAP_GROWING_PERCENT } from '../../api/heap.js';

describe('boundHeapGrowth (the API caps how far V8 grows its heap past the live size)', () => {
  it('sets --heap-growing-percent when node was started without one', () => {
    const set: string[] = [];
    boundHeapGrowth(['--enable-source-maps', '--import', 'tsx'], (flags) => set.push(flags));
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(HEAP_GROWING_PERCENT).toBe(200);
  });

  it("leaves an operator's own --heap-growing-percent on node's command line in place, in either spelling", () => {
    for (const argv of [['--heap-growing-percent=50'], ['--heap_growing_percent=30'], ['--heap-growing-percent', '25']]) {
      const set: string[] = [];
      boundHeapGrowth(argv, (flags) => set.push(flags));
      expect(set).toEqual([]);
    }
  });
});
