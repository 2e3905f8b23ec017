import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';

describe('quotas (ORG_MAX_PROJECTS, PROJECT_MAX_OPEN_FINDINGS)', () => {
  let api: TestApi;
  const orgId = randomUUID();
  let token: string;
  const integrations = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`;
  const findings = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit/findings`;
  const connect = (project: string, provider = 'jira') =>
    call(api.baseUrl, 'POST', `${integrations(project)}/${provider}/connect`, { token, body: { credentials: { api_token: `t-${project}` } } });
  const count = async (table: 'audit_integrations' | 'findings', project?: string) =>
    (
      await api.db.sql<{ n: number }[]>`
        select count(*)::int as n from ${api.db.sql(table)} where org_id = ${orgId} ${project ? api.db.sql`and project_id = ${project}` : api.db.sql``}
      `
    )[0]!.n;

  beforeAll(async () => {
    // No Temporal needed: connect stores the row; the schedule hook is off against a dead address.
    api = await startTestApi({ limits: { quotas: { orgMaxProjects: 3, projectMaxOpenFindings: 2 } }, temporalAddress: '127.0.0.1:1', syncControl: false });
    token = await api.createKey(orgId);
  });
  afterAll(() => api.close());

  it('answers 422 quota_exceeded naming the quota for the quota+1st project, and writes nothing', async () => {
    for (const project of ['p1', 'p2', 'p3']) expect((await connect(project)).status).toBe(200);
    // More providers in a project that already counts, and re-connects, are not new projects.
    expect((await connect('p1', 'github')).status).toBe(200);
    expect((await connect('p2')).status).toBe(200);

    const refused = await connect('p4');
    expect(refused.status).toBe(422);
    expect(refused.json).toEqual({ data: null, meta: { request_id: expect.any(String) }, error: { code: 'quota_exceeded', message: expect.stringContaining('org_max_projects (3)') } });
    expect(await count('audit_integrations', 'p4')).toBe(0);
    expect(await count('audit_integrations')).toBe(4);
  });

  it('lets concurrent connects of new projects take only the free slots', async () => {
    const other = await startTestApi({ limits: { quotas: { orgMaxProjects: 5, projectMaxOpenFindings: 2 } }, temporalAddress: '127.0.0.1:1', syncControl: false, db: api.db });
    try {
      // 3 projects used; 2 slots left; 6 new projects race for them.
      const otherToken = await other.createKey(orgId);
      const results = await Promise.all(
        ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((p) =>
          call(other.baseUrl, 'POST', `${integrations(p)}/jira/connect`, { token: otherToken, body: { credentials: { api_token: 'x' } } }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 422, 422, 422, 422]);
      const [row] = await api.db.sql<{ n: number }[]>`select count(distinct project_id)::int as n from audit_integrations where org_id = ${orgId}`;
      expect(row!.n).toBe(5);
    } finally {
      await other.close();
    }
  });

  it('counts a project again once its last integration is disconnected: reconnecting it is a new project', async () => {
    const org = randomUUID();
    const orgToken = await api.createKey(org);
    const path = (project: string, provider: string) => `/api/v1/orgs/${org}/projects/${project}/audit/integrations/${provider}`;
    const connectIn = (project: string, provider = 'jira') => call(api.baseUrl, 'POST', `${path(project, provider)}/connect`, { token: orgToken, body: { credentials: { api_token: 'x' } } });
    for (const project of ['a', 'b', 'c']) expect((await connectIn(project)).status).toBe(200);
    // A reconnect and another provider of a counted project take the uncounted path and still succeed at the quota.
    expect((await connectIn('a')).status).toBe(200);
    expect((await connectIn('a', 'github')).status).toBe(200);
    await api.db.sql`update audit_integrations set status = 'disconnected' where org_id = ${org} and project_id = 'c'`;
    expect((await connectIn('d')).status).toBe(200);
    const again = await connectIn('c');
    expect(again.status).toBe(422);
    expect(again.json.error?.code).toBe('quota_exceeded');
    const [row] = await api.db.sql<{ status: string }[]>`select status from audit_integrations where org_id = ${org} and project_id = 'c'`;
    expect(row!.status).toBe('disconnected');
  });

  it('caps open findings per project: creating or reopening past it is 422 quota_exceeded; resolving frees a slot', async () => {
    const create = (title: string) => call(api.baseUrl, 'POST', findings('f1'), { token, body: { title, severity: 'low' } });
    const first = await create('one');
    expect(first.status).toBe(201);
    expect((await create('two')).status).toBe(201);
    const third = await create('three');
    expect(third.status).toBe(422);
    expect(third.json.error).toEqual({ code: 'quota_exceeded', message: expect.stringContaining('project_max_open_findings (2)') });
    expect(await count('findings', 'f1')).toBe(2);
    // Another project has its own quota.
    expect((await call(api.baseUrl, 'POST', findings('f2'), { token, body: { title: 'elsewhere', severity: 'low' } })).status).toBe(201);

    const id = (first.json.data as { id: string }).id;
    const patch = (status: string) => call(api.baseUrl, 'PATCH', `${findings('f1')}/${id}`, { token, body: { status } });
    expect((await patch('resolved')).status).toBe(200);
    expect((await create('three')).status).toBe(201);
    const reopen = await patch('open');
    expect(reopen.status).toBe(422);
    expect(reopen.json.error?.code).toBe('quota_exceeded');
    const [row] = await api.db.sql<{ status: string }[]>`select status from findings where id = ${id}`;
    expect(row!.status).toBe('resolved');
  });
});
