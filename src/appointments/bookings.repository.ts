// The SQL of slots and bookings (appointment_slots, appointment_bookings). A seat is taken
// only by the guarded update of takeSeat, under the row lock of the slot: concurrent bookings
// of the last seat queue on that row, and all but one find it full.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { BookingRow, BookingStatus } from './appointments.table.ts';

type Db = Kysely<Database>;

/** A booking with its slot's times. */
export type BookingWithSlot = BookingRow & { starts_at: Date; ends_at: Date };

/** The slot row of a calendar's time, made when first booked; returns its id. */
export async function ensureSlot(db: Db, slot: { calendarId: number; startsAt: Date; endsAt: Date; capacity: number }): Promise<number> {
  await db
    .insertInto('appointment_slots')
    .values({ calendar_id: slot.calendarId, starts_at: slot.startsAt, ends_at: slot.endsAt, capacity: slot.capacity })
    .onConflict((oc) => oc.columns(['calendar_id', 'starts_at']).doNothing())
    .execute();
  const row = await db.selectFrom('appointment_slots').select('id').where('calendar_id', '=', slot.calendarId).where('starts_at', '=', slot.startsAt).executeTakeFirstOrThrow();
  return row.id;
}

/** Takes one seat of the slot if one is free: false when it is full. */
export async function takeSeat(db: Db, slotId: number): Promise<boolean> {
  const row = await db
    .updateTable('appointment_slots')
    .set({ booked: sql`booked + 1` })
    .where('id', '=', slotId)
    .where(sql<boolean>`booked < capacity`)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function releaseSeat(db: Db, slotId: number): Promise<void> {
  await db.updateTable('appointment_slots').set({ booked: sql`booked - 1` }).where('id', '=', slotId).where('booked', '>', 0).execute();
}

/** Holds past their time become expired and give their seat back (of one slot, or all); returns how many. */
export async function releaseExpiredHolds(db: Db, now: Date, slotId?: number): Promise<number> {
  let query = db.updateTable('appointment_bookings').set({ status: 'expired', updated_at: now }).where('status', '=', 'held').where('held_until', '<', now);
  if (slotId !== undefined) query = query.where('slot_id', '=', slotId);
  const released = await query.returning('slot_id').execute();
  for (const { slot_id } of released) await releaseSeat(db, slot_id);
  return released.length;
}

/** Seats taken by slot start (ms), of a calendar's slots between two instants. */
export async function takenSeats(db: Db, calendarId: number, from: Date, to: Date): Promise<Map<number, number>> {
  const rows = await db.selectFrom('appointment_slots').select(['starts_at', 'booked']).where('calendar_id', '=', calendarId).where('starts_at', '>=', from).where('starts_at', '<', to).execute();
  return new Map(rows.map((r) => [r.starts_at.getTime(), r.booked]));
}

export interface NewBooking {
  uid: string;
  calendarId: number;
  slotId: number;
  draftRef: string;
  owner: string;
  heldUntil: Date;
  locale: string;
  at: Date;
}

export async function insertHold(db: Db, booking: NewBooking): Promise<void> {
  await db
    .insertInto('appointment_bookings')
    .values({
      uid: booking.uid,
      calendar_id: booking.calendarId,
      slot_id: booking.slotId,
      draft_ref: booking.draftRef,
      owner_fiscal_code: booking.owner,
      status: 'held',
      held_until: booking.heldUntil,
      locale: booking.locale,
      created_at: booking.at,
      updated_at: booking.at,
    })
    .execute();
}

const withSlot = (db: Db) =>
  db.selectFrom('appointment_bookings as b').innerJoin('appointment_slots as s', 's.id', 'b.slot_id').selectAll('b').select(['s.starts_at', 's.ends_at']);

/** The draft's live hold (locked for update when inside a transaction that changes it). */
export async function holdOfDraft(db: Db, draftRef: string, forUpdate = false): Promise<BookingWithSlot | undefined> {
  let query = withSlot(db).where('b.draft_ref', '=', draftRef).where('b.status', '=', 'held');
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The last hold of a draft that expired and gave its seat back (to take again at filing). */
export async function expiredHoldOfDraft(db: Db, draftRef: string): Promise<BookingWithSlot | undefined> {
  return withSlot(db).where('b.draft_ref', '=', draftRef).where('b.status', '=', 'expired').orderBy('b.id', 'desc').executeTakeFirst();
}

/** The hold becomes the filing's booking. */
export async function confirmBooking(db: Db, id: number, filed: { submissionId: number; publicId: string; procedureSlug: string; personName: string; slotId: number }, at: Date): Promise<void> {
  await db
    .updateTable('appointment_bookings')
    .set({ status: 'booked', held_until: null, submission_id: filed.submissionId, public_id: filed.publicId, procedure_slug: filed.procedureSlug, person_name: filed.personName, slot_id: filed.slotId, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** The booking of a filing (the current one: not cancelled first, then the newest). */
export async function bookingOfSubmission(db: Db, submissionId: number, forUpdate = false): Promise<BookingWithSlot | undefined> {
  let query = withSlot(db)
    .where('b.submission_id', '=', submissionId)
    .orderBy(sql`case when b.status = 'cancelled' then 1 else 0 end`)
    .orderBy('b.id', 'desc');
  if (forUpdate) query = query.forUpdate(['b']);
  return query.executeTakeFirst();
}

export async function moveBooking(db: Db, id: number, slotId: number, at: Date): Promise<void> {
  await db
    .updateTable('appointment_bookings')
    .set({ slot_id: slotId, sequence: sql`sequence + 1`, reminded_at: null, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function setStatus(db: Db, id: number, status: BookingStatus, at: Date, bumpSequence = false): Promise<void> {
  await db
    .updateTable('appointment_bookings')
    .set({ status, updated_at: at, ...(bumpSequence ? { sequence: sql`sequence + 1` } : {}) })
    .where('id', '=', id)
    .execute();
}

/** The filed bookings of a calendar between two instants, by time. */
export async function bookingsBetween(db: Db, calendarId: number, from: Date, to: Date): Promise<BookingWithSlot[]> {
  return withSlot(db)
    .where('b.calendar_id', '=', calendarId)
    .where('b.status', 'in', ['booked', 'done', 'no_show'])
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .orderBy('s.starts_at')
    .orderBy('b.id')
    .execute();
}

export async function bookingOfCalendar(db: Db, calendarId: number, id: number): Promise<BookingRow | undefined> {
  return db.selectFrom('appointment_bookings').selectAll().where('calendar_id', '=', calendarId).where('id', '=', id).executeTakeFirst();
}

/** Filed bookings beginning between two instants that have had no reminder. */
export async function dueReminders(db: Db, from: Date, to: Date): Promise<BookingWithSlot[]> {
  return withSlot(db).where('b.status', '=', 'booked').where('b.reminded_at', 'is', null).where('s.starts_at', '>=', from).where('s.starts_at', '<', to).orderBy('b.id').limit(500).execute();
}

/** Marks a reminder sent; false when another run got there first. */
export async function markReminded(db: Db, id: number, at: Date): Promise<boolean> {
  const row = await db.updateTable('appointment_bookings').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Every booking of the person with its time, oldest first (their data export). */
export async function bookingsOfOwner(db: Db, fiscalCode: string): Promise<BookingWithSlot[]> {
  return withSlot(db).where('b.owner_fiscal_code', '=', fiscalCode).orderBy('b.created_at').orderBy('b.id').execute();
}
