import { ConfigError, loadConfig } from '../../db/config.js';
import { envSchema } from '../../db/env.js';
import { createAuditClient } from '../sdk/src/index.js';
import { COMMANDS, parseCommandLine, usageLine } from './args.js';
import { INTEGRATION_COMMANDS } from './commands-integrations.js';
import { ORG_COMMANDS } from './commands-org.js';
import type { Command } from './context.js';
import { readAllStdin } from './credentials.js';
import { describeFailure, EXIT, UsageError, type ExitCode } from './exit.js';
import { processOutput } from './output.js';

/**
 * `audit-integrations` (package.json "bin", `npm run cli -- …`): the API for scripts and terminals, through the one
 * SDK client. docs/cli.md documents commands, environment and exit codes.
 */
const HANDLERS: Record<string, Command> = { ...INTEGRATION_COMMANDS, ...ORG_COMMANDS };

/** `npm run cli` runs in the package root; a relative --credentials-file means the directory the user typed it in. */
function userCwd(env: Record<string, string | undefined>): string {
  const viaNpmScript = env.npm_lifecycle_event === 'cli' && env.npm_package_name === 'audit-integrations' && env.INIT_CWD;
  return viaNpmScript ? env.INIT_CWD! : process.cwd();
}

async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<ExitCode> {
  const json = argv.includes('--json');
  const output = processOutput(json);
  try {
    const line = parseCommandLine(argv);
    if (line.kind === 'help') {
      output.out(line.text);
      return EXIT.ok;
    }
    let config;
    try {
      config = loadConfig(envSchema('cli'), env);
    } catch (err) {
      // Missing or malformed AUDIT_API_URL / AUDIT_API_TOKEN is the invocation's fault: exit 2, the variable named, not its value.
      if (err instanceof ConfigError) throw new UsageError(err.message.replace(/^invalid configuration: /, ''));
      throw err;
    }
    const client = createAuditClient({ baseUrl: config.AUDIT_API_URL, token: config.AUDIT_API_TOKEN, ...(line.org ? { org: line.org } : {}) });
    await HANDLERS[line.spec.name]!({ client, args: line.args, values: line.values, output: { ...output, json: line.json }, env, cwd: userCwd(env), readStdin: readAllStdin });
    return EXIT.ok;
  } catch (err) {
    const failure = describeFailure(err);
    output.err(failure.line);
    if (err instanceof UsageError) {
      const spec = COMMANDS.find((c) => c.name === err.command);
      output.err(spec ? `usage: ${usageLine(spec)}` : 'run `audit-integrations --help` for the commands, flags and environment');
    }
    return failure.code;
  }
}

const code = await main(process.argv.slice(2), process.env);
// Exit once the output is written, not when the last socket or poll timer lets go: a script waits on this process.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(code);
