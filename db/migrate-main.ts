import type { z } from 'zod';
import { exitOnConfigError, loadConfig } from './config.js';
import { envSchema } from './env.js';
import { migrate } from './migrate.js';
import { createSql } from './sql.js';

const MigrateConfigSchema = envSchema('migrate');

let config: z.infer<typeof MigrateConfigSchema>;
try {
  config = loadConfig(MigrateConfigSchema, process.env);
} catch (err) {
  exitOnConfigError(err);
}
const sql = createSql({ databaseUrl: config.DATABASE_URL, max: 1 });
try {
  const result = await migrate(sql);
  process.stdout.write(`migrations: ${result.applied.length} applied${result.applied.length ? ` (${result.applied.join(', ')})` : ''}, ${result.skipped.length} already applied\n`);
} finally {
  await sql.end({ timeout: 5 });
}
