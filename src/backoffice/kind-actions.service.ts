// What the kinds of procedure add to a clerk's actions on a case (workflow.ts): the clerk's
// proposal and the head of office's adoption or sending back, archiving, a SCIA's order to
// conform, prohibition and closed checks, a CILA found irregular, the steps of a CILA, a report
// and a booking, and the head's reopening (riesame in autotutela). Each is one call of perform
// with the action of the table of the case's kind; the applicant is told where the law or
// sense asks it.
import { addDays } from '../platform/time.ts';
import { insertDecision, insertMessage, insertRequest } from './case-records.repository.ts';
import { caseIdFor, CaseInputError, changeCase, insertUploads, storeClock, type BackofficeContext, type StaffActor } from './case-context.ts';
import { decisionKey, notificationBasics, notifyApplicant, notifyStep, remindBefore, requestTopic } from './case-notices.ts';
import { tellText } from './kinds.messages.ts';
import { CONFORMATION_MAX_DAYS, CONFORMATION_MIN_DAYS } from './legal-clock.ts';
import { perform, type MakeDocument, type Step } from './perform.ts';
import type { StoredUpload } from './uploads.ts';
import { pauseOpenedBy, PROPOSALS, type Action, type Proposal, type StepAction } from './workflow.ts';

/** `action` by the clerk (or the head) on the filing `publicId`, with what it writes. */
export async function clerkAct(ctx: BackofficeContext, staff: StaffActor, publicId: string, action: Action, run?: (step: Step) => Promise<void>, uploads: readonly StoredUpload[] = []): Promise<void> {
  const id = await caseIdFor(ctx, publicId);
  await perform(ctx, { role: 'clerk', staff }, id, action, run ? { run } : {}, uploads);
}

/** What the applicant is told of a decision, by outcome. */
const TOLD: Record<Proposal | 'prohibited', 'accepted' | 'rejected' | 'closed'> = { approved: 'accepted', rejected: 'rejected', inadmissible: 'rejected', prohibited: 'rejected' };

/** The applicant's text of a step, in their language. */
export async function tell(step: Step, key: Parameters<typeof tellText>[1], params: Record<string, string> = {}): Promise<string> {
  const { locale } = await notificationBasics(step.trx, step.c);
  return tellText(locale, key, params);
}

/**
 * The request that waits for the applicant (integration, notice of refusal, order to conform):
 * its row, its message, the clock, the reminder, the message to the applicant. The nth request
 * of its kind has messages of its own (several integration requests).
 */
export async function openPause(ctx: BackofficeContext, step: Step, staff: StaffActor, text: string, replyBy: string) {
  const pause = pauseOpenedBy(step.action)!;
  const id = step.c.submission_id;
  const nth = step.requests.filter((r) => r.kind === pause.kind).length + 1;
  const requestId = await insertRequest(step.trx, { submissionId: id, kind: pause.kind, body: text, by: staff.fiscalCode, byName: staff.name, at: step.now, on: step.today, replyBy });
  const messageId = await insertMessage(step.trx, { submissionId: id, authorKind: 'office', authorFiscalCode: staff.fiscalCode, authorName: staff.name, officeCode: step.c.office_code, body: text, requestId, at: step.now });
  const clock = await storeClock(ctx, step.trx, step.c, step.now);
  if (pause.kind === 'integration') await notifyApplicant(step.trx, step.c, 'integration.requested', { message: text, replyBy }, requestTopic(pause, nth));
  // a notice of refusal (art. 10-bis) or an order to conform (SCIA) has legal value: it goes by PEC too
  else await notifyApplicant(step.trx, step.c, 'office.message', { message: text, legalNotice: true }, requestTopic(pause, nth));
  await remindBefore(step.trx, step.c, pause, replyBy, step.today, nth);
  return { suspends: clock.paused !== null, messageId };
}

/** The decision row and the message to the applicant, for an outcome decided or adopted. */
export async function recordDecision(step: Step, staff: StaffActor, outcome: Proposal | 'prohibited', motivation: string, documentId: string | null) {
  await insertDecision(step.trx, { submissionId: step.c.submission_id, outcome, motivation, by: staff.fiscalCode, byName: staff.name, at: step.now, documentId });
  await changeCase(step.trx, step.c.submission_id, { proposal: null, proposal_motivation: null });
  await notifyApplicant(step.trx, step.c, 'decision', { outcome: TOLD[outcome], message: motivation }, decisionKey(step.c));
}

