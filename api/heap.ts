import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow the API's heap past what its last full collection left alive: to `1 + percent/100` times the
 * live size, here 3×. Left to itself, V8 picks the factor (up to 4×) from its GC-speed estimates after every full
 * collection, so under steady load the API's heap swung between 140 and 235 MiB, and its RSS between 264 and 343 MiB,
 * around a live heap of about 56 MiB that never grew. With the factor fixed the RSS holds flat, at the same req/s and
 * CPU per request; a factor of 2× held it lower still but cost list 10 to 29 % more CPU per request (BENCHMARKS.md,
 * section 5).
 */
export const HEAP_GROWING_PERCENT = 200;

/**
 * Fixes the heap's growing factor at {@link HEAP_GROWING_PERCENT}, unless node was started with its own
 * `--heap-growing-percent`, which wins. V8 reads the flag at every full collection, so setting it at start is enough.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): void {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return;
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
