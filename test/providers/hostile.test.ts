import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubAdapter } from '../../activities/providers/github/adapter.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github.js';
import { startDataStack, type DataStack } from './data-stack.js';

const TOKEN = 'ghp_hostileTestToken00000001';
const credentials = (fake: { url: string }) => ({ token: TOKEN, repository: 'acme/web', base_url: fake.url });
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Writes `total` bytes (or forever) with backpressure, until the client goes away. */
function stream(res: ServerResponse, total = Infinity, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(256 * 1024, 0x5b); // "[[[[…"
  let sent = 0;
  const pump = () => {
    while (!res.destroyed && sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

describe('egress guard end to end (real API, workflow and worker)', () => {
  let fake: FakeGithub;
  let production: DataStack;
  let allowed: DataStack;

  beforeAll(async () => {
    fake = await startFakeGithub({ token: TOKEN, repository: 'acme/web' });
    // PROVIDER_EGRESS_ALLOW unset, as in production: the fake on 127.0.0.1 is inside the deployment.
    production = await startDataStack([githubAdapter], { egressAllow: '' });
    // The operator allowed exactly the fake's address (127.0.0.2 stays private and refused).
    allowed = await startDataStack([githubAdapter], { egressAllow: '127.0.0.1/32' });
  });
  afterAll(async () => {
    await production?.close();
    await allowed?.close();
    await fake?.close();
  });

  it('ends a sync whose base_url is a private address in error within 10 s, with the fake receiving nothing', async () => {
    await production.connect('blocked', 'github', credentials(fake));
    const started = Date.now();
    const { status, run } = await production.sync('blocked', 'github');
    // A coarse bound (the "within seconds, not retried"), not a latency measurement.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(status).toBe('error');
    expect(run).toMatchObject({
      outcome: 'failed',
      error_code: 'ProviderAddressBlocked',
      // The one text for refused, unresolvable and unreachable addresses; the code still says it is not retried.
      error_message: 'GitHub could not be reached from this deployment (the address is refused, does not resolve, or did not answer)',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('runs the same sync once the address is allowed', async () => {
    await allowed.connect('allowed', 'github', credentials(fake));
    const { status, run } = await allowed.sync('allowed', 'github');
    expect(status).toBe('connected');
    expect(run.outcome).toBe('succeeded');
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a redirect from the allowed fake to a private target, which sees nothing', async () => {
    const seen: string[] = [];
    const target: Server = createServer((req, res) => void (seen.push(req.url ?? ''), res.end('{}')));
    await new Promise<void>((r) => target.listen(0, '127.0.0.2', r));
    try {
      const to = `http://127.0.0.2:${(target.address() as AddressInfo).port}/latest/meta-data/`;
      // Non-retryable: one attempt, one redirect.
      fake.fail({ status: 302, headers: { location: to } });
      await allowed.connect('redirect', 'github', credentials(fake));
      const { status, run } = await allowed.sync('redirect', 'github');
      expect(status).toBe('error');
      expect(run.error_code).toBe('ProviderAddressBlocked');
      expect(run.error_message).toMatch(/cross-origin redirects are not followed/);
      expect(seen).toEqual([]);
    } finally {
      await new Promise((r) => target.close(r));
    }
  });
});

describe('hostile providers cannot freeze or wedge the worker', () => {
  let stack: DataStack;
  let good: FakeGithub;
  const hostile: FakeGithub[] = [];

  beforeAll(async () => {
    stack = await startDataStack([githubAdapter]);
    good = await startFakeGithub({ token: TOKEN, repository: 'acme/web' });
  });
  afterAll(async () => {
    await stack?.close();
    await good?.close();
    await Promise.all(hostile.map((f) => f.close()));
  });

  async function hostileFake(fault: Parameters<FakeGithub['fail']>[0]): Promise<FakeGithub> {
    const f = await startFakeGithub({ token: TOKEN, repository: 'acme/web' });
    f.fail({ ...fault, times: 100 });
    hostile.push(f);
    return f;
  }

  it('ends each hostile sync in error quickly with a clean message while another sync completes', async () => {
    const cases = {
      huge: { fake: await hostileFake({ raw: (res) => stream(res, 50 * 1024 * 1024) }), code: 'ProviderResponseTooLarge' },
      endless: { fake: await hostileFake({ raw: (res) => stream(res) }), code: 'ProviderResponseTooLarge' },
      tokenish: { fake: await hostileFake({ status: 401, body: { message: 'eyJ-'.repeat(256 * 1024) } }), code: 'ProviderAuthFailed' },
      control: { fake: await hostileFake({ status: 422, body: { message: 'Validation\u0000 Failed\u0007 \u001b[2J\u0085here' } }), code: 'ProviderConfigInvalid' },
      utf8: {
        fake: await hostileFake({
          raw: (res) => void res.writeHead(404, { 'content-type': 'application/json' }).end(Buffer.concat([Buffer.from('{"message":"Not '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' Found"}')])),
        }),
        code: 'ProviderConfigInvalid',
      },
      // Every GET answered with one huge JSON string: not a repository, so not a success.
      string: { fake: await hostileFake({ status: 200, body: JSON.stringify('a'.repeat(1024 * 1024)) }), code: 'ProviderResponseInvalid' },
    };
    for (const [project, c] of Object.entries(cases)) await stack.connect(project, 'github', credentials(c.fake));
    await stack.connect('neighbour', 'github', credentials(good));

    const started = Date.now();
    const [neighbour, ...results] = await Promise.all([stack.sync('neighbour', 'github'), ...Object.keys(cases).map((p) => stack.sync(p, 'github'))]);
    // Coarse: the old code spent seconds to minutes in one regex on the 1 MiB message, or retried for hours.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(neighbour).toMatchObject({ status: 'connected', run: { outcome: 'succeeded' } });

    Object.values(cases).forEach((c, i) => {
      const { status, run } = results[i]!;
      expect(status, c.code).toBe('error');
      expect(run.error_code).toBe(c.code);
      expect(run.error_message).not.toMatch(CONTROL);
      expect(run.error_message!.length).toBeLessThanOrEqual(300);
      expect(run.error_message).not.toMatch(/eyJ-eyJ-eyJ|\[\[\[\[|aaaaaaaa/);
    });
    expect(results[3]!.run.error_message).toBe('GitHub answered 422: Validation Failed [2J here');
    expect(results[4]!.run.error_message).toBe('GitHub answered 404: Not \ufffd\ufffd\ufffd Found');

    const syncing = await stack.api.db.sql`select id from audit_integrations where status = 'syncing'`;
    expect(syncing).toHaveLength(0);
  });
});
