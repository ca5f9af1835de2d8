// All the SQL of the protocol register (DPR 445/2000): the yearly counters, the register rows,
// and the intake barrier that keeps the numbering gapless and in receipt order.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

/**
 * The intake barrier. Whoever numbers filings holds it exclusively (an intake batch, or the
 * registrar); a transaction that gives a filing its receipt time outside a batch (a payment
 * releasing a held filing) holds it shared. With it held exclusively, every filing that has a
 * receipt time has committed, and every later filing will get a later receipt time: numbering
 * "all that is visible, in receipt order" is then gapless and in receipt order, without a
 * counter row locked by each filing.
 */
const INTAKE_LOCK = 7_315_004;

/** Inside a transaction (a transaction-scoped lock). */
export async function holdIntakeLock(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(${INTAKE_LOCK})`.execute(trx);
}

export async function takeIntakeBarrier(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${INTAKE_LOCK})`.execute(trx);
}

/** Reserves `count` numbers of a year; returns the first. */
export async function reserveProtocolNumbers(db: Db, year: number, count: number): Promise<number> {
  const row = await db
    .insertInto('protocol_counters')
    .values({ year, last_number: count })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`protocol_counters.last_number + ${count}` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number - count + 1;
}

export interface RegisterEntry {
  submissionId: number;
  year: number;
  number: number;
  registeredAt: Date;
  sender: string;
  subject: string;
  fingerprints: Array<{ name: string; sha256: string }>;
}

export async function insertRegisterEntries(db: Db, entries: readonly RegisterEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('protocol_register')
    .values(
      entries.map((e) => ({
        year: e.year,
        number: e.number,
        registered_at: e.registeredAt,
        submission_id: e.submissionId,
        sender: e.sender,
        subject: e.subject,
        fingerprints: JSON.stringify(e.fingerprints),
      })),
    )
    .execute();
}

export async function protocolOf(db: Db, submissionId: number): Promise<{ year: number; number: number; registered_at: Date } | undefined> {
  return db.selectFrom('protocol_register').select(['year', 'number', 'registered_at']).where('submission_id', '=', submissionId).where('direction', '=', 'entrata').executeTakeFirst();
}

export interface OutgoingEntry {
  /** the filing the document answers */
  submissionId: number;
  year: number;
  number: number;
  registeredAt: Date;
  /** the office that sends it */
  sender: string;
  recipient: string;
  subject: string;
  fingerprints: Array<{ name: string; sha256: string }>;
}

export async function insertOutgoingEntry(db: Db, e: OutgoingEntry): Promise<void> {
  await db
    .insertInto('protocol_register')
    .values({
      year: e.year,
      number: e.number,
      registered_at: e.registeredAt,
      submission_id: e.submissionId,
      sender: e.sender,
      recipient: e.recipient,
      subject: e.subject,
      fingerprints: JSON.stringify(e.fingerprints),
      direction: 'uscita',
    })
    .execute();
}

/** The daily register: the registrations of one Rome calendar day, in number order. */
export async function registrationsOfDay(db: Db, day: string) {
  return db
    .selectFrom('protocol_register')
    .selectAll()
    .where(sql<boolean>`(registered_at at time zone 'Europe/Rome')::date = ${day}::date`)
    .orderBy('year')
    .orderBy('number')
    .execute();
}
