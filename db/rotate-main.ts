import type { z } from 'zod';
import { credentialKeysFrom, exitOnConfigError, loadConfig } from './config.js';
import { envSchema } from './env.js';
import { createCredentialCipher } from './crypto.js';
import { cliActor, operatorIdentity, recordCredentialsRotated } from './audit-log.js';
import { countCredentialsByKeyId, rotateCredentials } from './rotate-credentials.js';
import { rotateWebhookSecrets } from './webhook-secrets.js';
import { rotateInboundSecrets } from './inbound-hooks.js';
import { createSql } from './sql.js';

const RotateConfigSchema = envSchema('rotate')
  .refine((c) => c.CREDENTIALS_KEY !== undefined || c.CREDENTIALS_KEYS !== undefined, {
    path: ['CREDENTIALS_KEYS'],
    message: 'is required (or CREDENTIALS_KEY)',
  });

/**
 * `npm run credentials:rotate`: re-encrypts every stored credential with the first key of CREDENTIALS_KEYS. Prints
 * counts only; exits 1 if some row could not be decrypted with any configured key (their ids are printed).
 */
let config: z.infer<typeof RotateConfigSchema>;
try {
  config = loadConfig(RotateConfigSchema, process.env);
} catch (err) {
  exitOnConfigError(err);
}
const cipher = createCredentialCipher(credentialKeysFrom({ credentialsKey: config.CREDENTIALS_KEY, credentialsKeys: config.CREDENTIALS_KEYS })!);
const sql = createSql({ databaseUrl: config.DATABASE_URL, max: 1 });
try {
  const result = await rotateCredentials(sql, cipher, { batchSize: config.ROTATE_BATCH_SIZE });
  // The audit trail of every org whose credentials are now under the current key (ids and the key id only).
  if (result.rotated > 0) {
    const orgs = await recordCredentialsRotated(sql, cliActor('npm run credentials:rotate'), cipher.currentKeyId);
    // Who ran it and where: for the operator's own output, not the orgs' audit log.
    process.stderr.write(`audit: credentials_rotated recorded for ${orgs} org(s), run by ${operatorIdentity()}\n`);
  }
  const byKey = await countCredentialsByKeyId(sql);
  const summary = Object.entries(byKey).map(([id, n]) => `${id}=${n}`).join(' ') || 'none';
  process.stdout.write(`credentials: ${result.rotated} rotated to key ${cipher.currentKeyId} in ${result.batches} batch(es), ${result.failedIds.length} failed\n`);
  process.stdout.write(`credentials by key id: ${summary}\n`);
  const secrets = await rotateWebhookSecrets(sql, cipher);
  process.stdout.write(`webhook secrets: ${secrets.rotated} rotated to key ${cipher.currentKeyId}, ${secrets.failedIds.length} failed\n`);
  if (secrets.failedIds.length > 0) {
    process.stderr.write(`could not decrypt (no configured key fits) webhook endpoints: ${secrets.failedIds.join(', ')}\n`);
    process.exitCode = 1;
  }
  const inbound = await rotateInboundSecrets(sql, cipher);
  process.stdout.write(`inbound webhook secrets: ${inbound.rotated} rotated to key ${cipher.currentKeyId}, ${inbound.failedIds.length} failed\n`);
  if (inbound.failedIds.length > 0) {
    process.stderr.write(`could not decrypt (no configured key fits) inbound hooks of integrations: ${inbound.failedIds.join(', ')}\n`);
    process.exitCode = 1;
  }
  if (result.failedIds.length > 0) {
    process.stderr.write(`could not decrypt (no configured key fits) rows: ${result.failedIds.join(', ')}\n`);
    process.exitCode = 1;
  }
} finally {
  await sql.end({ timeout: 5 });
}
