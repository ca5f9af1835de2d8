// The daily deadline job's work on the cases, per kind: a reply period that ended unanswered
// resumes the clock (the expiry the workflow table gives the waiting state; an unanswered
// order to conform waits for the office instead), a clock that reached its due date is flagged
// in the log once per due date (for a CILA, a report, a booking: the service target), an
// istanza whose procedure allows silence-consent (art. 20) closes as accepted once its
// deadline has passed, and a SCIA whose term ran out without measures closes as consolidated
// (art. 19: the powers of c. 3 are spent; only art. 21-nonies remains). Idempotent:
// a second run the same day changes nothing; each case is changed under its row lock and
// checked again there, so runs in several processes at once do no harm.
import { romeDate } from '../platform/time.ts';
import { insertDecision } from './case-records.repository.ts';
import { appendEvent, expiredReplies, lockCase, reachedDeadlines } from './case.repository.ts';
import { changeCase, storeClock, type Actor, type BackofficeContext, type Trx } from './case-context.ts';
import { decisionKey, notificationBasics, notifyApplicant } from './case-notices.ts';
import { tellText } from './kinds.messages.ts';
import { ask, performOn } from './perform.ts';
import { isFinal, pauseOf } from './workflow.ts';

const SILENCE_MOTIVATION = 'art. 20 legge 241/1990';
const SCIA_MOTIVATION = 'art. 19 c. 3 e 6-bis legge 241/1990';
const BATCH = 200;
const SYSTEM: Actor = { role: 'system' };

export interface DeadlineRun {
  resumed: number;
  flagged: number;
  silenceAccepted: number;
  consolidated: number;
}

export function createDeadlines(ctx: BackofficeContext) {
  const { db } = ctx;

  /** A case whose reply period is over: the expiry of its pause, if the table allows it now. */
  async function expire(trx: Trx, id: number, now: Date): Promise<boolean> {
    const c = await lockCase(trx, id);
    if (!c) return false;
    const pause = pauseOf(c.status);
    if (!pause?.expiry) {
      await storeClock(ctx, trx, c, now);
      return false;
    }
    if (!(await ask(ctx, trx, c, pause.expiry, SYSTEM, now)).decision.allowed) return false;
    await performOn(ctx, trx, c, SYSTEM, pause.expiry, { run: (step) => step.transition({ reason: 'reply period over' }) }, now);
    await storeClock(ctx, trx, c, now);
    return true;
  }

  /** A case at its deadline: closed by silence where allowed, otherwise flagged once per due date. */
  async function atDeadline(trx: Trx, id: number, now: Date, result: DeadlineRun): Promise<void> {
    const today = romeDate(now);
    const c = await lockCase(trx, id);
    if (!c || isFinal(c.status)) return;
    const state = await storeClock(ctx, trx, c, now);
    if (state.paused) return;
    if ((await ask(ctx, trx, c, 'close_by_silence', SYSTEM, now)).decision.allowed) {
      await performOn(ctx, trx, c, SYSTEM, 'close_by_silence', { run: (step) => step.transition({ reason: SILENCE_MOTIVATION, data: { dueDate: state.dueDate } }) }, now);
      await insertDecision(trx, { submissionId: id, outcome: 'accepted_by_silence', motivation: SILENCE_MOTIVATION, by: null, byName: null, at: now, documentId: null });
      await changeCase(trx, id, { deadline_flagged_on: today });
      await notifyApplicant(trx, c, 'decision', { outcome: 'accepted' }, decisionKey(c));
      result.silenceAccepted++;
      return;
    }
    if ((await ask(ctx, trx, c, 'consolidate', SYSTEM, now)).decision.allowed) {
      await performOn(ctx, trx, c, SYSTEM, 'consolidate', { run: (step) => step.transition({ reason: SCIA_MOTIVATION, data: { dueDate: state.dueDate } }) }, now);
      await changeCase(trx, id, { deadline_flagged_on: today });
      const { locale } = await notificationBasics(trx, c);
      await notifyApplicant(trx, c, 'decision', { outcome: 'accepted', message: tellText(locale, 'kinds.tell.consolidated') }, decisionKey(c));
      result.consolidated++;
      return;
    }
    if (state.dueDate <= today && (c.deadline_flagged_on === null || c.deadline_flagged_on < state.dueDate)) {
      await appendEvent(trx, c, { at: now, actorKind: 'system', actorFiscalCode: null, actorName: null, kind: 'deadline_reached', fromState: c.status, toState: c.status, reason: null, data: { dueDate: state.dueDate, overdue: state.dueDate < today } });
      await changeCase(trx, id, { deadline_flagged_on: today });
      result.flagged++;
    }
  }

  return {
    async runDeadlineJob(now: Date = ctx.clock()): Promise<DeadlineRun> {
      const today = romeDate(now);
      const result: DeadlineRun = { resumed: 0, flagged: 0, silenceAccepted: 0, consolidated: 0 };
      for (;;) {
        const ids = await expiredReplies(db, today, BATCH);
        if (ids.length === 0) break;
        let progressed = 0;
        for (const id of ids) if (await db.transaction().execute((trx) => expire(trx, id, now))) progressed++;
        result.resumed += progressed;
        if (progressed === 0) break;
      }
      let after = 0;
      for (;;) {
        const ids = await reachedDeadlines(db, today, after, BATCH);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        for (const id of ids) await db.transaction().execute((trx) => atDeadline(trx, id, now, result));
      }
      return result;
    },
  };
}
