import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

export type PostgresSsl = false | 'prefer' | ConnectionOptions;

/**
 * libpq's TLS parameters in DATABASE_URL, mapped to postgres.js' `ssl` option (it understands `sslmode` only as a
 * string and would send `sslrootcert` to the server as a startup parameter):
 * - `sslmode=disable` (default) plain; `prefer`/`allow` TLS when the server offers it, unverified;
 * - `require` TLS without verification — unless `sslrootcert` is given, then like `verify-ca` (as libpq does);
 * - `verify-ca` the chain must lead to `sslrootcert`; `verify-full` also the host name (or IP) must match;
 * - `sslrootcert=<file>` the CA (`system` = the system store, implies verify-full); `sslcert`/`sslkey` a client cert.
 * Returns the URL without these parameters. Throws a plain Error naming the parameter (never the URL, which may carry
 * the password).
 */
export function postgresTls(databaseUrl: string): { url: string; ssl?: PostgresSsl } {
  // Untouched when no TLS parameter is present (postgres.js alone parses multi-host URLs).
  if (!/[?&]ssl(mode|rootcert|cert|key)=/.test(databaseUrl)) return { url: databaseUrl };
  const url = new URL(databaseUrl);
  const param = (name: string) => {
    const value = url.searchParams.get(name) ?? undefined;
    url.searchParams.delete(name);
    return value;
  };
  const rootCert = param('sslrootcert');
  const certFile = param('sslcert');
  const keyFile = param('sslkey');
  let mode = param('sslmode') ?? (rootCert ? 'verify-full' : 'disable');
  if (mode === 'require' && rootCert) mode = 'verify-ca';
  if (!['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(mode)) {
    throw new Error('sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full');
  }
  if (Boolean(certFile) !== Boolean(keyFile)) throw new Error('sslcert and sslkey go together');
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const ssl: ConnectionOptions = {};
  if (rootCert && rootCert !== 'system') ssl.ca = read('sslrootcert', rootCert);
  if (certFile && keyFile) Object.assign(ssl, { cert: read('sslcert', certFile), key: read('sslkey', keyFile) });
  const rest = url.toString();
  if (mode === 'disable') return { url: rest, ssl: false };
  if (mode === 'allow' || mode === 'prefer') return { url: rest, ssl: certFile ? { ...ssl, rejectUnauthorized: false } : 'prefer' };
  if (mode === 'require') return { url: rest, ssl: { ...ssl, rejectUnauthorized: false } };
  if (mode === 'verify-ca') return { url: rest, ssl: { ...ssl, rejectUnauthorized: true, checkServerIdentity: () => undefined } };
  // verify-full: node checks the name against `host` (an IP is matched against the certificate's IP SANs).
  return { url: rest, ssl: { ...ssl, rejectUnauthorized: true, host: url.hostname.replace(/^\[|\]$/g, '') } };
}
