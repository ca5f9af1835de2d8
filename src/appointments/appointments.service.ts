// Appointments: a person's seat in a slot of an office's calendar. A seat is held when the
// person picks a time in the journey (for HOLD_MINUTES, so that two people filling in at once
// cannot both end up with the last seat), becomes the request's booking when the request is
// filed (in the filing transaction), can be moved or cancelled by the person until the
// calendar's cutoff, and is marked done or no-show by the office. Held seats not filed in time
// are given back by the sweep, or by the next person who wants that very slot.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { BadInputError, ConflictError, NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import { addDays, romeDate, type Clock } from '../platform/time.ts';
import type { FiledSubmission } from '../submissions/filing.service.ts';
import type { CalendarRow, WeeklyHours } from './appointments.table.ts';
import * as bookings from './bookings.repository.ts';
import * as calendars from './calendars.repository.ts';
import { sendReminders } from './reminders.ts';
import { slotAt, slotsBetween, weekStart, type SlotRules } from './slots.ts';

/** How long a time picked in the journey stays held for the person before it is filed. */
export const HOLD_MINUTES = 30;
const HOUR_MS = 3_600_000;

/** The time chosen was taken meanwhile (or is no longer offered): choose another. */
export class SlotTakenError extends ConflictError {
  override readonly pageKey = 'appointments.taken';
}

/** Too late to move or cancel: the calendar's cutoff before the appointment has passed. */
export class PastCutoffError extends ConflictError {
  override readonly pageKey = 'appointments.pastCutoff';
}

export function rulesOf(calendar: CalendarRow): SlotRules {
  return {
    weeklyHours: calendar.weekly_hours as WeeklyHours,
    slotMinutes: calendar.slot_minutes,
    windowFromDays: calendar.window_from_days,
    windowToDays: calendar.window_to_days,
    closures: calendar.closures,
    patronDay: calendar.patron_day,
  };
}

export interface WeekDay {
  date: string;
  slots: Array<{ value: string; time: string; free: number }>;
}

export interface WeekView {
  start: string;
  days: WeekDay[];
  previous: string | null;
  next: string | null;
}

/** A slot sent back by a page: an ISO instant, nothing else. */
function parseStart(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value)) throw new BadInputError(['slot']);
  return new Date(value);
}

/** Takes a seat of the calendar's slot at `startsAt` in the transaction, or throws SlotTakenError; returns the slot id. */
async function takeSeatAt(trx: Transaction<Database>, calendar: CalendarRow, startsAt: Date, now: Date): Promise<number> {
  const slot = slotAt(rulesOf(calendar), startsAt, romeDate(now), now);
  if (!slot) throw new SlotTakenError('slot not offered');
  const slotId = await bookings.ensureSlot(trx, { calendarId: calendar.id, startsAt: slot.startsAt, endsAt: slot.endsAt, capacity: calendar.capacity });
  // a hold that lapsed on this very slot gives its seat to whoever wants it now
  await bookings.releaseExpiredHolds(trx, now, slotId);
  if (!(await bookings.takeSeat(trx, slotId))) throw new SlotTakenError('slot full');
  return slotId;
}

/** The free slots of a week, day by day; without `of`, the first week of the window with a free slot. */
async function freeWeek(db: DB, now: Date, calendar: CalendarRow, of?: string): Promise<WeekView> {
  const today = romeDate(now);
  const rules = rulesOf(calendar);
  const first = weekStart(addDays(today, rules.windowFromDays));
  const last = weekStart(addDays(today, rules.windowToDays));
  let start = of && of >= first && of <= last ? weekStart(of) : first;
  for (;;) {
    const days = await freeDays(db, now, calendar, start);
    if (days.length > 0 || of || start >= last) return { start, days, previous: start > first ? addDays(start, -7) : null, next: start < last ? addDays(start, 7) : null };
    start = addDays(start, 7);
  }
}

