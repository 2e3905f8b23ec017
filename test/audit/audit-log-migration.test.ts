import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/db.js';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
const THIS = '00013_audit_client_request_id';

describe(`migration ${THIS}`, () => {
  let db: TestDatabase | undefined;
  let before: string | undefined;
  afterEach(async () => {
    await db?.drop();
    if (before) await rm(before, { recursive: true, force: true });
    db = undefined;
    before = undefined;
  });

  it('strips the OS user and host from entries operator commands wrote before, and adds a bounded client_request_id', async () => {
    db = await createEmptyDatabase();
    // The database as it was before this migration: every earlier one applied.
    before = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    for (const file of await readdir(MIGRATIONS)) if (file < THIS && file.endsWith('.sql')) await copyFile(path.join(MIGRATIONS, file), path.join(before, file));
    await migrate(db.sql, before);

    const org = randomUUID();
    const legacy = [
      ['key_created', 'npm run keys -- create (root@build-host-7)'],
      ['key_revoked', 'npm run keys -- revoke (unknown@vm)'],
      // Cut at 200 characters by the old code: the closing parenthesis may be gone.
      ['credentials_rotated', `npm run credentials:rotate (ops@${'h'.repeat(200)}`.slice(0, 200)],
    ] as const;
    for (const [action, name] of legacy) await db.sql`insert into audit_log (org_id, action, actor_type, actor_name) values (${org}, ${action}, 'cli', ${name})`;
    await db.sql`insert into audit_log (org_id, action, actor_type, api_key_name, request_id) values (${org}, 'connect', 'api_key', ${'ci (nightly)'}, 'r1')`;

    expect((await migrate(db.sql)).applied).toContain(THIS);

    const rows = await db.sql<{ action: string; actor_name: string | null; api_key_name: string | null; client_request_id: string | null }[]>`
      select action, actor_name, api_key_name, client_request_id from audit_log where org_id = ${org} order by action
    `;
    expect(rows).toEqual([
      { action: 'connect', actor_name: null, api_key_name: 'ci (nightly)', client_request_id: null },
      { action: 'credentials_rotated', actor_name: 'npm run credentials:rotate', api_key_name: null, client_request_id: null },
      { action: 'key_created', actor_name: 'npm run keys -- create', api_key_name: null, client_request_id: null },
      { action: 'key_revoked', actor_name: 'npm run keys -- revoke', api_key_name: null, client_request_id: null },
    ]);

    await db.sql`insert into audit_log (org_id, action, actor_type, client_request_id) values (${org}, 'connect', 'api_key', ${'x'.repeat(200)})`;
    await expect(db.sql`insert into audit_log (org_id, action, actor_type, client_request_id) values (${org}, 'connect', 'api_key', ${'x'.repeat(201)})`).rejects.toMatchObject({ code: '23514' });
  });
});
