import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectIntegration, type IntegrationKey } from '../../db/integrations.js';
import { createSql, type Sql } from '../../db/sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// The connect that needs no quota count (api/quotas.ts): one statement, no quota lock, writing only while the project
// keeps an active integration, which it holds locked until it is done.
describe('connectIntegration to a project the org already uses (inActiveProjectOnly)', () => {
  let db: TestDatabase;
  let other: Sql;
  const actor = { type: 'cli', name: 'test' } as const;
  const key = (projectId: string, provider: IntegrationKey['provider'], orgId: string): IntegrationKey => ({ orgId, projectId, provider });
  const statusOf = async (k: IntegrationKey) =>
    (await db.sql<{ status: string }[]>`select status from audit_integrations where org_id = ${k.orgId} and project_id = ${k.projectId} and provider = ${k.provider}`)[0]?.status;

  beforeAll(async () => {
    db = await createTestDatabase();
    other = createSql({ databaseUrl: db.url, max: 1 });
  });
  afterAll(async () => {
    await other?.end({ timeout: 5 });
    await db?.drop();
  });

  it('writes nothing in a project without an active integration', async () => {
    const org = randomUUID();
    expect(await connectIntegration(db.sql, key('empty', 'github', org), 'v1.k.c', { inActiveProjectOnly: true, actor })).toEqual([]);
    expect(await statusOf(key('empty', 'github', org))).toBeUndefined();
  });

  it('waits for a disconnect of the project’s last active integration in flight, then writes nothing', async () => {
    const org = randomUUID();
    const active = key('p', 'github', org);
    await connectIntegration(db.sql, active, 'v1.k.c', { inActiveProjectOnly: false, actor });
    let commit!: () => void;
    const committed = new Promise<void>((r) => (commit = r));
    let updated!: () => void;
    const disconnecting = new Promise<void>((r) => (updated = r));
    const disconnect = other.begin(async (tx) => {
      await tx`update audit_integrations set status = 'disconnected' where org_id = ${org} and project_id = 'p'`;
      updated();
      await committed;
    });
    await disconnecting;
    const connect = connectIntegration(db.sql, key('p', 'jira', org), 'v1.k.c', { inActiveProjectOnly: true, actor });
    let settled = false;
    void connect.then(() => (settled = true), () => (settled = true));
    // The connect's check is blocked on the row the open transaction updated.
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
    } finally {
      commit();
    }
    await disconnect;
    // It re-read the row after the commit: the project has no active integration any more, so the caller must count.
    expect(await connect).toEqual([]);
    expect(await statusOf(key('p', 'jira', org))).toBeUndefined();
  });

  it('holds off a disconnect of that integration until its own write is done', async () => {
    const org = randomUUID();
    await connectIntegration(db.sql, key('p', 'github', org), 'v1.k.c', { inActiveProjectOnly: false, actor });
    // The other session locks the project's active row the way a known-project connect does, and keeps it.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockHeld = new Promise<void>((r) => (locked = r));
    const holder = other.begin(async (tx) => {
      const [row] = await connectIntegration(tx, key('p', 'linear', org), 'v1.k.c', { inActiveProjectOnly: true, actor });
      expect(JSON.parse(row!.json)).toMatchObject({ provider: 'linear', status: 'connected' });
      locked();
      await released;
    });
    await lockHeld;
    const disconnect = db.sql`update audit_integrations set status = 'disconnected' where org_id = ${org} and project_id = 'p' and provider = 'github'`;
    let settled = false;
    void disconnect.then(() => (settled = true), () => (settled = true));
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
    } finally {
      release();
    }
    await holder;
    await disconnect;
    expect(await statusOf(key('p', 'linear', org))).toBe('connected');
    expect(await statusOf(key('p', 'github', org))).toBe('disconnected');
  });

  it('runs many concurrent connects and reconnects of one project without a deadlock', async () => {
    const org = randomUUID();
    await connectIntegration(db.sql, key('p', 'github', org), 'v1.k.c', { inActiveProjectOnly: false, actor });
    const providers = ['github', 'gitlab', 'jira', 'linear'] as const;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => connectIntegration(db.sql, key('p', providers[i % providers.length]!, org), `v1.k.c${i}`, { inActiveProjectOnly: true, actor })),
    );
    expect(results.every((rows) => rows.length === 1 && (JSON.parse(rows[0]!.json) as { status: string }).status === 'connected')).toBe(true);
    const audit = await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where org_id = ${org} and action in ('connect', 'reconnect')`;
    expect(audit[0]!.n).toBe(41);
  });
});
