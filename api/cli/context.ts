import type { AuditClient, Provider } from '../sdk/src/index.js';
import type { Values } from './args.js';
import { UsageError } from './exit.js';
import { renderJson, type Output } from './output.js';

/** What a command gets: the one SDK client, its parsed arguments, where to write, and the process' outside world. */
export interface CommandContext {
  /** The SDK client, with `--org` as its org when given (otherwise the key's own, from `GET /api/v1/me`). */
  client: AuditClient;
  args: Record<string, string | undefined>;
  values: Values;
  output: Output;
  env: Record<string, string | undefined>;
  /** Where relative paths (--credentials-file) are resolved: the directory the user ran the command in. */
  cwd: string;
  readStdin: () => Promise<string>;
}

export type Command = (ctx: CommandContext) => Promise<void>;

/** The command's result on stdout: the API's data with --json, else the human form. */
export function print(ctx: CommandContext, data: unknown, human: () => string): void {
  ctx.output.out(ctx.output.json ? renderJson(data) : human());
}

export function arg(ctx: CommandContext, name: string): string {
  const value = ctx.args[name];
  if (value === undefined) throw new UsageError(`missing <${name}>`);
  return value;
}

export function stringFlag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A comma list flag (`--events a,b`), without empty entries. */
export function listFlag(ctx: CommandContext, name: string): string[] | undefined {
  const value = stringFlag(ctx, name);
  return value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean);
}

export function positiveNumberFlag(ctx: CommandContext, name: string, opts: { integer?: boolean } = {}): number | undefined {
  const text = stringFlag(ctx, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (opts.integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be a positive ${opts.integer ? 'integer' : 'number'}`);
  }
  return value;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO 8601 date-time with its offset, as the API's filters take (`2025-06-10T14:00:00Z`). */
export function instantFlag(ctx: CommandContext, name: string): string | undefined {
  const text = stringFlag(ctx, name);
  if (text === undefined) return undefined;
  if (!ISO_INSTANT.test(text) || Number.isNaN(Date.parse(text))) throw new UsageError(`--${name} must be an ISO 8601 date-time with an offset, e.g. 2025-06-10T14:00:00Z`);
  return text;
}

/** A provider argument as the SDK types it; the server answers `invalid_provider` (exit 1) for anything else. */
export function providerArg(ctx: CommandContext, name = 'provider'): Provider {
  return arg(ctx, name) as Provider;
}
