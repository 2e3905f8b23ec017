import { randomBytes, randomUUID } from 'node:crypto';
import Koa from 'koa';
import getRawBody from 'raw-body';
import { integrationListJson } from '../../api/presenters.js';
import { connectWithinQuota, DEFAULT_QUOTAS } from '../../api/quotas.js';
import { createCredentialCipher, type Credentials } from '../../db/crypto.js';
import { findIntegrationById, listIntegrations, upsertIntegration } from '../../db/integrations.js';
import { isProvider } from '../../db/providers.js';
import { createSql } from '../../db/sql.js';

/**
 * The ceilings the API is measured against, each its own process with the API's pool size:
 *   const  — bare Koa answering a constant JSON;
 *   select — bare Koa + one postgres.js select by primary key (GET /select/:id);
 *   list   — bare Koa + the list's own query and rendering (GET on the list's path, db/integrations.ts
 *            listIntegrations + api/presenters.ts integrationListJson): what list costs with no API around it;
 *   upsert — bare Koa + one upsert (POST /upsert/:org/:project/:provider with a JSON body, read and parsed): all connect
 *            does besides validation and encryption since connect no longer touches Temporal (the sweeper starts syncs);
 *   connect — bare Koa + connect's own work (POST on connect's path, body read and parsed): the credentials encrypted and
 *            api/quotas.ts connectWithinQuota — the quota guard and the one statement that writes the row, its audit
 *            entry and its webhook event — answered with the row's JSON: what connect costs with no API around it.
 * No router, no auth, no validation, no envelope: everything the real endpoints add is what the ratio shows.
 * `node --import tsx test/bench/ceiling-server.ts <mode>` with PORT, DATABASE_URL and DB_POOL_MAX in the env.
 */
const mode = process.argv[2];
if (mode !== 'const' && mode !== 'select' && mode !== 'list' && mode !== 'upsert' && mode !== 'connect') {
  throw new Error('usage: ceiling-server.ts const|select|list|upsert|connect');
}
const port = Number(process.env.PORT ?? 0);
const sql = mode === 'const' ? undefined : createSql({ databaseUrl: process.env.DATABASE_URL ?? '', max: Number(process.env.DB_POOL_MAX ?? 10) });
// A real ciphertext's size; what it decrypts to does not matter here, nothing reads it back.
const CIPHERTEXT = `v1.default.${Buffer.alloc(160, 7).toString('base64url')}`;
const cipher = createCredentialCipher([{ id: 'default', key: randomBytes(32) }]);
// The API's actor for a request; one fixed key, as the load uses one key per org.
const ACTOR = { type: 'api_key', keyId: randomUUID(), keyName: 'ceiling', requestId: 'ceiling', clientAddress: '127.0.0.1' } as const;
const CONSTANT = { data: { status: 'ok' }, meta: { request_id: 'constant' }, error: null };

const app = new Koa();
app.use(async (ctx) => {
  const parts = ctx.path.split('/');
  if (mode === 'const') {
    ctx.body = CONSTANT;
  } else if (mode === 'select' && ctx.method === 'GET' && parts[1] === 'select' && parts[2]) {
    const row = await findIntegrationById(sql!, parts[2]);
    ctx.body = { data: row ?? null };
  } else if (mode === 'list' && ctx.method === 'GET' && parts[1] === 'api' && parts[3] === 'orgs' && parts[5] === 'projects' && parts[7] === 'audit') {
    ctx.type = 'application/json';
    ctx.body = `{"data":${integrationListJson(await listIntegrations(sql!, parts[4]!, parts[6]!))}}`;
  } else if (mode === 'upsert' && ctx.method === 'POST' && parts[1] === 'upsert' && parts[4] && isProvider(parts[4])) {
    const body = JSON.parse(await getRawBody(ctx.req, { limit: 64 * 1024, encoding: 'utf8' })) as unknown;
    if (typeof body !== 'object' || body === null) ctx.throw(422);
    ctx.body = { data: await upsertIntegration(sql!, { orgId: parts[2]!, projectId: parts[3]!, provider: parts[4] }, CIPHERTEXT) };
  } else if (mode === 'connect' && ctx.method === 'POST' && parts[3] === 'orgs' && parts[7] === 'audit' && parts[10] === 'connect' && isProvider(parts[9]!)) {
    const body = JSON.parse(await getRawBody(ctx.req, { limit: 64 * 1024, encoding: 'utf8' })) as { credentials?: Credentials } | null;
    const credentials = body?.credentials;
    if (typeof credentials !== 'object' || credentials === null) return ctx.throw(422);
    const key = { orgId: parts[4]!, projectId: parts[6]!, provider: parts[9] };
    const row = await connectWithinQuota(sql!, DEFAULT_QUOTAS, cipher, key, credentials, ACTOR);
    ctx.type = 'application/json';
    ctx.body = `{"data":${row.json}}`;
  } else {
    ctx.status = 404;
  }
});
const server = app.listen(port, '127.0.0.1');
const stop = () => {
  server.close();
  server.closeAllConnections();
  void Promise.allSettled([sql?.end({ timeout: 2 })]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
