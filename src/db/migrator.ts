// Forward-only schema migrations: plain SQL files in migrations/ (NNNN_name.sql), applied in
// name order, each in its own transaction with its record in schema_migrations. The same
// files run on PostgreSQL and PGlite. A session advisory lock lets several processes start at
// once: one migrates, the others wait and find nothing left to do.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const LOCK_KEY = 4_815_162_342;
// SQLSTATE of a missing relation
const UNDEFINED_TABLE = '42P01';

export interface Migration {
  name: string;
  script: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return Promise.all(names.map(async (name) => ({ name, script: await readFile(path.join(dir, name), 'utf8') })));
}

/** Applies the pending migrations; returns the names applied. */
export async function migrate(handle: DatabaseHandle, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return handle.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        name text primary key,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const done = new Set((await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map((r) => r.name));
      const applied: string[] = [];
      for (const migration of all) {
        if (done.has(migration.name)) continue;
        const record = `insert into schema_migrations (name) values ('${migration.name}');`;
        try {
          await handle.execScript(`begin;\n${migration.script}\n;${record}\ncommit;`, conn);
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => {});
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.name);
      }
      return applied;
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
}

/** The migrations on disk that the database has not applied (readiness check). */
export async function pendingMigrations(handle: DatabaseHandle, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  // no table yet is a database never migrated; any other failure (unreachable) is not "pending"
  const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(handle.db).catch((error: unknown) => {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return { rows: [] };
    throw error;
  });
  const done = new Set(rows.rows.map((r) => r.name));
  return all.filter((m) => !done.has(m.name)).map((m) => m.name);
}
