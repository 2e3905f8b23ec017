import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderAdapter } from '../../activities/providers/types.js';
import { markerFor } from '../../activities/providers/tracker-sync.js';
import type { Provider } from '../../db/providers.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import type { Fault, FakeTracker } from '../fakes/fake-server.js';
import { adapterProject, apiProject, withDeadline, type PresentedFinding } from './harness.js';
import type { Transport } from '../../activities/outbound/client.js';
import { definitionOf } from '../../activities/providers/catalog.js';
import { credentialKeys } from '../../activities/providers/definition.js';

export interface TrackerSuiteSpec<F extends FakeTracker> {
  provider: Provider;
  adapter: ProviderAdapter;
  startFake(opts: { maxPageSize?: number }): Promise<F>;
  credentials(fake: F): Record<string, unknown>;
  badCredentials(fake: F): Record<string, unknown>;
  /** The provider's documented "slow down" answer (429 + Retry-After, or Linear's 400 RATELIMITED). */
  rateLimited(): Omit<Fault, 'match' | 'times'>;
  /** Text that files an issue "created by a crashed attempt" for this finding: the body our adapter would write. */
  leftoverBody(findingId: string): string;
}

const issuesFor = (fake: FakeTracker, findingId: string) => fake.issues().filter((i) => i.text.includes(markerFor(findingId)));

