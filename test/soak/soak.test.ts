import { describe, expect, inject, it } from 'vitest';
import { formatSoak, runSoak, soakFailures, type SoakResult } from './soak.js';

// The short chaos soak (`npm run soak:short`, not part of `npm test`): 2 minutes, a kill every 20–45 s, one Temporal
// restart (npm run soak runs 10 minutes).
describe('chaos soak (2 minutes)', () => {
  let result: SoakResult;

  it('survives random SIGKILLs of APIs and workers and a Temporal restart without losing anything', async () => {
    const lines: string[] = [];
    result = await runSoak({ minutes: 2, killEvery: [20, 45], adminDatabaseUrl: inject('adminDatabaseUrl'), log: (l) => lines.push(l) });
    process.stdout.write(`${lines.join('\n')}\n${formatSoak(result)}\n`);

    expect(result.kills.length).toBeGreaterThanOrEqual(1);
    expect(result.temporalRestarts).toBe(1);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.stuckSyncing).toBe(0);
    expect(result.runningRuns).toBe(0);
    expect(result.acknowledgedConnects).toBeGreaterThan(0);
    expect(result.missingConnects).toBe(0);
    expect(result.openFindings).toBeGreaterThan(0);
    for (const [provider, checked] of Object.entries(result.issuesChecked)) {
      expect(checked, provider).toBeGreaterThan(0);
      expect(result.issueMismatches[provider], provider).toEqual([]);
    }
    expect(result.unexplained5xx).toEqual([]);
    expect(result.unexplainedNetworkErrors).toEqual([]);
    for (const p of result.rss) expect(p.growth, `${p.proc} RSS ${p.first} → ${p.last} MiB`).toBeLessThanOrEqual(20);
    expect(soakFailures(result)).toEqual([]);
  }, 9 * 60_000);
});
