// Time, as the portal knows it: one injected Clock (services never read the wall clock, so tests
// move time instead of sleeping), and calendar dates in Rome, where the comune is, whatever the
// time zone of the server. Calendar dates are 'YYYY-MM-DD' strings; day arithmetic is done on
// the calendar (at UTC noon), so no daylight-saving change or year boundary shifts a day.

/** The current instant. Every service takes one; the app passes systemClock, tests a TestClock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock that stands still until a test moves it. */
export interface TestClock extends Clock {
  set(instant: Date | string | number): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string | number = '2026-03-02T09:00:00Z'): TestClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (instant) => {
    now = new Date(instant).getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export const DAY_MS = 86_400_000;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written yyyy-mm-dd: 2026-02-30, 2026-13-01 and year 0000 are not (PostgreSQL refuses them as dates). */
export function isCalendarDate(value: string): boolean {
  if (!CALENDAR_DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // day 0 of the next month is the last of this one (setUTCFullYear: years below 100 stay as written)
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  return day <= last.getUTCDate();
}

// en-CA writes dates as yyyy-mm-dd; built once (building a formatter costs far more than using it)
const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Rome calendar date of an instant, 'YYYY-MM-DD'. */
export function romeDate(instant: Date): string {
  return ROME_DAY.format(instant);
}

function toEpochDay(date: string): number {
  if (!CALENDAR_DATE.test(date)) throw new Error(`not a calendar date: ${date}`);
  return Math.floor(Date.parse(`${date}T12:00:00Z`) / DAY_MS);
}

function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date `days` after (or before, when negative) a date. */
export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

const ROME_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant's Rome wall-clock parts, as numbers. */
export function romeParts(instant: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const p = Object.fromEntries(ROME_PARTS.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** Rome's offset from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function romeOffsetMinutes(instant: Date): number {
  const p = romeParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** An offset in minutes as ISO 8601 writes it: 120 -> "+02:00". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The offset of Italian time on a calendar day (at noon), e.g. "+02:00" in summer. */
export function romeOffsetOn(day: string): string {
  return formatOffset(romeOffsetMinutes(new Date(`${day}T12:00:00Z`)));
}
