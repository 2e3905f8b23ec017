import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { openApiDocument } from '../../api/openapi/document.js';
import { responseChecker } from '../deploy/openapi-check.js';
import { stackTest } from '../helpers/fixture.js';
import type { TestApi } from '../helpers/stack.js';
import { DISCONNECTED_ROW_KEYS, TIMESTAMP } from './raw-http.js';

type Entry = Record<string, unknown> & { id: string | null; settings: { sync_interval_seconds: number | null; paused: boolean }; next_sync_at: string | null };
type Envelope = { data: unknown; meta: Record<string, unknown>; error: { code: string; message: string } | null };

const orgId = randomUUID();
// SYNC_INTERVAL of this API: 2 hours, so a null interval is seen to mean the deployment's, not a constant.
const DEFAULT_INTERVAL_S = 7200;
const test = stackTest({ worker: false, orgId, api: { syncSchedule: { defaultIntervalMs: DEFAULT_INTERVAL_S * 1000, minIntervalMs: 5 * 60_000 } } });
const SECRET = `ghp_${randomUUID().replace(/-/g, '')}`;
const DETAIL_KEYS = ['health', 'next_sync_at', 'realtime', 'settings'];
const UNKNOWN_HEALTH = { state: 'unknown', reason: null, checked_at: null, credentials_expire_at: null };

