// The legal clock of a filing (Law 241/1990), as a pure function of calendar dates in the Rome
// time zone (the receipt date is the protocol date, art. 18-bis):
//
// - due date = receipt date + the procedure's days (art. 2);
// - an integration request stops the clock (art. 2 c. 7: once, for at most 30 days): when the
//   applicant answers, or when the reply period ends unanswered, the clock resumes and the due
//   date moves by the days it stood still;
// - a notice of refusal (art. 10-bis) stops the clock while the applicant has 10 days to reply;
//   the term then starts again, in full, from the reply or, without one, from the end of the
//   10 days (docs/specs/law-241.md; docs/backoffice.md explains the reading).
//
// Dates are 'YYYY-MM-DD' strings; the day arithmetic is the platform's (src/platform/time.ts).
import { addDays, daysBetween } from '../platform/time.ts';

export const INTEGRATION_MAX_DAYS = 30;
export const REFUSAL_REPLY_DAYS = 10;

export type PauseKind = 'integration' | 'refusal_notice';

export interface ClockPeriod {
  kind: PauseKind;
  /** The day the request or notice was sent. */
  from: string;
  /** The last day the applicant may reply. */
  replyBy: string;
  /** The day the applicant replied, or null. */
  answeredOn: string | null;
}

export interface ClockInput {
  receiptDate: string;
  durationDays: number;
  /** Integration requests and notices of refusal, in any order. */
  periods: readonly ClockPeriod[];
  today: string;
  /** Within this many days the deadline is "due soon" (highlighted). */
  dueSoonDays?: number;
}

export type DeadlineBand = 'overdue' | 'due-today' | 'due-soon' | 'on-time' | 'paused';

export interface ClockState {
  /** The current due date; while paused, the one that held when the clock stopped. */
  dueDate: string;
  paused: { kind: PauseKind; since: string; replyBy: string } | null;
  /** Days from today to the due date (negative: overdue); while paused, the days left when it stopped. */
  remainingDays: number;
  /** Days the clock stood still for integrations. */
  suspendedDays: number;
  /** The day the term started again after a notice of refusal, if it did. */
  restartedOn: string | null;
  band: DeadlineBand;
  /** The day after the due date has come, with the clock running: silence-consent may form. */
  deadlinePassed: boolean;
  /** The last request's reply period ended without a reply (the daily job resumes the clock). */
  replyPeriodOver: boolean;
}

const min = (a: string, b: string) => (a < b ? a : b);

export function legalClock(input: ClockInput): ClockState {
  const soon = input.dueSoonDays ?? 5;
  let due = addDays(input.receiptDate, input.durationDays);
  let suspended = 0;
  let restartedOn: string | null = null;
  let paused: ClockState['paused'] = null;
  let pausedRemaining = 0;
  let replyPeriodOver = false;
  const periods = [...input.periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (const period of periods) {
    const over = input.today > period.replyBy;
    if (period.kind === 'integration') {
      const end = period.answeredOn ? min(period.answeredOn, period.replyBy) : over ? period.replyBy : null;
      if (end === null) {
        paused = { kind: 'integration', since: period.from, replyBy: period.replyBy };
        pausedRemaining = daysBetween(period.from, due);
        break;
      }
      replyPeriodOver = !period.answeredOn;
      const days = Math.min(Math.max(0, daysBetween(period.from, end)), INTEGRATION_MAX_DAYS);
      suspended += days;
      due = addDays(due, days);
    } else {
      const restart = period.answeredOn ?? (over ? period.replyBy : null);
      if (restart === null) {
        paused = { kind: 'refusal_notice', since: period.from, replyBy: period.replyBy };
        pausedRemaining = input.durationDays;
        break;
      }
      replyPeriodOver = !period.answeredOn;
      restartedOn = restart;
      due = addDays(restart, input.durationDays);
    }
  }
  if (paused) {
    return { dueDate: due, paused, remainingDays: pausedRemaining, suspendedDays: suspended, restartedOn, band: 'paused', deadlinePassed: false, replyPeriodOver: false };
  }
  const remaining = daysBetween(input.today, due);
  const band: DeadlineBand = remaining < 0 ? 'overdue' : remaining === 0 ? 'due-today' : remaining <= soon ? 'due-soon' : 'on-time';
  return { dueDate: due, paused: null, remainingDays: remaining, suspendedDays: suspended, restartedOn, band, deadlinePassed: remaining < 0, replyPeriodOver };
}

/** The band of a stored due date (queue rows), without the whole history. */
export function bandOf(dueDate: string, today: string, paused: boolean, dueSoonDays = 5): { band: DeadlineBand; remainingDays: number } {
  const remaining = daysBetween(today, dueDate);
  if (paused) return { band: 'paused', remainingDays: remaining };
  return { band: remaining < 0 ? 'overdue' : remaining === 0 ? 'due-today' : remaining <= dueSoonDays ? 'due-soon' : 'on-time', remainingDays: remaining };
}
