import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncWorkflowId } from '../../workflows/ids.js';
import { startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { waitFor } from '../helpers/wait.js';
import { apiFor } from './support.js';

const TOKEN = `ghp_${randomUUID().replace(/-/g, '')}`;
const REPOSITORY = `acme-${randomUUID().slice(0, 8)}/fair`;
const A_SYNCS = 12;

/**
 * WORKER_MAX_CONCURRENT_ACTIVITIES=8, so WORKER_MAX_ACTIVITIES_PER_ORG defaults to 2. Org A's provider never answers
 * until released; org B's answers at once. Without the per-org share, A's syncs would hold all 8 slots until a provider
 * timeout and B would wait behind them.
 */
describe('a fair share of the worker per org (dev server, real worker)', () => {
  let api: TestApi;
  let worker: TestWorker;
  let slowA: FakeGithub;
  let fastB: FakeGithub;
  const orgA = randomUUID();
  const orgB = randomUUID();
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    [slowA, fastB] = [await startFakeGithub({ token: TOKEN, repository: REPOSITORY }), await startFakeGithub({ token: TOKEN, repository: REPOSITORY })];
    // Two attempts only: were a throttled start counted as an attempt, A's syncs would fail.
    api = await startTestApi({ syncRetry: { initialIntervalMs: 200, maximumAttempts: 2 } });
    worker = await startTestWorker(api, { maxConcurrentActivities: 8 });
    [tokenA, tokenB] = [await api.createKey(orgA), await api.createKey(orgB)];
  });
  afterAll(async () => {
    slowA?.release();
    await worker?.stop();
    await api?.close();
    await slowA?.close();
    await fastB?.close();
  });

  it("lets org B's sync finish within 20 s while org A runs a dozen syncs against a provider that holds every request; all of A's finish once released", async () => {
    const projectsA = Array.from({ length: A_SYNCS }, (_, i) => apiFor(api, tokenA, orgA, `a${i}`));
    const b = apiFor(api, tokenB, orgB, 'b');
    for (const p of projectsA) expect((await p.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: slowA.url })).status).toBe(200);
    expect((await b.connect('github', { token: TOKEN, repository: REPOSITORY, base_url: fastB.url })).status).toBe(200);

    slowA.hold(10_000);
    for (const p of projectsA) expect((await p.sync('github')).status).toBe(202);
    // A's share (2 of 8 slots) is taken by requests the provider holds; the rest of A's syncs wait without a slot.
    await waitFor(async () => (slowA.requests.length >= 2 ? true : undefined), "org A's share to be busy");
    await new Promise((r) => setTimeout(r, 2000));
    expect(slowA.requests.length).toBe(2);

    const started = Date.now();
    expect((await b.sync('github')).status).toBe(202);
    await waitFor(async () => ((await b.row('github')).status === 'connected' ? true : undefined), "org B's sync", 20_000);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(slowA.requests.length).toBe(2);

    // The org is the task queue fairness key of its syncs (and so of their activities).
    const described = await api.client.workflow.getHandle(syncWorkflowId({ orgId: orgA, projectId: 'a0', provider: 'github' })).describe();
    expect(described.priority?.fairnessKey).toBe(orgA);

    slowA.release();
    for (const p of projectsA) await p.rowWhen('github', 'connected');
    const runs = await api.db.sql<{ outcome: string; n: number }[]>`
      select r.outcome, count(*)::int as n from sync_runs r join audit_integrations i on i.id = r.integration_id
      where i.org_id = ${orgA} group by r.outcome
    `;
    expect(runs).toEqual([{ outcome: 'succeeded', n: A_SYNCS }]);
  });
});
