import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createSql, type Sql } from '../../db/sql.js';

export interface TestDatabase {
  url: string;
  name: string;
  sql: Sql;
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(inject('adminDatabaseUrl'), { max: 1, onnotice: () => undefined });
  try {
    return await fn(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function createDatabase(prefix: string, template: string | undefined): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin((a) => a.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`));
  const url = new URL(inject('adminDatabaseUrl'));
  url.pathname = `/${name}`;
  const sql = createSql({ databaseUrl: url.toString(), max: 5 });
  return {
    url: url.toString(),
    name,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      await withAdmin((a) => a.unsafe(`drop database if exists ${name} with (force)`));
    },
  };
}

/** A fresh, migrated database cloned from the run's template: test files never share rows. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase('audit_test', inject('templateDatabase'));
}

/** A database with nothing in it (migration tests). */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return createDatabase('audit_empty', undefined);
}
