import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';

/**
 * How every process reaches Temporal: a local dev server (plain gRPC), a self-hosted cluster behind TLS or mTLS, or
 * Temporal Cloud (mTLS or an API key). The API, the worker, the all-in-one launcher and every CLI that talks to
 * Temporal read the TEMPORAL_* variables of db/env.ts and hand the parsed values to `temporalConnectionOptions`,
 * whose result is both a client `ConnectionOptions` and a worker `NativeConnectionOptions` (the SDK's own option
 * names), and TEMPORAL_PAYLOAD_KEY to `dataConverterOptions` (db/payload-codec.ts).
 */
/** The parsed connection variables (an entrypoint's config object satisfies it). */
export interface TemporalConnectionConfig {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TLS?: boolean | undefined;
  TEMPORAL_TLS_CERT?: string | undefined;
  TEMPORAL_TLS_KEY?: string | undefined;
  TEMPORAL_TLS_CA?: string | undefined;
  TEMPORAL_TLS_SERVER_NAME?: string | undefined;
  TEMPORAL_API_KEY?: string | undefined;
}

export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/** A PEM given inline, or the contents of the file it names. Throws ConfigError naming the variable, never the value. */
function pemFrom(name: string, value: string): Buffer {
  if (value.startsWith('-----BEGIN')) return Buffer.from(value.replace(/\\n/g, '\n'));
  try {
    return readFileSync(value);
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${name}: cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function certificate(name: string, pem: Buffer): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new ConfigError(`invalid configuration: ${name}: not a PEM certificate`);
  }
}

/**
 * Builds the SDK connection options; a misconfiguration (a certificate without its key, a file that cannot be read, a
 * PEM that does not parse, a key that does not match its certificate, TLS settings with TEMPORAL_TLS=false) throws one
 * ConfigError line, which entrypoints print before exiting 1.
 */
export function temporalConnectionOptions(config: TemporalConnectionConfig): TemporalConnectionOptions {
  const { TEMPORAL_TLS_CERT: certVar, TEMPORAL_TLS_KEY: keyVar, TEMPORAL_TLS_CA: caVar, TEMPORAL_TLS_SERVER_NAME: serverName } = config;
  const wantsTls = Boolean(certVar || keyVar || caVar || serverName);
  if (config.TEMPORAL_TLS === false && (wantsTls || config.TEMPORAL_API_KEY)) {
    throw new ConfigError('invalid configuration: TEMPORAL_TLS: is false but TLS settings or TEMPORAL_API_KEY are set');
  }
  if (Boolean(certVar) !== Boolean(keyVar)) {
    throw new ConfigError(`invalid configuration: ${certVar ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'}: is required with ${certVar ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY'} (mTLS needs both)`);
  }
  const options: TemporalConnectionOptions = { address: config.TEMPORAL_ADDRESS };
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  if (!(config.TEMPORAL_TLS ?? (wantsTls || config.TEMPORAL_API_KEY !== undefined))) return options;

  const tls: NonNullable<TemporalConnectionOptions['tls']> = {};
  if (serverName) tls.serverNameOverride = serverName;
  if (caVar) {
    const ca = pemFrom('TEMPORAL_TLS_CA', caVar);
    certificate('TEMPORAL_TLS_CA', ca);
    tls.serverRootCACertificate = ca;
  }
  if (certVar && keyVar) {
    const crt = pemFrom('TEMPORAL_TLS_CERT', certVar);
    const key = pemFrom('TEMPORAL_TLS_KEY', keyVar);
    const cert = certificate('TEMPORAL_TLS_CERT', crt);
    let privateKey;
    try {
      privateKey = createPrivateKey(key);
    } catch {
      throw new ConfigError('invalid configuration: TEMPORAL_TLS_KEY: not a PEM private key');
    }
    if (!cert.checkPrivateKey(privateKey)) throw new ConfigError('invalid configuration: TEMPORAL_TLS_KEY: does not match TEMPORAL_TLS_CERT');
    tls.clientCertPair = { crt, key };
  }
  options.tls = tls;
  return options;
}
