// What a clerk does on a case of their office: take it in charge, assign or release it, forward
// it to another office, start the review, ask for integrations (art. 2 c. 7) or give notice
// of the reasons against (art. 10-bis), decide or propose the decision, write to the applicant,
// keep a note; and what the other kinds add (a SCIA's conformation and prohibition, the steps
// of a CILA, a report, a booking), with the head of office's adoption and reopening. Each is
// one call of perform with the action of the workflow table and what the action writes.
import { addDays } from '../platform/time.ts';
import { insertDecision, insertMessage, insertNote, insertRequest } from './case-records.repository.ts';
import { appendEvent } from './case.repository.ts';
import { actorFields, caseIdFor, CaseInputError, changeCase, insertUploads, storeClock, type BackofficeContext, type StaffActor } from './case-context.ts';
import { decisionKey, notificationBasics, notifyApplicant, notifyStep, remindBefore, requestTopic } from './case-notices.ts';
import { officesByCode, officeStaff } from './directory.ts';
import { tellText } from './kinds.messages.ts';
import { CONFORMATION_MAX_DAYS, CONFORMATION_MIN_DAYS, INTEGRATION_MAX_DAYS, REFUSAL_REPLY_DAYS } from './legal-clock.ts';
import { perform, type Step } from './perform.ts';
import type { StoredUpload } from './uploads.ts';
import { PROPOSALS, pauseOpenedBy, type Action, type Proposal, type StepAction } from './workflow.ts';


/** What the applicant is told of a decision, by outcome. */
const TOLD: Record<Proposal | 'prohibited', 'accepted' | 'rejected' | 'closed'> = { approved: 'accepted', rejected: 'rejected', inadmissible: 'rejected', prohibited: 'rejected' };

/** The applicant's text of a step, in their language. */
async function tell(step: Step, key: Parameters<typeof tellText>[1], params: Record<string, string> = {}): Promise<string> {
  const { locale } = await notificationBasics(step.trx, step.c);
  return tellText(locale, key, params);
}

/** The event of a change that keeps the state (an assignment, a message, a note). */
function keepStateEvent(step: Step, kind: string, data: Record<string, unknown>, reason: string | null = null) {
  return appendEvent(step.trx, step.c, { at: step.now, ...actorFields(step.actor), kind, fromState: step.c.status, toState: step.c.status, reason, data });
}

/**
 * The request that waits for the applicant (integration, notice of refusal, order to conform):
 * its row, its message, the clock, the reminder, the message to the applicant. The nth request
 * of its kind has messages of its own (several integration requests).
 */
async function openPause(ctx: BackofficeContext, step: Step, staff: StaffActor, text: string, replyBy: string) {
  const pause = pauseOpenedBy(step.action)!;
  const id = step.c.submission_id;
  const nth = step.requests.filter((r) => r.kind === pause.kind).length + 1;
  const requestId = await insertRequest(step.trx, { submissionId: id, kind: pause.kind, body: text, by: staff.fiscalCode, byName: staff.name, at: step.now, on: step.today, replyBy });
  await insertMessage(step.trx, { submissionId: id, authorKind: 'office', authorFiscalCode: staff.fiscalCode, authorName: staff.name, officeCode: step.c.office_code, body: text, requestId, at: step.now });
  const clock = await storeClock(ctx, step.trx, step.c, step.now);
  if (pause.kind === 'integration') await notifyApplicant(step.trx, step.c, 'integration.requested', { message: text, replyBy }, requestTopic(pause, nth));
  else await notifyApplicant(step.trx, step.c, 'office.message', { message: text }, requestTopic(pause, nth));
  await remindBefore(step.trx, step.c, pause, replyBy, step.today, nth);
  return { suspends: clock.paused !== null };
}

