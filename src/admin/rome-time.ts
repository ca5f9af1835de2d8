// Times of day in Italy: the builder's opening and closing times are typed as Rome wall-clock
// times (an <input type="datetime-local">, "2026-03-02T09:00") and stored as instants with
// their offset, so that summer time is never an hour off.
import { formatOffset, romeOffsetMinutes, romeParts } from '../platform/time.ts';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-03-02T09:00" (Rome) -> "2026-03-02T09:00:00+01:00"; null when not a real time. In the
 * hour skipped in spring a time moves an hour later; in the hour repeated in autumn, winter time
 * applies.
 */
export function romeLocalToIso(local: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const offsetAt = (instant: number) => romeOffsetMinutes(new Date(instant));
  let offset = offsetAt(wall - 60 * 60_000);
  if (offsetAt(wall - offset * 60_000) !== offset) offset = offsetAt(wall - offset * 60_000);
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${formatOffset(offset)}`;
}

/** An instant as Rome wall-clock time for a datetime-local input: "2026-03-02T09:00". */
export function isoToRomeLocal(iso: string | undefined | null): string {
  if (!iso) return '';
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  const p = romeParts(time);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
