// The applicant's side of a case, in the personal area: what their request page shows of it
// (state, clock, who is in charge, messages, decision), their answer to the office's open
// request, their messages, the withdrawal, and the office's documents. Only the applicant (or
// whoever acts for the same company) reaches a filing; anyone else's is a 404.
import type { Readable } from 'node:stream';
import { NotFoundError } from '../platform/errors.ts';
import { romeDate } from '../platform/time.ts';
import { answerRequest, findDecision, findFile, insertMessage, listFiles, listMessages, listRequests } from './case-records.repository.ts';
import { appendEvent, findCase, listEvents } from './case.repository.ts';
import { changeCase, clockFor, guardContext, insertUploads, ownCaseId, storeClock, WorkflowRefusedError, type ApplicantActor, type BackofficeContext } from './case-context.ts';
import { cancelReminders } from './case-notices.ts';
import { officesByCode, procedureTitles, staffMemberName } from './directory.ts';
import { perform, type Step } from './perform.ts';
import type { StoredUpload } from './uploads.ts';
import { decide, pauseOf } from './workflow.ts';
import { applicantSees } from '../domicile/domicile.view.ts';

export function createApplicantSide(ctx: BackofficeContext) {
  const { db } = ctx;

  /** What the applicant's request page adds: state, clock, who is in charge, messages, decision. */
  async function applicantView(submissionId: number) {
    const c = await findCase(db, submissionId);
    if (!c) return null;
    const today = romeDate(ctx.clock());
    const [requests, messages, files, decision, assignee, office, events] = await Promise.all([
      listRequests(db, submissionId),
      listMessages(db, submissionId),
      listFiles(db, submissionId),
      findDecision(db, submissionId),
      c.assignee_fiscal_code ? staffMemberName(db, c.assignee_fiscal_code) : Promise.resolve(undefined),
      officesByCode(db, [c.office_code]),
      listEvents(db, submissionId),
    ]);
    const state = clockFor(ctx, c, requests, today);
    const context = guardContext(c, requests, state);
    const pause = pauseOf(c.status);
    const openRequest = (pause && requests.filter((r) => !r.answered_at && r.kind === pause.kind).at(-1)) ?? null;
    return {
      case: c,
      clock: state,
      office: office[0] ?? null,
      responsible: assignee ? `${assignee.given_name} ${assignee.family_name}` : null,
      openRequest,
      requests,
      messages: messages.map((m) => ({ ...m, files: files.filter((f) => f.message_id === m.id) })),
      decision: decision ? { ...decision, document: files.find((f) => f.id === decision.document_id) ?? null } : null,
      // what the applicant sees of the log: state changes and office changes, no internals
      timeline: events.filter((e) => e.kind === 'transition' || e.kind === 'forwarded' || applicantSees(e)).map((e) => ({ at: e.at, kind: e.kind, to: e.to_state, data: e.data })),
      canMessage: decide(c.kind, c.status, 'message', 'applicant', context).allowed,
      canWithdraw: decide(c.kind, c.status, 'withdraw', 'applicant', context).allowed,
      canAnswer: openRequest !== null,
    };
  }

  /** The applicant's message, with its files, and its event in the log. */
  async function writeMessage(step: Step, applicant: ApplicantActor, input: { text: string; files: StoredUpload[] }, requestId: number | null) {
    const id = step.c.submission_id;
    const messageId = await insertMessage(step.trx, { submissionId: id, authorKind: 'applicant', authorFiscalCode: applicant.fiscalCode, authorName: applicant.name, officeCode: null, body: input.text, requestId, at: step.now });
    const files = await insertUploads(step.trx, id, messageId, 'message', applicant.fiscalCode, input.files);
    await appendEvent(step.trx, step.c, { at: step.now, actorKind: 'applicant', actorFiscalCode: applicant.fiscalCode, actorName: applicant.name, kind: 'message', fromState: step.c.status, toState: step.c.status, reason: null, data: { messageId, direction: 'to-office', answers: requestId, files } });
  }

  /** The answer to the open request of the case's state: the clock resumes, the reminder is off. */
  async function answer(step: Step, applicant: ApplicantActor, input: { text: string; files: StoredUpload[] }) {
    const pause = pauseOf(step.c.status)!;
    const open = step.requests.filter((r) => r.kind === pause.kind && !r.answered_at).at(-1);
    if (!open) throw new WorkflowRefusedError(step.action, 'state');
    await step.transition({ data: { requestId: open.id } });
    await answerRequest(step.trx, open.id, step.now, step.today);
    await storeClock(ctx, step.trx, step.c, step.now);
    await cancelReminders(step.trx, step.c.submission_id, [pause], step.requests.filter((r) => r.kind === pause.kind).length);
    await writeMessage(step, applicant, input, open.id);
  }

  return {
    applicantView,

    /** The applicant's own filing (404 for anyone else's), its procedure and its progress. */
    async applicantCase(applicant: ApplicantActor, publicId: string) {
      const id = await ownCaseId(ctx, applicant, publicId, 'full');
      const view = await applicantView(id);
      if (!view) throw new NotFoundError('case');
      const procedure = await procedureTitles(db, view.case.procedure_id);
      return { submissionId: id, publicId, procedure, view };
    },

    /** The applicant's message, or the answer to the open integration request or notice of refusal. */
    async applicantMessage(applicant: ApplicantActor, publicId: string, input: { text: string; files: StoredUpload[]; answer: boolean }): Promise<void> {
      const id = await ownCaseId(ctx, applicant, publicId, 'full');
      const actor = { role: 'applicant', applicant } as const;
      if (input.answer) {
        // the answer the state calls for; a state without an open request refuses it
        await perform(ctx, actor, id, (c) => pauseOf(c.status)?.answer ?? 'answer_integration', { run: (step) => answer(step, applicant, input) }, input.files);
      } else {
        await perform(ctx, actor, id, 'message', { run: (step) => writeMessage(step, applicant, input, null) }, input.files);
      }
    },

    async withdraw(applicant: ApplicantActor, publicId: string, reason: string | null): Promise<void> {
      const id = await ownCaseId(ctx, applicant, publicId, 'full');
      await perform(ctx, { role: 'applicant', applicant }, id, 'withdraw', {
        async run(step) {
          await step.transition({ reason });
          await changeCase(step.trx, id, { paused_since: null, pause_kind: null, reply_by: null });
          await cancelReminders(step.trx, id, undefined, step.requests.length);
        },
      });
    },

    /** A file of a message or the decision, for the applicant; 404 for anyone else. */
    async applicantFile(applicant: ApplicantActor, publicId: string, fileId: string): Promise<{ name: string; contentType: string; stream: Readable }> {
      const id = await ownCaseId(ctx, applicant, publicId, 'read');
      const file = await findFile(db, id, fileId);
      if (!file) throw new NotFoundError('file');
      return { name: file.original_name, contentType: file.content_type, stream: await ctx.storage.get(file.storage_key) };
    },
  };
}
