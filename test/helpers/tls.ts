import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export interface Pki {
  dir: string;
  /** Paths to PEM files. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Another CA that signed nothing here: trusting it must fail. */
  otherCaCert: string;
  read(file: string): Buffer;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function issue(dir: string, name: string, subject: string, ext: string): void {
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`]);
}

/**
 * A throwaway PKI made with the openssl CLI: a CA, a server certificate for `serverNames` (DNS names and IPs), a client
 * certificate for mTLS, and an unrelated CA.
 */
export function createPki(serverNames: { dns?: string[]; ip?: string[] }): Pki {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-pki-'));
  for (const ca of ['ca', 'other-ca']) {
    openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '2', '-subj', `/CN=test ${ca}`]);
  }
  const san = [...(serverNames.dns ?? []).map((d) => `DNS:${d}`), ...(serverNames.ip ?? []).map((i) => `IP:${i}`)].join(',');
  issue(dir, 'server', '/CN=server', `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  issue(dir, 'client', '/CN=audit-integrations', 'extendedKeyUsage=clientAuth\n');
  const p = (f: string) => path.join(dir, f);
  return {
    dir,
    caCert: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    otherCaCert: p('other-ca.crt'),
    read: (file) => readFileSync(file),
  };
}

export interface Proxy {
  port: number;
  /** Handshakes that failed (e.g. a client that presented no certificate). */
  rejected: number;
  /** Connections that completed a TLS handshake and were forwarded. */
  accepted: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function pipeTo(target: { host: string; port: number }, socket: net.Socket | tls.TLSSocket): void {
  const upstream = net.connect(target.port, target.host);
  socket.pipe(upstream).pipe(socket);
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
}

/** TLS in front of a plain TCP service (Temporal's dev server speaks plain gRPC). `requireClientCert` = mTLS. */
export async function startTlsProxy(target: { host: string; port: number }, pki: Pki, opts: { requireClientCert: boolean }): Promise<Proxy> {
  const state = { rejected: 0, accepted: 0 };
  const server = tls.createServer(
    {
      cert: pki.read(pki.serverCert),
      key: pki.read(pki.serverKey),
      ca: pki.read(pki.caCert),
      requestCert: opts.requireClientCert,
      rejectUnauthorized: opts.requireClientCert,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      state.accepted++;
      pipeTo(target, socket);
    },
  );
  server.on('tlsClientError', () => state.rejected++);
  const port = await listen(server);
  return proxyHandle(server, port, state);
}

/**
 * Postgres over TLS in front of a Postgres without it: answers the client's SSLRequest with `S`, terminates TLS, and
 * forwards the plain protocol. A client that does not ask for TLS is refused.
 */
export async function startPostgresTlsProxy(target: { host: string; port: number }, pki: Pki): Promise<Proxy> {
  const state = { rejected: 0, accepted: 0 };
  const context = tls.createSecureContext({ cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey) });
  const server = net.createServer((socket) => {
    socket.once('data', (first: Buffer) => {
      // SSLRequest: length 8, code 80877103.
      if (first.length !== 8 || first.readInt32BE(4) !== 80877103) {
        // What a server with only `hostssl` lines in pg_hba.conf answers a plain start-up: FATAL 28000.
        state.rejected++;
        socket.end(postgresError('28000', 'this server accepts TLS connections only'));
        return;
      }
      socket.write('S');
      const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
      secure.once('secure', () => {
        state.accepted++;
        pipeTo(target, secure);
      });
      secure.on('error', () => {
        state.rejected++;
        socket.destroy();
      });
    });
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  return proxyHandle(server, port, state);
}

function postgresError(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const head = Buffer.alloc(5);
  head.write('E');
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

function proxyHandle(server: net.Server, port: number, state: { rejected: number; accepted: number }): Proxy {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  return {
    port,
    get rejected() {
      return state.rejected;
    },
    get accepted() {
      return state.accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
