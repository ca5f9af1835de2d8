// The legal clock of a filing, per kind of procedure, as a pure function of calendar dates in
// the Rome time zone (the receipt date is the protocol date, art. 18-bis L. 241/1990). The term
// starts on the receipt date or, after a reopening (riesame), on the reopening day: requests made
// before that day no longer count.
//
// istanza (L. 241/1990 art. 2): due date = start + the procedure's days.
// - art. 2 c. 7: "I termini ... possono essere sospesi, per una sola volta e per un periodo non
//   superiore a trenta giorni, per l'acquisizione di informazioni o di certificazioni ...".
//   Only the FIRST integration request suspends, for at most 30 days (until the answer or the
//   end of the reply period); later requests wait for an answer but do not move the due date.
// - building regime (DPR 380/2001 art. 20 c. 5): "Il termine ... può essere interrotto una sola
//   volta dal responsabile del procedimento, entro trenta giorni dalla presentazione della
//   domanda, esclusivamente per la motivata richiesta di documenti ...; in tal caso, il termine
//   ... ricomincia a decorrere dalla data di ricezione della documentazione integrativa."
//   The first request made within 30 days of the start INTERRUPTS the term: it starts again in
//   full from the answer (without one, from the end of the reply period). Other requests do not
//   suspend.
// - art. 10-bis as amended by DL 76/2020: "La comunicazione di cui al primo periodo sospende i
//   termini di conclusione dei procedimenti, che ricominciano a decorrere dieci giorni dopo la
//   presentazione delle osservazioni o, in mancanza delle stesse, dalla scadenza del termine di
//   cui al secondo periodo." The notice SUSPENDS: the days that were left run again from ten
//   days after the observations or, without them, from the end of the 10 days.
// scia (art. 19 c. 3 and 6-bis): 60 days from receipt (30 in the building regime) to act; an
//   order to conform INTERRUPTS the term, which starts again in full from the day the private
//   party communicates the measures taken.
// cila, segnalazione, prenotazione: no legal term; the procedure's days are a service-level
//   target (the queue's order and its highlighting), never a deadline with legal effects.
//
// Dates are 'YYYY-MM-DD' strings; the day arithmetic is the platform's (src/platform/time.ts).
import { addDays, daysBetween } from '../platform/time.ts';
import type { Kind, Regime } from './workflow.ts';

export const INTEGRATION_MAX_DAYS = 30;
export const REFUSAL_REPLY_DAYS = 10;
/** Art. 10-bis: the term runs again ten days after the observations. */
export const REFUSAL_RESTART_AFTER_DAYS = 10;
/** DPR 380/2001 art. 20 c. 5: the interruption must come within 30 days of the application. */
export const BUILDING_INTERRUPTION_WINDOW_DAYS = 30;
/** Art. 19 c. 3: the term given to conform is at least 30 days. */
export const CONFORMATION_MIN_DAYS = 30;
export const CONFORMATION_MAX_DAYS = 180;
/** Art. 19 c. 3 and c. 6-bis: the office's days to act on a SCIA. */
export const SCIA_DAYS: Readonly<Record<Regime, number>> = { general: 60, building: 30 };

export type PauseKind = 'integration' | 'refusal_notice' | 'conformation';

/** The days of the term a case of this kind starts with: a SCIA's are the law's, the others the procedure's. */
export function termDays(kind: Kind, regime: Regime, durationDays: number): number {
  return kind === 'scia' ? SCIA_DAYS[regime] : durationDays;
}

/** Whether the kind has a legal term (the others have a service-level target). */
export function hasLegalTerm(kind: Kind): boolean {
  return kind === 'istanza' || kind === 'scia';
}

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
  /** Integration requests, notices of refusal and conformation orders, in any order. */
  periods: readonly ClockPeriod[];
  today: string;
  /** Within this many days the deadline is "due soon" (highlighted). */
  dueSoonDays?: number;
  kind?: Kind;
  regime?: Regime;
  /** The day the term started again after a reopening; absent: the receipt date. */
  startDate?: string | null;
}

export type DeadlineBand = 'overdue' | 'due-today' | 'due-soon' | 'on-time' | 'paused';

/** Why the due date is what it is: the last rule that moved it (the log's clock events name it). */
export type ClockRule = 'term' | 'integration_suspension' | 'building_interruption' | 'refusal_notice_suspension' | 'conformation_interruption';

export interface ClockState {
  /** The current due date; while paused, the one that held when the clock stopped. */
  dueDate: string;
  paused: { kind: PauseKind; since: string; replyBy: string } | null;
  /** Days from today to the due date (negative: overdue); while paused, the days left when it stopped. */
  remainingDays: number;
  /** Days the clock stood still for the first integration (art. 2 c. 7). */
  suspendedDays: number;
  /** The day the term ran again after a notice of refusal or started again after an interruption. */
  restartedOn: string | null;
  band: DeadlineBand;
  /** The day after the due date has come, with the clock running: silence-consent may form. */
  deadlinePassed: boolean;
  /** The last request's reply period ended without a reply (the daily job resumes the clock). */
  replyPeriodOver: boolean;
  /** false: the due date is a service-level target, not a legal term. */
  legalTerm: boolean;
  rule: ClockRule;
}

