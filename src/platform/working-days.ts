// The Italian working calendar: national holidays (fixed dates, and Easter Monday, which moves
// with Easter), the patron saint's day when one is given, and working days (Monday to Friday,
// not a holiday) counted and added. Pure: calendar dates ('YYYY-MM-DD') in, dates or counts out.
// Shared by the appointments' slots and the back office's expected decision dates.
import { addDays, daysBetween } from './time.ts';

/** The fixed national holidays (MM-DD): L. 260/1949 and later amendments. */
const FIXED = ['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26'];

/** Easter Sunday of a Gregorian year (Meeus/Jones/Butcher), 'YYYY-MM-DD'. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Easter Monday (Lunedì dell'Angelo), a national holiday. */
export function easterMonday(year: number): string {
  return addDays(easterSunday(year), 1);
}

/** Whether the date (YYYY-MM-DD) is a national holiday, or the patron's day (MM-DD) when given. */
export function isHoliday(date: string, patronDay: string | null): boolean {
  const monthDay = date.slice(5);
  if (FIXED.includes(monthDay) || monthDay === patronDay) return true;
  return date === easterMonday(Number(date.slice(0, 4)));
}

/** A calendar that says which days an office works. */
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
}

/** Monday to Friday, not a national holiday (nor the patron's day, when given). */
export function italianCalendar(patronDay: string | null = null): WorkingCalendar {
  return {
    isWorkingDay(date: string): boolean {
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6 && !isHoliday(date, patronDay);
    },
  };
}

/**
 * The date `days` working days after `date`; with 0, the date itself when it is a working day,
 * otherwise the next working day (nothing is decided on a Sunday).
 */
export function addWorkingDays(date: string, days: number, calendar: WorkingCalendar): string {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  for (let left = days; left > 0; ) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) left--;
  }
  return day;
}

/** The working days from `from` (included) to `to` (excluded). */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  let count = 0;
  const span = daysBetween(from, to);
  for (let i = 0; i < span; i++) if (calendar.isWorkingDay(addDays(from, i))) count++;
  return count;
}