describe('GET …/integrations/:provider and PATCH …/integrations/:provider/settings', () => {
  let api: TestApi;
  let token: string;
  const checker = responseChecker(openApiDocument() as never);
  const I = '/api/v1/orgs/{org_id}/projects/{project_id}/audit/integrations';
  const path = (project: string, org = orgId) => `/api/v1/orgs/${org}/projects/${project}/audit/integrations`;

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
  });

  /** Every answer is checked against the OpenAPI document (status, exact fields) and never carries the secret. */
  async function request(method: string, template: string, url: string, opts: { body?: unknown; rawBody?: string; key?: string } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.key ?? token}` };
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${api.baseUrl}${url}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const checked = await checker.check(res, method, template);
    expect(checked.text).not.toContain(SECRET);
    return { status: checked.status, json: checked.json as Envelope };
  }
  const get = (project: string, provider: string, key?: string) => request('GET', `${I}/{provider}`, `${path(project)}/${provider}`, key ? { key } : {});
  const patch = (project: string, provider: string, body: unknown, opts: { key?: string; rawBody?: string } = {}) =>
    request('PATCH', `${I}/{provider}/settings`, `${path(project)}/${provider}/settings`, { body, ...opts });
  const list = async (project: string) => (await request('GET', I, path(project))).json.data as Entry[];
  async function connect(project: string, provider = 'github') {
    const res = await request('POST', `${I}/{provider}/connect`, `${path(project)}/${provider}/connect`, { body: { credentials: { token: SECRET } } });
    expect(res.status).toBe(200);
    return (res.json.data as { id: string }).id;
  }
  /** A finished sync run, as the worker records it (no worker in this file: the schedule arithmetic is the API's). */
  async function finishedRun(integrationId: string, finishedAt: string) {
    await api.db.sql`
      insert into sync_runs (integration_id, workflow_id, run_id, trigger, started_at, finished_at, outcome)
      values (${integrationId}, ${`wf-${randomUUID()}`}, ${randomUUID()}, 'schedule', ${finishedAt}::timestamptz - interval '5 seconds', ${finishedAt}, 'succeeded')
    `;
  }
  const dbRow = async (id: string) =>
    (await api.db.sql<{ paused: boolean; sync_interval_seconds: number | null; next_sync_at: Date | null }[]>`select paused, sync_interval_seconds, next_sync_at from audit_integrations where id = ${id}`)[0]!;
  const settingsEntries = async (id: string) =>
    api.db.sql<{ action: string; target_id: string }[]>`select action, target_id from audit_log where org_id = ${orgId} and action = 'settings_changed' and target_id = ${id}`;
  const strip = (entry: Entry) => Object.fromEntries(Object.entries(entry).filter(([k]) => !DETAIL_KEYS.includes(k)));
  const plus = (seconds: number, iso: string) => new Date(Date.parse(iso) + seconds * 1000).toISOString().slice(0, 19) + 'Z';

  test('a never-connected provider answers its list placeholder (inserted_at, credentials: {}) with the defaults', async () => {
    const res = await get('fresh', 'sentry');
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({
      id: null, provider: 'sentry', status: 'disconnected', credentials: {}, last_sync_at: null, inserted_at: null, updated_at: null,
      settings: { sync_interval_seconds: null, paused: false }, next_sync_at: null, health: UNKNOWN_HEALTH,
      realtime: { state: 'pending', reason: null, url: null, secret: null },
    });
    expect(strip(res.json.data as Entry)).toEqual((await list('fresh')).find((e) => e.provider === 'sentry'));
  });

  test('a connected provider answers exactly its list row plus settings, next_sync_at and health', async () => {
    const id = await connect('connected');
    const res = await get('connected', 'github');
    expect(res.status).toBe(200);
    const entry = res.json.data as Entry;
    expect(strip(entry)).toEqual((await list('connected')).find((e) => e.provider === 'github'));
    expect(entry).toMatchObject({ id, status: 'connected', settings: { sync_interval_seconds: null, paused: false }, health: UNKNOWN_HEALTH });
    // Connect makes it due at once: next_sync_at is the connect's time (last_sync_at, as the spec sets it).
    expect(entry.next_sync_at).toMatch(TIMESTAMP);
    expect(entry.next_sync_at).toBe(entry.last_sync_at);
    // The health columns, once the worker fills them, come through with the timestamp format.
    await api.db.sql`
      update audit_integrations set health_state = 'needs_reconnect', health_reason = 'GitHub answered 401 Bad credentials',
        health_checked_at = '2025-06-10T14:00:00.123Z', credentials_expire_at = '2025-06-11T14:00:00Z' where id = ${id}
    `;
    expect(((await get('connected', 'github')).json.data as Entry).health).toEqual({
      state: 'needs_reconnect', reason: 'GitHub answered 401 Bad credentials', checked_at: '2025-06-10T14:00:00Z', credentials_expire_at: '2025-06-11T14:00:00Z',
    });
  });

  test('a disconnected provider answers its list row (with credentials: {}), next_sync_at null, settings kept', async () => {
    const id = await connect('gone');
    expect((await patch('gone', 'github', { sync_interval_seconds: 900 })).status).toBe(200);
    expect((await request('POST', `${I}/{provider}/disconnect`, `${path('gone')}/github/disconnect`)).status).toBe(200);
    const entry = (await get('gone', 'github')).json.data as Entry;
    expect(Object.keys(strip(entry)).sort()).toEqual(DISCONNECTED_ROW_KEYS);
    expect(strip(entry)).toEqual((await list('gone')).find((e) => e.provider === 'github'));
    expect(entry).toMatchObject({ id, status: 'disconnected', credentials: {}, next_sync_at: null, settings: { sync_interval_seconds: 900, paused: false } });
  });

  test('an unknown provider is 422 invalid_provider on both operations', async () => {
    expect((await get('fresh', 'myspace')).json.error?.code).toBe('invalid_provider');
    expect((await patch('fresh', 'myspace', {})).json.error?.code).toBe('invalid_provider');
  });

  test.each([
    [{ sync_interval_seconds: 299 }, 'sync_interval_seconds must be an integer from 300 to 604800'],
    [{ sync_interval_seconds: 604_801 }, 'sync_interval_seconds must be an integer from 300 to 604800'],
    [{ sync_interval_seconds: 900.5 }, 'sync_interval_seconds must be an integer'],
    [{ sync_interval_seconds: '900' }, 'sync_interval_seconds must be an integer'],
    [{ paused: 'yes' }, 'paused must be a boolean'],
    [{ paused: null }, 'paused must be a boolean'],
    [{ paused: true, schedule: 'daily' }, 'body has an unknown field: schedule'],
    [[{ paused: true }], 'body must be a JSON object'],
    ['paused', 'body must be a JSON object'],
  ])('PATCH %j is 422 validation_failed naming the field', async (body, message) => {
    await connect('validated');
    const res = await patch('validated', 'github', body);
    expect(res.status).toBe(422);
    expect(res.json.error?.code).toBe('validation_failed');
    expect(res.json.error?.message).toContain(message);
  });

  test('an unknown field that looks like a secret is refused without being echoed', async () => {
    const res = await patch('validated', 'github', { [SECRET.replace('ghp_', 'ghp.')]: 1 });
    expect(res.json.error).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('body has an unknown field;') });
    expect(JSON.stringify(res.json)).not.toContain(SECRET.slice(4));
    expect((await patch('validated', 'github', undefined, { rawBody: '{"paused": tru' })).json.error?.code).toBe('invalid_json');
  });

  test('a provider not connected (no row, or disconnected) is 422 not_connected', async () => {
    expect((await patch('fresh', 'jira', { paused: true })).json.error?.code).toBe('not_connected');
    await connect('unplugged', 'jira');
    await request('POST', `${I}/{provider}/disconnect`, `${path('unplugged')}/jira/disconnect`);
    const res = await patch('unplugged', 'jira', { paused: true });
    expect(res.status).toBe(422);
    expect(res.json.error?.code).toBe('not_connected');
    expect((await patch('unplugged', 'jira', {})).json.error?.code).toBe('not_connected');
  });

  test('an interval moves next_sync_at to the last finished sync + the interval; null = the deployment SYNC_INTERVAL', async () => {
    const id = await connect('interval');
    const finished = '2025-06-10T14:00:00Z';
    await finishedRun(id, finished);
    let res = await patch('interval', 'github', { sync_interval_seconds: 3600 });
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ settings: { sync_interval_seconds: 3600, paused: false }, next_sync_at: plus(3600, finished) });
    // Answers like the GET.
    expect(res.json.data).toEqual((await get('interval', 'github')).json.data);
    res = await patch('interval', 'github', { sync_interval_seconds: null });
    expect(res.json.data).toMatchObject({ settings: { sync_interval_seconds: null, paused: false }, next_sync_at: plus(DEFAULT_INTERVAL_S, finished) });
    // The newest finished run counts (a running one has no finish yet).
    await finishedRun(id, '2025-06-11T09:30:00Z');
    await api.db.sql`insert into sync_runs (integration_id, workflow_id, run_id, trigger) values (${id}, 'wf-running', ${randomUUID()}, 'manual')`;
    res = await patch('interval', 'github', { sync_interval_seconds: 86_400 });
    expect((res.json.data as Entry).next_sync_at).toBe(plus(86_400, '2025-06-11T09:30:00Z'));
    expect((await dbRow(id)).sync_interval_seconds).toBe(86_400);
  });

  test('an integration that never finished a sync stays due at once when its interval changes', async () => {
    const id = await connect('first-sync');
    const res = await patch('first-sync', 'github', { sync_interval_seconds: 600 });
    const [{ now }] = (await api.db.sql<{ now: Date }[]>`select now()`) as unknown as [{ now: Date }];
    const next = (await dbRow(id)).next_sync_at!;
    expect(next.getTime()).toBeLessThanOrEqual(now.getTime());
    expect((res.json.data as Entry).next_sync_at).toMatch(TIMESTAMP);
  });

  test('pause clears next_sync_at; resume makes an overdue integration due at once', async () => {
    const id = await connect('paused');
    const finished = '2025-06-01T08:00:00Z';
    await finishedRun(id, finished);
    let res = await patch('paused', 'github', { paused: true, sync_interval_seconds: 1800 });
    expect(res.json.data).toMatchObject({ settings: { sync_interval_seconds: 1800, paused: true }, next_sync_at: null });
    expect(await dbRow(id)).toEqual({ paused: true, sync_interval_seconds: 1800, next_sync_at: null });
    // Changing the interval while paused keeps it paused and unscheduled.
    res = await patch('paused', 'github', { sync_interval_seconds: 3600 });
    expect(res.json.data).toMatchObject({ settings: { sync_interval_seconds: 3600, paused: true }, next_sync_at: null });
    // A reconnect while paused leaves it paused: no periodic sync until resumed.
    await connect('paused');
    expect((await get('paused', 'github')).json.data).toMatchObject({ status: 'connected', settings: { paused: true }, next_sync_at: null });
    expect((await dbRow(id)).next_sync_at).toBeNull();
    res = await patch('paused', 'github', { paused: false });
    // Last finish + interval, long past: due at once (the next sweep starts it).
    expect(res.json.data).toMatchObject({ settings: { sync_interval_seconds: 3600, paused: false }, next_sync_at: plus(3600, finished) });
    expect((await dbRow(id)).next_sync_at!.getTime()).toBeLessThan(Date.now());
  });

  test('each change is audited as settings_changed (ids and action only); an empty or unchanged body changes nothing', async () => {
    const id = await connect('audited');
    const before = (await get('audited', 'github')).json.data;
    const unchanged = await patch('audited', 'github', {});
    expect(unchanged.status).toBe(200);
    expect(unchanged.json.data).toEqual(before);
    expect(await patch('audited', 'github', { paused: false, sync_interval_seconds: null })).toMatchObject({ status: 200 });
    // No body at all is the empty patch too.
    expect((await request('PATCH', `${I}/{provider}/settings`, `${path('audited')}/github/settings`)).json.data).toEqual(before);
    expect(await settingsEntries(id)).toEqual([]);

    await patch('audited', 'github', { paused: true });
    await patch('audited', 'github', { sync_interval_seconds: 3600 });
    expect(await settingsEntries(id)).toHaveLength(2);
    const log = await request('GET', '/api/v1/orgs/{org_id}/audit-log', `/api/v1/orgs/${orgId}/audit-log?action=settings_changed&project_id=audited`);
    const entries = log.json.data as { action: string; project_id: string; provider: string; target_id: string }[];
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e).toMatchObject({ action: 'settings_changed', project_id: 'audited', provider: 'github', target_id: id });
  });

  test("another org's key is 403 on both; a read-only key reads but may not PATCH", async () => {
    await connect('guarded');
    const stranger = await api.createKey(randomUUID());
    const readOnly = await api.createKey(orgId, ['audit:read']);
    for (const res of [await get('guarded', 'github', stranger), await patch('guarded', 'github', { paused: true }, { key: stranger }), await patch('guarded', 'github', { paused: true }, { key: readOnly })]) {
      expect(res.status).toBe(403);
      expect(res.json.error?.code).toBe('forbidden');
    }
    expect((await get('guarded', 'github', readOnly)).status).toBe(200);
    expect((await get('guarded', 'github')).json.data).toMatchObject({ settings: { paused: false } });
  });
});
