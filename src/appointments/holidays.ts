// The days an office is closed whatever its hours say: Italy's national holidays (fixed dates,
// and Easter Monday, which moves with Easter), the comune's patron saint's day, and the
// calendar's own closures. Pure: calendar dates in, yes or no out.
import type { Closure } from './appointments.table.ts';

// the national holidays are the platform's working calendar (src/platform/working-days.ts)
export { easterMonday, easterSunday, isHoliday } from '../platform/working-days.ts';

/** Whether a closure (inclusive date range) covers the date. */
export function isClosed(date: string, closures: readonly Closure[]): boolean {
  return closures.some((closure) => closure.from <= date && date <= closure.to);
}
