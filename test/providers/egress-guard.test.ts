import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, egressAllowed, parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, type OutboundOptions, type Resolver } from '../../activities/outbound/client.js';

/** Every range the guard refuses by default, in the spellings a resolver can answer. */
const BLOCKED = [
  ['0.0.0.0/8', '0.0.0.0', '0.1.2.3'],
  ['loopback', '127.0.0.1', '127.255.255.254'],
  ['RFC 1918 10/8', '10.0.0.1', '10.255.255.255'],
  ['RFC 1918 172.16/12', '172.16.0.1', '172.31.255.254'],
  ['RFC 1918 192.168/16', '192.168.0.1', '192.168.255.254'],
  ['link-local (cloud metadata)', '169.254.169.254', '169.254.0.1'],
  ['CGNAT 100.64/10', '100.64.0.1', '100.127.255.254'],
  ['multicast', '224.0.0.1', '239.255.255.255'],
  ['reserved / broadcast', '240.0.0.1', '255.255.255.255'],
  ['IETF protocol / documentation / benchmarking', '192.0.0.8', '198.18.0.1'],
  ['IPv6 loopback and unspecified', '::1', '::'],
  ['IPv6 ULA fc00::/7', 'fc00::1', 'fd12:3456:789a::1'],
  ['IPv6 link-local fe80::/10', 'fe80::1', 'fe80::1%eth0'],
  ['IPv6 multicast', 'ff02::1', 'ff05::2'],
  ['IPv4-mapped loopback / metadata / RFC 1918', '::ffff:127.0.0.1', '::ffff:169.254.169.254'],
  ['IPv4-mapped, hex form', '::ffff:7f00:1', '::ffff:a00:1'],
  ['NAT64 / 6to4 / Teredo embedding a private IPv4', '64:ff9b::7f00:1', '2002:7f00:1::1'],
] as const;

describe('address classifier (pure)', () => {
  it.each(BLOCKED)('refuses %s', (_name, a, b) => {
    expect(classifyAddress(a)).toBe('blocked');
    expect(classifyAddress(b)).toBe('blocked');
    expect(egressAllowed('provider.example', a, parseAllowList(''))).toBe(false);
  });

  it('allows public unicast, v4, v6 and IPv4-mapped public', () => {
    for (const a of ['8.8.8.8', '140.82.112.3', '2606:4700::6810:84e5', '::ffff:8.8.8.8']) expect(classifyAddress(a)).toBe('public');
  });

  it('does not take non-canonical IPv4 spellings as addresses (a resolver never answers them; URL parsing normalises them)', () => {
    for (const a of ['2130706433', '0x7f.0.0.1', '0177.0.0.1', '127.1', 'localhost']) expect(classifyAddress(a)).toBe('invalid');
    expect(egressAllowed('x', '0x7f.0.0.1', parseAllowList('0.0.0.0/0'))).toBe(false);
    // WHATWG URL parsing turns decimal, octal and hex IPv4 into the dotted quad the guard then sees.
    for (const host of ['2130706433', '0x7f.0.0.1', '0177.0.0.1', '127.1', '0x7f000001']) expect(new URL(`http://${host}/`).hostname).toBe('127.0.0.1');
  });

  it('allows a private address when its CIDR or the hostname is on the allow list, and nothing else', () => {
    const list = parseAllowList(' 10.20.0.0/16 , gitlab.corp.example,*.jira.corp.example, fd00::/8 ,127.0.0.1');
    expect(egressAllowed('any', '10.20.3.4', list)).toBe(true);
    expect(egressAllowed('any', '10.21.0.1', list)).toBe(false);
    expect(egressAllowed('gitlab.corp.example', '10.99.0.1', list)).toBe(true);
    expect(egressAllowed('GitLab.Corp.Example.', '10.99.0.1', list)).toBe(true);
    expect(egressAllowed('evil-gitlab.corp.example', '10.99.0.1', list)).toBe(false);
    expect(egressAllowed('eu.jira.corp.example', '192.168.1.1', list)).toBe(true);
    expect(egressAllowed('jira.corp.example', '192.168.1.1', list)).toBe(false);
    expect(egressAllowed('any', 'fd00::5', list)).toBe(true);
    expect(egressAllowed('any', '::ffff:127.0.0.1', list)).toBe(true);
    expect(egressAllowed('any', '127.0.0.2', list)).toBe(false);
  });

  it('refuses malformed allow-list entries, naming them', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseAllowList('http://gitlab.corp')).toThrow(/http:\/\/gitlab\.corp/);
    expect(parseAllowList('')).toEqual({ cidrs: [], hosts: [] });
  });
});