/** The behaviour every tracker must show, run against its fake through the API + workflow and through the adapter. */
export function describeTrackerSync<F extends FakeTracker>(spec: TrackerSuiteSpec<F>): void {
  describe(`${spec.provider}: sync through the API, workflow and worker`, () => {
    let fake: F;
    let api: TestApi;
    let worker: TestWorker;
    let token: string;
    const orgId = randomUUID();
    let crashAfterCreate = false;

    beforeAll(async () => {
      fake = await spec.startFake({});
      api = await startTestApi();
      // The worker's fetch: optionally "crash" right after the provider answered a create, before anything is recorded.
      const crashable = (next: Transport): Transport => async (url, init) => {
        const res = await next(url, init);
        const last = fake.requests[fake.requests.length - 1];
        if (crashAfterCreate && res.status < 300 && last && fake.isCreate(last)) {
          crashAfterCreate = false;
          await res.body?.cancel();
          throw new Error('worker crashed after the provider answered');
        }
        return res;
      };
      worker = await startTestWorker(api, { outbound: { intercept: crashable } });
      token = await api.createKey(orgId);
    });
    afterAll(async () => {
      await worker?.stop();
      await api?.close();
      await fake?.close();
    });

    describe('one project over several syncs', () => {
      let project: ReturnType<typeof apiProject>;
      let open: PresentedFinding[];
      let resolved: PresentedFinding;

      it('pushes every open finding as an issue on the first sync', async () => {
        project = apiProject(api, token, orgId, spec.provider);
        await project.connect(spec.credentials(fake));
        open = [await project.createFinding(), await project.createFinding({ severity: 'critical', description: undefined })];
        resolved = await project.createFinding();
        await project.setStatus(resolved.id, 'resolved');

        const result = await project.sync();
        expect(result).toMatchObject({ status: 'connected', run: { outcome: 'succeeded', items_pushed: 2 } });
        for (const f of open) expect(issuesFor(fake, f.id)).toHaveLength(1);
        expect(issuesFor(fake, resolved.id)).toHaveLength(0);
        const listed = await project.findings();
        for (const f of open) {
          const task = listed.find((l) => l.id === f.id)!.tasks[0]!;
          expect(task).toMatchObject({ provider: spec.provider, external_id: issuesFor(fake, f.id)[0]!.externalId, state: 'open' });
          expect(task.url).toMatch(/^https?:\/\//);
          expect(task.synced_at).toMatch(/Z$/);
        }
        expect(fake.violations).toEqual([]);
      });

      it('creates nothing new on a second sync', async () => {
        const creates = fake.requests.filter(fake.isCreate).length;
        const result = await project.sync();
        expect(result).toMatchObject({ status: 'connected', run: { outcome: 'succeeded', items_pushed: 0, items_pulled: 0, items_updated: 0 } });
        expect(fake.requests.filter(fake.isCreate).length).toBe(creates);
        for (const f of open) expect(issuesFor(fake, f.id)).toHaveLength(1);
      });

      it('resolves the finding whose issue was closed in the tracker', async () => {
        fake.setState(issuesFor(fake, open[0]!.id)[0]!.externalId, 'closed');
        const result = await project.sync();
        expect(result.run).toMatchObject({ outcome: 'succeeded', items_pulled: 1, items_updated: 0 });
        const listed = (await project.findings()).find((l) => l.id === open[0]!.id)!;
        expect(listed).toMatchObject({ status: 'resolved', tasks: [{ state: 'closed' }] });
      });

      it('closes the issue of a finding resolved here, and reopens it when the finding is reopened', async () => {
        await project.setStatus(open[1]!.id, 'resolved');
        expect((await project.sync()).run).toMatchObject({ outcome: 'succeeded', items_updated: 1 });
        expect(issuesFor(fake, open[1]!.id)[0]!.state).toBe('closed');

        await project.setStatus(open[1]!.id, 'open');
        expect((await project.sync()).run).toMatchObject({ outcome: 'succeeded', items_updated: 1, items_pushed: 0 });
        expect(issuesFor(fake, open[1]!.id)).toEqual([expect.objectContaining({ state: 'open' })]);
        expect((await project.findings()).find((l) => l.id === open[1]!.id)!.tasks[0]!.state).toBe('open');
        expect(fake.violations).toEqual([]);
      });
    });

    it('goes to error with ProviderAuthFailed on bad credentials, after exactly one request', async () => {
      const project = apiProject(api, token, orgId, spec.provider);
      await project.connect(spec.badCredentials(fake));
      await project.createFinding();
      const before = fake.badAuthRequests().length;
      expect(await project.sync()).toMatchObject({ status: 'error', run: { outcome: 'failed', error_code: 'ProviderAuthFailed' } });
      expect(fake.badAuthRequests().length - before).toBe(1);
    });

    it('retries after the provider says slow down, then succeeds without a duplicate', async () => {
      const project = apiProject(api, token, orgId, spec.provider);
      await project.connect(spec.credentials(fake));
      const finding = await project.createFinding();
      const before = fake.requests.length;
      fake.fail({ ...spec.rateLimited(), match: fake.isCreate, times: 1 });
      expect(await project.sync()).toMatchObject({ status: 'connected', run: { outcome: 'succeeded', items_pushed: 1 } });
      expect(fake.requests.slice(before).filter(fake.isCreate)).toHaveLength(2);
      expect(issuesFor(fake, finding.id)).toHaveLength(1);
    });

    it('does not duplicate the issue when the worker crashes between the remote create and the local record', async () => {
      const project = apiProject(api, token, orgId, spec.provider);
      await project.connect(spec.credentials(fake));
      const finding = await project.createFinding();
      const before = fake.requests.length;
      crashAfterCreate = true;
      expect(await project.sync()).toMatchObject({ status: 'connected', run: { outcome: 'succeeded', items_pushed: 1 } });
      expect(crashAfterCreate).toBe(false);
      const traffic = fake.requests.slice(before);
      expect(traffic.filter(fake.isCreate)).toHaveLength(1);
      expect(traffic.filter(fake.isList).length).toBeGreaterThanOrEqual(1);
      const [issue] = issuesFor(fake, finding.id);
      expect(issuesFor(fake, finding.id)).toHaveLength(1);
      expect((await project.findings())[0]!.tasks).toEqual([expect.objectContaining({ external_id: issue!.externalId, state: 'open' })]);
    });
  });

  describe(`${spec.provider}: adapter against its fake`, () => {
    let db: TestDatabase;
    let fake: F;
    beforeAll(async () => {
      db = await createTestDatabase();
      fake = await spec.startFake({ maxPageSize: 2 });
    });
    afterAll(async () => {
      await fake?.close();
      await db?.drop();
    });

    it('adopts the issue a crashed attempt created, found on a later page of recent issues', async () => {
      const project = await adapterProject(db, spec.provider);
      const finding = await project.addFinding();
      await project.stores().findings.recordIntent(finding.id);
      const leftover = fake.addIssue(spec.leftoverBody(finding.id));
      for (let i = 0; i < 5; i += 1) fake.addIssue();
      const before = fake.requests.length;

      expect(await project.sync(spec.adapter, spec.credentials(fake))).toEqual({ pushed: 1, pulled: 0, updated: 0 });
      const traffic = fake.requests.slice(before);
      expect(traffic.filter(fake.isCreate)).toHaveLength(0);
      expect(traffic.filter(fake.isList).length).toBeGreaterThanOrEqual(3);
      expect(await project.tasks()).toEqual([expect.objectContaining({ finding_id: finding.id, external_id: leftover, state: 'open' })]);
      expect(fake.violations).toEqual([]);
    });

    it('stops listing at PROVIDER_MAX_PAGES with a warning, keeping an unfound intent rather than risking a duplicate', async () => {
      const project = await adapterProject(db, spec.provider);
      const finding = await project.addFinding();
      await project.stores().findings.recordIntent(finding.id);
      fake.addIssue(spec.leftoverBody(finding.id));
      for (let i = 0; i < 5; i += 1) fake.addIssue();
      const before = fake.requests.length;

      const counts = await project.sync(spec.adapter, spec.credentials(fake), { limits: { maxPages: 1, maxRows: 1_000_000 } });
      expect(counts).toEqual({ pushed: 0, pulled: 0, updated: 0, warnings: ['the issue listing: stopped after 1 pages (PROVIDER_MAX_PAGES); the rest was not read'] });
      const traffic = fake.requests.slice(before);
      expect(traffic.filter(fake.isList)).toHaveLength(1);
      expect(traffic.filter(fake.isCreate)).toHaveLength(0);
      expect(await project.tasks()).toEqual([expect.objectContaining({ finding_id: finding.id, external_id: null })]);
      // Without the cap, the next sync finds and adopts it.
      expect(await project.sync(spec.adapter, spec.credentials(fake))).toEqual({ pushed: 1, pulled: 0, updated: 0 });
    });

    it('adopts a leftover issue that was closed meanwhile, and resolves its finding in the same sync', async () => {
      const project = await adapterProject(db, spec.provider);
      const finding = await project.addFinding();
      await project.stores().findings.recordIntent(finding.id);
      const leftover = fake.addIssue(spec.leftoverBody(finding.id));
      fake.setState(leftover, 'closed');
      expect(await project.sync(spec.adapter, spec.credentials(fake))).toEqual({ pushed: 1, pulled: 1, updated: 0 });
      expect((await project.finding(finding.id)).status).toBe('resolved');
      expect(await project.tasks()).toEqual([expect.objectContaining({ external_id: leftover, state: 'closed' })]);
    });

    it('drops the intent of a finding resolved before its issue was created, creating nothing', async () => {
      const project = await adapterProject(db, spec.provider);
      const finding = await project.addFinding();
      await project.stores().findings.recordIntent(finding.id);
      await project.setStatus(finding.id, 'resolved');
      expect(await project.sync(spec.adapter, spec.credentials(fake))).toEqual({ pushed: 0, pulled: 0, updated: 0 });
      expect(await project.tasks()).toEqual([]);
      expect(issuesFor(fake, finding.id)).toHaveLength(0);
    });

    it('leaves the task of a deleted issue alone and still carries over the other changes', async () => {
      const project = await adapterProject(db, spec.provider);
      const [kept, gone] = [await project.addFinding(), await project.addFinding()];
      await project.sync(spec.adapter, spec.credentials(fake));
      fake.removeIssue(issuesFor(fake, gone.id)[0]!.externalId);
      fake.setState(issuesFor(fake, kept.id)[0]!.externalId, 'closed');
      expect(await project.sync(spec.adapter, spec.credentials(fake))).toEqual({ pushed: 0, pulled: 1, updated: 0 });
      expect((await project.finding(kept.id)).status).toBe('resolved');
      expect((await project.finding(gone.id)).status).toBe('open');
      expect((await project.tasks()).find((t) => t.finding_id === gone.id)).toMatchObject({ state: 'open' });
    });

    it('fails ProviderConfigInvalid before any request when a credential key is missing', async () => {
      const project = await adapterProject(db, spec.provider);
      await project.addFinding();
      for (const key of credentialKeys(definitionOf(spec.provider)).filter((k) => k.required).map((k) => k.key)) {
        const credentials = { ...spec.credentials(fake) };
        delete credentials[key];
        const before = fake.requests.length;
        await expect(project.sync(spec.adapter, credentials)).rejects.toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
        expect(fake.requests.length).toBe(before);
      }
    });

    it('fails ProviderAuthFailed, non-retryable, with no credential in the message', async () => {
      const project = await adapterProject(db, spec.provider);
      const bad = spec.badCredentials(fake);
      const err = await project.sync(spec.adapter, bad).then(() => undefined, (e: unknown) => e as { type: string; nonRetryable: boolean; message: string });
      expect(err).toMatchObject({ type: 'ProviderAuthFailed', nonRetryable: true });
      for (const value of Object.values(bad)) if (typeof value === 'string' && !value.startsWith('http')) expect(err!.message).not.toContain(value);
    });

    it('treats a 500 and a too-slow answer as retryable, and the next attempt finishes the work', async () => {
      const project = await adapterProject(db, spec.provider);
      const finding = await project.addFinding();
      fake.fail({ match: fake.isCreate, status: 500, body: { message: 'boom' } });
      await expect(project.sync(spec.adapter, spec.credentials(fake))).rejects.toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });
      fake.fail({ match: fake.isList, delayMs: 1_500 });
      await expect(project.sync(spec.adapter, spec.credentials(fake), { intercept: withDeadline(300) })).rejects.toMatchObject({
        type: 'ProviderUnavailable',
        nonRetryable: false,
        // No answer before the deadline reads as any unreachable address does (no mapping through error texts).
        message: expect.stringContaining('could not be reached from this deployment'),
      });
      expect(await project.sync(spec.adapter, spec.credentials(fake))).toEqual({ pushed: 1, pulled: 0, updated: 0 });
      expect(issuesFor(fake, finding.id)).toHaveLength(1);
      expect(project.heartbeats).toContainEqual(expect.objectContaining({ phase: expect.any(String), pushed: 1 }));
    });
  });
}
