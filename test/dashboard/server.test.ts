import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../api/routes/dashboard.js';
import { call, startTestApi, type TestApi } from '../helpers/stack.js';
import { buildForTest } from './support.js';

describe('GET /dashboard (static assets)', () => {
  let api: TestApi;
  let unbuilt: TestApi;
  let files: string[];

  beforeAll(async () => {
    const dir = await buildForTest();
    files = await readdir(dir);
    api = await startTestApi({ dashboardDir: dir });
    unbuilt = await startTestApi({ dashboardDir: `${dir}-missing`, db: api.db });
  });
  afterAll(async () => {
    await unbuilt?.close();
    await api?.close();
  });

  it('serves index.html at /dashboard and /dashboard/ with a strict CSP and revalidation, without an API key', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const res = await fetch(`${api.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(DASHBOARD_CSP).toMatch(/^default-src 'self';/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const again = await fetch(`${api.baseUrl}${path}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
      expect(again.status).toBe(304);
    }
  });

  it('has no inline script, inline style, event handler attribute or third-party URL in the page', async () => {
    const html = await (await fetch(`${api.baseUrl}/dashboard/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/dashboard\/app-[A-Z0-9]{8}\.js"/);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves the hashed bundle as immutable with its content type, and nothing outside the build', async () => {
    const js = files.find((f) => /^app-[A-Z0-9]{8}\.js$/.test(f))!;
    const css = files.find((f) => /^styles-[A-Z0-9]{8}\.css$/.test(f))!;
    for (const [file, type] of [[js, 'text/javascript; charset=utf-8'], [css, 'text/css; charset=utf-8']] as const) {
      const res = await fetch(`${api.baseUrl}/dashboard/${file}`);
      expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([200, type, 'public, max-age=31536000, immutable']);
    }
    const icon = await fetch(`${api.baseUrl}/dashboard/favicon.svg`);
    expect([icon.status, icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual([200, 'image/svg+xml', 'no-cache']);
    for (const path of ['/dashboard/nope.js', '/dashboard/..%2Fpackage.json', '/dashboard/%2e%2e%2fpackage.json', '/dashboard/.env', '/dashboard/index.ts']) {
      const res = await fetch(`${api.baseUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('"dependencies"');
    }
  });

  it('answers 503 with the build command when the dashboard was never built', async () => {
    const res = await fetch(`${unbuilt.baseUrl}/dashboard/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:dashboard');
  });
});

describe('GET /api/v1/me', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ syncControl: false });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('returns the key’s id, org and scopes — never the token or any part of it', async () => {
    const orgId = randomUUID();
    const token = await api.createKey(orgId, ['audit:read']);
    const res = await call(api.baseUrl, 'GET', '/api/v1/me', { token });
    expect(res.status).toBe(200);
    const [key] = await api.db.sql<{ id: string }[]>`select id from api_keys where org_id = ${orgId}`;
    expect(res.json.data).toEqual({ key_id: key!.id, org_id: orgId, name: null, scopes: ['audit:read'], created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
    expect(res.text).not.toContain(token.slice(0, 12));
  });

  it('is 401 unauthorized without a key', async () => {
    const res = await call(api.baseUrl, 'GET', '/api/v1/me');
    expect([res.status, res.json.error?.code]).toEqual([401, 'unauthorized']);
  });
});
