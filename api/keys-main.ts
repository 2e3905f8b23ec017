import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey, SCOPES } from '../db/api-keys.js';
import { exitOnConfigError, loadConfig } from '../db/config.js';
import { envSchema } from '../db/env.js';
import { createSql } from '../db/sql.js';

const KeysConfigSchema = envSchema('keys');
// Any 8-4-4-4-12 hex id, as the API accepts (the spec's example org 1111…-1111 is not an RFC 4122 variant).
const UuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const ScopesSchema = z.array(z.enum(SCOPES)).min(1);

const USAGE = `usage:
  keys create --org <org_id> --scopes audit:read,audit:write [--name NAME]   (prints the token last; shown only once)
  keys list --org <org_id>
  keys revoke <key_id>`;

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
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { org: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } },
  });
  const [command, arg] = positionals;
  const sql = createSql({ databaseUrl: config.DATABASE_URL, max: 1 });
  try {
    if (command === 'create') {
      const org = UuidSchema.safeParse(values.org);
      if (!org.success) fail('--org must be a UUID');
      const scopes = ScopesSchema.safeParse((values.scopes ?? '').split(',').map((s) => s.trim()).filter(Boolean));
      if (!scopes.success) fail(`--scopes must be a comma-separated list of ${SCOPES.join(', ')}`);
      const { key, token } = await createApiKey(sql, { orgId: org.data.toLowerCase(), scopes: scopes.data, name: values.name });
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
      if (!(await revokeApiKey(sql, arg!))) fail('no active key with that id');
      process.stdout.write(`revoked ${arg}\n`);
    } else {
      fail(USAGE);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await main();
