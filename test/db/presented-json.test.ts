import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectIntegration } from '../../db/disconnect.js';
import { claimForSync, listIntegrations, upsertIntegration, type IntegrationRow } from '../../db/integrations.js';
import { formatTimestamp, timestampSql } from '../../db/timestamps.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// Integration rows are presented by Postgres (db/integrations.ts presentedJsonSql): its timestamps must read exactly as
// formatTimestamp's everywhere else, and its field list must be the spec's and nothing more.
describe('integration rows rendered by Postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('timestampSql formats like formatTimestamp: UTC whatever the session zone, cut (not rounded) to the second', async () => {
    const instants = ['1970-01-01T00:00:00.000Z', '2000-02-29T12:34:56.789Z', '2026-12-31T23:59:59.999Z', '2026-06-15T08:00:00.500Z'];
    const texts = await db.sql.begin(async (tx) => {
      await tx`set local time zone 'Asia/Kolkata'`;
      // Microseconds added, as a timestamptz column holds them: 23:59:59.9994 must still read 23:59:59.
      return Promise.all(
        instants.map(async (iso) => (await tx.unsafe<{ text: string }[]>(`select ${timestampSql(`($1::timestamptz + interval '0.0004 seconds')`)} as text`, [iso]))[0]!.text),
      );
    });
    expect(texts).toEqual(instants.map((iso) => formatTimestamp(new Date(iso))));
  });

  it('renders the spec row: the public fields only, credentials: {} once disconnected, the same in list, claim and disconnect', async () => {
    const key = { orgId: randomUUID(), projectId: 'site', provider: 'github' as const };
    const stored = await upsertIntegration(db.sql, key, 'v1.default.secret-ciphertext');
    const expected = (row: IntegrationRow) => ({
      id: row.id,
      org_id: key.orgId,
      project_id: 'site',
      provider: 'github',
      status: row.status,
      last_sync_at: formatTimestamp(row.last_sync_at),
      created_at: formatTimestamp(row.created_at),
      updated_at: formatTimestamp(row.updated_at),
    });

    // Byte for byte what JSON.stringify writes for every other answer: same field order, compact.
    const [listed] = await listIntegrations(db.sql, key.orgId, 'site');
    expect(listed!.provider).toBe('github');
    expect(listed!.json).toBe(JSON.stringify(expected(stored)));

    const claim = await claimForSync(db.sql, key);
    expect(claim!.row.json).toBe(JSON.stringify(expected(claim!.row)));
    expect(claim!.row.status).toBe('syncing');

    const gone = await disconnectIntegration(db.sql, stored.id);
    expect(gone!.json).toBe(JSON.stringify({ credentials: {}, ...expected(gone!) }));
    const [relisted] = await listIntegrations(db.sql, key.orgId, 'site');
    expect(relisted!.json).toBe(gone!.json);
    // Neither the ciphertext nor the due time is ever part of it.
    expect(listed!.json + claim!.row.json + gone!.json).not.toMatch(/secret-ciphertext|next_sync_at/);
  });
});
