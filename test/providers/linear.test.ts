import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearAdapter } from '../../activities/providers/linear/adapter.js';
import { markerFor } from '../../activities/providers/tracker-sync.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFakeLinear, type FakeLinear } from '../fakes/linear.js';
import { adapterProject } from './harness.js';
import { describeTrackerSync } from './tracker-suite.js';

const API_KEY = 'lin_api_fakeGoodKey00000000001';
const TEAM_ID = randomUUID();
const credentials = (fake: FakeLinear) => ({ api_key: API_KEY, team_id: fake.teamId, base_url: fake.url });
const rateLimited = () => ({
  status: 400,
  body: { errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] },
  headers: { 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(Date.now() + 1_000) },
});

describeTrackerSync({
  provider: 'linear',
  adapter: linearAdapter,
  startFake: (opts) => startFakeLinear({ apiKey: API_KEY, teamId: TEAM_ID, ...(opts.maxPageSize ? { maxPageSize: opts.maxPageSize } : {}) }),
  credentials,
  badCredentials: (fake) => ({ ...credentials(fake), api_key: 'lin_api_fakeBadKey000000000001' }),
  rateLimited,
  leftoverBody: (id) => `**Severity:** high\n\nTracked by the website audit (${markerFor(id)})`,
});

describe('linear: GraphQL as Linear documents it', () => {
  let db: TestDatabase;
  let fake: FakeLinear;
  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeLinear({ apiKey: API_KEY, teamId: TEAM_ID, maxPageSize: 2 });
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it('creates with issueCreate: the key as Authorization, team, priority from severity, marker in the description', async () => {
    const project = await adapterProject(db, 'linear');
    const finding = await project.addFinding({ title: 'No HSTS header', severity: 'critical' });
    await project.sync(linearAdapter, credentials(fake));
    const create = fake.requests.find(fake.isCreate)!;
    expect(create).toMatchObject({ method: 'POST', path: '/graphql', headers: { authorization: API_KEY, 'content-type': 'application/json' } });
    const [task] = await project.tasks();
    const input = (create.body as { variables: { input: Record<string, unknown> } }).variables.input;
    expect(input).toMatchObject({ id: task!.id, teamId: TEAM_ID, title: 'No HSTS header', priority: 1 });
    expect(input.description).toContain(markerFor(finding.id));
    expect(task).toMatchObject({ external_id: task!.id, url: expect.stringMatching(/^https:\/\/linear\.app\/acme\/issue\/ENG-\d+$/) });
  });

  it('completes the issue with issueUpdate to the team\'s completed state, found across pages of workflow states', async () => {
    const project = await adapterProject(db, 'linear');
    const finding = await project.addFinding();
    await project.sync(linearAdapter, credentials(fake));
    await project.setStatus(finding.id, 'resolved');
    const before = fake.requests.length;
    expect(await project.sync(linearAdapter, credentials(fake))).toEqual({ pushed: 0, pulled: 0, updated: 1 });
    const traffic = fake.requests.slice(before);
    expect(traffic.filter((r) => /\bstates\(/.test(String((r.body as { query: string }).query))).length).toBe(3);
    const update = traffic.find((r) => /\bissueUpdate\(/.test(String((r.body as { query: string }).query)))!;
    const [task] = await project.tasks();
    expect((update.body as { variables: unknown }).variables).toEqual({ id: task!.external_id, input: { stateId: fake.states.find((s) => s.type === 'completed')!.id } });
  });

  it('turns a 400 RATELIMITED error into a retryable failure that waits for X-RateLimit-Requests-Reset', async () => {
    const project = await adapterProject(db, 'linear');
    fake.fail({ ...rateLimited(), headers: { 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(Date.now() + 30_000) } });
    const err = (await project.sync(linearAdapter, credentials(fake)).catch((e: unknown) => e)) as { type: string; nonRetryable: boolean; nextRetryDelay: number };
    expect(err).toMatchObject({ type: 'ProviderRateLimited', nonRetryable: false });
    expect(err.nextRetryDelay).toBeGreaterThan(20_000);
  });

  it('fails ProviderConfigInvalid for an unknown team', async () => {
    const project = await adapterProject(db, 'linear');
    await expect(project.sync(linearAdapter, { ...credentials(fake), team_id: randomUUID() })).rejects.toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
  });
});
