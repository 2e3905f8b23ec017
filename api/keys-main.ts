import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey, SCOPES } from '../db/api-keys.js';
import { cliActor, operatorIdentity, recordKeyAudit } from '../db/audit-log.js';
import { embeddedPostgresUrl, exitOnConfigError, loadConfig } from '../db/config.js';
import { ENV, envSchema } from '../db/env.js';
import { createSql } from '../db/sql.js';


// Without DATABASE_URL: the embedded server `npm start` runs (on PG_PORT), found the way `npm start` starts it.
const KeysConfigSchema = envSchema('keys').extend({ DATABASE_URL: ENV.DATABASE_URL.schema.optional() });
// Any 8-4-4-4-12 hex id, as the API accepts (the spec's example org 1111…-1111 is not an RFC 4122 variant).
const UuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const ScopesSchema = z.array(z.enum(SCOPES)).min(1);

const USAGE = `usage:
  keys create --org <org_id> --scopes audit:read,audit:write [--name NAME]   (prints the token last; shown only once)
  keys list --org <org_id>
  keys revoke <key_id>`;

/** The operator's own record of an audited command: who ran it and where, which the org's audit log does not keep. */
function noteAudit(action: string, keyId: string): void {
  process.stderr.write(`audit: ${action} ${keyId} recorded, run by ${operatorIdentity()}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: z.infer<typeof KeysConfigSchema>;
  try {
    config = loadConfig(KeysConfigSchema, process.env);
  } catch (err) {
    exitOnConfigError(err);
  }
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { org: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } } });
  } catch (err) {
    // An unknown or incomplete option: one line and the usage, never a stack trace.
    fail(`${(err as Error).message.split('. ')[0]}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const [command, arg] = positionals;
  const sql = createSql({ databaseUrl: config.DATABASE_URL ?? embeddedPostgresUrl(config.PG_PORT), max: 1 });
  try {
    await sql`select 1`.catch((err: unknown) => {
      const where = config.DATABASE_URL ? 'at DATABASE_URL' : `(embedded, 127.0.0.1:${config.PG_PORT}): start the stack with \`npm start\` or set DATABASE_URL`;
      fail(`Postgres does not answer ${where} (${(err as Error).message})`);
    });
    if (command === 'create') {
      const org = UuidSchema.safeParse(values.org);
      if (!org.success) fail('--org must be a UUID');
      const scopes = ScopesSchema.safeParse((values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean));
      if (!scopes.success) fail(`--scopes must be a comma-separated list of ${SCOPES.join(', ')}`);
      const { key, token } = await sql.begin(async (tx) => {
        const created = await createApiKey(tx, { orgId: org.data.toLowerCase(), scopes: scopes.data, name: values.name });
        await recordKeyAudit(tx, cliActor('npm run keys -- create'), created.key.id, 'key_created');
        return created;
      });
      noteAudit('key_created', key.id);
      process.stdout.write(`created key ${key.id} for org ${key.org_id} with scopes ${key.scopes.join(',')}\n`);
      process.stdout.write('store this token now; it is not shown again:\n');
      process.stdout.write(`${token}\n`);
    } else if (command === 'list') {
      const org = UuidSchema.safeParse(values.org);
      if (!org.success) fail('--org must be a UUID');
      for (const k of await listApiKeys(sql, org.data.toLowerCase())) {
        const state = k.revoked_at ? `revoked ${k.revoked_at.toISOString()}` : 'active';
        process.stdout.write(`${k.id}\t${k.token_prefix}…\t${k.scopes.join(',')}\t${k.name ?? ''}\t${state}\n`);
      }
    } else if (command === 'revoke') {
      if (!UuidSchema.safeParse(arg).success) fail('revoke takes a key id (UUID)');
      const revoked = await sql.begin(async (tx) => {
        if (!(await revokeApiKey(tx, arg!))) return false;
        await recordKeyAudit(tx, cliActor('npm run keys -- revoke'), arg!, 'key_revoked');
        return true;
      });
      if (!revoked) fail('no active key with that id');
      noteAudit('key_revoked', arg!);
      process.stdout.write(`revoked ${arg}\n`);
    } else {
      fail(USAGE);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await main();
