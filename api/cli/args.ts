import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string];

export interface CommandSpec {
  /** `list`, or `webhooks create` for the grouped ones. */
  name: string;
  /** Positional arguments in order; a trailing `?` marks an optional one. */
  args: readonly string[];
  options: Record<string, OptionSpec>;
  /** The flags part of the usage line. */
  flags: string;
  summary: string;
  /** More help lines for `<command> --help`. */
  details?: readonly string[];
}

const LIMIT = { limit: { type: 'string' } } as const;
const CREDENTIAL_FLAGS = '[--set key=value]… [--set key=@env:NAME]… [--credentials-file path|-]';
const CREDENTIAL_DETAILS = [
  '--set key=value          a non-secret field (the catalog of `providers` says which are secret)',
  '--set key=@env:NAME      any field, read from the environment variable NAME',
  '--credentials-file path  a JSON object of fields; `-` reads it from stdin (--set wins on the same key)',
  'A secret given as a plain --set value is refused (exit 2): arguments end up in shell history and `ps`.',
];

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'providers', args: [], options: {}, flags: '', summary: 'the provider catalog: credential fields, which are secret, OAuth' },
  { name: 'list', args: ['project'], options: {}, flags: '', summary: "the project's eight integrations and their status" },
  { name: 'get', args: ['project', 'provider'], options: {}, flags: '', summary: 'one integration with its settings, next sync and credential health' },
  { name: 'verify', args: ['project', 'provider'], options: { set: { type: 'string', multiple: true }, 'credentials-file': { type: 'string' } }, flags: CREDENTIAL_FLAGS, summary: 'check credentials at the provider without storing them (exit 1 on problems)', details: CREDENTIAL_DETAILS },
  { name: 'connect', args: ['project', 'provider'], options: { set: { type: 'string', multiple: true }, 'credentials-file': { type: 'string' } }, flags: CREDENTIAL_FLAGS, summary: 'store credentials (encrypted) and connect; the first sync starts by itself', details: CREDENTIAL_DETAILS },
  {
    name: 'sync',
    args: ['project', 'provider'],
    options: { wait: { type: 'boolean' }, timeout: { type: 'string' } },
    flags: '[--wait] [--timeout seconds]',
    summary: 'start a sync; --wait until it ends (exit 1 if it ends in error)',
    details: ['--wait            wait for the outcome; a progress line on stderr when run in a terminal', '--timeout seconds give up waiting after this long (default 300): exit 3, the sync goes on'],
  },
  { name: 'disconnect', args: ['project', 'provider'], options: {}, flags: '', summary: 'stop syncs and wipe the stored credentials' },
  { name: 'syncs', args: ['project', 'provider?'], options: LIMIT, flags: '[--limit n]', summary: 'sync runs, newest first (without a provider: each connected one in turn)' },
  {
    name: 'findings',
    args: ['project'],
    options: { severity: { type: 'string' }, status: { type: 'string' }, 'updated-since': { type: 'string' }, ...LIMIT },
    flags: '[--severity s] [--status open|resolved] [--updated-since ISO] [--limit n]',
    summary: 'findings, newest first (--updated-since: changed since, inclusive, resolved ones too)',
  },
  { name: 'webhooks list', args: [], options: {}, flags: '', summary: "the org's webhook endpoints" },
  {
    name: 'webhooks create',
    args: [],
    options: { url: { type: 'string' }, events: { type: 'string' }, project: { type: 'string' } },
    flags: '--url URL --events a,b [--project id]',
    summary: 'add an endpoint; prints its signing secret once',
  },
  { name: 'webhooks rotate', args: ['webhook_id'], options: {}, flags: '', summary: 'a new signing secret (printed once); the old one signs for 24 h more' },
  { name: 'webhooks deliveries', args: ['webhook_id'], options: LIMIT, flags: '[--limit n]', summary: "an endpoint's deliveries, newest first" },
  {
    name: 'sessions create',
    args: ['project'],
    options: { providers: { type: 'string' }, 'expires-in': { type: 'string' }, 'return-url': { type: 'string' } },
    flags: '[--providers a,b] [--expires-in seconds] [--return-url URL]',
    summary: 'a connect session for the hosted connect page; prints its URL',
  },
  { name: 'sessions get', args: ['session_id'], options: {}, flags: '', summary: 'a connect session and its state (never its token)' },
  { name: 'sessions revoke', args: ['session_id'], options: {}, flags: '', summary: 'end a connect session now' },
  {
    name: 'audit-log',
    args: [],
    options: { project: { type: 'string' }, provider: { type: 'string' }, action: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, ...LIMIT },
    flags: '[--project id] [--provider p] [--action a] [--since ISO] [--until ISO] [--limit n]',
    summary: 'who changed what, newest first',
  },
];

