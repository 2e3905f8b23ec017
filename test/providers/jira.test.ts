import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jiraAdapter } from '../../activities/providers/jira/adapter.js';
import { markerFor } from '../../activities/providers/tracker-sync.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { adfProblem, startFakeJira, type FakeJira } from '../fakes/jira.js';
import { adapterProject } from './harness.js';
import { describeTrackerSync } from './tracker-suite.js';

const EMAIL = 'bot@acme.test';
const API_TOKEN = 'ATATTfakeGoodJiraToken0001';
const credentials = (fake: FakeJira) => ({ base_url: fake.url, email: EMAIL, api_token: API_TOKEN, project_key: fake.projectKey });

describeTrackerSync({
  provider: 'jira',
  adapter: jiraAdapter,
  startFake: (opts) => startFakeJira({ email: EMAIL, apiToken: API_TOKEN, projectKey: 'WEB', ...(opts.maxPageSize ? { maxPageSize: opts.maxPageSize } : {}) }),
  credentials,
  badCredentials: (fake) => ({ ...credentials(fake), api_token: 'ATATTfakeBadJiraToken00001' }),
  rateLimited: () => ({ status: 429, body: { errorMessages: ['Rate limit exceeded.'] }, headers: { 'retry-after': '1' } }),
  leftoverBody: (id) => `Tracked by the website audit (${markerFor(id)})`,
});

describe('jira: requests as Jira documents them', () => {
  let db: TestDatabase;
  let fake: FakeJira;
  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeJira({ email: EMAIL, apiToken: API_TOKEN, projectKey: 'OPS', issueType: 'Bug' });
  });
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it('creates with Basic email:api_token, the configured issue type and an ADF description carrying the marker', async () => {
    const project = await adapterProject(db, 'jira');
    const finding = await project.addFinding({ title: 'Mixed content on /checkout', url: 'https://example.com/checkout' });
    expect(await project.sync(jiraAdapter, { ...credentials(fake), issue_type: 'Bug' })).toMatchObject({ pushed: 1 });
    const create = fake.requests.find(fake.isCreate)!;
    expect(create.headers.authorization).toBe(`Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}`);
    const fields = (create.body as { fields: Record<string, unknown> }).fields;
    expect(fields).toMatchObject({ project: { key: 'OPS' }, issuetype: { name: 'Bug' }, summary: 'Mixed content on /checkout' });
    expect(adfProblem(fields.description)).toBeUndefined();
    const text = JSON.stringify(fields.description);
    expect(text).toContain(markerFor(finding.id));
    expect(text).toContain('"href":"https://example.com/checkout"');
    const [task] = await project.tasks();
    expect(task).toMatchObject({ external_id: 'OPS-1', url: `${fake.url}/browse/OPS-1` });
  });

  it('resolves through a transition into a done-category status', async () => {
    const project = await adapterProject(db, 'jira');
    const finding = await project.addFinding();
    await project.sync(jiraAdapter, { ...credentials(fake), issue_type: 'Bug' });
    const [task] = await project.tasks();
    await project.setStatus(finding.id, 'resolved');
    expect(await project.sync(jiraAdapter, { ...credentials(fake), issue_type: 'Bug' })).toEqual({ pushed: 0, pulled: 0, updated: 1 });
    const path = `/rest/api/3/issue/${task!.external_id}/transitions`;
    const listed = fake.requests.find((r) => r.method === 'GET' && r.path === path);
    const posted = fake.requests.find((r) => r.method === 'POST' && r.path === path);
    expect(listed).toBeDefined();
    expect(posted?.body).toEqual({ transition: { id: '13' } });
    expect(fake.issues().find((i) => i.externalId === task!.external_id)!.state).toBe('closed');
  });

  it('reads state from the status category of GET /rest/api/3/issue/{key}?fields=status', async () => {
    const project = await adapterProject(db, 'jira');
    const finding = await project.addFinding();
    await project.sync(jiraAdapter, { ...credentials(fake), issue_type: 'Bug' });
    const [task] = await project.tasks();
    fake.setState(task!.external_id!, 'closed');
    expect(await project.sync(jiraAdapter, { ...credentials(fake), issue_type: 'Bug' })).toEqual({ pushed: 0, pulled: 1, updated: 0 });
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === `/rest/api/3/issue/${task!.external_id}` && r.query.get('fields') === 'status')).toBe(true);
    expect((await project.finding(finding.id)).status).toBe('resolved');
  });

  it('fails ProviderConfigInvalid when the project key is unknown', async () => {
    const project = await adapterProject(db, 'jira');
    await expect(project.sync(jiraAdapter, { ...credentials(fake), project_key: 'NOPE' })).rejects.toMatchObject({ type: 'ProviderConfigInvalid', nonRetryable: true });
  });
});
