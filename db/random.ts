import { randomBytes } from 'node:crypto';

// Random bytes drawn 4 KiB at a time: a randomBytes call per request id or nonce is a getrandom syscall each, which
// on this kind of VM was 2 % of connect's CPU; a slice of a block is a few hundred nanoseconds.
const BLOCK_BYTES = 4096;
let block = Buffer.alloc(0);
let offset = 0;

/**
 * `size` fresh random bytes (CSPRNG). Slices share a block that is never written again once handed out (a new block
 * replaces it when it runs out), so each slice stays as it was returned and no two slices overlap.
 */
export function randomSlice(size: number): Buffer {
  if (size > BLOCK_BYTES) return randomBytes(size);
  if (offset + size > block.length) {
    block = randomBytes(BLOCK_BYTES);
    offset = 0;
  }
  const slice = block.subarray(offset, offset + size);
  offset += size;
  return slice;
}