interface Fake {
  url: string;
  port: number;
  hits: string[];
  close(): Promise<void>;
}

async function fakeOn(host: string, handler: (path: string, res: ServerResponse) => void): Promise<Fake> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '/');
    handler(req.url ?? '/', res);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

const session = (options: OutboundOptions) => {
  const client = createOutboundClient(options);
  return { client, http: client.session({ signal: new AbortController().signal, heartbeat: () => undefined }) };
};

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('outbound client: the guard at connect time', () => {
  let ok: Fake;
  let target: Fake;
  const clients: { close(): Promise<void> }[] = [];
  const open = (options: OutboundOptions) => {
    const s = session(options);
    clients.push(s.client);
    return s.http;
  };

  beforeAll(async () => {
    ok = await fakeOn('127.0.0.1', (path, res) => {
      if (path === '/cross') return void res.writeHead(302, { location: `${target.url}/secret` }).end();
      if (path.startsWith('/hop/')) {
        const n = Number(path.slice(5));
        return void res.writeHead(n > 0 ? 307 : 200, n > 0 ? { location: `/hop/${n - 1}` } : {}).end(n > 0 ? '' : 'arrived');
      }
      if (path === '/see-other') return void res.writeHead(303, { location: '/landing' }).end();
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ path }));
    });
    // A second loopback address: "inside the deployment", not on the allow list of the tests below.
    target = await fakeOn('127.0.0.2', (_p, res) => void res.end('metadata'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await ok?.close();
    await target?.close();
  });

  it('refuses loopback by default, with the clear, secret-free message, before any byte is sent', async () => {
    const http = open({});
    const err = await failureOf(http.send(`${ok.url}/repos?token=abc`, { label: 'GitHub' }));
    expect(err).toMatchObject({ type: 'ProviderAddressBlocked', nonRetryable: true });
    expect(err.message).toBe('GitHub: base_url resolves to a private address; allow it with PROVIDER_EGRESS_ALLOW');
    expect(ok.hits).toHaveLength(0);
  });

  it('sees the resolved address behind decimal, octal and hex IPv4 spellings and IPv6 forms', async () => {
    const http = open({});
    for (const host of ['2130706433', '0177.0.0.1', '0x7f.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[::1]']) {
      expect((await failureOf(http.send(`http://${host}:${ok.port}/`, { label: 'GitHub' }))).type).toBe('ProviderAddressBlocked');
    }
    expect(ok.hits).toHaveLength(0);
  });

  it('refuses localhost and a hostname whose DNS answer is private, whatever the URL string says', async () => {
    const resolve: Resolver = (host) => Promise.resolve(host === 'api.github-mirror.example' ? [{ address: '10.1.2.3', family: 4 }] : []);
    expect((await failureOf(open({}).send(`http://localhost:${ok.port}/`, { label: 'GitHub' }))).type).toBe('ProviderAddressBlocked');
    const err = await failureOf(open({ resolve }).send('http://api.github-mirror.example/', { label: 'GitLab', origin: 'token_url' }));
    expect(err).toMatchObject({ type: 'ProviderAddressBlocked', message: 'GitLab: token_url resolves to a private address; allow it with PROVIDER_EGRESS_ALLOW' });
    expect(ok.hits).toHaveLength(0);
  });

  it('connects to an allowed CIDR and to an allowed hostname, and only to the allowed ones', async () => {
    const res = await open({ allow: parseAllowList('127.0.0.1/32') }).send(`${ok.url}/a`, { label: 'GitHub' });
    expect(await res.json()).toEqual({ path: '/a' });
    const resolve: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const byName = open({ allow: parseAllowList('gitlab.corp.test'), resolve });
    expect((await byName.send(`http://gitlab.corp.test:${ok.port}/b`, { label: 'GitLab' })).status).toBe(200);
    expect((await failureOf(byName.send(`http://other.corp.test:${ok.port}/c`, { label: 'GitLab' }))).type).toBe('ProviderAddressBlocked');
    expect(ok.hits).toEqual(['/a', '/b']);
  });

  it('checks every new connection: a name that rebinds to a private address is refused on the next connect', async () => {
    let answers = 0;
    // First answer: the allowed address; from then on a private one (the fake closes each connection).
    const resolve: Resolver = () => Promise.resolve([{ address: answers++ === 0 ? '127.0.0.1' : '10.9.9.9', family: 4 }]);
    const http = open({ allow: parseAllowList('127.0.0.1/32'), resolve });
    expect((await http.send(`http://rebind.test:${ok.port}/first`, { label: 'Jira' })).status).toBe(200);
    expect((await failureOf(http.send(`http://rebind.test:${ok.port}/second`, { label: 'Jira' }))).type).toBe('ProviderAddressBlocked');
    expect(answers).toBe(2);
  });

  it('never follows a redirect to another origin: the blocked target receives nothing', async () => {
    const err = await failureOf(open({ allow: parseAllowList('127.0.0.1/32') }).send(`${ok.url}/cross`, { label: 'GitHub' }));
    expect(err).toMatchObject({ type: 'ProviderAddressBlocked', nonRetryable: true });
    expect(err.message).toMatch(/cross-origin redirects are not followed/);
    expect(target.hits).toHaveLength(0);
  });

  it('follows at most three same-origin redirects, and a 303 continues as a GET', async () => {
    const http = open({ allow: parseAllowList('127.0.0.1/32') });
    expect(await (await http.send(`${ok.url}/hop/3`, { label: 'GitHub' })).text()).toBe('arrived');
    expect((await failureOf(http.send(`${ok.url}/hop/4`, { label: 'GitHub' }))).message).toMatch(/redirected more than 3 times/);
    const landed = await http.send(`${ok.url}/see-other`, { label: 'GitHub', method: 'POST', body: '{}' });
    expect(await landed.json()).toEqual({ path: '/landing' });
  });

  it('calls only http(s) URLs', async () => {
    expect((await failureOf(open({}).send('file:///etc/passwd', { label: 'Sentry' }))).type).toBe('ProviderConfigInvalid');
  });
});