export function createCaseActions(ctx: BackofficeContext) {
  /** `action` by the clerk on the filing `publicId`, with what it writes. */
  async function act(staff: StaffActor, publicId: string, action: Action, run?: (step: Step) => Promise<void>, uploads: readonly StoredUpload[] = []): Promise<void> {
    const id = await caseIdFor(ctx, publicId);
    await perform(ctx, { role: 'clerk', staff }, id, action, run ? { run } : {}, uploads);
  }

  /** `action` by the clerk, telling the applicant its text: a closure as a decision, a step as a message. */
  const told = (staff: StaffActor, publicId: string, action: Action, what: { reason?: string | null; outcome?: 'accepted' | 'rejected' | 'closed'; tell?: Parameters<typeof tellText>[1] }) =>
    act(staff, publicId, action, async (step) => {
      await step.transition({ reason: what.reason ?? null });
      const text = what.tell ? await tell(step, what.tell) : null;
      const message = [text, what.reason].filter(Boolean).join(' ');
      if (message) await notifyStep(step.trx, step.c, { outcome: what.outcome, message, dedupe: what.outcome ? decisionKey(step.c) : `step:${step.c.last_event_seq}` });
    });

  /** The decision row and the message to the applicant, for an outcome decided or adopted. */
  async function recordDecision(step: Step, staff: StaffActor, outcome: Proposal | 'prohibited', motivation: string, documentId: string | null) {
    await insertDecision(step.trx, { submissionId: step.c.submission_id, outcome, motivation, by: staff.fiscalCode, byName: staff.name, at: step.now, documentId });
    await changeCase(step.trx, step.c.submission_id, { proposal: null, proposal_motivation: null });
    await notifyApplicant(step.trx, step.c, 'decision', { outcome: TOLD[outcome], message: motivation }, decisionKey(step.c));
  }

  /** Gives the case to a clerk of its office (nothing when they already have it). */
  async function assignTo(step: Step, member: { fiscalCode: string; name: string }) {
    if (step.c.assignee_fiscal_code === member.fiscalCode) return;
    await keepStateEvent(step, 'assigned', { assignee: member.fiscalCode, assigneeName: member.name, previous: step.c.assignee_fiscal_code });
    await changeCase(step.trx, step.c.submission_id, { assignee_fiscal_code: member.fiscalCode, assigned_at: step.now });
    step.c.assignee_fiscal_code = member.fiscalCode;
  }

  return {
    /** Takes the case in charge; taking a new filing starts its review (presa in carico), acknowledges a CILA, takes a report in charge. */
    take: (staff: StaffActor, publicId: string) =>
      act(staff, publicId, 'take', async (step) => {
        await assignTo(step, staff);
        if (step.c.status !== 'submitted') return;
        if (step.c.kind === 'istanza') await step.also('start_review');
        else if (step.c.kind === 'cila') await step.also('acknowledge');
        else if (step.c.kind === 'segnalazione') {
          await step.also('take_in_charge');
          await notifyStep(step.trx, step.c, { message: await tell(step, 'kinds.tell.taken_in_charge'), dedupe: `step:${step.c.last_event_seq}` });
        }
      }),

    startReview: (staff: StaffActor, publicId: string) => act(staff, publicId, 'start_review'),

    assign: (staff: StaffActor, publicId: string, assigneeFiscalCode: string) =>
      act(staff, publicId, 'assign', async (step) => {
        const member = (await officeStaff(step.trx, step.c.office_code)).find((m) => m.fiscal_code === assigneeFiscalCode);
        if (!member) throw new CaseInputError('assignee', 'backoffice.error.assignee');
        await assignTo(step, { fiscalCode: member.fiscal_code, name: `${member.given_name} ${member.family_name}` });
      }),

    release: (staff: StaffActor, publicId: string) =>
      act(staff, publicId, 'release', async (step) => {
        if (!step.c.assignee_fiscal_code) return;
        await keepStateEvent(step, 'released', { previous: step.c.assignee_fiscal_code });
        await changeCase(step.trx, step.c.submission_id, { assignee_fiscal_code: null, assigned_at: null });
      }),

    /** Sends the filing to another office's queue, with the reason; it leaves this office's. */
    forward: (staff: StaffActor, publicId: string, officeCode: string, reason: string) =>
      act(staff, publicId, 'forward', async (step) => {
        const office = (await officesByCode(step.trx, [officeCode]))[0];
        if (!office || office.code === step.c.office_code) throw new CaseInputError('office', 'backoffice.error.office');
        await keepStateEvent(step, 'forwarded', { fromOffice: step.c.office_code, toOffice: office.code, previousAssignee: step.c.assignee_fiscal_code }, reason);
        await changeCase(step.trx, step.c.submission_id, { office_code: office.code, assignee_fiscal_code: null, assigned_at: null });
      }),

    /**
     * Art. 2 c. 7: several requests, each with a reply period of at most 30 days; only the first
     * suspends the term (the building regime: interrupts it, within 30 days of filing).
     * Returns whether the clock stopped.
     */
    requestIntegration: async (staff: StaffActor, publicId: string, input: { text: string; replyDays: number }): Promise<{ suspends: boolean }> => {
      let suspends = false;
      await act(staff, publicId, 'request_integration', async (step) => {
        const replyBy = addDays(step.today, Math.min(Math.max(1, input.replyDays), INTEGRATION_MAX_DAYS));
        await step.transition({ data: { replyBy } });
        ({ suspends } = await openPause(ctx, step, staff, input.text, replyBy));
      });
      return { suspends };
    },

    /** Art. 10-bis: the reasons against, before any rejection; 10 days for the applicant's reply; the term is suspended. */
    notifyRefusal: (staff: StaffActor, publicId: string, input: { text: string }) =>
      act(staff, publicId, 'notify_refusal', async (step) => {
        const replyBy = addDays(step.today, REFUSAL_REPLY_DAYS);
        await step.transition({ reason: input.text, data: { replyBy } });
        await openPause(ctx, step, staff, input.text, replyBy);
      }),

    /**
     * The decision: approved, rejected (after a notice of refusal, except in calls), or
     * inadmissible, with its motivation and document; where the procedure has adoption, only
     * the head of office decides (the table refuses a clerk).
     */
    decide: (staff: StaffActor, publicId: string, input: { outcome: Proposal; motivation: string; document: StoredUpload | null }) => {
      const uploads = input.document ? [input.document] : [];
      const action: Action = input.outcome === 'approved' ? 'approve' : input.outcome === 'rejected' ? 'reject' : 'declare_inadmissible';
      // the table is asked before anything is written, so a refusal leaves no file row behind
      return act(
        staff,
        publicId,
        action,
        async (step) => {
          const document = (await insertUploads(step.trx, step.c.submission_id, null, 'decision', staff.fiscalCode, uploads))[0] ?? null;
          await step.transition({ reason: input.motivation, data: { outcome: input.outcome, document } });
          await recordDecision(step, staff, input.outcome, input.motivation, document?.id ?? null);
        },
        uploads,
      );
    },

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
    requestConformation: (staff: StaffActor, publicId: string, input: { text: string; days: number }) =>
      act(staff, publicId, 'request_conformation', async (step) => {
        const replyBy = addDays(step.today, Math.min(Math.max(CONFORMATION_MIN_DAYS, input.days), CONFORMATION_MAX_DAYS));
        await step.transition({ reason: input.text, data: { replyBy } });
        await openPause(ctx, step, staff, input.text, replyBy);
      }),

    /** Art. 19 c. 3: the activity may not go on; a decision, told to the applicant. */
    prohibit: (staff: StaffActor, publicId: string, input: { motivation: string }) =>
      act(staff, publicId, 'prohibit', async (step) => {
        await step.transition({ reason: input.motivation });
        await recordDecision(step, staff, 'prohibited', input.motivation, null);
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

    officeMessage: (staff: StaffActor, publicId: string, input: { text: string; files: StoredUpload[] }) =>
      act(
        staff,
        publicId,
        'message',
        async (step) => {
          const id = step.c.submission_id;
          const messageId = await insertMessage(step.trx, { submissionId: id, authorKind: 'office', authorFiscalCode: staff.fiscalCode, authorName: staff.name, officeCode: step.c.office_code, body: input.text, requestId: null, at: step.now });
          const files = await insertUploads(step.trx, id, messageId, 'message', staff.fiscalCode, input.files);
          await keepStateEvent(step, 'message', { messageId, direction: 'to-applicant', files });
          await notifyApplicant(step.trx, step.c, 'office.message', { message: input.text }, `message:${messageId}`);
        },
        input.files,
      ),

    note: (staff: StaffActor, publicId: string, input: { text: string }) =>
      act(staff, publicId, 'note', async (step) => {
        const noteId = await insertNote(step.trx, { submissionId: step.c.submission_id, authorFiscalCode: staff.fiscalCode, authorName: staff.name, body: input.text, at: step.now });
        await keepStateEvent(step, 'note', { noteId });
      }),
  };
}
