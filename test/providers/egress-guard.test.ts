import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, egressAllowed, parseAllowList } from '../../activities/outbound/address.js';
import { createOutboundClient, type OutboundOptions, type Resolver } from '../../activities/outbound/client.js';
import { USER_AGENT } from '../../activities/outbound/user-agent.js';
import { unreachableMessage } from '../../activities/errors.js';

/**
 * Every range of the IANA IPv4 and IPv6 Special-Purpose Address Registries, and IPv6 outside 2000::/3, in the spellings
 * a resolver can answer: the guard refuses each by default.
 */
const BLOCKED = [
  ['0.0.0.0/8 this network', '0.0.0.0', '0.1.2.3'],
  ['10/8 private', '10.0.0.1', '10.255.255.255'],
  ['100.64/10 shared (CGNAT)', '100.64.0.1', '100.127.255.254'],
  ['127/8 loopback', '127.0.0.1', '127.255.255.254'],
  ['169.254/16 link-local (cloud metadata)', '169.254.169.254', '169.254.0.1'],
  ['172.16/12 private', '172.16.0.1', '172.31.255.254'],
  ['192.0.0/24 IETF protocol assignments', '192.0.0.8', '192.0.0.170'],
  ['192.0.2/24 TEST-NET-1', '192.0.2.1', '192.0.2.254'],
  ['192.31.196/24 AS112-v4', '192.31.196.1', '192.31.196.254'],
  ['192.52.193/24 AMT', '192.52.193.1', '192.52.193.254'],
  ['192.88.99/24 6to4 relay anycast', '192.88.99.1', '192.88.99.254'],
  ['192.168/16 private', '192.168.0.1', '192.168.255.254'],
  ['192.175.48/24 AS112 direct delegation', '192.175.48.1', '192.175.48.254'],
  ['198.18/15 benchmarking', '198.18.0.1', '198.19.255.254'],
  ['198.51.100/24 TEST-NET-2', '198.51.100.1', '198.51.100.254'],
  ['203.0.113/24 TEST-NET-3', '203.0.113.1', '203.0.113.254'],
  ['224/4 multicast', '224.0.0.1', '239.255.255.255'],
  ['240/4 reserved and the broadcast address', '240.0.0.1', '255.255.255.255'],
  ['IPv6 unspecified and loopback', '::', '::1'],
  ['IPv4-mapped loopback / metadata (judged as the IPv4)', '::ffff:127.0.0.1', '::ffff:169.254.169.254'],
  ['IPv4-mapped, hex form', '::ffff:7f00:1', '::ffff:a00:1'],
  ['::/96 IPv4-compatible (bracketed as in a URL)', '[::7f00:1]', '[::a9fe:a9fe]'],
  ['64:ff9b::/96 NAT64', '64:ff9b::7f00:1', '64:ff9b::808:808'],
  ['64:ff9b:1::/48 local-use NAT64', '64:ff9b:1::a00:1', '64:ff9b:1:ffff::1'],
  ['100::/64 discard-only', '100::1', '100::ffff:ffff:ffff:ffff'],
  ['2001::/32 Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001::1'],
  ['2001::/23 IETF protocol assignments', '2001:1::1', '2001:1ff:ffff::1'],
  ['2001:2::/48 benchmarking', '2001:2::1', '2001:2:0:ffff::1'],
  ['2001:10::/28 ORCHID and 2001:20::/28 ORCHIDv2', '2001:10::1', '2001:20::1'],
  ['2001:db8::/32 documentation', '2001:db8::1', '2001:db8:ffff::1'],
  ['2002::/16 6to4 embedding 127.0.0.1 / 10.0.0.1', '2002:7f00:1::1', '2002:a00:1::1'],
  ['3fff::/20 documentation', '3fff::1', '3fff:fff:ffff::1'],
  ['5f00::/16 SRv6', '5f00::1', '5f00:ffff::1'],
  ['fc00::/7 unique local', 'fc00::1', 'fd12:3456:789a::1'],
  ['fe80::/10 link-local', 'fe80::1', 'fe80::1%eth0'],
  ['fec0::/10 site-local', 'fec0::1', 'feff::1'],
  ['ff00::/8 multicast', 'ff02::1', 'ff05::2'],
  ['IPv6 outside 2000::/3 and the registry', '4000::1', 'e000::1'],
] as const;