const min = (a: string, b: string) => (a < b ? a : b);

export function legalClock(input: ClockInput): ClockState {
  const soon = input.dueSoonDays ?? 5;
  const kind = input.kind ?? 'istanza';
  const regime = input.regime ?? 'general';
  const start = input.startDate ?? input.receiptDate;
  const days = input.durationDays;
  let due = addDays(start, days);
  let suspended = 0;
  let restartedOn: string | null = null;
  let paused: ClockState['paused'] = null;
  let pausedRemaining = 0;
  let replyPeriodOver = false;
  let firstIntegration = true;
  let rule: ClockRule = 'term';
  // requests made before the term started again (a reopening) no longer count
  const periods = input.periods.filter((p) => p.from >= start).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  for (const period of periods) {
    const over = input.today > period.replyBy;
    const unanswered = !period.answeredOn && !over;
    if (kind !== 'istanza' && kind !== 'scia') {
      replyPeriodOver = !period.answeredOn && over;
      continue;
    }
    if (period.kind === 'integration') {
      const first = firstIntegration;
      firstIntegration = false;
      if (first && regime === 'building' && daysBetween(start, period.from) <= BUILDING_INTERRUPTION_WINDOW_DAYS) {
        // DPR 380 art. 20 c. 5: interrupted once; the whole term again from the documents' receipt
        if (unanswered) {
          paused = { kind: 'integration', since: period.from, replyBy: period.replyBy };
          pausedRemaining = days;
          break;
        }
        replyPeriodOver = !period.answeredOn;
        restartedOn = period.answeredOn ? min(period.answeredOn, period.replyBy) : period.replyBy;
        due = addDays(restartedOn, days);
        rule = 'building_interruption';
        continue;
      }
      if (!first || regime === 'building') {
        // art. 2 c. 7 "per una sola volta": a later request runs with the clock
        replyPeriodOver = !period.answeredOn && over;
        continue;
      }
      if (unanswered) {
        paused = { kind: 'integration', since: period.from, replyBy: period.replyBy };
        pausedRemaining = daysBetween(period.from, due);
        break;
      }
      replyPeriodOver = !period.answeredOn;
      const end = period.answeredOn ? min(period.answeredOn, period.replyBy) : period.replyBy;
      const stood = Math.min(Math.max(0, daysBetween(period.from, end)), INTEGRATION_MAX_DAYS);
      suspended += stood;
      due = addDays(due, stood);
      rule = 'integration_suspension';
    } else if (period.kind === 'refusal_notice') {
      const left = daysBetween(period.from, due);
      if (unanswered) {
        paused = { kind: 'refusal_notice', since: period.from, replyBy: period.replyBy };
        pausedRemaining = left;
        break;
      }
      replyPeriodOver = !period.answeredOn;
      // art. 10-bis (DL 76/2020): ten days after the observations, or the end of the 10 days
      restartedOn = period.answeredOn ? addDays(period.answeredOn, REFUSAL_RESTART_AFTER_DAYS) : period.replyBy;
      due = addDays(restartedOn, left);
      rule = 'refusal_notice_suspension';
    } else {
      // art. 19 c. 3: the order interrupts; the term starts again in full from the measures
      if (!period.answeredOn) {
        paused = { kind: 'conformation', since: period.from, replyBy: period.replyBy };
        pausedRemaining = days;
        replyPeriodOver = over;
        break;
      }
      restartedOn = period.answeredOn;
      due = addDays(period.answeredOn, days);
      rule = 'conformation_interruption';
    }
  }
  const legalTerm = hasLegalTerm(kind);
  if (paused) {
    return { dueDate: due, paused, remainingDays: pausedRemaining, suspendedDays: suspended, restartedOn, band: 'paused', deadlinePassed: false, replyPeriodOver, legalTerm, rule };
  }
  const remaining = daysBetween(input.today, due);
  const band: DeadlineBand = remaining < 0 ? 'overdue' : remaining === 0 ? 'due-today' : remaining <= soon ? 'due-soon' : 'on-time';
  return { dueDate: due, paused: null, remainingDays: remaining, suspendedDays: suspended, restartedOn, band, deadlinePassed: legalTerm && remaining < 0, replyPeriodOver, legalTerm, rule };
}

/** The band of a stored due date (queue rows), without the whole history. */
export function bandOf(dueDate: string, today: string, paused: boolean, dueSoonDays = 5): { band: DeadlineBand; remainingDays: number } {
  const remaining = daysBetween(today, dueDate);
  if (paused) return { band: 'paused', remainingDays: remaining };
  return { band: remaining < 0 ? 'overdue' : remaining === 0 ? 'due-today' : remaining <= dueSoonDays ? 'due-soon' : 'on-time', remainingDays: remaining };
}
