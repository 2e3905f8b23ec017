import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { stackTest } from '../helpers/fixture.js';
import { call, type TestApi } from '../helpers/stack.js';
import { expectError, rawRequest, ROW_KEYS, TIMESTAMP } from './raw-http.js';

type Row = Record<string, string | null>;

const orgId = randomUUID();
const test = stackTest({ worker: false, orgId });

describe('POST …/:provider/connect', () => {
  let api: TestApi;
  let token: string;
  const base = (project: string) => `/api/v1/orgs/${orgId}/projects/${project}/audit/integrations`;
  /** Every secret a test submits, checked against the logs at the end. */
  const submitted: string[] = [];
  const secret = (label: string) => {
    const value = `${label}-${randomBytes(12).toString('hex')}`;
    submitted.push(value);
    return value;
  };

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
  });

  async function stored(project: string, provider: string): Promise<{ ciphertext: string; plain: Record<string, unknown> }> {
    const [row] = await api.db.sql<{ credentials: string }[]>`
      select credentials from audit_integrations where org_id = ${orgId} and project_id = ${project} and provider = ${provider}
    `;
    return { ciphertext: row!.credentials, plain: api.cipher.decrypt(row!.credentials, { orgId, projectId: project, provider }) };
  }

  async function countRows(project: string): Promise<number> {
    const [row] = await api.db.sql<{ count: number }[]>`
      select count(*)::int as count from audit_integrations where org_id = ${orgId} and project_id = ${project}
    `;
    return row!.count;
  }

  const connect = (project: string, provider: string, opts: Parameters<typeof call>[3] = {}) =>
    call(api.baseUrl, 'POST', `${base(project)}/${provider}/connect`, { token, ...opts });

  test('returns 200 with exactly the row fields, connected, last_sync_at = updated_at = now', async () => {
    const startedAt = Math.floor(Date.now() / 1000) * 1000;
    const token_ = secret('ghp');
    const res = await connect('web', 'github', { body: { credentials: { token: token_, repository: 'acme/web-app' } } });
    expect(res.status).toBe(200);
    expect(res.json.error).toBeNull();
    const row = res.json.data as Row;
    expect(Object.keys(row).sort()).toEqual(ROW_KEYS);
    expect(row).toMatchObject({ org_id: orgId, project_id: 'web', provider: 'github', status: 'connected' });
    for (const field of ['last_sync_at', 'created_at', 'updated_at'] as const) expect(row[field]).toMatch(TIMESTAMP);
    expect(row.last_sync_at).toBe(row.updated_at);
    expect(Date.parse(row.updated_at!)).toBeGreaterThanOrEqual(startedAt);
    expect(res.text).not.toContain(token_);
    expect(res.text).not.toContain('credentials');
    expect((await stored('web', 'github')).plain).toEqual({ token: token_, repository: 'acme/web-app' });
  });

  test('merges auth_code into credentials under the key auth_code before encrypting', async () => {
    const code = secret('code');
    const pat = secret('pat');
    expect((await connect('oauth', 'sentry', { body: { auth_code: code } })).status).toBe(200);
    expect((await stored('oauth', 'sentry')).plain).toEqual({ auth_code: code });

    expect((await connect('oauth', 'gitlab', { body: { credentials: { token: pat, base_url: 'https://gitlab.example' }, auth_code: code } })).status).toBe(200);
    expect((await stored('oauth', 'gitlab')).plain).toEqual({ token: pat, base_url: 'https://gitlab.example', auth_code: code });

    // The top-level auth_code wins over one inside credentials.
    expect((await connect('oauth', 'linear', { body: { credentials: { auth_code: 'inner' }, auth_code: code } })).status).toBe(200);
    expect((await stored('oauth', 'linear')).plain).toEqual({ auth_code: code });
  });

  test('upserts: a second connect keeps id and created_at, replaces the credentials and refreshes last_sync_at', async () => {
    const first = (await connect('upsert', 'jira', { body: { credentials: { api_token: secret('jira1'), email: 'a@example.com' } } })).json.data as Row;
    // Make the first write visibly older, and leave the row in a non-connected state.
    await api.db.sql`
      update audit_integrations
      set created_at = '2025-06-01T10:00:00Z', updated_at = '2025-06-01T10:00:00Z', last_sync_at = '2025-06-01T10:00:00Z', status = 'error'
      where id = ${first.id!}
    `;
    const second = await connect('upsert', 'jira', { body: { credentials: { api_token: secret('jira2') } } });
    expect(second.status).toBe(200);
    const row = second.json.data as Row;
    expect(row.id).toBe(first.id);
    expect(row.created_at).toBe('2025-06-01T10:00:00Z');
    expect(row.status).toBe('connected');
    expect(row.last_sync_at).toBe(row.updated_at);
    expect(Date.parse(row.updated_at!)).toBeGreaterThan(Date.parse('2025-06-01T10:00:00Z'));
    const { plain } = await stored('upsert', 'jira');
    expect(plain).toEqual({ api_token: submitted.at(-1) });
    expect(await countRows('upsert')).toBe(1);
  });

  test('stores empty credentials for a request without a body', async () => {
    const res = await call(api.baseUrl, 'POST', `${base('empty')}/ga4/connect`, { token });
    expect(res.status).toBe(200);
    expect((await stored('empty', 'ga4')).plain).toEqual({});
  });

  test('accepts exactly 50 keys and a value of exactly 16 KiB', async () => {
    const credentials = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    credentials.k0 = 'x'.repeat(16 * 1024);
    expect((await connect('limits', 'gsc', { body: { credentials } })).status).toBe(200);
    expect((await stored('limits', 'gsc')).plain).toEqual(credentials);
  });

  test('accepts a +json media type and nested JSON values (a service-account key)', async () => {
    const serviceAccount = { type: 'service_account', private_key: secret('pk'), scopes: ['a', 'b'] };
    const res = await connect('media', 'ga4', { body: { credentials: { service_account: serviceAccount } }, headers: { 'content-type': 'application/vnd.api+json; charset=utf-8' } });
    expect(res.status).toBe(200);
    expect((await stored('media', 'ga4')).plain).toEqual({ service_account: serviceAccount });
  });

  test.each([
    ['bitbucket'],
    ['GitHub'],
    ['github.json'],
    ['%00'],
  ])('returns 422 invalid_provider for %s', async (provider) => {
    expectError(await connect('web', provider, { body: { credentials: { token: 'x' } } }), 422, 'invalid_provider');
  });

  test('checks the provider before reading the body', async () => {
    expectError(await connect('web', 'bitbucket', { rawBody: '{nope', headers: { 'content-type': 'application/json' } }), 422, 'invalid_provider');
  });

  describe('validation', () => {
    const marker = () => secret('MARKER');
    const cases: [string, (m: string) => unknown, string][] = [
      ['a JSON array body', (m) => [m], 'body'],
      ['a JSON string body', (m) => m, 'body'],
      ['a JSON number body', () => 42, 'body'],
      ['a JSON null body', () => null, 'body'],
      ['credentials that is an array', (m) => ({ credentials: [m] }), 'credentials'],
      ['credentials that is a string', (m) => ({ credentials: m }), 'credentials'],
      ['credentials that is null', () => ({ credentials: null }), 'credentials'],
      ['auth_code that is a number', () => ({ auth_code: 1234 }), 'auth_code'],
      ['auth_code that is an object', (m) => ({ auth_code: { code: m } }), 'auth_code'],
      ['more than 50 credential keys', (m) => ({ credentials: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, m])) }), 'credentials'],
      ['a credential value over 16 KiB', (m) => ({ credentials: { token: m + 'x'.repeat(16 * 1024) } }), 'credentials'],
      ['a nested credential value over 16 KiB', (m) => ({ credentials: { sa: { key: m + 'x'.repeat(16 * 1024) } } }), 'credentials'],
      ['an auth_code over 16 KiB', (m) => ({ auth_code: m + 'x'.repeat(16 * 1024) }), 'auth_code'],
      ['a credential key over 200 characters', (m) => ({ credentials: { [m + 'k'.repeat(200)]: 'v' } }), 'credentials'],
      ['an empty credential key', () => ({ credentials: { '': 'v' } }), 'credentials'],
      ['a credential value nested deeper than 8 levels', (m) => ({ credentials: { deep: JSON.parse('['.repeat(20) + JSON.stringify(m) + ']'.repeat(20)) as unknown } }), 'credentials'],
    ];

    test.each(cases)('returns 422 validation_failed for %s, naming the field and not the value', async (_label, build, field) => {
      const m = marker();
      const res = await connect('invalid', 'github', { rawBody: JSON.stringify(build(m)), headers: { 'content-type': 'application/json' } });
      const { message } = expectError(res, 422, 'validation_failed');
      expect(message.startsWith(`${field} `)).toBe(true);
      expect(res.text).not.toContain(m);
      expect(res.text).not.toContain('MARKER');
    });

    test('returns 422 validation_failed for a __proto__ credential key instead of dropping it', async () => {
      const res = await connect('invalid', 'github', { rawBody: '{"credentials":{"__proto__":{"token":"x"},"a":"b"}}', headers: { 'content-type': 'application/json' } });
      expect(expectError(res, 422, 'validation_failed').message).toMatch(/^credentials /);
    });

    test('returns 422 validation_failed for a deeply nested value (30 000 levels) instead of failing', async () => {
      const body = `{"credentials":{"a":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`;
      expectError(await connect('invalid', 'github', { rawBody: body, headers: { 'content-type': 'application/json' } }), 422, 'validation_failed');
    });

    test('never stores anything when validation fails', async () => {
      expect(await countRows('invalid')).toBe(0);
    });
  });

  describe('body handling', () => {
    test.each([
      ['{"credentials": {"token": "x"'],
      ['{credentials: {}}'],
      ['   '],
      ['\u00ff\u00fe'],
      ['{"a":1} trailing'],
    ])('returns 400 invalid_json for %j', async (rawBody) => {
      expectError(await connect('json', 'github', { rawBody, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    });

    test.each([
      ['text/plain', '{"credentials":{}}'],
      ['application/x-www-form-urlencoded', 'credentials=x'],
      ['multipart/form-data; boundary=x', '--x--'],
      ['application/json; charset=latin1', '{}'],
      ['application/jsonp', '{}'],
    ])('returns 415 unsupported_media_type for %s with a body', async (contentType, rawBody) => {
      expectError(await connect('media', 'github', { rawBody, headers: { 'content-type': contentType } }), 415, 'unsupported_media_type');
    });

    test('returns 415 unsupported_media_type for a body without a content type', async () => {
      expectError(await rawRequest(api.baseUrl, 'POST', `${base('media')}/github/connect`, { headers: { authorization: `Bearer ${token}` }, body: '{}' }), 415, 'unsupported_media_type');
    });

    test('treats a non-JSON content type without a body as no body', async () => {
      const res = await rawRequest(api.baseUrl, 'POST', `${base('media')}/gitlab/connect`, { headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', 'content-length': '0' } });
      expect(res.status).toBe(200);
    });

    test('returns 413 payload_too_large for a valid JSON body of 64 KiB + 1 byte', async () => {
      const padding = 64 * 1024 + 1 - JSON.stringify({ credentials: { a: '' } }).length;
      const rawBody = JSON.stringify({ credentials: { a: 'x'.repeat(padding) } });
      expect(Buffer.byteLength(rawBody)).toBe(64 * 1024 + 1);
      expectError(await connect('big', 'github', { rawBody, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
    });

    test('accepts a body of exactly 64 KiB', async () => {
      const values = Array.from({ length: 5 }, () => 'x'.repeat(12_000));
      const credentials = Object.fromEntries(values.map((v, i) => [`k${i}`, v]));
      const filler = 64 * 1024 - JSON.stringify({ credentials: { ...credentials, f: '' } }).length;
      const rawBody = JSON.stringify({ credentials: { ...credentials, f: 'y'.repeat(filler) } });
      expect(Buffer.byteLength(rawBody)).toBe(64 * 1024);
      expect((await connect('big', 'gitlab', { rawBody, headers: { 'content-type': 'application/json' } })).status).toBe(200);
    });

    test('returns 413 payload_too_large for a 1 MiB body, declared or chunked', async () => {
      const rawBody = JSON.stringify({ credentials: { a: 'x'.repeat(1024 * 1024) } });
      expectError(await connect('big', 'jira', { rawBody, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
      const chunked = await rawRequest(api.baseUrl, 'POST', `${base('big')}/jira/connect`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        body: rawBody,
      });
      expectError(chunked, 413, 'payload_too_large');
    });
  });

  test('never writes a credential, token or Authorization header to the log', () => {
    const logs = api.logs.join('\n');
    expect(api.logs.length).toBeGreaterThan(10);
    for (const value of submitted) expect(logs).not.toContain(value);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain('kr_live_');
    expect(logs.toLowerCase()).not.toContain('authorization');
  });
});
