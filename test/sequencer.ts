import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, longest first. Vitest orders files by their last duration when it has a cache, and by
 * size otherwise: on a fresh clone (CI) the two-minute soak, a 1.5 KB file, would start last and become the run's tail.
 * Measured with the JSON reporter (`npx vitest run --reporter=json`, 2026-12-07); a file missing here only loses its
 * head start.
 */
const LONGEST_FIRST = [
  'test/soak/soak.test.ts',
  'test/sync/sweep.test.ts',
  'test/deploy/openapi-fuzz.test.ts',
  'test/cli/cli.test.ts',
  'test/deploy/shutdown.test.ts',
  'test/stack/all-in-one.test.ts',
  'test/deploy/build.test.ts',
  'test/deploy/ops.test.ts',
  'test/deploy/k8s.test.ts',
  'test/deploy/stop-signals.test.ts',
  'test/workflows/housekeeping.test.ts',
  'test/dashboard/oauth-providers.test.ts',
  'test/deploy/temporal-tls.test.ts',
  'test/api/events.test.ts',
  'test/sync/fairness.test.ts',
  'test/connect/hosted-page.test.ts',
  'test/sync/credential-health.test.ts',
  'test/deploy/compose.test.ts',
  'test/stack/quick-start.test.ts',
  'test/stack/config.test.ts',
];

const rank = (file: TestSpecification): number => {
  const i = LONGEST_FIRST.findIndex((f) => file.moduleId.endsWith(f));
  return i === -1 ? LONGEST_FIRST.length : i;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array.prototype.sort is stable: the rest keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
