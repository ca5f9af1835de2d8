// All the SQL of the help desk, the one owner of `help_desks` and `assisted_sessions`: the
// desks, the sessions an operator opens for the person at the desk, their end, and the receipts
// e-mailed from them. Functions take a Kysely instance or a transaction first.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { IdentityDocument, PartySnapshot } from './acting.ts';
import type { AssistedSessionRow, HelpDeskRow } from './help-desk.table.ts';

type Db = Kysely<Database>;

// ---------------------------------------------------------------- desks

export async function listDesks(db: Db): Promise<HelpDeskRow[]> {
  return db.selectFrom('help_desks').selectAll().orderBy('name_it').execute();
}

export async function findDesk(db: Db, code: string): Promise<HelpDeskRow | undefined> {
  return db.selectFrom('help_desks').selectAll().where('code', '=', code).executeTakeFirst();
}

// ---------------------------------------------------------------- sessions

export interface NewAssistedSession {
  operatorFiscalCode: string;
  desk: string;
  person: PartySnapshot;
  document: IdentityDocument | null;
  startedAt: Date;
  expiresAt: Date;
}

/** Until the caller's transaction ends, no other start for the same operator runs (a double click). */
export async function lockOperator(trx: Db, operatorFiscalCode: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`assisted-session:${operatorFiscalCode}`}))`.execute(trx);
}

/** Ends the operator's sessions still marked open (one person at a time); returns their ids. */
export async function endOpenSessions(trx: Db, operatorFiscalCode: string, now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('assisted_sessions')
    .set({ ended_at: now })
    .where('operator_fiscal_code', '=', operatorFiscalCode)
    .where('ended_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function insertSession(trx: Db, session: NewAssistedSession): Promise<AssistedSessionRow> {
  return trx
    .insertInto('assisted_sessions')
    .values({
      operator_fiscal_code: session.operatorFiscalCode,
      desk_code: session.desk,
      person_fiscal_code: session.person.fiscalCode,
      person: JSON.stringify(session.person),
      document: JSON.stringify(session.document),
      started_at: session.startedAt,
      expires_at: session.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The operator's session (open or not); undefined for anyone else's or an id that is none. */
export async function findOperatorSession(db: Db, operatorFiscalCode: string, id: string): Promise<AssistedSessionRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('assisted_sessions').selectAll().where('id', '=', id).where('operator_fiscal_code', '=', operatorFiscalCode).executeTakeFirst();
}

/** Ends the operator's session if still open; false when it was not (ended, someone else's). */
export async function endSession(db: Db, operatorFiscalCode: string, id: string, now: Date): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const row = await db
    .updateTable('assisted_sessions')
    .set({ ended_at: now })
    .where('id', '=', id)
    .where('operator_fiscal_code', '=', operatorFiscalCode)
    .where('ended_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The operator's sessions started at or after `since`, the latest first. */
export async function operatorSessionsSince(db: Db, operatorFiscalCode: string, since: Date): Promise<AssistedSessionRow[]> {
  return db
    .selectFrom('assisted_sessions')
    .selectAll()
    .where('operator_fiscal_code', '=', operatorFiscalCode)
    .where('started_at', '>=', since)
    .orderBy('started_at', 'desc')
    .limit(200)
    .execute();
}

/** Records that a filing's receipt was e-mailed from the session. */
export async function markReceiptEmailed(trx: Db, id: string, publicId: string, at: Date): Promise<void> {
  await trx
    .updateTable('assisted_sessions')
    .set({ receipts_emailed: sql<string>`receipts_emailed || jsonb_build_object(${publicId}::text, ${at.toISOString()}::text)` })
    .where('id', '=', id)
    .execute();
}

/** The names the person was last recorded with at a desk, if ever. */
export async function lastRecordedPerson(db: Db, fiscalCode: string): Promise<PartySnapshot | undefined> {
  const row = await db
    .selectFrom('assisted_sessions')
    .select('person')
    .where('person_fiscal_code', '=', fiscalCode)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.person;
}
