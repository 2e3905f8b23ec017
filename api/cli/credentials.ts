import { readFile } from 'node:fs/promises';
import { UsageError } from './exit.js';

/** One credential key of a provider as the catalog (`GET /api/v1/providers`) describes it. */
export interface CatalogKey {
  key: string;
  secret: boolean;
}

export interface CredentialInput {
  /** `--set key=value` / `--set key=@env:NAME`, in the order given. */
  sets: readonly string[];
  /** `--credentials-file path`, or `-` for stdin. */
  file: string | undefined;
  /** The provider's keys from the catalog: which may be given as plain values. */
  keys: readonly CatalogKey[];
  provider: string;
  env: Record<string, string | undefined>;
  readStdin: () => Promise<string>;
}

const ENV_REF = '@env:';

/**
 * Builds the credentials map of `verify` / `connect`. A secret never travels as a plain argument (shell history, `ps`,
 * /proc/<pid>/cmdline): plain `--set` values are accepted only for keys the catalog lists as non-secret; secrets come
 * from the environment (`@env:NAME`) or a JSON file / stdin. Errors name keys, files and variables, never a value.
 */
export async function readCredentials(input: CredentialInput): Promise<Record<string, unknown>> {
  const credentials: Record<string, unknown> = input.file === undefined ? {} : await readCredentialsFile(input.file, input.readStdin);
  const plainAllowed = new Set(input.keys.filter((k) => !k.secret).map((k) => k.key));
  const seen = new Set<string>();
  for (const set of input.sets) {
    const eq = set.indexOf('=');
    const key = eq === -1 ? '' : set.slice(0, eq);
    if (key === '') throw new UsageError('--set takes key=value or key=@env:NAME');
    if (seen.has(key)) throw new UsageError(`--set ${key} is given twice`);
    seen.add(key);
    const value = set.slice(eq + 1);
    if (value.startsWith(ENV_REF)) {
      const name = value.slice(ENV_REF.length);
      const fromEnv = name === '' ? undefined : input.env[name];
      if (fromEnv === undefined || fromEnv === '') throw new UsageError(`--set ${key}: environment variable ${name || '(empty name)'} is not set`);
      credentials[key] = fromEnv;
    } else if (plainAllowed.has(key)) {
      credentials[key] = value;
    } else {
      const what = input.keys.some((k) => k.key === key) ? `${key} is a secret of ${input.provider}` : `${key} is not a non-secret field of ${input.provider}`;
      throw new UsageError(`--set ${key}: ${what}; give it as --set ${key}=@env:NAME or in --credentials-file`);
    }
  }
  return credentials;
}

async function readCredentialsFile(file: string, readStdin: () => Promise<string>): Promise<Record<string, unknown>> {
  const where = file === '-' ? 'stdin' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--credentials-file: cannot read ${where} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON.parse's message: it quotes the text around the error, which is a credential.
    throw new UsageError(`--credentials-file: ${where} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--credentials-file: ${where} must hold one JSON object`);
  return parsed as Record<string, unknown>;
}

/** All of stdin as UTF-8 (the credentials file given as `-`). */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
