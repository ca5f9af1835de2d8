// Calendar dates as the form engine keeps them (ISO yyyy-mm-dd, what <input type="date">
// sends) and as people also type them (dd/mm/yyyy). "Today" is the date in Rome, where the
// comune is, whatever the time zone of the server.

/** yyyy-mm-dd from "2026-11-26", "26/11/2026", "26-11-2026", "26.11.2026", "1/2/2026"; null otherwise. */
export function parseDate(input: string): string | null {
  const text = input.trim();
  let year: number;
  let month: number;
  let day: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    if (!match) return null;
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "26/11/2026" from "2026-11-26" (the Italian order, used in both languages of the portal). */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day ?? ''}/${month ?? ''}/${year ?? ''}`;
}

/** Today's date in Europe/Rome, yyyy-mm-dd. */
// en-CA formats dates as yyyy-mm-dd; built once (building a formatter costs far more than using it)
const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayInRome(now: Date = new Date()): string {
  return ROME_DAY.format(now);
}

/** A shift from a date: years, months and days, each may be negative. */
export interface DateOffset {
  years?: number | undefined;
  months?: number | undefined;
  days?: number | undefined;
}

/**
 * The date `offset` away from `iso` (yyyy-mm-dd): years and months first, keeping the day but
 * never past the month's end (31/01 plus one month is 28/02 or 29/02; 29/02 plus one year is
 * 28/02), then days. Why this order: "18 years ago" must land on the same day of the month.
 */
export function shiftDate(iso: string, offset: DateOffset): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const months = year * 12 + (month - 1) + (offset.years ?? 0) * 12 + (offset.months ?? 0);
  const y = Math.floor(months / 12);
  const m = months - y * 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const shifted = new Date(Date.UTC(y, m, Math.min(day, lastDay) + (offset.days ?? 0)));
  return shifted.toISOString().slice(0, 10);
}

/** Whole years from `from` to `to` (both yyyy-mm-dd): an age on a day. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}
