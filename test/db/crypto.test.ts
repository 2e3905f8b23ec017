import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { env } from '../../db/config.js';
import { createCredentialCipher, CredentialDecryptError, type CredentialScope } from '../../db/crypto.js';
import { stackTest } from '../helpers/fixture.js';
import { call, randomKey, type TestApi } from '../helpers/stack.js';

const scope: CredentialScope = { orgId: randomUUID(), projectId: 'web', provider: 'github' };

function decryptError(fn: () => unknown): CredentialDecryptError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CredentialDecryptError);
    return err as CredentialDecryptError;
  }
  throw new Error('expected decryption to fail');
}

describe('credential cipher', () => {
  it('round-trips credentials and writes v1.<key id>.<base64url>', () => {
    const cipher = createCredentialCipher([randomKey('k2025')]);
    const stored = cipher.encrypt({ token: 'ghp_abc', nested: { a: [1, 2] } }, scope);
    expect(stored).toMatch(/^v1\.k2025\.[A-Za-z0-9_-]+$/);
    expect(cipher.keyIdOf(stored)).toBe('k2025');
    expect(cipher.decrypt(stored, scope)).toEqual({ token: 'ghp_abc', nested: { a: [1, 2] } });
  });

  it('uses a fresh 96-bit nonce for every write', () => {
    const cipher = createCredentialCipher([randomKey()]);
    const nonces = new Set(
      Array.from({ length: 200 }, () => Buffer.from(cipher.encrypt({ token: 'same' }, scope).split('.')[2]!, 'base64url').subarray(0, 12).toString('hex')),
    );
    expect(nonces.size).toBe(200);
  });

  it.each([
    ['another org', { ...scope, orgId: randomUUID() }],
    ['another project', { ...scope, projectId: 'other' }],
    ['another provider', { ...scope, provider: 'gitlab' }],
  ])('refuses a ciphertext bound to %s', (_label, other) => {
    const cipher = createCredentialCipher([randomKey()]);
    const stored = cipher.encrypt({ token: 'ghp_secret' }, scope);
    const err = decryptError(() => cipher.decrypt(stored, other));
    expect(err.message).not.toContain('ghp_secret');
  });

  it('refuses a tampered ciphertext, a truncated one and a foreign format, with messages free of content', () => {
    const cipher = createCredentialCipher([randomKey('main')]);
    const stored = cipher.encrypt({ token: 'ghp_secret_value' }, scope);
    const [, , payload] = stored.split('.');
    const raw = Buffer.from(payload!, 'base64url');
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 1]! ^= 1;
    const variants = [
      `v1.main.${flipped.toString('base64url')}`,
      // Nonce and a 12-byte tag: a truncated tag must not be accepted.
      `v1.main.${raw.subarray(0, 24).toString('base64url')}`,
      `v1.main.${raw.subarray(0, 20).toString('base64url')}`,
      `v1.main.`,
      `v2.main.${payload!}`,
      `v1.main.${payload!}.extra`,
      'ghp_secret_value',
      '',
    ];
    for (const value of variants) {
      const err = decryptError(() => cipher.decrypt(value, scope));
      expect(err.message).not.toContain('ghp_secret_value');
      expect(err.message).not.toContain(payload!.slice(0, 16));
    }
  });

  it('names only the key id when the key is not configured', () => {
    const stored = createCredentialCipher([randomKey('gone')]).encrypt({ token: 'x' }, scope);
    const err = decryptError(() => createCredentialCipher([randomKey('current')]).decrypt(stored, scope));
    expect(err.message).toBe('no credentials key with id gone is configured');
  });

  it('refuses duplicate key ids, wrong key sizes and malformed ids', () => {
    expect(() => createCredentialCipher([randomKey('a'), randomKey('a')])).toThrow(/unique/);
    expect(() => createCredentialCipher([{ id: 'a', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => createCredentialCipher([{ id: 'has.dot', key: randomBytes(32) }])).toThrow(/ids/);
    expect(() => createCredentialCipher([])).toThrow();
  });

  it('parses CREDENTIALS_KEYS "new:…,old:…": the first encrypts, every key decrypts', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const keys = env.credentialsKeys.parse(`new:${newKey.toString('base64')}, old:${oldKey.toString('base64')}`);
    const cipher = createCredentialCipher(keys);
    const fromOld = createCredentialCipher([{ id: 'old', key: oldKey }]).encrypt({ token: 'legacy' }, scope);
    expect(cipher.decrypt(fromOld, scope)).toEqual({ token: 'legacy' });
    expect(cipher.keyIdOf(cipher.encrypt({ token: 'fresh' }, scope))).toBe('new');
    expect(env.credentialsKeys.safeParse(`new:${newKey.toString('base64').slice(4)}`).success).toBe(false);
  });
});

const orgId = randomUUID();
const test = stackTest({ worker: false, orgId });

describe('credentials at rest (through the API)', () => {
  let api: TestApi;
  let token: string;
  const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;

  test.beforeAll(async ({ stack }) => {
    ({ api, token } = stack);
  });

  const storedFor = async (provider: string) =>
    (await api.db.sql<{ id: string; credentials: string }[]>`
      select id, credentials from audit_integrations where org_id = ${orgId} and project_id = 'web' and provider = ${provider}
    `)[0]!;

  test('stores no plaintext byte sequence of any credential value', async () => {
    const values = {
      token: `ghp_${randomBytes(16).toString('hex')}`,
      api_token: `ATATT${randomBytes(24).toString('base64url')}`,
      email: 'ops@example.com',
      unicode: `clé-🔑-${randomBytes(4).toString('hex')}`,
    };
    const code = `code_${randomBytes(10).toString('hex')}`;
    expect((await call(api.baseUrl, 'POST', `${base}/jira/connect`, { token, body: { credentials: values, auth_code: code } })).status).toBe(200);

    const { credentials: stored } = await storedFor('jira');
    const payload = Buffer.from(stored.split('.')[2]!, 'base64url');
    for (const value of [...Object.values(values), code, ...Object.keys(values), 'auth_code']) {
      expect(stored).not.toContain(value);
      expect(payload.includes(Buffer.from(value, 'utf8'))).toBe(false);
      expect(stored).not.toContain(Buffer.from(value).toString('base64').slice(0, 12));
      expect(stored).not.toContain(Buffer.from(value).toString('base64url').slice(0, 12));
    }
    expect(stored).toMatch(/^v1\.default\.[A-Za-z0-9_-]+$/);
    expect(api.cipher.decrypt(stored, { orgId, projectId: 'web', provider: 'jira' })).toEqual({ ...values, auth_code: code });
  });

  test('a ciphertext copied onto another row fails to decrypt there', async () => {
    expect((await call(api.baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: 'ghp_one' } } })).status).toBe(200);
    expect((await call(api.baseUrl, 'POST', `${base}/gitlab/connect`, { token, body: { credentials: { token: 'glpat_two' } } })).status).toBe(200);
    const github = await storedFor('github');
    await api.db.sql`update audit_integrations set credentials = ${github.credentials} where id = ${(await storedFor('gitlab')).id}`;

    const moved = await storedFor('gitlab');
    expect(moved.credentials).toBe(github.credentials);
    decryptError(() => api.cipher.decrypt(moved.credentials, { orgId, projectId: 'web', provider: 'gitlab' }));
    expect(api.cipher.decrypt(github.credentials, { orgId, projectId: 'web', provider: 'github' })).toEqual({ token: 'ghp_one' });
  });

  test('re-encrypts with a fresh nonce on every connect', async () => {
    await call(api.baseUrl, 'POST', `${base}/linear/connect`, { token, body: { credentials: { token: 'same' } } });
    const first = (await storedFor('linear')).credentials;
    await call(api.baseUrl, 'POST', `${base}/linear/connect`, { token, body: { credentials: { token: 'same' } } });
    expect((await storedFor('linear')).credentials).not.toBe(first);
  });
});