export function createKindActions(ctx: BackofficeContext) {
  const act = (staff: StaffActor, publicId: string, action: Action, run?: (step: Step) => Promise<void>) => clerkAct(ctx, staff, publicId, action, run);

  /** `action` by the clerk, telling the applicant its text: a closure as a decision, a step as a message. */
  const told = (staff: StaffActor, publicId: string, action: Action, what: { reason?: string | null; outcome?: 'accepted' | 'rejected' | 'closed'; tell?: Parameters<typeof tellText>[1] }) =>
    act(staff, publicId, action, async (step) => {
      await step.transition({ reason: what.reason ?? null });
      const text = what.tell ? await tell(step, what.tell) : null;
      const message = [text, what.reason].filter(Boolean).join(' ');
      if (message) await notifyStep(step.trx, step.c, { outcome: what.outcome, message, dedupe: what.outcome ? decisionKey(step.c) : `step:${step.c.last_event_seq}` });
    });

  return {
    /** The clerk proposes the decision; the head of office adopts it or sends it back. */
    propose: (staff: StaffActor, publicId: string, input: { outcome: Proposal; motivation: string }) => {
      const action = (Object.keys(PROPOSALS) as Action[]).find((a) => PROPOSALS[a] === input.outcome)!;
      return act(staff, publicId, action, async (step) => {
        await step.transition({ reason: input.motivation, data: { proposal: input.outcome } });
        await changeCase(step.trx, step.c.submission_id, { proposal: input.outcome, proposal_motivation: input.motivation });
      });
    },

    /** The head of office adopts the proposal as it stands: the decision the clerk proposed, with its motivation. */
    adopt: (staff: StaffActor, publicId: string) =>
      act(staff, publicId, 'adopt', async (step) => {
        const outcome = step.c.proposal!;
        const motivation = step.c.proposal_motivation ?? '';
        await step.transition({ reason: motivation, data: { outcome, adoptedBy: staff.fiscalCode } });
        await recordDecision(step, staff, outcome, motivation, null);
      }),

    /** The head of office sends the proposal back to review with a note. */
    sendBack: (staff: StaffActor, publicId: string, input: { note: string }) =>
      act(staff, publicId, 'send_back', async (step) => {
        await step.transition({ reason: input.note, data: { proposal: step.c.proposal } });
        await changeCase(step.trx, step.c.submission_id, { proposal: null, proposal_motivation: null });
      }),

    /** Archived with a reason (a duplicate, no longer of interest; a CILA whose check is done); the applicant is told. */
    archive: (staff: StaffActor, publicId: string, input: { reason: string }) => told(staff, publicId, 'archive', { reason: input.reason, outcome: 'closed' }),

    /** Art. 19 c. 3: an order to conform, with at least 30 days; it interrupts the term. */
    requestConformation: (staff: StaffActor, publicId: string, input: { text: string; days: number; make?: MakeDocument }) =>
      act(staff, publicId, 'request_conformation', async (step) => {
        const replyBy = addDays(step.today, Math.min(Math.max(CONFORMATION_MIN_DAYS, input.days), CONFORMATION_MAX_DAYS));
        await step.transition({ reason: input.text, data: { replyBy } });
        const opened = await openPause(ctx, step, staff, input.text, replyBy);
        // the order as a protocolled document (src/documents), attached to its message
        if (input.make) await insertUploads(step.trx, step.c.submission_id, opened.messageId, 'message', staff.fiscalCode, [await input.make(step)]);
      }),

    /** Art. 19 c. 3: the activity may not go on; a decision, told to the applicant. */
    prohibit: (staff: StaffActor, publicId: string, input: { motivation: string; make?: MakeDocument }) =>
      act(staff, publicId, 'prohibit', async (step) => {
        // the prohibition as a protocolled document (src/documents), the decision's file
        const document = input.make ? (await insertUploads(step.trx, step.c.submission_id, null, 'decision', staff.fiscalCode, [await input.make(step)]))[0] ?? null : null;
        await step.transition({ reason: input.motivation, data: document ? { document } : {} });
        await recordDecision(step, staff, 'prohibited', input.motivation, document?.id ?? null);
      }),

    /** The SCIA's checks end well: the applicant is told. */
    closeControls: (staff: StaffActor, publicId: string) => told(staff, publicId, 'close_controls', { outcome: 'accepted', tell: 'kinds.tell.controls_closed' }),

    /** A CILA found irregular, with the reasons; the applicant is told. */
    declareIrregular: (staff: StaffActor, publicId: string, input: { reason: string }) => told(staff, publicId, 'declare_irregular', { reason: input.reason, outcome: 'rejected' }),

    /** A step of a CILA, a report or a booking; a report's reporter and a booking's applicant are told of each. */
    step: (staff: StaffActor, publicId: string, action: StepAction, reason: string | null) =>
      act(staff, publicId, action, async (step) => {
        // a report closed without being solved says why
        if (action === 'close' && step.c.kind === 'segnalazione' && step.c.status !== 'solved' && !reason) throw new CaseInputError('motivo', 'kinds.error.reasonRequired');
        await step.transition({ reason });
        const to = step.c.status;
        const key = `kinds.tell.${to}` as Parameters<typeof tellText>[1];
        const tells = step.c.kind === 'segnalazione' || step.c.kind === 'prenotazione' || to === 'acknowledged';
        if (!tells) return;
        const message = [await tell(step, key), reason].filter(Boolean).join(' ');
        const closes = to === 'closed' || to === 'cancelled';
        await notifyStep(step.trx, step.c, { outcome: closes ? 'closed' : undefined, message, dedupe: closes ? decisionKey(step.c) : `step:${step.c.last_event_seq}` });
      }),

    /**
     * Riesame in autotutela (arts. 21-quinquies, 21-nonies): the head of office reopens a
     * decided case with a reason; it goes back to review with a new term from today (the
     * requests of the earlier term no longer count), the old decision stays, of the earlier term.
     */
    reopen: (staff: StaffActor, publicId: string, input: { reason: string }) =>
      act(staff, publicId, 'reopen', async (step) => {
        await step.transition({ reason: input.reason, data: { clockStart: step.today } });
        // the earlier decision stays (append-only) but is no longer the case's: see findDecision
        await changeCase(step.trx, step.c.submission_id, { clock_start: step.today, reopened_at: step.now, decided_at: null, proposal: null, proposal_motivation: null, deadline_flagged_on: null });
        step.c.clock_start = step.today;
        await storeClock(ctx, step.trx, step.c, step.now);
        await notifyStep(step.trx, step.c, { message: await tell(step, 'kinds.tell.reopened', { reason: input.reason }), dedupe: `reopened:${step.c.last_event_seq}` });
      }),
  };
}
