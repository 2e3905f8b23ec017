import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitlabAdapter } from '../../activities/providers/gitlab/adapter.js';
import { markerFor } from '../../activities/providers/tracker-sync.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeGitlab, type FakeGitlab } from '../fakes/gitlab.js';
import { adapterProject } from './harness.js';
import { describeTrackerSync } from './tracker-suite.js';

const TOKEN = 'glpat-fakeGoodToken00000001';
const credentials = (fake: FakeGitlab) => ({ token: TOKEN, project: fake.project, base_url: fake.url });

describeTrackerSync({
  provider: 'gitlab',
  adapter: gitlabAdapter,
  startFake: (opts) => startFakeGitlab({ token: TOKEN, project: 'acme/web', ...(opts.maxPageSize ? { maxPageSize: opts.maxPageSize } : {}) }),
  credentials,
  badCredentials: (fake) => ({ ...credentials(fake), token: 'glpat-fakeBadToken000000001' }),
  rateLimited: () => ({ status: 429, body: { message: 'Retry later' }, headers: { 'retry-after': '1', 'ratelimit-remaining': '0' } }),
  leftoverBody: (id) => `**Severity:** high\n\n<!-- ${markerFor(id)} -->`,
});

describe('gitlab: requests as GitLab documents them', () => {
  let db: TestDatabase;
  let fake: FakeGitlab;
  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeGitlab({ token: TOKEN, project: 'acme/platform/site' });
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it('addresses a nested project by its URL-encoded path and creates with PRIVATE-TOKEN and a JSON body', async () => {
    const project = await adapterProject(db, 'gitlab');
    const finding = await project.addFinding({ title: 'Broken canonical tag' });
    await project.sync(gitlabAdapter, { ...credentials(fake), base_url: `${fake.url}/api/v4/` });
    const create = fake.requests.find(fake.isCreate)!;
    expect(create).toMatchObject({ method: 'POST', path: '/api/v4/projects/acme%2Fplatform%2Fsite/issues' });
    expect(create.headers).toMatchObject({ 'private-token': TOKEN, 'content-type': 'application/json' });
    expect(create.body).toEqual({ title: 'Broken canonical tag', description: expect.stringContaining(`<!-- ${markerFor(finding.id)} -->`) });
  });

  it('closes with PUT state_event=close and reopens with state_event=reopen', async () => {
    const project = await adapterProject(db, 'gitlab');
    const finding = await project.addFinding();
    await project.sync(gitlabAdapter, credentials(fake));
    const [task] = await project.tasks();
    const path = `/api/v4/projects/acme%2Fplatform%2Fsite/issues/${task!.external_id}`;
    await project.setStatus(finding.id, 'resolved');
    await project.sync(gitlabAdapter, credentials(fake));
    await project.setStatus(finding.id, 'open');
    await project.sync(gitlabAdapter, credentials(fake));
    expect(fake.requests.filter((r) => r.method === 'PUT' && r.path === path).map((r) => r.body)).toEqual([{ state_event: 'close' }, { state_event: 'reopen' }]);
  });

  it('pauses until RateLimit-Reset when RateLimit-Remaining reaches 0', async () => {
    const project = await adapterProject(db, 'gitlab');
    await project.addFinding();
    const reset = Math.ceil(Date.now() / 1000) + 1;
    fake.fail({ match: (r) => r.method === 'GET' && r.path === '/api/v4/projects/acme%2Fplatform%2Fsite', status: 200, body: { id: 42 }, headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) } });
    const before = fake.requests.length;
    await project.sync(gitlabAdapter, credentials(fake));
    expect(fake.requests[before + 1]!.at).toBeGreaterThanOrEqual(reset * 1000 - 5);
  });
});
