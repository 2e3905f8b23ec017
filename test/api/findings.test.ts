import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect } from 'vitest';
import { stackTest } from '../helpers/fixture.js';
import { call, type TestApi } from '../helpers/stack.js';

type Finding = Record<string, unknown> & { id: string; status: string; severity: string; tasks: Record<string, unknown>[] };

const orgId = randomUUID();
const test = stackTest({ worker: false, orgId });

describe('findings API', () => {
  let api: TestApi;
  let token: string;
  let readOnly: string;
  const path = (project = 'web') => `/api/v1/orgs/${orgId}/projects/${project}/audit/findings`;
  const create = (body: unknown, project = 'web') => call(api.baseUrl, 'POST', path(project), { token, body });

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
    readOnly = await api.createKey(orgId, ['audit:read']);
  });

  describe('POST …/audit/findings', () => {
    test('creates an open audit finding and answers 201 with exactly the public fields', async () => {
      const res = await create({ title: 'Missing meta description', severity: 'medium', url: 'https://example.com/', category: 'seo', description: 'None on the home page.' });
      expect(res.status).toBe(201);
      const data = res.json.data as Finding;
      expect(Object.keys(data).sort()).toEqual(['category', 'created_at', 'description', 'id', 'severity', 'source', 'status', 'tasks', 'title', 'updated_at', 'url']);
      expect(data).toMatchObject({ title: 'Missing meta description', severity: 'medium', url: 'https://example.com/', category: 'seo', status: 'open', source: 'audit', tasks: [] });
      expect(data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    test('stores absent optional fields as null', async () => {
      const res = await create({ title: 'Only a title', severity: 'info' });
      expect(res.status).toBe(201);
      expect(res.json.data).toMatchObject({ description: null, url: null, category: null });
    });

    test.each([
      [{ severity: 'low' }, 'title is required'],
      [{ title: '', severity: 'low' }, 'title must not be empty'],
      [{ title: 'x'.repeat(301), severity: 'low' }, 'title must be at most 300 characters'],
      [{ title: 'ok', severity: 'urgent-secret-value' }, 'severity must be one of info, low, medium, high, critical'],
      [{ title: 'ok', severity: 'low', description: 'd'.repeat(20_001) }, 'description must be at most 20000 characters'],
      [{ title: 'ok', severity: 'low', url: 'javascript:alert("secret-value")' }, 'url must be an http(s) URL'],
      [{ title: 42, severity: 'low' }, 'title must be a string'],
      [[1, 2], 'body must be a JSON object'],
      // Postgres cannot store NUL in text: refused up front instead of failing the insert (a 500 Schemathesis found).
      [{ title: 'a\u0000b', severity: 'low' }, 'title must not contain NUL characters'],
      [{ title: 'ok', severity: 'low', description: 'secret-value\u0000' }, 'description must not contain NUL characters'],
      [{ title: 'ok', severity: 'low', category: '\u0000' }, 'category must not contain NUL characters'],
      [{ title: 'ok', severity: 'low', url: 'https://example.com/\u0000secret-value' }, 'url must not contain NUL characters'],
    ])('answers 422 validation_failed naming the field for %j', async (body, message) => {
      const res = await create(body);
      expect(res.status).toBe(422);
      expect(res.json.error).toEqual({ code: 'validation_failed', message });
      expect(res.text).not.toContain('secret-value');
    });

    test('answers 415, 400 and 413 as the body reader does', async () => {
      const text = await call(api.baseUrl, 'POST', path(), { token, rawBody: 'title=x', headers: { 'content-type': 'text/plain' } });
      expect([text.status, text.json.error?.code]).toEqual([415, 'unsupported_media_type']);
      const broken = await call(api.baseUrl, 'POST', path(), { token, rawBody: '{"title":', headers: { 'content-type': 'application/json' } });
      expect([broken.status, broken.json.error?.code]).toEqual([400, 'invalid_json']);
      const huge = await call(api.baseUrl, 'POST', path(), { token, body: { title: 'x', severity: 'low', description: 'y'.repeat(70_000) } });
      expect([huge.status, huge.json.error?.code]).toEqual([413, 'payload_too_large']);
    });

    test('answers 401 without a key, 403 for a read-only key or another org, 404 for an impossible org id', async () => {
      const body = { title: 'x', severity: 'low' };
      expect((await call(api.baseUrl, 'POST', path(), { body })).status).toBe(401);
      expect((await call(api.baseUrl, 'POST', path(), { token: readOnly, body })).json.error?.code).toBe('forbidden');
      const other = await api.createKey(randomUUID());
      expect((await call(api.baseUrl, 'POST', path(), { token: other, body })).status).toBe(403);
      expect((await call(api.baseUrl, 'POST', '/api/v1/orgs/not-a-uuid/projects/web/audit/findings', { token, body })).status).toBe(404);
    });
  });

  describe('PATCH …/audit/findings/:id', () => {
    test('resolves and reopens a finding', async () => {
      const created = (await create({ title: 'Resolve me', severity: 'low' })).json.data as Finding;
      const resolved = await call(api.baseUrl, 'PATCH', `${path()}/${created.id}`, { token, body: { status: 'resolved' } });
      expect(resolved.status).toBe(200);
      expect(resolved.json.data).toMatchObject({ id: created.id, status: 'resolved', tasks: [] });
      const reopened = await call(api.baseUrl, 'PATCH', `${path()}/${created.id}`, { token, body: { status: 'open' } });
      expect((reopened.json.data as Finding).status).toBe('open');
    });

    test('answers 404 not_found for an unknown id, a malformed id, or a finding of another project', async () => {
      const elsewhere = (await create({ title: 'Other project', severity: 'low' }, 'shop')).json.data as Finding;
      for (const id of [randomUUID(), 'nope', elsewhere.id]) {
        const res = await call(api.baseUrl, 'PATCH', `${path()}/${id}`, { token, body: { status: 'resolved' } });
        expect([res.status, res.json.error?.code]).toEqual([404, 'not_found']);
      }
    });

    test('answers 422 for a missing or unknown status', async () => {
      const created = (await create({ title: 'Bad patch', severity: 'low' })).json.data as Finding;
      const missing = await call(api.baseUrl, 'PATCH', `${path()}/${created.id}`, { token, body: {} });
      expect(missing.json.error).toEqual({ code: 'validation_failed', message: 'status is required' });
      const unknown = await call(api.baseUrl, 'PATCH', `${path()}/${created.id}`, { token, body: { status: 'closed' } });
      expect(unknown.json.error).toEqual({ code: 'validation_failed', message: 'status must be one of open, resolved' });
    });
  });

  describe('GET …/audit/findings', () => {
    const project = 'listing';
    const list = (query = '', key = token) => call(api.baseUrl, 'GET', `${path(project)}${query}`, { token: key });

    beforeAll(async () => {
      const severities = ['low', 'high', 'high', 'critical', 'info'];
      for (const [i, severity] of severities.entries()) await create({ title: `Finding ${i}`, severity }, project);
      // Three rows sharing one created_at, to the microsecond: the cursor must still neither skip nor repeat them.
      await api.db.sql`
        insert into findings (org_id, project_id, title, severity, created_at, updated_at)
        select ${orgId}, ${project}, 'Tied ' || n, 'medium', '2030-01-01T00:00:00.123456Z', now() from generate_series(1, 3) n
      `;
    });

    test('lists newest first, page by page, with an opaque cursor that ends in null', async () => {
      const seen: Finding[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.json.meta.total).toBe(8);
        seen.push(...(res.json.data as Finding[]));
        cursor = res.json.meta.next_cursor as string | null;
        if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        pages += 1;
      } while (cursor);
      expect(pages).toBe(4);
      expect(new Set(seen.map((f) => f.id)).size).toBe(8);
      expect(seen.slice(0, 3).map((f) => String(f.title).slice(0, 4))).toEqual(['Tied', 'Tied', 'Tied']);
      expect(seen.slice(3).map((f) => f.title)).toEqual(['Finding 4', 'Finding 3', 'Finding 2', 'Finding 1', 'Finding 0']);
    });

    test('defaults to 50 per page and filters by status and severity', async () => {
      const all = await list('', readOnly);
      expect((all.json.data as Finding[]).length).toBe(8);
      expect(all.json.meta.next_cursor).toBeNull();
      const high = await list('?severity=high');
      expect((high.json.data as Finding[]).map((f) => f.severity)).toEqual(['high', 'high']);
      const firstHigh = (high.json.data as Finding[])[0]!;
      await call(api.baseUrl, 'PATCH', `${path(project)}/${firstHigh.id}`, { token, body: { status: 'resolved' } });
      const resolved = await list('?status=resolved');
      expect((resolved.json.data as Finding[]).map((f) => f.id)).toEqual([firstHigh.id]);
      expect((await list('?status=open&severity=high')).json.meta.total).toBe(1);
    });

    test('shows linked external issues as tasks, but not intents still being created', async () => {
      const finding = (await create({ title: 'Tracked', severity: 'high' }, 'tracked')).json.data as Finding;
      const [gh] = await api.db.sql<{ id: string }[]>`
        insert into audit_integrations (org_id, project_id, provider, status) values (${orgId}, 'tracked', 'github', 'connected') returning id
      `;
      const [jira] = await api.db.sql<{ id: string }[]>`
        insert into audit_integrations (org_id, project_id, provider, status) values (${orgId}, 'tracked', 'jira', 'connected') returning id
      `;
      await api.db.sql`
        insert into finding_tasks (finding_id, integration_id, provider, external_id, url, state, synced_at)
        values (${finding.id}, ${gh!.id}, 'github', '12', 'https://github.com/acme/web/issues/12', 'open', '2030-01-02T03:04:05Z')
      `;
      await api.db.sql`insert into finding_tasks (finding_id, integration_id, provider) values (${finding.id}, ${jira!.id}, 'jira')`;
      const res = await call(api.baseUrl, 'GET', path('tracked'), { token });
      expect((res.json.data as Finding[])[0]!.tasks).toEqual([
        { provider: 'github', external_id: '12', url: 'https://github.com/acme/web/issues/12', state: 'open', synced_at: '2030-01-02T03:04:05Z' },
      ]);
    });

    test.each(['?limit=0', '?limit=101', '?limit=abc', '?status=done', '?severity=urgent', '?cursor=not-a-cursor', '?limit=1&limit=2'])(
      'answers 422 validation_failed for %s',
      async (query) => {
        const res = await list(query);
        expect(res.status).toBe(422);
        expect(res.json.error?.code).toBe('validation_failed');
        expect(res.json.error?.message).toMatch(/^(limit|status|severity|cursor) /);
      },
    );

    test('answers 403 for a key without audit:read', async () => {
      const writer = await api.createKey(orgId, ['audit:write']);
      expect((await list('', writer)).status).toBe(403);
    });
  });
});

