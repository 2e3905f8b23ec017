import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/services.js';

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

export class InterpolationError extends Error {}

/**
 * Compose's variable interpolation (compose-spec "Interpolation"): `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`. Applied to values, not keys.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (whole, dollar, name, op, arg, bare) => {
    if (dollar === '$') return '$';
    const key = (name ?? bare) as string;
    const v = env[key];
    const unset = v === undefined;
    const empty = unset || v === '';
    switch (op as string | undefined) {
      case undefined:
        return v ?? '';
      case ':-':
        return empty ? arg : v!;
      case '-':
        return unset ? arg : v!;
      case ':?':
      case '?':
        if (op === ':?' ? empty : unset) throw new InterpolationError(`required variable ${key} is missing a value: ${arg}`);
        return v!;
      case ':+':
        return empty ? '' : arg;
      case '+':
        return unset ? '' : arg;
      default:
        throw new Error(`unsupported interpolation ${whole}`);
    }
  });
}

function interpolateDeep(node: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, env));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, env)]));
  return node;
}

export const COMPOSE_PATH = path.join(PROJECT_ROOT, 'docker-compose.yml');

/** The YAML as compose reads it: anchors and `<<` merge keys resolved. */
export function readComposeRaw(): ComposeFile {
  return parse(readFileSync(COMPOSE_PATH, 'utf8'), { merge: true }) as ComposeFile;
}

/** What `docker compose config` would work with: parsed, then interpolated with `env` (a .env file's contents). */
export function loadCompose(env: Record<string, string | undefined>): ComposeFile {
  return interpolateDeep(readComposeRaw(), env) as ComposeFile;
}

/** Environment values as a process would receive them (compose stringifies scalars). */
export function serviceEnv(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]));
}
