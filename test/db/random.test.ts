import { describe, expect, it } from 'vitest';
import { randomSlice } from '../../db/random.js';

describe('randomSlice (pooled CSPRNG bytes for nonces and request ids)', () => {
  it('hands out slices of the asked size that never repeat and never change after being handed out', () => {
    const first = randomSlice(12);
    const copy = Buffer.from(first);
    const seen = new Set<string>([first.toString('hex')]);
    // Many blocks' worth: slices across block boundaries included.
    for (let i = 0; i < 5000; i++) {
      const s = randomSlice(12);
      expect(s.length).toBe(12);
      seen.add(s.toString('hex'));
    }
    expect(seen.size).toBe(5001);
    expect(first.equals(copy)).toBe(true);
    expect(randomSlice(10_000).length).toBe(10_000);
  });
});
