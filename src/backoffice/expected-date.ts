// The expected decision date of an open filing: a realistic date from the office's live queue
// (the filing's position in it and the decisions the office made in the last four weeks),
// never later than the legal deadline, never before today. Pure: numbers and calendar dates
// in, a date and the reason for it out (docs/expected-dates.md explains the method).
import { addDays } from '../platform/time.ts';
import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from '../platform/working-days.ts';

/** The days of history the office's pace is measured on (four weeks). */
export const THROUGHPUT_WINDOW_DAYS = 28;
/** Fewer decisions than this in the window say too little about the office's pace. */
export const MIN_DECISIONS = 5;

/** Why the expected date is what it is. */
export type ExpectedBasis = 'queue' | 'deadline' | 'no-history';

export interface ExpectedInput {
  /** The filing's place in its office's queue: 1 when it is the next one to be decided. */
  position: number;
  /** The office's decisions per working day; 0 when there is too little history. */
  decisionsPerDay: number;
  /** The legal deadline (or the service target) as it stands. */
  legalDeadline: string;
  today: string;
  calendar: WorkingCalendar;
  /**
   * The clock is stopped while the office waits for the applicant: the deadline moves on every
   * day of the wait, so it is taken as if the answer came today (the days left when it stopped).
   */
  suspended?: { daysLeft: number } | null;
}

export interface ExpectedDate {
  date: string;
  /** The upper bound used: the legal deadline, moved to today + days left while suspended. */
  deadline: string;
  basis: ExpectedBasis;
  /** The working days the queue needs (null without history). */
  workingDays: number | null;
  suspended: boolean;
}

const later = (a: string, b: string) => (a > b ? a : b);

export function expectedDecisionDate(input: ExpectedInput): ExpectedDate {
  const { today, calendar } = input;
  const suspended = input.suspended ?? null;
  const deadline = suspended ? later(input.legalDeadline, addDays(today, Math.max(0, suspended.daysLeft))) : input.legalDeadline;
  const bound = later(deadline, today);
  if (!(input.decisionsPerDay > 0)) return { date: bound, deadline, basis: 'no-history', workingDays: null, suspended: suspended !== null };
  // a tiny tolerance: 10 / (20 / 10) must be 5 days, not 6 from a rounding error
  const workingDays = Math.max(0, Math.ceil(Math.max(0, input.position) / input.decisionsPerDay - 1e-9));
  const byQueue = addWorkingDays(today, workingDays, calendar);
  if (byQueue > bound) return { date: bound, deadline, basis: 'deadline', workingDays, suspended: suspended !== null };
  return { date: byQueue, deadline, basis: 'queue', workingDays, suspended: suspended !== null };
}

/** The window the office's pace is measured on: the 28 days before today (today excluded, it is not over). */
export function throughputWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -THROUGHPUT_WINDOW_DAYS), to: today };
}

/** Decisions per working day in the window; 0 with fewer than MIN_DECISIONS decisions. */
export function decisionsPerDay(decisions: number, today: string, calendar: WorkingCalendar): number {
  const { from, to } = throughputWindow(today);
  const days = workingDaysBetween(from, to, calendar);
  return decisions >= MIN_DECISIONS && days > 0 ? decisions / days : 0;
}