const GLOBAL = { json: { type: 'boolean' }, org: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
const GROUPS = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!));

const argsOf = (spec: CommandSpec) => spec.args.map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : `<${a}>`));

export function usageLine(spec: CommandSpec): string {
  return ['audit-integrations', spec.name, ...argsOf(spec), spec.flags].filter(Boolean).join(' ');
}

export function commandHelp(spec: CommandSpec): string {
  return [`usage: ${usageLine(spec)} [--json] [--org id]`, '', spec.summary, ...(spec.details ? ['', ...spec.details] : [])].join('\n');
}

export function generalHelp(): string {
  const heads = COMMANDS.map((c) => [c.name, ...argsOf(c)].join(' '));
  const width = Math.max(...heads.map((h) => h.length));
  return [
    'audit-integrations: the integrations API for scripts and terminals',
    '',
    'usage: audit-integrations <command> [arguments] [flags]',
    '',
    'commands:',
    ...COMMANDS.map((c, i) => `  ${heads[i]!.padEnd(width)}  ${c.summary}`),
    '',
    'flags of every command:',
    "  --json      the API's data as JSON (lists: every page, one array)",
    "  --org id    the org (default: the API key's own, GET /api/v1/me)",
    "  -h, --help  this help; `audit-integrations <command> --help` for a command's flags",
    '',
    'environment: AUDIT_API_URL (e.g. http://127.0.0.1:3000), AUDIT_API_TOKEN (an API key)',
    'exit codes: 0 success, 1 the operation failed, 2 usage, 3 timeout, 4 auth (401/403)',
  ].join('\n');
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export type ParsedCommandLine =
  | { kind: 'help'; text: string }
  | { kind: 'run'; spec: CommandSpec; args: Record<string, string | undefined>; values: Values; json: boolean; org: string | undefined };

/** parseArgs' message up to its first sentence: it names the flag, never its value. */
function parseFailure(err: unknown, command?: string): UsageError {
  const message = err instanceof Error ? err.message.split('. ')[0]! : 'bad arguments';
  return new UsageError(message, command);
}

/**
 * Finds the command (one or two words), then parses its flags strictly. Too many arguments are refused without
 * echoing them: a token typed where it does not belong may be a secret.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let loose;
  try {
    loose = parseArgs({ args: [...argv], options: GLOBAL, allowPositionals: true, strict: false });
  } catch (err) {
    throw parseFailure(err);
  }
  const [first, second] = loose.positionals;
  if (first === undefined || first === 'help') {
    const topic = first === 'help' ? loose.positionals.slice(1).join(' ') : '';
    const spec = COMMANDS.find((c) => c.name === topic);
    if (spec) return { kind: 'help', text: commandHelp(spec) };
    if (first === 'help' || loose.values.help === true) return { kind: 'help', text: generalHelp() };
    throw new UsageError('a command is required');
  }
  const name = first !== undefined && GROUPS.has(first) ? `${first} ${second ?? ''}`.trim() : first;
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    const known = GROUPS.has(first) ? COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.split(' ')[1]).join(', ') : undefined;
    // The name is echoed only when it is a command word; anything else might be a value typed in the wrong place.
    throw new UsageError(known ? `${first} takes one of: ${known}` : /^[a-z-]{1,30}$/.test(first) ? `unknown command ${first}` : 'unknown command');
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...GLOBAL, ...spec.options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw parseFailure(err, spec.name);
  }
  if (parsed.values.help === true) return { kind: 'help', text: commandHelp(spec) };
  const given = parsed.positionals.slice(spec.name.split(' ').length);
  const required = spec.args.filter((a) => !a.endsWith('?'));
  if (given.length < required.length) throw new UsageError(`missing <${required[given.length]!}>`, spec.name);
  if (given.length > spec.args.length) throw new UsageError(`too many arguments (${spec.name} takes ${spec.args.length})`, spec.name);
  const args = Object.fromEntries(spec.args.map((a, i) => [a.replace(/\?$/, ''), given[i]]));
  const { json, org, ...values } = parsed.values;
  delete values.help;
  return { kind: 'run', spec, args, values, json: json === true, org: typeof org === 'string' ? org : undefined };
}
