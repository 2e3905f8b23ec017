import { describe, expect } from 'vitest';
import { call } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { githubStackTest } from './support.js';

// The one fake GitHub of the sync suites (test/sync/support.ts), which takes only this token for this repository.
const test = githubStackTest({ token: 'ghp_good', repository: 'acme/web' });

describe('POST …/sync end to end', () => {
  test('goes syncing → connected', async ({ stack: { api, orgId, token }, github }) => {
    const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;
    await call(api.baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: 'ghp_good', repository: 'acme/web', base_url: github.url } } });
    const s = await call(api.baseUrl, 'POST', `${base}/github/sync`, { token });
    expect(s.status).toBe(202);
    expect((s.json.data as { status: string }).status).toBe('syncing');
    const row = await waitFor(async () => {
      const l = await call(api.baseUrl, 'GET', base, { token });
      const gh = (l.json.data as { provider: string; status: string }[]).find((r) => r.provider === 'github');
      return gh?.status === 'connected' ? gh : undefined;
    }, 'github connected');
    expect(row.status).toBe('connected');
  });

  test('goes to error on a bad token', async ({ stack: { api, orgId, token }, github }) => {
    const base = `/api/v1/orgs/${orgId}/projects/bad/audit/integrations`;
    await call(api.baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: 'ghp_bad', repository: 'acme/web', base_url: github.url } } });
    await call(api.baseUrl, 'POST', `${base}/github/sync`, { token });
    const row = await waitFor(async () => {
      const l = await call(api.baseUrl, 'GET', base, { token });
      const gh = (l.json.data as { provider: string; status: string }[]).find((r) => r.provider === 'github');
      return gh?.status === 'error' ? gh : undefined;
    }, 'github in error');
    expect(row.status).toBe('error');
    const [run] = await api.db.sql`select outcome, error_code, error_message from sync_runs`.then((r) => r.filter(Boolean)).then((rows) => rows.filter((x) => x.outcome === 'failed'));
    expect(run).toMatchObject({ outcome: 'failed', error_code: 'ProviderAuthFailed' });
  });
});
