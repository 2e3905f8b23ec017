import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresTls } from '../../db/postgres-tls.js';
import { createSql } from '../../db/sql.js';
import { killIfRunning, startRole } from '../deploy/processes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort } from '../helpers/services.js';
import { randomKey } from '../helpers/stack.js';
import { createPki, startPostgresTlsProxy, type Pki, type Proxy } from '../helpers/tls.js';

describe('postgresTls (DATABASE_URL sslmode / sslrootcert → postgres.js ssl)', () => {
  let pki: Pki;
  beforeAll(() => {
    pki = createPki({ ip: ['127.0.0.1'] });
  });

  it('leaves a URL without TLS parameters untouched', () => {
    expect(postgresTls('postgres://u:p@db:5432/audit?application_name=x')).toEqual({ url: 'postgres://u:p@db:5432/audit?application_name=x' });
  });

  it('maps each sslmode and removes the parameters from the URL', () => {
    const ca = pki.read(pki.caCert);
    expect(postgresTls('postgres://db/a?sslmode=disable')).toEqual({ url: 'postgres://db/a', ssl: false });
    expect(postgresTls('postgres://db/a?sslmode=prefer')).toEqual({ url: 'postgres://db/a', ssl: 'prefer' });
    expect(postgresTls('postgres://db/a?sslmode=require')).toEqual({ url: 'postgres://db/a', ssl: { rejectUnauthorized: false } });
    expect(postgresTls(`postgres://db/a?sslmode=verify-full&sslrootcert=${pki.caCert}`)).toEqual({ url: 'postgres://db/a', ssl: { ca, rejectUnauthorized: true, host: 'db' } });
    expect(postgresTls('postgres://db/a?sslmode=verify-full')).toEqual({ url: 'postgres://db/a', ssl: { rejectUnauthorized: true, host: 'db' } });
    expect(postgresTls('postgres://db/a?sslrootcert=system')).toEqual({ url: 'postgres://db/a', ssl: { rejectUnauthorized: true, host: 'db' } });
    // libpq: require with a root certificate verifies the chain (verify-ca), not the name.
    const verifyCa = postgresTls(`postgres://db/a?sslmode=require&sslrootcert=${pki.caCert}&x=1`);
    expect(verifyCa.url).toBe('postgres://db/a?x=1');
    expect(verifyCa.ssl).toMatchObject({ ca, rejectUnauthorized: true });
    expect((verifyCa.ssl as { checkServerIdentity: () => unknown }).checkServerIdentity()).toBeUndefined();
  });

  it('rejects an unknown sslmode, an unreadable CA file and a lone sslcert, naming the parameter only', () => {
    expect(() => postgresTls('postgres://u:secret@db/a?sslmode=sometimes')).toThrow(/^sslmode must be one of/);
    expect(() => postgresTls('postgres://u:secret@db/a?sslmode=verify-full&sslrootcert=/nonexistent/ca.crt')).toThrow(/^sslrootcert: cannot read \/nonexistent\/ca\.crt \(ENOENT\)$/);
    expect(() => postgresTls(`postgres://db/a?sslmode=require&sslcert=${pki.clientCert}`)).toThrow(/^sslcert and sslkey go together$/);
  });
});

describe('Postgres over TLS, end to end', () => {
  let pki: Pki;
  let proxy: Proxy;
  let db: TestDatabase;
  let url: (host: string, query: string) => string;

  beforeAll(async () => {
    pki = createPki({ ip: ['127.0.0.1'] });
    db = await createTestDatabase();
    const plain = new URL(db.url);
    // A TLS-terminating front (answers SSLRequest, then forwards the protocol): the local server has ssl=off.
    proxy = await startPostgresTlsProxy({ host: plain.hostname, port: Number(plain.port || 5432) }, pki);
    url = (host, query) => {
      const u = new URL(db.url);
      u.hostname = host;
      u.port = String(proxy.port);
      return `${u.toString()}?${query}`;
    };
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.drop();
  });

  async function query(databaseUrl: string): Promise<number> {
    const sql = createSql({ databaseUrl, max: 1 });
    try {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from schema_migrations`;
      return row!.n;
    } finally {
      await sql.end({ timeout: 1 });
    }
  }

  it('verify-full with the CA file: the query runs over TLS', async () => {
    const before = proxy.accepted;
    expect(await query(url('127.0.0.1', `sslmode=verify-full&sslrootcert=${pki.caCert}`))).toBeGreaterThan(0);
    expect(proxy.accepted).toBe(before + 1);
  });

  it('refuses a server whose certificate another CA signed, and a name the certificate does not carry', async () => {
    await expect(query(url('127.0.0.1', `sslmode=verify-full&sslrootcert=${pki.otherCaCert}`))).rejects.toThrow(/certificate/i);
    // The certificate names 127.0.0.1 only: `localhost` fails verify-full, passes verify-ca (chain only).
    await expect(query(url('localhost', `sslmode=verify-full&sslrootcert=${pki.caCert}`))).rejects.toThrow(/localhost|altnames|Hostname/i);
    expect(await query(url('localhost', `sslmode=verify-ca&sslrootcert=${pki.caCert}`))).toBeGreaterThan(0);
  });

  it('sslmode=require encrypts without verifying; sslmode=disable never reaches a TLS-only server', async () => {
    expect(await query(url('127.0.0.1', 'sslmode=require'))).toBeGreaterThan(0);
    const rejected = proxy.rejected;
    await expect(query(url('127.0.0.1', 'sslmode=disable'))).rejects.toThrow('this server accepts TLS connections only');
    expect(proxy.rejected).toBe(rejected + 1);
  });

  it('migrations run through it (npm run migrate), and an unreadable CA is one start-up line', async () => {
    const migrate = startRole(['--import', 'tsx', 'db/migrate-main.ts'], { DATABASE_URL: url('127.0.0.1', `sslmode=verify-full&sslrootcert=${pki.caCert}`) });
    expect(await migrate.exited).toBe(0);
    expect(migrate.output.join('')).toMatch(/already applied/);

    const missing = path.join(pki.dir, 'missing.crt');
    const bad = startRole(['--import', 'tsx', 'db/migrate-main.ts'], { DATABASE_URL: url('127.0.0.1', `sslmode=verify-full&sslrootcert=${missing}`) });
    expect(await bad.exited).toBe(1);
    expect(bad.output.join('').trim()).toBe(`invalid configuration: DATABASE_URL: sslrootcert: cannot read ${missing} (ENOENT)`);
  }, 30_000);

  it('the API serves through it: /readyz reports Postgres up over verify-full', async () => {
    const port = await freePort();
    const before = proxy.accepted;
    const api = startRole(['--import', 'tsx', 'api/main.ts'], {
      DATABASE_URL: url('127.0.0.1', `sslmode=verify-full&sslrootcert=${pki.caCert}`),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      CREDENTIALS_KEY: randomKey().key.toString('base64'),
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    try {
      await api.waitForLog((l) => l.msg === 'api listening', 'api listening');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toMatchObject({ data: { checks: { postgres: 'up' } } });
      expect(proxy.accepted).toBeGreaterThan(before);
    } finally {
      await killIfRunning(api);
    }
  }, 30_000);
});
