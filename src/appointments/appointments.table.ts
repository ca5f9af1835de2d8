// Row types of the appointments' tables (migrations/0038_appointments.sql).
import type { ColumnType, Generated, Selectable } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

/** Opening hours by ISO weekday (1 Monday .. 7 Sunday): intervals "HH:MM"-"HH:MM". */
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<[string, string]>>>;
export interface Closure {
  from: string;
  to: string;
  label?: string;
}

export interface AppointmentCalendarsTable {
  id: Generated<number>;
  office_code: string;
  name_it: string;
  name_en: string;
  procedure_slugs: string[];
  weekly_hours: Json<WeeklyHours>;
  slot_minutes: number;
  capacity: number;
  window_from_days: number;
  window_to_days: number;
  closures: Json<Closure[]>;
  patron_day: string | null;
  cutoff_hours: number;
  what_to_bring_it: string;
  what_to_bring_en: string;
  active: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AppointmentSlotsTable {
  id: Generated<number>;
  calendar_id: number;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  booked: Generated<number>;
}

export const BOOKING_STATUSES = ['held', 'booked', 'cancelled', 'expired', 'done', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export interface AppointmentBookingsTable {
  id: Generated<number>;
  uid: string;
  calendar_id: number;
  slot_id: number;
  draft_ref: string | null;
  submission_id: number | null;
  owner_fiscal_code: string;
  public_id: string | null;
  procedure_slug: string | null;
  person_name: string | null;
  status: BookingStatus;
  held_until: Date | null;
  sequence: Generated<number>;
  locale: Generated<string>;
  reminded_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type CalendarRow = Selectable<AppointmentCalendarsTable>;
export type SlotRow = Selectable<AppointmentSlotsTable>;
export type BookingRow = Selectable<AppointmentBookingsTable>;
