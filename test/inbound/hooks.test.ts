import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../../db/crypto.js';
import { ensureInboundHook, findInboundHook, inboundUrl, rotateInboundSecrets } from '../../db/inbound-hooks.js';
import { upsertIntegration } from '../../db/integrations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { randomKey } from '../helpers/stack.js';

/** db/inbound-hooks.ts: the contract the registration side (W2's activity, the realtime detail) builds on. */
describe('inbound hooks', () => {
  let db: TestDatabase;
  const oldKey = randomKey('old');
  const cipher = createCredentialCipher([oldKey]);
  const orgId = randomUUID();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const integration = async (provider: 'github' | 'sentry', projectId: string) =>
    (await upsertIntegration(db.sql, { orgId, projectId, provider }, 'not-used')).id;

  it('is created once with a generated secret where we choose it, returned as it is afterwards, replaced when a secret is given', async () => {
    const id = await integration('github', 'hooks');
    const first = await ensureInboundHook(db.sql, cipher, { integrationId: id, orgId, projectId: 'hooks', provider: 'github' });
    expect(first.hookId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    // Concurrent first calls agree on one row.
    const again = await Promise.all([1, 2, 3].map(() => ensureInboundHook(db.sql, cipher, { integrationId: id, orgId, projectId: 'hooks', provider: 'github' })));
    expect(again).toEqual([first, first, first]);
    const replaced = await ensureInboundHook(db.sql, cipher, { integrationId: id, orgId, projectId: 'hooks', provider: 'github', secret: 'set-by-hand' });
    expect(replaced).toEqual({ hookId: first.hookId, secret: 'set-by-hand' });
    // Stored encrypted, bound to the integration.
    const [row] = await db.sql<{ secret: string }[]>`select secret from inbound_hooks where integration_id = ${id}`;
    expect(row!.secret).not.toContain('set-by-hand');
    expect(await findInboundHook(db.sql, cipher, 'github', first.hookId)).toEqual({ integrationId: id, orgId, projectId: 'hooks', secret: 'set-by-hand' });
    expect(await findInboundHook(db.sql, cipher, 'gitlab', first.hookId)).toBeUndefined();
    expect(inboundUrl('https://audit.example/', 'github', first.hookId)).toBe(`https://audit.example/api/v1/inbound/github/${first.hookId}`);
  });

  it('sentry: no secret until the client secret is given; a disconnected integration\'s hook is not found', async () => {
    const id = await integration('sentry', 'sentry-hooks');
    const hook = await ensureInboundHook(db.sql, cipher, { integrationId: id, orgId, projectId: 'sentry-hooks', provider: 'sentry' });
    expect(hook.secret).toBeNull();
    expect((await findInboundHook(db.sql, cipher, 'sentry', hook.hookId))?.secret).toBeNull();
    expect((await ensureInboundHook(db.sql, cipher, { integrationId: id, orgId, projectId: 'sentry-hooks', provider: 'sentry', secret: 'client-secret' })).secret).toBe('client-secret');
    await db.sql`update audit_integrations set status = 'disconnected' where id = ${id}`;
    expect(await findInboundHook(db.sql, cipher, 'sentry', hook.hookId)).toBeUndefined();
  });

  it('credentials:rotate re-encrypts the secrets under the current key', async () => {
    const id = await integration('github', 'rotate');
    const hook = await ensureInboundHook(db.sql, cipher, { integrationId: id, orgId, projectId: 'rotate', provider: 'github' });
    const newKey = randomKey('new');
    const rotated = await rotateInboundSecrets(db.sql, createCredentialCipher([newKey, oldKey]));
    expect(rotated.failedIds).toEqual([]);
    expect(rotated.rotated).toBeGreaterThanOrEqual(1);
    // Readable with the new key alone.
    expect((await findInboundHook(db.sql, createCredentialCipher([newKey]), 'github', hook.hookId))?.secret).toBe(hook.secret);
  });
});
