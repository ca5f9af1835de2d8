// The days an office is closed whatever its hours say: Italy's national holidays (fixed dates,
// and Easter Monday, which moves with Easter), the comune's patron saint's day, and the
// calendar's own closures. Pure: calendar dates in, yes or no out.
import type { Closure } from './appointments.table.ts';

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
  const sunday = new Date(`${easterSunday(year)}T12:00:00Z`);
  return new Date(sunday.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** Whether the date (YYYY-MM-DD) is a national holiday, or the patron's day (MM-DD) when given. */
export function isHoliday(date: string, patronDay: string | null): boolean {
  const monthDay = date.slice(5);
  if (FIXED.includes(monthDay) || monthDay === patronDay) return true;
  return date === easterMonday(Number(date.slice(0, 4)));
}

/** Whether a closure (inclusive date range) covers the date. */
export function isClosed(date: string, closures: readonly Closure[]): boolean {
  return closures.some((closure) => closure.from <= date && date <= closure.to);
}
