import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConfigError } from '../../db/config.js';
import { temporalConnectionOptions, type TemporalConnectionConfig } from '../../db/temporal-connection.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/services.js';
import { randomKey } from '../helpers/stack.js';
import { createPki, startTlsProxy, type Pki, type Proxy } from '../helpers/tls.js';
import { killIfRunning, startRole, type RoleProcess } from './processes.js';

// The dev server speaks plain gRPC; a TLS-terminating proxy in front of it (certificate for `temporal.test` only,
// client certificates required) stands in for a self-hosted cluster with mTLS.
const SERVER_NAME = 'temporal.test';

describe('Temporal over TLS / mTLS (TEMPORAL_TLS_*)', () => {
  let pki: Pki;
  let mtls: Proxy;
  let tlsOnly: Proxy;
  const dev = () => {
    const [host, port] = inject('temporalAddress').split(':');
    return { host: host!, port: Number(port) };
  };
  const base = (port: number): TemporalConnectionConfig => ({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` });

  beforeAll(async () => {
    pki = createPki({ dns: [SERVER_NAME] });
    mtls = await startTlsProxy(dev(), pki, { requireClientCert: true });
    tlsOnly = await startTlsProxy(dev(), pki, { requireClientCert: false });
  });
  afterAll(async () => {
    await mtls?.close();
    await tlsOnly?.close();
  });

  async function healthCheck({ connectTimeout = 5000, ...config }: TemporalConnectionConfig & { connectTimeout?: number }): Promise<void> {
    const connection = await Connection.connect({ ...temporalConnectionOptions(config), connectTimeout });
    try {
      await connection.withDeadline(Date.now() + 5000, () => connection.workflowService.getSystemInfo({}));
    } finally {
      await connection.close();
    }
  }

  it('connects with the client certificate, the CA and the server name (client and worker connections)', async () => {
    const config = { ...base(mtls.port), TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.clientKey, TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME };
    await healthCheck(config);
    const native = await NativeConnection.connect(temporalConnectionOptions(config));
    await native.workflowService.getSystemInfo({});
    await native.close();
    // PEM given inline works as well as a path.
    await healthCheck({ ...config, TEMPORAL_TLS_CERT: pki.read(pki.clientCert).toString(), TEMPORAL_TLS_KEY: pki.read(pki.clientKey).toString() });
    expect(mtls.accepted).toBeGreaterThanOrEqual(3);
  });

  // The worker's (Rust core) connection names the TLS failure; the client's grpc-js one only times out.
  async function nativeFailure(config: TemporalConnectionConfig): Promise<string> {
    try {
      const native = await NativeConnection.connect(temporalConnectionOptions(config));
      await native.close();
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('connected although it should not have');
  }

  it('is refused by an mTLS server when no client certificate is configured', async () => {
    const before = mtls.rejected;
    // TLS 1.3 checks the client certificate after the client's handshake is done: the client usually reads the server's
    // CertificateRequired alert, sometimes only the closed socket. The proxy's count of refused handshakes is the proof.
    expect(await nativeFailure({ ...base(mtls.port), TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME })).toMatch(/CertificateRequired|broken pipe|connection closed/);
    await expect(healthCheck({ ...base(mtls.port), TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME, connectTimeout: 2000 })).rejects.toThrow();
    expect(mtls.rejected).toBeGreaterThan(before);
  });

  it('checks the server name: without TEMPORAL_TLS_SERVER_NAME the certificate (for temporal.test) does not match 127.0.0.1', async () => {
    expect(await nativeFailure({ ...base(tlsOnly.port), TEMPORAL_TLS_CA: pki.caCert })).toMatch(/NotValidForName/);
    await expect(healthCheck({ ...base(tlsOnly.port), TEMPORAL_TLS_CA: pki.caCert, connectTimeout: 2000 })).rejects.toThrow();
    await healthCheck({ ...base(tlsOnly.port), TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME });
  });

  it('fails with a CA that did not sign the server certificate', async () => {
    expect(await nativeFailure({ ...base(tlsOnly.port), TEMPORAL_TLS_CA: pki.otherCaCert, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME })).toMatch(/UnknownIssuer/);
    await expect(healthCheck({ ...base(tlsOnly.port), TEMPORAL_TLS_CA: pki.otherCaCert, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME, connectTimeout: 2000 })).rejects.toThrow();
  });

  it('sends TEMPORAL_API_KEY as a bearer token over TLS (client and worker connections)', async () => {
    // A gRPC endpoint over TLS that records the headers of each call and answers UNAUTHENTICATED, as Temporal Cloud
    // does for a bad key.
    const seen: http2.IncomingHttpHeaders[] = [];
    const server = http2.createSecureServer({ cert: pki.read(pki.serverCert), key: pki.read(pki.serverKey) }, (req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/grpc', 'grpc-status': '16', 'grpc-message': 'Request unauthorized.' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const config = { ...base((server.address() as AddressInfo).port), TEMPORAL_API_KEY: 'tc-api-key-123', TEMPORAL_TLS_CA: pki.caCert, TEMPORAL_TLS_SERVER_NAME: SERVER_NAME };
    try {
      await expect(NativeConnection.connect(temporalConnectionOptions(config))).rejects.toThrow(/unauthorized/i);
      await expect(healthCheck({ ...config, connectTimeout: 2000 })).rejects.toThrow();
    } finally {
      server.close();
    }
    // Both stacks called: the client's grpc-js and the worker's Rust core (tonic).
    const agents = seen.map((h) => String(h['user-agent']));
    expect(agents.some((a) => a.includes('grpc-node-js')), agents.join(', ')).toBe(true);
    expect(agents.some((a) => !a.includes('grpc-node-js')), agents.join(', ')).toBe(true);
    for (const headers of seen) expect(headers.authorization).toBe('Bearer tc-api-key-123');
  });

  it('maps TEMPORAL_API_KEY to the SDK apiKey and turns TLS on with it (Temporal Cloud)', () => {
    const options = temporalConnectionOptions({ ...base(7233), TEMPORAL_API_KEY: 'tc-key' });
    expect(options).toEqual({ address: '127.0.0.1:7233', apiKey: 'tc-key', tls: {} });
    expect(temporalConnectionOptions(base(7233))).toEqual({ address: '127.0.0.1:7233' });
    expect(temporalConnectionOptions({ ...base(7233), TEMPORAL_TLS: true })).toEqual({ address: '127.0.0.1:7233', tls: {} });
  });

  it('names each misconfiguration in one ConfigError line, never a PEM', () => {
    const bad = path.join(pki.dir, 'not-a-cert.pem');
    writeFileSync(bad, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
    const cases: [Partial<TemporalConnectionConfig>, RegExp][] = [
      [{ TEMPORAL_TLS_CERT: pki.clientCert }, /TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT/],
      [{ TEMPORAL_TLS_KEY: pki.clientKey }, /TEMPORAL_TLS_CERT: is required with TEMPORAL_TLS_KEY/],
      [{ TEMPORAL_TLS_CA: path.join(pki.dir, 'missing.crt') }, /TEMPORAL_TLS_CA: cannot read .*missing\.crt \(ENOENT\)/],
      [{ TEMPORAL_TLS_CA: bad }, /TEMPORAL_TLS_CA: not a PEM certificate/],
      [{ TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.caCert }, /TEMPORAL_TLS_KEY: not a PEM private key/],
      [{ TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.serverKey }, /TEMPORAL_TLS_KEY: does not match TEMPORAL_TLS_CERT/],
      [{ TEMPORAL_TLS: false, TEMPORAL_API_KEY: 'k' }, /TEMPORAL_TLS: is false/],
    ];
    for (const [extra, message] of cases) {
      let caught: unknown;
      try {
        temporalConnectionOptions({ ...base(7233), ...extra });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain('BEGIN');
    }
  });

  describe('processes', () => {
    let db: TestDatabase;
    let api: RoleProcess | undefined;
    let worker: RoleProcess | undefined;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await killIfRunning(api);
      await killIfRunning(worker);
      await db?.drop();
    });
    const tlsEnv = () => ({
      TEMPORAL_ADDRESS: `127.0.0.1:${mtls.port}`,
      TEMPORAL_TLS_CERT: pki.clientCert,
      TEMPORAL_TLS_KEY: pki.clientKey,
      TEMPORAL_TLS_CA: pki.caCert,
      TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    });

    it('the API reports Temporal ready through mTLS, and the worker polls through it', async () => {
      const port = await freePort();
      const credentials = randomKey().key.toString('base64');
      api = startRole(['--import', 'tsx', 'api/main.ts'], { DATABASE_URL: db.url, CREDENTIALS_KEY: credentials, PORT: String(port), HOST: '127.0.0.1', ...tlsEnv() });
      await api.waitForLog((l) => l.msg === 'api listening', 'api listening');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toMatchObject({ data: { status: 'ready', checks: { postgres: 'up', temporal: 'up' } } });

      worker = startRole(['--import', 'tsx', 'worker/main.ts'], {
        DATABASE_URL: db.url,
        CREDENTIALS_KEY: credentials,
        TEMPORAL_TASK_QUEUE: `tls-${port}`,
        WORKER_METRICS_PORT: '0',
        TEMPORAL_METRICS_PORT: '0',
        WORKFLOW_BUNDLE: inject('workflowBundlePath'),
        PROVIDER_EGRESS_ALLOW: '127.0.0.0/8',
        ...tlsEnv(),
      });
      await worker.waitForLog((l) => l.msg === 'worker polling', 'worker polling', 90_000);
    }, 150_000);

    it('a certificate without its key stops the API, the worker, the ops CLI and npm start with one line and exit 1', async () => {
      const env = { DATABASE_URL: db.url, CREDENTIALS_KEY: randomKey().key.toString('base64'), TEMPORAL_TLS_CERT: pki.clientCert };
      for (const script of ['api/main.ts', 'worker/main.ts', 'api/ops-main.ts', 'worker/all-in-one.ts']) {
        const role = startRole(['--import', 'tsx', script, 'stuck'], env);
        expect(await role.exited).toBe(1);
        expect(role.output.join('').trim()).toBe('invalid configuration: TEMPORAL_TLS_KEY: is required with TEMPORAL_TLS_CERT (mTLS needs both)');
      }
      // npm start's own dev server speaks plain gRPC: TLS settings need a TEMPORAL_ADDRESS to go to.
      const allInOne = startRole(['--import', 'tsx', 'worker/all-in-one.ts'], { TEMPORAL_API_KEY: 'k' });
      expect(await allInOne.exited).toBe(1);
      expect(allInOne.output.join('').trim()).toMatch(/^invalid configuration: TEMPORAL_ADDRESS: is required with TEMPORAL_TLS_\* or TEMPORAL_API_KEY/);
    }, 60_000);
  });
});
