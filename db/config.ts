import { z } from 'zod';
import { KEY_ID_PATTERN, type CredentialKey } from './crypto.js';
import { postgresTls } from './postgres-tls.js';

/**
 * Env fragments shared by the entrypoints' config schemas. Each entrypoint composes its own z.object from these and
 * parses process.env once (see loadConfig).
 */
export const DEFAULT_KEY_ID = 'default';

const base64Key = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    message: 'must be the base64 encoding of exactly 32 bytes (openssl rand -base64 32)',
  });

export const env = {
  databaseUrl: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .superRefine((url, ctx) => {
      try {
        postgresTls(url); // sslmode / sslrootcert problems are start-up errors, not the first query's
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  temporalAddress: z.string().trim().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port').default('127.0.0.1:7233'),
  temporalNamespace: z.string().trim().min(1).default('default'),
  temporalTaskQueue: z.string().trim().min(1).default('audit-integrations'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  credentialsKey: base64Key,
  /** TEMPORAL_PAYLOAD_KEY: AES-256-GCM key for Temporal payloads (db/payload-codec.ts). */
  payloadKey: base64Key,
  /** `id:base64key,id:base64key` — the first encrypts, all decrypt. */
  credentialsKeys: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const keys: CredentialKey[] = [];
      for (const entry of v.split(',').map((e) => e.trim()).filter(Boolean)) {
        const idx = entry.indexOf(':');
        const id = entry.slice(0, idx);
        const b64 = entry.slice(idx + 1);
        if (idx < 1 || !KEY_ID_PATTERN.test(id) || !base64Key.safeParse(b64).success) {
          ctx.addIssue({ code: 'custom', message: 'each entry must be <id>:<base64 of 32 bytes>' });
          return z.NEVER;
        }
        keys.push({ id, key: Buffer.from(b64, 'base64') });
      }
      if (keys.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'must hold at least one <id>:<key> entry' });
        return z.NEVER;
      }
      return keys;
    }),
};

/** CREDENTIALS_KEYS wins; otherwise CREDENTIALS_KEY is the single key with id `default`. */
export function credentialKeysFrom(cfg: { credentialsKey?: string | undefined; credentialsKeys?: CredentialKey[] | undefined }): CredentialKey[] | undefined {
  if (cfg.credentialsKeys) return cfg.credentialsKeys;
  if (cfg.credentialsKey) return [{ id: DEFAULT_KEY_ID, key: Buffer.from(cfg.credentialsKey, 'base64') }];
  return undefined;
}

/** The password of the embedded Postgres `npm start` runs (a local development server, trust is not an option as root). */
export const EMBEDDED_PASSWORD = 'audit-integrations';

/** The URL of the embedded server `npm start` runs on `port` (for the CLIs, which find it without DATABASE_URL). */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses env with the schema; on failure throws one line naming the variable(s) — never their values. */
export function loadConfig<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}

/** Entrypoints call this: print the one-line reason and exit 1. */
export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
