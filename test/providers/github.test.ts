import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGithubAdapter, githubAdapter } from '../../activities/providers/github/adapter.js';
import { markerFor } from '../../activities/providers/tracker-sync.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { adapterProject } from './harness.js';
import { describeTrackerSync } from './tracker-suite.js';

const TOKEN = 'ghp_fakeGoodToken000000000001';
const credentials = (fake: FakeGithub) => ({ token: TOKEN, repository: fake.repository, base_url: fake.url });

describeTrackerSync({
  provider: 'github',
  adapter: githubAdapter,
  startFake: (opts) => startFakeGithub({ token: TOKEN, repository: 'acme/web', ...(opts.maxPageSize ? { maxPageSize: opts.maxPageSize } : {}) }),
  credentials,
  badCredentials: (fake) => ({ ...credentials(fake), token: 'ghp_fakeBadToken0000000000001' }),
  rateLimited: () => ({ status: 429, body: { message: 'API rate limit exceeded' }, headers: { 'retry-after': '1' } }),
  leftoverBody: (id) => `**Severity:** high\n\n<!-- ${markerFor(id)} -->`,
});

describe('github: requests as GitHub documents them', () => {
  let db: TestDatabase;
  let fake: FakeGithub;
  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeGithub({ token: TOKEN, repository: 'acme/site' });
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it('creates the issue with title and a Markdown body carrying the marker', async () => {
    const project = await adapterProject(db, 'github');
    const finding = await project.addFinding({ title: 'Slow LCP on /pricing', severity: 'medium' });
    await project.sync(githubAdapter, credentials(fake));
    const create = fake.requests.find(fake.isCreate)!;
    expect(create).toMatchObject({ method: 'POST', path: '/repos/acme/site/issues' });
    expect(create.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' });
    expect(create.body).toEqual({ title: 'Slow LCP on /pricing', body: expect.stringContaining(`<!-- ${markerFor(finding.id)} -->`) });
    expect((create.body as { body: string }).body).toContain('**Severity:** medium');
  });

  it('closes with PATCH state=closed, state_reason=completed', async () => {
    const project = await adapterProject(db, 'github');
    const finding = await project.addFinding();
    await project.sync(githubAdapter, credentials(fake));
    await project.setStatus(finding.id, 'resolved');
    expect(await project.sync(githubAdapter, credentials(fake))).toEqual({ pushed: 0, pulled: 0, updated: 1 });
    const [task] = await project.tasks();
    const patch = fake.requests.find((r) => r.method === 'PATCH' && r.path === `/repos/acme/site/issues/${task!.external_id}`);
    expect(patch?.body).toEqual({ state: 'closed', state_reason: 'completed' });
  });

  it('spaces creations so no more than the secondary limit fall in one window', async () => {
    const project = await adapterProject(db, 'github');
    for (let i = 0; i < 3; i += 1) await project.addFinding();
    const before = fake.requests.length;
    const paced = createGithubAdapter({ creationsPerWindow: 2, windowMs: 1_000 });
    expect(await project.sync(paced, credentials(fake))).toMatchObject({ pushed: 3 });
    const creates = fake.requests.slice(before).filter(fake.isCreate);
    expect(creates).toHaveLength(3);
    // The pacer holds the third create until the first one's stamp is a window old (exact, see pacing.test.ts with fake
    // timers); the fake stamps arrivals, which differ from send times by network jitter: a stated 50 ms tolerance.
    expect(creates[2]!.at - creates[0]!.at).toBeGreaterThanOrEqual(1_000 - 50);
  });

  it('waits for x-ratelimit-reset when x-ratelimit-remaining reaches 0', async () => {
    const project = await adapterProject(db, 'github');
    await project.addFinding();
    const reset = Math.ceil(Date.now() / 1000) + 1;
    fake.fail({ match: (r) => r.method === 'GET' && r.path === '/repos/acme/site', status: 200, body: { id: 1, has_issues: true }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } });
    const before = fake.requests.length;
    await project.sync(githubAdapter, credentials(fake));
    const next = fake.requests[before + 1]!;
    expect(next.at).toBeGreaterThanOrEqual(reset * 1000 - 5);
  });

  it('treats a secondary-limit 403 as a rate limit, not an auth failure', async () => {
    const project = await adapterProject(db, 'github');
    await project.addFinding();
    fake.fail({ match: fake.isCreate, status: 403, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } });
    await expect(project.sync(githubAdapter, credentials(fake))).rejects.toMatchObject({ type: 'ProviderRateLimited', nonRetryable: false, nextRetryDelay: 60_000 });
  });
});
