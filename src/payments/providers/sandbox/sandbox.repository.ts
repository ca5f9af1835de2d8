// All the SQL of the payment sandbox: its own books of positions and checkout sessions, kept
// apart from the portal's tables as a real provider's would be.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { SandboxPositionRow, SandboxSessionRow } from '../../payments.table.ts';
import type { Receipt } from '../provider.ts';

type Db = Kysely<Database>;

// Another key than the migrator's: two processes starting at once on one PostgreSQL would
// otherwise race in CREATE TABLE IF NOT EXISTS (a unique violation on the catalogue).
const TABLES_LOCK_KEY = 4_815_162_343;

/**
 * The sandbox's books, made when the sandbox is the provider (development and tests) and never
 * in production's schema: migration 0005 made them for every database, 0011 drops them there.
 */
export async function createTables(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${TABLES_LOCK_KEY})`.execute(trx);
    await sql`create table if not exists sandbox_psp_positions (
      iuv text primary key,
      notice_number text not null unique,
      creditor_fiscal_code text not null,
      amount_cents bigint not null,
      description text not null,
      debtor_name text not null,
      due_date date not null,
      expire_after_due_date boolean not null default false,
      status text not null default 'VALID' check (status in ('VALID', 'PAID')),
      receipt jsonb,
      created_at timestamptz not null default now()
    )`.execute(trx);
    await sql`create table if not exists sandbox_psp_sessions (
      id text primary key,
      iuv text not null references sandbox_psp_positions (iuv),
      return_ok_url text not null,
      return_cancel_url text not null,
      return_error_url text not null,
      status text not null default 'open' check (status in ('open', 'paid', 'failed', 'cancelled')),
      created_at timestamptz not null default now(),
      closed_at timestamptz
    )`.execute(trx);
  });
}

export async function registerPosition(
  db: Db,
  values: Omit<SandboxPositionRow, 'status' | 'receipt' | 'created_at'>,
): Promise<void> {
  await db
    .insertInto('sandbox_psp_positions')
    .values(values)
    .onConflict((oc) => oc.column('iuv').doNothing())
    .execute();
}

export async function findPosition(db: Db, iuv: string): Promise<SandboxPositionRow | undefined> {
  return db.selectFrom('sandbox_psp_positions').selectAll().where('iuv', '=', iuv).executeTakeFirst();
}

export async function createSession(db: Db, values: Omit<SandboxSessionRow, 'status' | 'created_at' | 'closed_at'>): Promise<void> {
  await db.insertInto('sandbox_psp_sessions').values(values).execute();
}

export async function findSession(db: Db, id: string): Promise<SandboxSessionRow | undefined> {
  return db.selectFrom('sandbox_psp_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Closes an open session with its outcome; undefined when it was already closed (a double click). */
export async function closeSession(db: Db, id: string, status: 'paid' | 'failed' | 'cancelled'): Promise<SandboxSessionRow | undefined> {
  return db
    .updateTable('sandbox_psp_sessions')
    .set({ status, closed_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
}

/** Marks the position paid unless it already was (then the payment is refused as a duplicate). */
export async function markPaid(db: Db, iuv: string, receipt: Receipt): Promise<boolean> {
  const row = await db
    .updateTable('sandbox_psp_positions')
    .set({ status: 'PAID', receipt: JSON.stringify(receipt) })
    .where('iuv', '=', iuv)
    .where('status', '=', 'VALID')
    .returning('iuv')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setSessionStatus(db: Db, id: string, status: 'paid' | 'failed' | 'cancelled'): Promise<void> {
  await db.updateTable('sandbox_psp_sessions').set({ status }).where('id', '=', id).execute();
}
