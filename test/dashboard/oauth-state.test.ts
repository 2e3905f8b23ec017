import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { calculatePKCECodeChallenge } from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { listenOrigin, oauthConfigFromEnv } from '../../api/oauth-config.js';
import { entryBundle } from '../helpers/entry-bundle.js';
import { PROJECT_ROOT } from '../helpers/services.js';
import { bindingMac, isBoundTo, newBinding, pkceVerifier, signState, verifyState, type OAuthState } from '../../api/oauth-state.js';

const run = promisify(execFile);
const secret = randomBytes(32);
const now = 1_750_000_000_000;
const binding = newBinding();
const state: OAuthState = {
  v: 2,
  org: '11111111-1111-1111-1111-111111111111',
  project: 'web',
  provider: 'ga4',
  key: '22222222-2222-2222-2222-222222222222',
  exp: now + 60_000,
  id: 'state-id',
  bind: bindingMac(secret, binding),
  ru: 'https://audit.example/oauth/ga4/callback',
  fields: { property_id: '1' },
};

describe('OAuth state signing', () => {
  it('round-trips a state signed with the secret', () => {
    expect(verifyState(secret, signState(secret, state), now)).toEqual(state);
  });

  it('refuses a changed payload, a changed signature, another secret and garbage', () => {
    const signed = signState(secret, state);
    const [payload, signature] = signed.split('.') as [string, string];
    const changed = Buffer.from(JSON.stringify({ ...state, project: 'other' })).toString('base64url');
    expect(verifyState(secret, `${changed}.${signature}`, now)).toBe('invalid_state');
    // The last of 43 base64url characters carries 4 bits of the MAC and 2 padding bits: flip a data bit (A=0 ↔ Q=16).
    expect(verifyState(secret, `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'Q' : 'A'}`, now)).toBe('invalid_state');
    expect(verifyState(randomBytes(32), signed, now)).toBe('invalid_state');
    for (const junk of ['', '.', 'a.b', `${payload}.`, `${payload}.${signature}.x`, 'x'.repeat(5000)]) expect(verifyState(secret, junk, now)).toBe('invalid_state');
  });

  it('refuses a well-signed payload of the wrong shape', () => {
    const signed = signState(secret, { ...state, provider: 'myspace' } as unknown as OAuthState);
    expect(verifyState(secret, signed, now)).toBe('invalid_state');
  });

  it('reports an expired state as expired', () => {
    expect(verifyState(secret, signState(secret, { ...state, exp: now }), now)).toBe('expired_state');
  });

  it('refuses a state of the previous shape (v1, whose cookie was its nonce), even when well signed', () => {
    const v1 = { v: 1, org: state.org, project: state.project, provider: state.provider, key: state.key, exp: state.exp, nonce: 'n0nce', ru: state.ru, fields: state.fields };
    expect(verifyState(secret, signState(secret, v1 as unknown as OAuthState), now)).toBe('invalid_state');
  });

  it('binds the state to its cookie by MAC only: no value in the state, nor a MAC under another secret, passes for the cookie', () => {
    expect(binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isBoundTo(secret, state, binding)).toBe(true);
    for (const readable of Object.values(state).filter((v): v is string => typeof v === 'string')) expect(isBoundTo(secret, state, readable)).toBe(false);
    expect(JSON.stringify(state)).not.toContain(binding);
    expect(isBoundTo(secret, state, undefined)).toBe(false);
    expect(isBoundTo(secret, state, newBinding())).toBe(false);
    expect(isBoundTo(secret, { ...state, bind: bindingMac(randomBytes(32), binding) }, binding)).toBe(false);
  });

  it('derives the PKCE verifier from the cookie under the server secret: the state alone does not give it', () => {
    const verifier = pkceVerifier(secret, binding);
    expect(verifier).not.toBe(state.bind);
    for (const readable of Object.values(state).filter((v): v is string => typeof v === 'string')) expect(pkceVerifier(secret, readable)).not.toBe(verifier);
    expect(pkceVerifier(randomBytes(32), binding)).not.toBe(verifier);
  });

  it('derives a 43-character PKCE verifier per binding, with its S256 challenge (oauth4webapi)', async () => {
    const verifier = pkceVerifier(secret, 'a');
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pkceVerifier(secret, 'a')).toBe(verifier);
    expect(pkceVerifier(secret, 'b')).not.toBe(verifier);
    expect(await calculatePKCECodeChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    // RFC 7636 appendix B.
    expect(await calculatePKCECodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('oauthConfigFromEnv', () => {
  const key = randomBytes(32);

  it('enables a provider only with both client id and secret; GOOGLE_* serves ga4 and gsc, GA4_* wins', () => {
    // One parser serves the API and the worker: a client id without any secret is a start-up error in both.
    expect(() => oauthConfigFromEnv({ SENTRY_CLIENT_ID: 'only-id' }, key)).toThrow(/^invalid configuration: SENTRY_CLIENT_ID and SENTRY_CLIENT_SECRET must be set together$/);
    const config = oauthConfigFromEnv({ GOOGLE_CLIENT_ID: 'g-id', GOOGLE_CLIENT_SECRET: 'g-secret', GA4_CLIENT_ID: 'ga4-id' }, key);
    expect(Object.keys(config.apps).sort()).toEqual(['ga4', 'gsc']);
    expect(config.apps.ga4).toMatchObject({ clientId: 'ga4-id', pkce: true, authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth' });
    expect(config.apps.gsc?.clientId).toBe('g-id');
    expect(JSON.stringify(config.apps)).not.toContain('g-secret');
  });

  it('takes overrides for the authorize URL, redirect URI and scopes, and the public URL', () => {
    const config = oauthConfigFromEnv(
      { SENTRY_CLIENT_ID: 'id', SENTRY_CLIENT_SECRET: 's', SENTRY_AUTHORIZE_URL: 'http://127.0.0.1:9/authorize', SENTRY_REDIRECT_URI: 'https://x.example/cb', SENTRY_SCOPES: 'org:read', PUBLIC_URL: 'https://audit.example/' },
      key,
    );
    expect(config.apps.sentry).toMatchObject({ authorizeUrl: 'http://127.0.0.1:9/authorize', redirectUri: 'https://x.example/cb', scopes: 'org:read', pkce: false });
    expect(config.publicUrl).toBe('https://audit.example');
  });

  it('names a bad variable without echoing its value', () => {
    expect(() => oauthConfigFromEnv({ GA4_CLIENT_ID: 'i', GA4_CLIENT_SECRET: 's', GA4_AUTHORIZE_URL: 'javascript:alert(1)' }, key)).toThrow(/^invalid configuration: GA4_AUTHORIZE_URL: must be an http\(s\) URL$/);
    expect(() => oauthConfigFromEnv({ OAUTH_STATE_SECRET: 'short-secret-value' }, key)).toThrow(/OAUTH_STATE_SECRET: must be at least 32 characters$/);
  });

  it('derives the state secret from the credentials key unless OAUTH_STATE_SECRET is set', () => {
    expect(oauthConfigFromEnv({}, key).stateSecret).toEqual(oauthConfigFromEnv({}, key).stateSecret);
    expect(oauthConfigFromEnv({}, key).stateSecret.equals(key)).toBe(false);
    expect(oauthConfigFromEnv({ OAUTH_STATE_SECRET: 'x'.repeat(40) }, key).stateSecret.toString()).toBe('x'.repeat(40));
  });

  it('takes the listen address as the redirect base without PUBLIC_URL: a wildcard bind is localhost, IPv6 bracketed, port 0 none', () => {
    expect(oauthConfigFromEnv({}, key, { host: '0.0.0.0', port: 3000 }).listenUrl).toBe('http://localhost:3000');
    expect(oauthConfigFromEnv({ PUBLIC_URL: 'https://audit.example' }, key, { host: '127.0.0.1', port: 8080 })).toMatchObject({ publicUrl: 'https://audit.example', listenUrl: 'http://127.0.0.1:8080' });
    expect(listenOrigin('::', 3000)).toBe('http://localhost:3000');
    expect(listenOrigin('::1', 3000)).toBe('http://[::1]:3000');
    expect(listenOrigin('[::1]', 3000)).toBe('http://[::1]:3000');
    expect(listenOrigin('api.internal', 3000)).toBe('http://api.internal:3000');
    expect(listenOrigin('127.0.0.1', 0)).toBeUndefined();
    expect(oauthConfigFromEnv({}, key).listenUrl).toBeUndefined();
  });

  it('requires PUBLIC_URL in production once any OAuth app is configured', () => {
    const github = { GITHUB_CLIENT_ID: 'Iv1.abc', GITHUB_CLIENT_SECRET: 'gh-secret' };
    expect(() => oauthConfigFromEnv({ ...github, NODE_ENV: 'production' }, key)).toThrow(/^invalid configuration: PUBLIC_URL: is required when NODE_ENV=production and an OAuth app is configured \(github\)$/);
    expect(oauthConfigFromEnv({ ...github, NODE_ENV: 'production', PUBLIC_URL: 'https://audit.example' }, key).publicUrl).toBe('https://audit.example');
    expect(oauthConfigFromEnv({ NODE_ENV: 'production' }, key).apps).toEqual({});
    expect(oauthConfigFromEnv({ ...github }, key).apps.github?.clientId).toBe('Iv1.abc');
  });

  it('the API process refuses to start with one line naming PUBLIC_URL', async () => {
    const env = {
      PATH: process.env.PATH,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      NODE_ENV: 'production',
      LINEAR_CLIENT_ID: 'lin-id',
      LINEAR_CLIENT_SECRET: 'lin-secret-value',
    };
    const failed = await run(process.execPath, [entryBundle('api/main.ts')], { cwd: PROJECT_ROOT, env }).catch((e: unknown) => e as { code: number; stderr: string; stdout: string });
    expect(failed).toMatchObject({ code: 1 });
    const { stderr } = failed as { stderr: string };
    expect(stderr.trim().split('\n')).toEqual(['invalid configuration: PUBLIC_URL: is required when NODE_ENV=production and an OAuth app is configured (linear)']);
    expect(stderr).not.toContain('lin-secret-value');
  });
});
