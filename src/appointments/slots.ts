// Slots: the bookable times a calendar's opening hours make, day by day, in Rome's wall-clock
// time (an office opening at 8:30 opens at 8:30 on the days the clocks change too). Pure: the
// calendar's rules and the dates in, the slots out; what is already booked is the service's.
import { addDays, romeParts } from '../platform/time.ts';
import type { Closure, WeeklyHours } from './appointments.table.ts';
import { isClosed, isHoliday } from './holidays.ts';

/** The part of a calendar that makes its slots. */
export interface SlotRules {
  weeklyHours: WeeklyHours;
  slotMinutes: number;
  windowFromDays: number;
  windowToDays: number;
  closures: readonly Closure[];
  patronDay: string | null;
}

export interface Slot {
  /** the Rome calendar date */
  date: string;
  /** the Rome wall-clock time it begins, HH:MM */
  time: string;
  startsAt: Date;
  endsAt: Date;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function minutesOf(time: string): number {
  const match = HHMM.exec(time);
  if (!match) throw new Error(`not a time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The instant a Rome wall-clock time falls on, or null when that time does not exist (the hour
 * skipped when summer time begins). An hour that happens twice (when it ends) is its first.
 */
export function romeInstant(date: string, time: string): Date | null {
  const naive = Date.parse(`${date}T${time}:00Z`);
  let guess = naive;
  for (let i = 0; i < 3; i++) {
    const p = romeParts(new Date(guess));
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    if (wall === naive) break;
    guess += naive - wall;
  }
  // the earlier of the two instants on a fall-back night
  const earlier = guess - 3_600_000;
  const pe = romeParts(new Date(earlier));
  if (Date.UTC(pe.year, pe.month - 1, pe.day, pe.hour, pe.minute) === naive) guess = earlier;
  const p = romeParts(new Date(guess));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === naive ? new Date(guess) : null;
}

/** ISO weekday of a calendar date: 1 Monday .. 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week a date is in. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** Whether the office takes bookings on that day at all (open by its hours, not a holiday, not closed). */
export function isOpenDay(rules: SlotRules, date: string): boolean {
  const hours = rules.weeklyHours[String(isoWeekday(date)) as keyof WeeklyHours] ?? [];
  return hours.length > 0 && !isHoliday(date, rules.patronDay) && !isClosed(date, rules.closures);
}

/** The slots of one day, by its opening intervals (a slot never runs past the interval's end). */
export function slotsOfDay(rules: SlotRules, date: string): Slot[] {
  if (!isOpenDay(rules, date)) return [];
  const hours = rules.weeklyHours[String(isoWeekday(date)) as keyof WeeklyHours] ?? [];
  const slots: Slot[] = [];
  for (const [open, close] of hours) {
    const end = minutesOf(close);
    for (let start = minutesOf(open); start + rules.slotMinutes <= end; start += rules.slotMinutes) {
      const startsAt = romeInstant(date, hhmm(start));
      const endsAt = romeInstant(date, hhmm(start + rules.slotMinutes));
      if (startsAt && endsAt) slots.push({ date, time: hhmm(start), startsAt, endsAt });
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The first and last bookable dates on a given day (the booking window). */
export function bookingWindow(rules: SlotRules, today: string): { first: string; last: string } {
  return { first: addDays(today, rules.windowFromDays), last: addDays(today, rules.windowToDays) };
}

/** The bookable slots between two dates (inclusive), inside the window, not yet begun at `now`. */
export function slotsBetween(rules: SlotRules, from: string, to: string, today: string, now: Date): Slot[] {
  const window = bookingWindow(rules, today);
  const first = from > window.first ? from : window.first;
  const last = to < window.last ? to : window.last;
  const slots: Slot[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const slot of slotsOfDay(rules, date)) if (slot.startsAt > now) slots.push(slot);
  }
  return slots;
}

/** The slot a calendar offers at an instant (a time a page sent back), or null. */
export function slotAt(rules: SlotRules, startsAt: Date, today: string, now: Date): Slot | null {
  const p = romeParts(startsAt);
  const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  return slotsBetween(rules, date, date, today, now).find((slot) => slot.startsAt.getTime() === startsAt.getTime()) ?? null;
}

/** Parses opening hours written "08:30-12:30, 14:30-17:00" (an empty text: closed). */
export function parseIntervals(text: string): Array<[string, string]> | null {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const intervals: Array<[string, string]> = [];
  for (const part of parts) {
    const match = /^(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})$/.exec(part);
    if (!match) return null;
    const [open, close] = [match[1]!, match[2]!].map((t) => t.replace('.', ':').padStart(5, '0')) as [string, string];
    if (!HHMM.test(open) || !HHMM.test(close) || minutesOf(open) >= minutesOf(close)) return null;
    intervals.push([open, close]);
  }
  intervals.sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
  for (let i = 1; i < intervals.length; i++) if (minutesOf(intervals[i]![0]) < minutesOf(intervals[i - 1]![1])) return null;
  return intervals;
}

/** Opening hours written back as parseIntervals reads them. */
export function formatIntervals(intervals: ReadonlyArray<[string, string]> | undefined): string {
  return (intervals ?? []).map(([open, close]) => `${open}-${close}`).join(', ');
}
