import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect } from 'vitest';
import { syncWorkflowId } from '../../workflows/ids.js';
import { stackTest } from '../helpers/fixture.js';
import { call, type TestApi } from '../helpers/stack.js';
import { rawRequest } from './raw-http.js';

const orgId = randomUUID();
const test = stackTest({ worker: false, orgId });

/**
 * Property: whatever arrives — any path, method, headers, body — the API answers below 500, in the JSON envelope (HEAD:
 * no body), and never repeats a secret it was sent, in the response or in its log. Every request carries a fresh marker
 * in the places a secret could be (Authorization, bodies, other headers, the path); it must appear nowhere.
 *
 * Requests go through node:http so paths reach the server unnormalised. They stay within what Node's HTTP parser
 * accepts (printable ASCII request targets, its list of methods, header values without control characters): anything
 * else is refused by Node itself, with a bare 400, before the app sees it.
 */
describe('fuzz: hostile paths, methods, headers and bodies', () => {
  let api: TestApi;
  let token: string;
  let readOnly: string;
  const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
    readOnly = await api.createKey(orgId, ['audit:read']);
    // Connected rows so the sync route reaches Temporal too.
    for (const provider of ['github', 'jira']) {
      expect((await call(api.baseUrl, 'POST', `${base}/${provider}/connect`, { token, body: { credentials: { token: 'seed' } } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    for (const provider of ['ga4', 'gsc', 'sentry', 'github', 'gitlab', 'jira', 'linear', 'cloudflare']) {
      await api.client.workflow.getHandle(syncWorkflowId({ orgId, projectId: 'web', provider })).terminate('test cleanup').catch(() => undefined);
    }
  });

  const printable = (min: number, max: number) =>
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
  const headerSafe = (max: number) =>
    fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)), maxLength: max });

  const marker = fc.uint8Array({ minLength: 10, maxLength: 10 }).map((b) => `S3cr3t${Buffer.from(b).toString('hex')}`);

  const segment = (m: string) =>
    fc.oneof(
      fc.constantFrom('..', '.', '', '%00', '%2e%2e', '%2F', '%ZZ', '%', '%E0%A4%A', '%C0%AF', '%FF', 'connect', 'sync', 'github', 'GitHub', 'bitbucket', 'integrations', 'audit', 'projects', 'orgs', 'web', orgId, orgId.toUpperCase(), 'api', 'v1'),
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => encodeURIComponent(s)),
      printable(0, 12).map((s) => s.replace(/[\s?#%]/g, '')),
      fc.integer({ min: 100, max: 3000 }).map((n) => 'a'.repeat(n)),
      fc.constant(m),
    );

  const path = (m: string) =>
    fc
      .tuple(
        fc.constantFrom('', '/api', '/api/v1', `/api/v1/orgs/${orgId}`, `/api/v1/orgs/${orgId}/projects/web`, base, `${base}/github`, `/api/v1/orgs/${randomUUID()}/projects/web/audit/integrations`),
        fc.array(segment(m), { maxLength: 4 }),
        fc.constantFrom('', '/', '/connect', '/sync', '//'),
        fc.option(fc.constantFrom(`?token=${m}`, '?a=1&a=2', '?%00', `#${m}`), { nil: '' }),
      )
      // An origin-form request target always starts with `/`.
      .map(([prefix, segs, suffix, query]) => `/${`${prefix}${segs.length ? '/' : ''}${segs.join('/')}${suffix}${query}`.replace(/^\//, '')}`);

  const authorization = (m: string) =>
    fc.option(
      fc.constantFrom(
        `Bearer ${token}`,
        `Bearer ${readOnly}`,
        `bearer ${token}`,
        `Bearer kr_live_${m}`,
        `Bearer kr_live_${m}${'Z'.repeat(20)}`,
        `Bearer ${token}${m}`,
        `Basic ${Buffer.from(`user:${m}`).toString('base64')}`,
        m,
        `Bearer ${m} ${m}`,
        'Bearer',
        '',
      ),
      { nil: undefined },
    );

  const contentType = fc.option(
    fc.oneof(
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/vnd.api+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream'),
      printable(0, 40),
    ),
    { nil: undefined },
  );

  const body = (m: string) =>
    fc.option(
      fc.oneof(
        { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify([v, m])) },
        { weight: 2, arbitrary: fc.dictionary(printable(0, 20), fc.jsonValue({ maxDepth: 3 })).map((credentials) => JSON.stringify({ credentials: { ...credentials, token: m }, auth_code: m })) },
        { weight: 4, arbitrary: fc.constantFrom(
          JSON.stringify({ credentials: { token: m + 'x'.repeat(17 * 1024) } }),
          JSON.stringify({ credentials: { [m]: 'v'.repeat(17 * 1024) } }),
          JSON.stringify({ credentials: { [m + 'k'.repeat(300)]: 'v' } }),
          JSON.stringify({ auth_code: { m } }),
          JSON.stringify({ credentials: [m] }),
          JSON.stringify(m),
          `{"credentials":{"__proto__":{"t":"${m}"}}}`,
          `{"credentials":{"a":${'['.repeat(30_000)}"${m}"${']'.repeat(30_000)}}}`,
          `{"credentials": {"token": "${m}"`,
          'x'.repeat(70 * 1024) + m,
        ) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.concat([Buffer.from(bytes), Buffer.from(m)])) },
      ),
      { nil: undefined, freq: 5 },
    );

  const requestId = fc.option(fc.oneof(printable(0, 220), headerSafe(40)), { nil: undefined });

  /** Anything at all: most of it stops at routing or authentication. */
  const anyRequest = marker.chain((m) =>
    fc.record({
      marker: fc.constant(m),
      method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'PURGE', 'TRACE'),
      path: path(m),
      authorization: authorization(m),
      contentType,
      requestId,
      cookie: fc.option(fc.constant(`session=${m}`), { nil: undefined }),
      body: body(m),
      declareLength: fc.boolean(),
    }),
  );

  /** Authenticated requests to the real routes, so hostile bodies reach body parsing and validation. */
  const routedRequest = marker.chain((m) =>
    fc.record({
      marker: fc.constant(m),
      method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'PROPFIND', 'DELETE') }),
      path: fc
        .tuple(
          fc.oneof({ weight: 8, arbitrary: fc.constantFrom('github', 'jira', 'gitlab', 'sentry') }, { weight: 2, arbitrary: fc.constantFrom('bitbucket', 'GITHUB', '%00', m) }),
          fc.constantFrom('/connect', '/connect', '/connect', '/sync', ''),
        )
        .map(([provider, action]) => (action === '' ? base : `${base}/${provider}${action}`)),
      authorization: fc.constantFrom(`Bearer ${token}`, `Bearer ${token}`, `Bearer ${token}`, `Bearer ${readOnly}`),
      contentType: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/problem+json') },
        { weight: 2, arbitrary: fc.constantFrom(undefined, 'text/plain') },
      ),
      requestId,
      cookie: fc.constant(undefined),
      body: body(m),
      declareLength: fc.boolean(),
    }),
  );

  const request = fc.oneof(anyRequest, routedRequest);

  test('never answers 5xx, always answers in the envelope, and never echoes or logs a submitted secret', async () => {
    const markers: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        markers.push(r.marker);
        const headers: Record<string, string> = {};
        if (r.authorization !== undefined) headers.authorization = r.authorization;
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.requestId !== undefined) headers['x-request-id'] = r.requestId;
        if (r.cookie !== undefined) headers.cookie = r.cookie;
        // Framed either way: node:http sends an unframed body after GET/DELETE/OPTIONS, which is a different request.
        if (r.body !== undefined) {
          if (r.declareLength) headers['content-length'] = String(Buffer.byteLength(r.body));
          else headers['transfer-encoding'] = 'chunked';
        }
        const logsBefore = api.logs.length;

        const res = await rawRequest(api.baseUrl, r.method, r.path, { headers, ...(r.body !== undefined ? { body: r.body } : {}) });

        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(500);
        const requestId = res.headers['x-request-id'];
        expect(typeof requestId).toBe('string');
        // The hosted connect page (GET /connect, /connect/…) answers as a browser page, not in the envelope; the
        // checks on status, request id, echo and logs hold for it too. Other methods there get the envelope's 405.
        const browserPage = /^\/connect(\/|$|[?#])/.test(r.path) && r.method === 'GET';
        if (r.method === 'HEAD') {
          expect(res.text).toBe('');
        } else if (browserPage) {
          expect(res.headers['content-type']).toMatch(/^text\/(html|plain)/);
        } else {
          const json = JSON.parse(res.text) as { data: unknown; meta: Record<string, unknown>; error: { code: unknown; message: unknown } | null };
          expect(Object.keys(json).sort()).toEqual(['data', 'error', 'meta']);
          expect(Object.keys(json.meta)).toEqual(['request_id']);
          expect(json.meta.request_id).toBe(requestId);
          if (res.status >= 400) {
            expect(json.data).toBeNull();
            expect(typeof json.error?.code).toBe('string');
            expect(typeof json.error?.message).toBe('string');
          } else {
            expect(json.error).toBeNull();
          }
          if (res.status === 405) expect(res.headers.allow).toBeTruthy();
        }
        const echoed = `${res.text}\n${JSON.stringify(res.headers)}`;
        expect(echoed).not.toContain(r.marker);
        expect(api.logs.slice(logsBefore).join('\n')).not.toContain(r.marker);
      }),
      { numRuns: 300 },
    );
    const allLogs = api.logs.join('\n');
    for (const m of markers) expect(allLogs).not.toContain(m);
    expect(allLogs).not.toContain(token);
    expect(allLogs).not.toContain(readOnly);
  });
});