/** Globally routable unicast, next to the edges of the refused ranges: must still pass. */
const PUBLIC = [
  '8.8.8.8', '1.1.1.1', '140.82.112.3', '::ffff:8.8.8.8',
  '9.255.255.255', '11.0.0.1', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1', '192.0.1.1', '192.0.3.1',
  '192.88.98.1', '192.167.255.255', '192.169.0.1', '198.17.255.255', '198.20.0.1', '223.255.255.254',
  '2606:4700::1111', '2606:4700::6810:84e5', '2001:4860:4860::8888', '2001:200::1', '2003::1', '3fff:1000::1', '2a00:1450:4001::1',
] as const;

describe('address classifier (pure)', () => {
  it.each(BLOCKED)('refuses %s', (_name, a, b) => {
    expect(classifyAddress(a)).toBe('blocked');
    expect(classifyAddress(b)).toBe('blocked');
    expect(egressAllowed('provider.example', a, parseAllowList(''))).toBe(false);
  });

  it.each(PUBLIC)('allows globally routable unicast %s', (a) => {
    expect(classifyAddress(a)).toBe('public');
    expect(egressAllowed('provider.example', a, parseAllowList(''))).toBe(true);
  });

  it('lets PROVIDER_EGRESS_ALLOW open a special-purpose range on purpose (NAT64 behind DNS64, IPv4-compatible)', () => {
    const list = parseAllowList('64:ff9b::/96,::/96');
    expect(egressAllowed('any', '64:ff9b::808:808', list)).toBe(true);
    expect(egressAllowed('any', '::7f00:1', list)).toBe(true);
    expect(egressAllowed('any', '64:ff9b:1::808:808', list)).toBe(false);
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

  it('refuses loopback by default, with the one secret-free message, before any byte is sent', async () => {
    const http = open({});
    const err = await failureOf(http.send(`${ok.url}/repos?token=abc`, { label: 'GitHub' }));
    expect(err).toMatchObject({ type: 'ProviderAddressBlocked', nonRetryable: true });
    expect(err.message).toBe('GitHub could not be reached from this deployment (the address is refused, does not resolve, or did not answer)');
    expect(ok.hits).toHaveLength(0);
  });

  it('sees the resolved address behind decimal, octal and hex IPv4 spellings and IPv6 forms', async () => {
    const http = open({});
    for (const host of ['2130706433', '0177.0.0.1', '0x7f.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[::1]', '[::7f00:1]', '[::a9fe:a9fe]']) {
      expect((await failureOf(http.send(`http://${host}:${ok.port}/`, { label: 'GitHub' }))).type).toBe('ProviderAddressBlocked');
    }
    expect(ok.hits).toHaveLength(0);
  });

  it('refuses localhost and a hostname whose DNS answer is private, whatever the URL string says', async () => {
    const resolve: Resolver = (host) => Promise.resolve(host === 'api.github-mirror.example' ? [{ address: '10.1.2.3', family: 4 }] : []);
    expect((await failureOf(open({}).send(`http://localhost:${ok.port}/`, { label: 'GitHub' }))).type).toBe('ProviderAddressBlocked');
    const err = await failureOf(open({ resolve }).send('http://api.github-mirror.example/', { label: 'GitLab', origin: 'token_url' }));
    expect(err).toMatchObject({ type: 'ProviderAddressBlocked', message: unreachableMessage('GitLab') });
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

describe('outbound client: one text for refused, unresolvable and unreachable; the cause in the log', () => {
  let refusing: Server;
  let refusingPort: number;
  let silent: Fake;
  let echo: Fake;
  const lines: Record<string, unknown>[] = [];
  const clients: { close(): Promise<void> }[] = [];
  const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.corp.test'), { code: 'ENOTFOUND' });
  // internal.corp.test is a private name; nowhere.corp.test does not exist; the rest is the loopback test servers.
  const dnsDown = Object.assign(new Error('getaddrinfo EAI_AGAIN flaky.corp.test'), { code: 'EAI_AGAIN' });
  const resolve: Resolver = (host) =>
    host === 'internal.corp.test'
      ? Promise.resolve([{ address: '10.0.0.7', family: 4 }])
      : host === 'nowhere.corp.test'
        ? Promise.reject(notFound)
        : host === 'flaky.corp.test'
          ? Promise.reject(dnsDown)
          : Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
  const open = (options: OutboundOptions = {}) => {
    const client = createOutboundClient({ allow: parseAllowList('127.0.0.1/32'), resolve, logger: { warn: (obj: object) => void lines.push(obj as Record<string, unknown>) } as never, ...options });
    clients.push(client);
    return client.session({ signal: new AbortController().signal, heartbeat: () => undefined, logFields: { integration_id: 'int-1', org_id: 'org-1' } });
  };

  beforeAll(async () => {
    // Accepts the connection and drops it before answering: a host that is there but does not answer HTTP.
    refusing = createServer();
    refusing.on('connection', (socket) => socket.destroy());
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    refusingPort = (refusing.address() as AddressInfo).port;
    silent = await fakeOn('127.0.0.1', () => undefined);
    echo = await fakeOn('127.0.0.1', (_path, res) => void res.end('ok'));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    refusing?.closeAllConnections();
    await new Promise((r) => refusing?.close(r));
    await silent?.close();
    await echo?.close();
  });

  it('answers the same message for each cause, fails refused and non-existent names alike (not retried) and the rest retryably, and logs the precise cause', async () => {
    const http = open();
    const refused = await failureOf(http.send('http://internal.corp.test/api?token=s3cr3t', { label: 'Jira' }));
    const unresolvable = await failureOf(http.send('http://nowhere.corp.test/api?token=s3cr3t', { label: 'Jira' }));
    const dnsFailing = await failureOf(http.send('http://flaky.corp.test/api?token=s3cr3t', { label: 'Jira' }));
    const unreachable = await failureOf(http.send(`http://up.corp.test:${refusingPort}/api?token=s3cr3t`, { label: 'Jira' }));
    const noAnswer = await failureOf(http.send(`http://slow.corp.test:${silent.port}/api?token=s3cr3t`, { label: 'Jira', timeoutMs: 300 }));

    for (const err of [refused, unresolvable, dnsFailing, unreachable, noAnswer]) expect(err.message).toBe(unreachableMessage('Jira'));
    for (const err of [refused, unresolvable]) expect(err).toMatchObject({ type: 'ProviderAddressBlocked', nonRetryable: true });
    for (const err of [dnsFailing, unreachable, noAnswer]) expect(err).toMatchObject({ type: 'ProviderUnavailable', nonRetryable: false });

    expect(lines).toEqual([
      expect.objectContaining({ integration_id: 'int-1', org_id: 'org-1', label: 'Jira', host: 'internal.corp.test', cause: 'refused', addresses: ['10.0.0.7'] }),
      expect.objectContaining({ host: 'nowhere.corp.test', cause: 'unresolvable', code: 'ENOTFOUND' }),
      expect.objectContaining({ host: 'flaky.corp.test', cause: 'unresolvable', code: 'EAI_AGAIN' }),
      expect.objectContaining({ host: 'up.corp.test', cause: 'unreachable' }),
      expect.objectContaining({ host: 'slow.corp.test', cause: 'timeout' }),
    ]);
    // The hostname, never the URL: a query or path can carry a token.
    expect(JSON.stringify(lines)).not.toMatch(/s3cr3t|\/api/);
  });

  it('sends one User-Agent, whatever spelling the caller used', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => void (seen.push(req.headers['user-agent']), res.end('ok')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const http = open();
      await http.send(url, { label: 'GitHub' });
      await http.send(url, { label: 'GitHub', headers: { 'User-Agent': 'curl/8', 'user-agent': 'audit-integrations' } });
      expect(seen).toEqual([USER_AGENT, USER_AGENT]);
      expect(USER_AGENT).toMatch(/^audit-integrations\/\d+\.\d+\.\d+/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('takes a tighter byte cap per request, never a looser one', async () => {
    const big = await fakeOn('127.0.0.1', (_p, res) => void res.end('x'.repeat(4096)));
    try {
      const small = await failureOf(open({ maxResponseBytes: 1 << 20 }).send(`${big.url}/`, { label: 'GitHub', maxResponseBytes: 1024 }));
      expect(small).toMatchObject({ type: 'ProviderResponseTooLarge', nonRetryable: true, message: 'GitHub answered with more than 1024 bytes' });
      const capped = await failureOf(open({ maxResponseBytes: 2048 }).send(`${big.url}/`, { label: 'GitHub', maxResponseBytes: 1 << 20 }));
      expect(capped.message).toBe('GitHub answered with more than 2048 bytes (PROVIDER_MAX_RESPONSE_BYTES)');
    } finally {
      await big.close();
    }
  });
});
