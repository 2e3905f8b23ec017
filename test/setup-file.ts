import { DefaultLogger, Runtime } from '@temporalio/worker';

// Quiet SDK logs in tests (state changes are INFO); warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process.
}
