// What a clerk does on a case of their office: take it in charge, assign or release it, forward
// it to another office, start the review, ask for integrations (art. 2 c. 7) or give notice
// of the reasons against (art. 10-bis), decide or propose the decision, write to the applicant,
// keep a note (what the other kinds add is in kind-actions.service.ts). Each is one call of
// perform with the action of the workflow table and what the action writes.
import { addDays } from '../platform/time.ts';
import { insertMessage, insertNote } from './case-records.repository.ts';
import { appendEvent } from './case.repository.ts';
import { actorFields, CaseInputError, changeCase, insertUploads, type BackofficeContext, type StaffActor } from './case-context.ts';
import { notifyApplicant, notifyStep } from './case-notices.ts';
import { officesByCode, officeStaff } from './directory.ts';
import { INTEGRATION_MAX_DAYS, REFUSAL_REPLY_DAYS } from './legal-clock.ts';
import type { MakeDocument, Step } from './perform.ts';
import { clerkAct, openPause, recordDecision, tell } from './kind-actions.service.ts';
import type { StoredUpload } from './uploads.ts';
import type { Action, Proposal } from './workflow.ts';

/** The event of a change that keeps the state (an assignment, a message, a note). */
function keepStateEvent(step: Step, kind: string, data: Record<string, unknown>, reason: string | null = null) {
  return appendEvent(step.trx, step.c, { at: step.now, ...actorFields(step.actor), kind, fromState: step.c.status, toState: step.c.status, reason, data });
}

// ---- documents (src/documents) ----
export type { MakeDocument } from './perform.ts';

/** The made document as a file of the message (or nothing without a maker). */
async function attachMade(step: Step, staff: StaffActor, messageId: number, make: MakeDocument | undefined) {
  if (!make) return [];
  return insertUploads(step.trx, step.c.submission_id, messageId, 'message', staff.fiscalCode, [await make(step)]);
}
// ---- end documents ----

export function createCaseActions(ctx: BackofficeContext) {
  const act = (staff: StaffActor, publicId: string, action: Action, run?: (step: Step) => Promise<void>, uploads: readonly StoredUpload[] = []) => clerkAct(ctx, staff, publicId, action, run, uploads);

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
        const member = (await officeStaff(step.trx, step.c.office_code, step.c.procedure_id)).find((m) => m.fiscal_code === assigneeFiscalCode);
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

    /** Art. 2 c. 7: several requests, each with at most 30 days to reply; only the first suspends the term (returned). */
    requestIntegration: async (staff: StaffActor, publicId: string, input: { text: string; replyDays: number; make?: MakeDocument }): Promise<{ suspends: boolean }> => {
      let suspends = false;
      await act(staff, publicId, 'request_integration', async (step) => {
        const replyBy = addDays(step.today, Math.min(Math.max(1, input.replyDays), INTEGRATION_MAX_DAYS));
        await step.transition({ data: { replyBy } });
        const opened = await openPause(ctx, step, staff, input.text, replyBy);
        suspends = opened.suspends;
        await attachMade(step, staff, opened.messageId, input.make);
      });
      return { suspends };
    },

    /** Art. 10-bis: the reasons against, before any rejection; 10 days for the applicant's reply; the term is suspended. */
    notifyRefusal: (staff: StaffActor, publicId: string, input: { text: string; make?: MakeDocument }) =>
      act(staff, publicId, 'notify_refusal', async (step) => {
        const replyBy = addDays(step.today, REFUSAL_REPLY_DAYS);
        await step.transition({ reason: input.text, data: { replyBy } });
        const opened = await openPause(ctx, step, staff, input.text, replyBy);
        await attachMade(step, staff, opened.messageId, input.make);
      }),

    /**
     * The decision: approved, rejected (after a notice of refusal, except in calls), or
     * inadmissible, with its motivation and document; where the procedure has adoption, only
     * the head of office decides (the table refuses a clerk).
     */
    decide: (staff: StaffActor, publicId: string, input: { outcome: Proposal; motivation: string; document: StoredUpload | null; make?: MakeDocument }) => {
      const uploads = input.document ? [input.document] : [];
      const action: Action = input.outcome === 'approved' ? 'approve' : input.outcome === 'rejected' ? 'reject' : 'declare_inadmissible';
      // the table is asked before anything is written, so a refusal leaves no file row behind
      return act(
        staff,
        publicId,
        action,
        async (step) => {
          const made = input.make ? [await input.make(step)] : uploads;
          const document = (await insertUploads(step.trx, step.c.submission_id, null, 'decision', staff.fiscalCode, made))[0] ?? null;
          await step.transition({ reason: input.motivation, data: { outcome: input.outcome, document } });
          await recordDecision(step, staff, input.outcome, input.motivation, document?.id ?? null);
        },
        uploads,
      );
    },

    officeMessage: (staff: StaffActor, publicId: string, input: { text: string; files: StoredUpload[]; make?: MakeDocument }) =>
      act(
        staff,
        publicId,
        'message',
        async (step) => {
          const id = step.c.submission_id;
          const messageId = await insertMessage(step.trx, { submissionId: id, authorKind: 'office', authorFiscalCode: staff.fiscalCode, authorName: staff.name, officeCode: step.c.office_code, body: input.text, requestId: null, at: step.now });
          const files = [...(await insertUploads(step.trx, id, messageId, 'message', staff.fiscalCode, input.files)), ...(await attachMade(step, staff, messageId, input.make))];
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