describe('outbound client: bounded bodies and time', () => {
  let hostile: Fake;
  let open: (cap?: number) => ReturnType<typeof session>['http'];
  const clients: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    hostile = await fakeOn('127.0.0.1', (path, res) => {
      if (path === '/declared') return void res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).end();
      if (path === '/endless') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        return pump();
      }
      if (path === '/stalled') return void res.writeHead(200).write('{"partial":');
      res.end('small');
    });
    open = (cap = 64 * 1024) => {
      const s = session({ allow: parseAllowList('127.0.0.1/32'), maxResponseBytes: cap });
      clients.push(s.client);
      return s.http;
    };
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await hostile?.close();
  });

  it('fails a body over the cap while it streams (declared or not), without retry', async () => {
    for (const path of ['/declared', '/endless']) {
      const err = await failureOf(open().send(`${hostile.url}${path}`, { label: 'Sentry' }));
      expect(err).toMatchObject({ type: 'ProviderResponseTooLarge', nonRetryable: true });
      expect(err.message).toBe('Sentry answered with more than 65536 bytes (PROVIDER_MAX_RESPONSE_BYTES)');
    }
    expect(await (await open().send(`${hostile.url}/ok`, { label: 'Sentry' })).text()).toBe('small');
  });

  it('ends a body that never finishes at the per-request timeout, as a retryable failure', async () => {
    const err = await failureOf(open().send(`${hostile.url}/stalled`, { label: 'GA4', timeoutMs: 300 }));
    expect(err).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false, message: 'GA4 timed out' });
  });
});
