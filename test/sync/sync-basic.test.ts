import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApi, startTestWorker, type TestApi, type TestWorker } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';


describe('POST …/sync end to end', () => {
  let api: TestApi;
  let worker: TestWorker;
  let fake: Server;
  let fakeUrl: string;
  const orgId = randomUUID();
  let token: string;

  beforeAll(async () => {
    fake = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer ghp_good') {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Bad credentials' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 1, full_name: 'acme/web' }));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    api = await startTestApi();
    worker = await startTestWorker(api);
    token = await api.createKey(orgId);
  });
  afterAll(async () => {
    await worker.stop();
    await api.close();
    fake.close();
  });

  it('goes syncing → connected', async () => {
    const base = `/api/v1/orgs/${orgId}/projects/web/audit/integrations`;
    await call(api.baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: 'ghp_good', repository: 'acme/web', base_url: fakeUrl } } });
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

  it('goes to error on a bad token', async () => {
    const base = `/api/v1/orgs/${orgId}/projects/bad/audit/integrations`;
    await call(api.baseUrl, 'POST', `${base}/github/connect`, { token, body: { credentials: { token: 'ghp_bad', repository: 'acme/web', base_url: fakeUrl } } });
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
