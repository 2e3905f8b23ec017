import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { expectError, headerOf, rawRequest } from './raw-http.js';

describe('routing, envelope and request ids', () => {
  let api: TestApi;
  const orgId = randomUUID();
  let token: string;
  const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.createKey(orgId);
  });
  afterAll(() => api.close());

  describe('404 not_found', () => {
    it.each([
      ['/'],
      ['/nope'],
      ['/api'],
      ['/api/v2/orgs/x'],
      ['/api/v1/nope'],
      [`/api/v1/orgs/${randomUUID()}`],
      // `GET …/integrations/github` is the single integration since issue 26: a path one segment past a real route instead.
      [`/api/v1/orgs/${randomUUID()}/projects/web/audit/integrations/github/settings/extra`],
      [`/api/v1/orgs/${randomUUID()}/projects/web/audit/integrations/github/connect/extra`],
    ])('returns 404 not_found for the unknown route %s', async (path) => {
      expectError(await rawRequest(api.baseUrl, 'GET', path, { headers: auth() }), 404, 'not_found');
    });

    it.each([
      ['not-a-uuid'],
      ['11111111-1111-1111-1111-11111111111'],
      ['11111111111111111111111111111111'],
      ['%E0%A4%A'],
      ['..'],
    ])('returns 404 not_found for the org id %s', async (org) => {
      expectError(await rawRequest(api.baseUrl, 'GET', `/api/v1/orgs/${org}/projects/web/audit/integrations`, { headers: auth() }), 404, 'not_found');
    });

    it.each([
      ['Web'],
      ['-web'],
      ['_web'],
      ['web.site'],
      ['w%20b'],
      ['caf%C3%A9'],
      ['web%2Fother'],
      ['%00'],
      ['a'.repeat(101)],
    ])('returns 404 not_found for the project id %s', async (project) => {
      for (const [method, suffix] of [['GET', ''], ['POST', '/github/connect'], ['POST', '/github/sync']] as const) {
        const res = await rawRequest(api.baseUrl, method, `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations${suffix}`, { headers: auth() });
        expectError(res, 404, 'not_found');
      }
    });

    it('accepts a project id of 100 characters and one with _ and -', async () => {
      expect((await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/${'a'.repeat(100)}/audit/integrations`, { token })).status).toBe(200);
      expect((await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/0web_site-2/audit/integrations`, { token })).status).toBe(200);
    });

    it('does not resolve .. segments in the path', async () => {
      const res = await rawRequest(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/other/../web/audit/integrations`, { headers: auth() });
      expectError(res, 404, 'not_found');
    });
  });

  describe('405 method_not_allowed', () => {
    it.each([
      ['DELETE', `/github/connect`, 'POST'],
      ['GET', `/github/connect`, 'POST'],
      ['PUT', `/github/connect`, 'POST'],
      ['GET', `/github/sync`, 'POST'],
      ['PATCH', `/github/sync`, 'POST'],
      ['POST', ``, 'HEAD, GET'],
      ['DELETE', ``, 'HEAD, GET'],
    ])('returns 405 for %s …/integrations%s with Allow: %s', async (method, suffix, allow) => {
      const res = await rawRequest(api.baseUrl, method, `${base}${suffix}`, { headers: auth() });
      expectError(res, 405, 'method_not_allowed');
      expect(headerOf(res, 'allow')!.split(', ').sort()).toEqual(allow.split(', ').sort());
    });

    it.each([['PROPFIND'], ['PURGE'], ['TRACE'], ['MKCOL']])('returns 405 with Allow, not 501, for the unimplemented method %s', async (method) => {
      const res = await rawRequest(api.baseUrl, method, `${base}/github/connect`, { headers: auth() });
      expectError(res, 405, 'method_not_allowed');
      expect(headerOf(res, 'allow')).toBe('POST');
    });

    it('returns 404 (and no Allow) for an unimplemented method on an unknown route', async () => {
      const res = await rawRequest(api.baseUrl, 'PROPFIND', '/api/v1/nothing-here', { headers: auth() });
      expectError(res, 404, 'not_found');
      expect(headerOf(res, 'allow')).toBeUndefined();
    });

    it('answers OPTIONS in the envelope with Allow', async () => {
      const res = await rawRequest(api.baseUrl, 'OPTIONS', `${base}/github/sync`, {});
      expect(res.status).toBe(200);
      expect(headerOf(res, 'allow')).toBe('POST');
      const body = JSON.parse(res.text) as { data: unknown; meta: { request_id: string }; error: unknown };
      expect(body).toEqual({ data: null, meta: { request_id: headerOf(res, 'x-request-id') }, error: null });
    });
  });

  describe('request ids', () => {
    it('gives every request a unique id, sent as x-request-id and meta.request_id', async () => {
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? call(api.baseUrl, 'GET', base, { token }) : call(api.baseUrl, 'GET', '/api/v1/nope', { token }))),
      );
      const ids = responses.map((r) => r.headers.get('x-request-id'));
      expect(new Set(ids).size).toBe(40);
      for (const r of responses) {
        expect(r.json.meta.request_id).toBe(r.headers.get('x-request-id'));
        expect(r.json.meta.request_id).toMatch(/^[A-Za-z0-9_-]{20}$/);
      }
    });

    const SERVER_ID = /^[A-Za-z0-9_-]{20}$/;
    /** The access log line of the request the server numbered `id`. */
    const accessLine = (id: string) => api.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request' && l.request_id === id);

    it.each([
      ['x'],
      ['U-cmqcgdZ6jluPPPSiy'],
      ['req:2025/06/10#1!~'],
      ['x'.repeat(200)],
    ])('never makes a client X-Request-Id (%s) the request id, and keeps it as client_request_id on success and on error', async (incoming) => {
      const ok = await call(api.baseUrl, 'GET', base, { token, headers: { 'x-request-id': incoming } });
      const failed = await call(api.baseUrl, 'GET', base, { headers: { 'x-request-id': incoming } });
      expect(failed.status).toBe(401);
      for (const res of [ok, failed]) {
        const id = res.headers.get('x-request-id')!;
        expect(id).toMatch(SERVER_ID);
        expect(id).not.toBe(incoming);
        expect(res.json.meta).toEqual({ request_id: id });
        expect(res.headers.get('x-client-request-id')).toBe(incoming);
        expect(accessLine(id)).toMatchObject({ request_id: id, client_request_id: incoming });
      }
    });

    it.each([
      ['too long', 'x'.repeat(201)],
      ['with a space', 'has a space'],
      ['with a tab', 'has\ttab-inside'],
      ['non-ASCII', 'caf\u00e9-request-id'],
      ['looking like an API key', `kr_live_${'a'.repeat(40)}`],
      ['looking like a provider token', `ghp_${'a'.repeat(36)}`],
    ])('drops a malformed client X-Request-Id (%s): not echoed, not logged', async (_label, incoming) => {
      const logsBefore = api.logs.length;
      const res = await rawRequest(api.baseUrl, 'GET', base, { headers: { ...auth(), 'x-request-id': incoming } });
      expect(res.status).toBe(200);
      const id = headerOf(res, 'x-request-id')!;
      expect(id).toMatch(SERVER_ID);
      expect((JSON.parse(res.text) as { meta: { request_id: string } }).meta.request_id).toBe(id);
      expect(headerOf(res, 'x-client-request-id')).toBeUndefined();
      expect(res.text).not.toContain(incoming);
      const line = accessLine(id);
      expect(line).toBeDefined();
      expect(line).not.toHaveProperty('client_request_id');
      expect(api.logs.slice(logsBefore).join('\n')).not.toContain(incoming);
    });
  });
});

describe('500 internal_error', () => {
  let api: TestApi;
  const orgId = randomUUID();

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('answers an unexpected failure with internal_error and nothing internal, and logs it with the request id', async () => {
    const token = await api.createKey(orgId);
    // A real failure below the API: the table the handler reads is gone.
    await api.db.sql`alter table audit_integrations rename to audit_integrations_moved`;
    const res = await call(api.baseUrl, 'GET', `/api/v1/orgs/${orgId}/projects/web/audit/integrations`, { token, headers: { 'x-request-id': 'trace-500-abc' } });
    const { message } = expectError(res, 500, 'internal_error');
    expect(message).toBe('Something went wrong on our side.');
    expect(res.text).not.toMatch(/audit_integrations|relation|select|postgres|\.ts:|\bat\b|stack|42P01/i);
    expect(res.text.length).toBeLessThan(200);

    // Logged under the server's id (the one the client got), the client's own id beside it on the access line.
    const id = res.json.meta.request_id;
    const logged = api.logs.map((l) => JSON.parse(l) as { msg: string; request_id?: string; client_request_id?: string; status?: number });
    expect(logged.find((l) => l.msg === 'unhandled error')).toMatchObject({ request_id: id });
    expect(logged.find((l) => l.msg === 'request' && l.request_id === id)).toMatchObject({ status: 500, client_request_id: 'trace-500-abc' });
    await api.db.sql`alter table audit_integrations_moved rename to audit_integrations`;
  });

  it('logs the status the client got for every error, with the route pattern and never the raw path', async () => {
    const token = await api.createKey(orgId);
    await call(api.baseUrl, 'POST', `/api/v1/orgs/${orgId}/projects/secret-project-name/audit/integrations/nope/connect`, { token, headers: { 'x-request-id': 'trace-422-abc' } });
    const line = api.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.client_request_id === 'trace-422-abc');
    expect(line).toMatchObject({ msg: 'request', status: 422, method: 'POST', route: '/api/v1/orgs/:org_id/projects/:project_id/audit/integrations/:provider/connect' });
    expect(api.logs.join('\n')).not.toContain('secret-project-name');
  });
});