async function freeDays(db: DB, now: Date, calendar: CalendarRow, start: string): Promise<WeekDay[]> {
  const slots = slotsBetween(rulesOf(calendar), start, addDays(start, 6), romeDate(now), now);
  const taken = slots.length > 0 ? await bookings.takenSeats(db, calendar.id, slots[0]!.startsAt, new Date(slots[slots.length - 1]!.startsAt.getTime() + 1)) : new Map<number, number>();
  const days = new Map<string, WeekDay>();
  for (const slot of slots) {
    const free = calendar.capacity - (taken.get(slot.startsAt.getTime()) ?? 0);
    if (free <= 0) continue;
    const day = days.get(slot.date) ?? { date: slot.date, slots: [] };
    day.slots.push({ value: slot.startsAt.toISOString(), time: slot.time, free });
    days.set(slot.date, day);
  }
  return [...days.values()];
}

/**
 * The filing hook (inside the filing transaction): the draft's held seat becomes the request's
 * booking. A request of a procedure that books on a calendar is refused without one; a hold
 * that lapsed and gave its seat back is taken again if the seat is still free.
 */
async function bookOnFiling(trx: Transaction<Database>, filings: readonly FiledSubmission[], takeSlot: (trx: Transaction<Database>, calendar: CalendarRow, startsAt: Date) => Promise<number>, clock: Clock): Promise<void> {
  for (const filing of filings) {
    if (filing.definition.kind !== 'prenotazione' || !filing.draftId) continue;
    const calendar = await calendars.calendarOfProcedure(trx, filing.procedureSlug);
    if (!calendar) continue;
    const filed = {
      submissionId: filing.id,
      publicId: filing.publicId,
      procedureSlug: filing.procedureSlug,
      personName: `${filing.applicant.givenName} ${filing.applicant.familyName}`.trim(),
    };
    const held = await bookings.holdOfDraft(trx, filing.draftId, true);
    if (held) {
      await bookings.confirmBooking(trx, held.id, { ...filed, slotId: held.slot_id }, clock());
      continue;
    }
    const lapsed = await bookings.expiredHoldOfDraft(trx, filing.draftId);
    if (!lapsed) throw new SlotTakenError('no time chosen');
    const slotId = await takeSlot(trx, calendar, lapsed.starts_at);
    await bookings.confirmBooking(trx, lapsed.id, { ...filed, slotId }, clock());
  }
}

