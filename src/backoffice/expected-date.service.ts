// Expected decision dates as the pages show them: the inputs of the pure rule
// (expected-date.ts) gathered from the live queue. Per office, one query gives every open
// case's place (in the order they came in) and one counts the decisions of the last four weeks;
// the pair is kept for a minute, so a busy queue page or many people reading their requests do
// not count the same office again and again.
import { romeDate } from '../platform/time.ts';
import { italianCalendar, type WorkingCalendar } from '../platform/working-days.ts';
import { listRequests } from './case-records.repository.ts';
import { decidedBetween, findCase, openCasesByReceipt } from './case.repository.ts';
import { clockFor, type BackofficeContext } from './case-context.ts';
import { decisionsPerDay, expectedDecisionDate, MIN_DECISIONS, THROUGHPUT_WINDOW_DAYS, throughputWindow, type ExpectedDate } from './expected-date.ts';
import { isFinal, type State } from './workflow.ts';

/** How long an office's places and pace are reused. */
const PACE_TTL_MS = 60_000;
/** Offices kept at once (a comune has a few dozen). */
const MAX_OFFICES = 500;

interface OfficePace {
  at: number;
  today: string;
  /** submission id -> place in the queue (1: the next one) */
  places: Map<number, number>;
  decisions: number;
  perDay: number;
}

/** What a page shows: the date, its bound, and the figures the method names. */
export interface ExpectedDateView extends ExpectedDate {
  position: number;
  decisions: number;
  decisionsPerDay: number;
  /** false: the bound is a service target, not a legal term */
  legalTerm: boolean;
  windowDays: number;
  minDecisions: number;
}

/** A queue row's estimate: a date, or the note that the case waits for the applicant. */
export type QueueExpected = { date: string; basis: ExpectedDate['basis'] } | { waiting: true };

export function createExpectedDates(ctx: BackofficeContext, calendar: WorkingCalendar = italianCalendar()) {
  const { db } = ctx;
  const paces = new Map<string, OfficePace>();

  /** The office's places and pace, from the cache while fresh and holding the case asked about. */
  async function paceOf(office: string, now: Date, submissionId?: number): Promise<OfficePace> {
    const today = romeDate(now);
    const held = paces.get(office);
    const age = held ? now.getTime() - held.at : Infinity;
    if (held && held.today === today && age >= 0 && age < PACE_TTL_MS && (submissionId === undefined || held.places.has(submissionId))) return held;
    const { from, to } = throughputWindow(today);
    const [ids, decisions] = await Promise.all([openCasesByReceipt(db, office), decidedBetween(db, office, from, to)]);
    const pace: OfficePace = { at: now.getTime(), today, places: new Map(ids.map((id, i) => [id, i + 1])), decisions, perDay: decisionsPerDay(decisions, today, calendar) };
    paces.delete(office);
    if (paces.size >= MAX_OFFICES) paces.delete(paces.keys().next().value!);
    paces.set(office, pace);
    return pace;
  }

  return {
    /** The expected decision date of a filing; null when it has no case or is decided or closed. */
    async expectedDateOf(submissionId: number): Promise<ExpectedDateView | null> {
      const c = await findCase(db, submissionId);
      if (!c || isFinal(c.status)) return null;
      const now = ctx.clock();
      const today = romeDate(now);
      const [requests, pace] = await Promise.all([listRequests(db, submissionId), paceOf(c.office_code, now, submissionId)]);
      const clock = clockFor(ctx, c, requests, today);
      const position = pace.places.get(submissionId) ?? pace.places.size + 1;
      const expected = expectedDecisionDate({
        position,
        decisionsPerDay: pace.perDay,
        legalDeadline: clock.dueDate,
        today,
        calendar,
        suspended: clock.paused ? { daysLeft: clock.remainingDays } : null,
      });
      return { ...expected, position, decisions: pace.decisions, decisionsPerDay: pace.perDay, legalTerm: clock.legalTerm, windowDays: THROUGHPUT_WINDOW_DAYS, minDecisions: MIN_DECISIONS };
    },

    /**
     * The estimates of a queue page's rows (open ones; decided rows have none): one read per
     * office on the page. A case whose clock is stopped shows that it waits for the applicant.
     */
    async expectedDatesOf(rows: ReadonlyArray<{ submission_id: number; office_code: string; status: State; due_date: string; paused_since: string | null }>): Promise<Map<number, QueueExpected>> {
      const now = ctx.clock();
      const today = romeDate(now);
      const open = rows.filter((r) => !isFinal(r.status));
      const offices = [...new Set(open.map((r) => r.office_code))];
      const byOffice = new Map<string, OfficePace>();
      for (const office of offices) byOffice.set(office, await paceOf(office, now));
      const result = new Map<number, QueueExpected>();
      for (const r of open) {
        if (r.paused_since !== null) {
          result.set(r.submission_id, { waiting: true });
          continue;
        }
        const pace = byOffice.get(r.office_code)!;
        const position = pace.places.get(r.submission_id) ?? pace.places.size + 1;
        const { date, basis } = expectedDecisionDate({ position, decisionsPerDay: pace.perDay, legalDeadline: r.due_date, today, calendar });
        result.set(r.submission_id, { date, basis });
      }
      return result;
    },
  };
}
