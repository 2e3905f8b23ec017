import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The two-minute chaos soak is `npm run soak:short` (and the long one `npm run soak`), not part of `npm test`: it is
    // a quarter of the suite's CPU (166 s of 684 s on 2 cores) and kept `npm test` over its 6-minute budget.
    exclude: [...configDefaults.exclude, ...(process.env.AUDIT_SOAK === '1' ? [] : ['test/soak/**'])],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-file.ts'],
    pool: 'forks',
    // A worker process keeps its imported modules from one file to the next instead of importing the server's module
    // graph again for each of the ~115 files (vitest's `import` and `setup` phases were 360 s of CPU of a 460 s run).
    // Files therefore leave no global state behind: fake timers restored, tracing's globals disabled on shutdown.
    isolate: false,
    // Two test files per core, each with its own database, sharing one Temporal dev server: most files spend their
    // time waiting on Temporal, timers and child processes, so two per core keep the CPU busy (on 2 cores: vitest
    // 527 s with 2 files at a time, 344 s with 4, every file passing; docs/operating.md → Testing).
    maxWorkers: Math.max(2, availableParallelism() * 2),
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: ['default'],
  },
});