describe('GET …/audit/findings?updated_since', () => {
  let api: TestApi;
  let token: string;
  const path = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit/findings`;
  const list = (project: string, query: string) => call(api.baseUrl, 'GET', `${path(project)}?${query}`, { token });
  const titles = (res: Awaited<ReturnType<typeof list>>) => (res.json.data as Finding[]).map((f) => String(f.title)).sort();
  const at = (project: string, title: string, updatedAt: string, status = 'open') => api.db.sql`
    insert into findings (org_id, project_id, title, severity, status, created_at, updated_at)
    values (${orgId}, ${project}, ${title}, 'low', ${status}, ${updatedAt}::text::timestamptz, ${updatedAt}::text::timestamptz)
  `;

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
    // Microsecond neighbours of one second, and one resolved: what inclusive and "with resolved ones" must mean.
    await at('mirror', 'before', '2029-12-31T23:59:59.999999Z');
    await at('mirror', 'exact', '2030-01-01T00:00:00Z');
    await at('mirror', 'half', '2030-01-01T00:00:00.5Z', 'resolved');
    await at('mirror', 'later', '2030-01-01T00:00:01Z');
  });

  test('lists findings updated at or after the instant, resolved ones included, and counts only those', async () => {
    const res = await list('mirror', 'updated_since=2030-01-01T00:00:00Z');
    expect(res.status).toBe(200);
    expect(titles(res)).toEqual(['exact', 'half', 'later']);
    expect(res.json.meta.total).toBe(3);
    expect((res.json.data as Finding[]).find((f) => f.title === 'half')!.status).toBe('resolved');
    expect(titles(await list('mirror', 'updated_since=2030-01-01T00:00:00Z&status=open'))).toEqual(['exact', 'later']);
  });

  test('is inclusive to the microsecond and reads offsets', async () => {
    expect(titles(await list('mirror', 'updated_since=2030-01-01T00:00:00.500000Z'))).toEqual(['half', 'later']);
    expect(titles(await list('mirror', 'updated_since=2030-01-01T00:00:00.500001Z'))).toEqual(['later']);
    expect(titles(await list('mirror', 'updated_since=2029-12-31T23:59:59.999999Z'))).toEqual(['before', 'exact', 'half', 'later']);
    // The same instant as `exact`, written in +01:00 (the + encoded, as in any query string).
    expect(titles(await list('mirror', 'updated_since=2030-01-01T01:00:00%2B01:00'))).toEqual(['exact', 'half', 'later']);
  });

  test('pages the filtered rows with the cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list('mirror', `updated_since=2030-01-01T00:00:00Z&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.json.meta.total).toBe(3);
      seen.push(...titles(res));
      cursor = res.json.meta.next_cursor as string | null;
    } while (cursor);
    expect(seen).toEqual(['later', 'half', 'exact']);
  });

  test('picks up a finding resolved through the API since the last run', async () => {
    const created = (await call(api.baseUrl, 'POST', path('changes'), { token, body: { title: 'Old news', severity: 'low' } })).json.data as Finding;
    await call(api.baseUrl, 'POST', path('changes'), { token, body: { title: 'Untouched', severity: 'low' } });
    await api.db.sql`update findings set updated_at = '2020-01-01T00:00:00Z' where project_id = 'changes'`;
    const [row] = await api.db.sql<{ now: string }[]>`select to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`;
    const now = row!.now;
    expect((await list('changes', `updated_since=${now}`)).json.data).toEqual([]);
    await call(api.baseUrl, 'PATCH', `${path('changes')}/${created.id}`, { token, body: { status: 'resolved' } });
    const changed = await list('changes', `updated_since=${now}`);
    expect((changed.json.data as Finding[]).map((f) => [f.title, f.status])).toEqual([['Old news', 'resolved']]);
  });

  test('clamps instants Postgres cannot read to the years a row can carry instead of failing', async () => {
    expect(titles(await list('mirror', 'updated_since=0000-01-01T00:00:00Z'))).toEqual(['before', 'exact', 'half', 'later']);
    // +23:59 is valid ISO 8601 and past Postgres's ±15:59: 2030-01-01T00:00:00+23:59 is 2029-12-31T00:01:00Z.
    expect(titles(await list('mirror', 'updated_since=2030-01-01T00:00:00%2B23:59'))).toEqual(['before', 'exact', 'half', 'later']);
    const late = await list('mirror', 'updated_since=9999-12-31T23:59:59-23:59');
    expect([late.status, late.json.data]).toEqual([200, []]);
  });

  test.each(['yesterday', '2030-01-01', '2030-01-01T00:00:00', '2030-02-30T00:00:00Z', '2030-01-01T00:00:00%2B1400', ''])(
    'answers 422 validation_failed for updated_since=%s',
    async (value) => {
      const res = await list('mirror', `updated_since=${value}`);
      expect(res.status).toBe(422);
      expect(res.json.error).toEqual({ code: 'validation_failed', message: 'updated_since must be an ISO 8601 date-time, e.g. 2025-06-10T14:00:00Z' });
    },
  );
});
