// Limits of a date field: the earliest and latest date an answer may be, each a fixed date
// (yyyy-mm-dd) or today shifted by an offset (`{ today: { years: -120 } }`, `{ today: { days: 10 } }`,
// `{ today: {} }` for today itself). Limits are inclusive. "Today" comes from the caller (the
// schema context); the date field's module reads the limits here.
import { z } from 'zod';
import { dateOffsetSchema } from './conditions.ts';
import { formatDate, parseDate, shiftDate, type DateOffset } from './dates.ts';
import { lt } from './logic.messages.ts';
import type { Locale } from './messages.ts';

export type DateLimit = string | { today: DateOffset };

export const dateLimitSchema: z.ZodType<DateLimit> = z.union([
  z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && parseDate(v) === v, 'a date as yyyy-mm-dd'),
  z.object({ today: dateOffsetSchema }).strict(),
]) as z.ZodType<DateLimit>;

/** The configuration a date field may carry. */
export const dateLimitsConfig = {
  minDate: dateLimitSchema.optional(),
  maxDate: dateLimitSchema.optional(),
};

/** The limit as a date on `today` (null: relative to today, and today unknown). */
export function limitDate(limit: DateLimit, today: string | undefined): string | null {
  if (typeof limit === 'string') return limit;
  return today ? shiftDate(today, limit.today) : null;
}

/** What is wrong with `date` against the limits (a message for `label`), or null. */
export function dateLimitProblem(date: string, limits: { minDate?: DateLimit | undefined; maxDate?: DateLimit | undefined }, today: string, locale: Locale, label: string): string | null {
  const min = limits.minDate === undefined ? null : limitDate(limits.minDate, today);
  const max = limits.maxDate === undefined ? null : limitDate(limits.maxDate, today);
  if (min !== null && date < min) return lt(locale, 'dateMin', { label, date: formatDate(min) });
  if (max !== null && date > max) return lt(locale, 'dateMax', { label, date: formatDate(max) });
  return null;
}