export function createAppointmentsService(db: DB, options: { clock: Clock }) {
  const { clock } = options;

  const takeSlot = (trx: Transaction<Database>, calendar: CalendarRow, startsAt: Date) => takeSeatAt(trx, calendar, startsAt, clock());

  /** A change of a filed booking by the person, before the calendar's cutoff, in one transaction. */
  async function changeBooking(submissionId: number, change: (trx: Transaction<Database>, booking: bookings.BookingWithSlot, calendar: CalendarRow) => Promise<void>): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const booking = await bookings.bookingOfSubmission(trx, submissionId, true);
      if (!booking || booking.status !== 'booked') throw new NotFoundError('booking');
      // read in the transaction: on PGlite it holds the one connection
      const calendar = await calendars.findCalendar(trx, booking.calendar_id);
      if (!calendar) throw new NotFoundError('calendar');
      if (clock().getTime() >= booking.starts_at.getTime() - calendar.cutoff_hours * HOUR_MS) throw new PastCutoffError('past cutoff');
      await change(trx, booking, calendar);
    });
  }

  async function calendarOf(id: number): Promise<CalendarRow> {
    const calendar = await calendars.findCalendar(db, id);
    if (!calendar) throw new NotFoundError('calendar');
    return calendar;
  }

  return {
    /** The active calendar a procedure books on, if any. */
    calendarFor: (slug: string) => calendars.calendarOfProcedure(db, slug),
    calendar: calendarOf,

    /** The free slots of a week (the first bookable week without `of`), day by day. */
    week: (calendar: CalendarRow, of?: string) => freeWeek(db, clock(), calendar, of),

    /** The draft's held time, if any (a lapsed hold not yet given back still counts). */
    holdOfDraft: (draftRef: string) => bookings.holdOfDraft(db, draftRef),

    /**
     * Holds a seat of the slot for the draft, giving back the one it held before, in one
     * transaction: the person has one time at most, and never loses theirs to a refused change.
     */
    async hold(input: { calendarId: number; draftRef: string; owner: string; locale: Locale; slot: unknown }): Promise<void> {
      const startsAt = parseStart(input.slot);
      const calendar = await calendarOf(input.calendarId);
      await db.transaction().execute(async (trx) => {
        const now = clock();
        const previous = await bookings.holdOfDraft(trx, input.draftRef, true);
        if (previous) {
          await bookings.setStatus(trx, previous.id, 'expired', now);
          await bookings.releaseSeat(trx, previous.slot_id);
        }
        const slotId = await takeSlot(trx, calendar, startsAt);
        await bookings.insertHold(trx, {
          uid: randomUUID(),
          calendarId: calendar.id,
          slotId,
          draftRef: input.draftRef,
          owner: input.owner,
          heldUntil: new Date(now.getTime() + HOLD_MINUTES * 60_000),
          locale: input.locale,
          at: now,
        });
      });
    },

    /** The filing hook (inside the filing transaction): the draft's held seat becomes the request's booking. */
    onStored: (trx: Transaction<Database>, filings: readonly FiledSubmission[]) => bookOnFiling(trx, filings, takeSlot, clock),

    /** The booking of a filing, with its calendar (undefined when it has none). */
    async ofSubmission(submissionId: number) {
      const booking = await bookings.bookingOfSubmission(db, submissionId);
      if (!booking) return undefined;
      const calendar = await calendarOf(booking.calendar_id);
      const cutoff = new Date(booking.starts_at.getTime() - calendar.cutoff_hours * HOUR_MS);
      const changeable = booking.status === 'booked' && clock() < cutoff;
      return { booking, calendar, changeable, cutoff };
    },

    /** Moves a filing's booking to another slot: the new seat taken and the old one given back, together. */
    move: (submissionId: number, slot: unknown) =>
      changeBooking(submissionId, async (trx, booking, calendar) => {
        const startsAt = parseStart(slot);
        if (booking.starts_at.getTime() === startsAt.getTime()) return;
        const slotId = await takeSlot(trx, calendar, startsAt);
        await bookings.releaseSeat(trx, booking.slot_id);
        await bookings.moveBooking(trx, booking.id, slotId, clock());
      }),

    /** Cancels a filing's booking: its seat is free again. */
    cancel: (submissionId: number) =>
      changeBooking(submissionId, async (trx, booking) => {
        await bookings.setStatus(trx, booking.id, 'cancelled', clock(), true);
        await bookings.releaseSeat(trx, booking.slot_id);
      }),

    /** The filed bookings of a calendar on a Rome calendar day, by time. */
    async dayList(calendarId: number, date: string) {
      const calendar = await calendarOf(calendarId);
      const from = new Date(`${date}T00:00:00Z`);
      // the Rome day lies within [date 00:00 UTC - 2h, date+1 00:00 UTC); filter on its Rome date
      const rows = await bookings.bookingsBetween(db, calendarId, new Date(from.getTime() - 2 * HOUR_MS), new Date(from.getTime() + 24 * HOUR_MS));
      return { calendar, rows: rows.filter((row) => romeDate(row.starts_at) === date) };
    },

    /** The office marks a booking of its calendar done or no-show (from booked, or between the two). */
    async setOutcome(calendarId: number, bookingId: number, outcome: 'done' | 'no_show' | 'booked'): Promise<void> {
      const row = await bookings.bookingOfCalendar(db, calendarId, bookingId);
      if (!row || !['booked', 'done', 'no_show'].includes(row.status)) throw new NotFoundError('booking');
      await bookings.setStatus(db, row.id, outcome, clock());
    },

    /** Gives back the seats of holds past their time; returns how many. */
    sweepHolds: () => db.transaction().execute((trx) => bookings.releaseExpiredHolds(trx, clock())),

    /** The reminders of the bookings of tomorrow (reminders.ts). */
    sendReminders: () => sendReminders(db, clock),
  };
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
