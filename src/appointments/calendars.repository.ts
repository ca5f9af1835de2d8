// The SQL of booking calendars (appointment_calendars): an office's opening hours, slot length,
// capacity, booking window, closures and patron saint's day.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CalendarRow, Closure, WeeklyHours } from './appointments.table.ts';

type Db = Kysely<Database>;

export interface CalendarInput {
  officeCode: string;
  nameIt: string;
  nameEn: string;
  procedureSlugs: string[];
  weeklyHours: WeeklyHours;
  slotMinutes: number;
  capacity: number;
  windowFromDays: number;
  windowToDays: number;
  closures: Closure[];
  patronDay: string | null;
  cutoffHours: number;
  whatToBringIt: string;
  whatToBringEn: string;
  active: boolean;
}

function columns(input: CalendarInput) {
  return {
    office_code: input.officeCode,
    name_it: input.nameIt,
    name_en: input.nameEn,
    procedure_slugs: input.procedureSlugs,
    weekly_hours: JSON.stringify(input.weeklyHours),
    slot_minutes: input.slotMinutes,
    capacity: input.capacity,
    window_from_days: input.windowFromDays,
    window_to_days: input.windowToDays,
    closures: JSON.stringify(input.closures),
    patron_day: input.patronDay,
    cutoff_hours: input.cutoffHours,
    what_to_bring_it: input.whatToBringIt,
    what_to_bring_en: input.whatToBringEn,
    active: input.active,
  };
}

export async function insertCalendar(db: Db, input: CalendarInput, at: Date): Promise<number> {
  const row = await db.insertInto('appointment_calendars').values({ ...columns(input), created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCalendar(db: Db, id: number, input: CalendarInput, at: Date): Promise<boolean> {
  const row = await db.updateTable('appointment_calendars').set({ ...columns(input), updated_at: at }).where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function findCalendar(db: Db, id: number): Promise<CalendarRow | undefined> {
  return db.selectFrom('appointment_calendars').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The active calendar a procedure books on (the oldest, when several name it). */
export async function calendarOfProcedure(db: Db, slug: string): Promise<CalendarRow | undefined> {
  return db
    .selectFrom('appointment_calendars')
    .selectAll()
    .where('active', '=', true)
    .where(sql<boolean>`${slug} = any(procedure_slugs)`)
    .orderBy('id')
    .executeTakeFirst();
}

/** The calendars of some offices (all of them with null), by office and name. */
export async function listCalendars(db: Db, officeCodes: readonly string[] | null): Promise<CalendarRow[]> {
  let query = db.selectFrom('appointment_calendars').selectAll().orderBy('office_code').orderBy('name_it');
  if (officeCodes) {
    if (officeCodes.length === 0) return [];
    query = query.where('office_code', 'in', officeCodes);
  }
  return query.execute();
}

export async function countCalendars(db: Db): Promise<number> {
  const row = await db.selectFrom('appointment_calendars').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
