// A filing's case page for the clerks of its office (/backoffice/pratiche/:publicId) and its
// actions. Behind the clerk guard; a filing of an office the clerk does not
// belong to is a 404. Each POST parses one input schema, calls one service function, and
// answers 303 to the case page, or 422 with the page and the error summary when the input is
// refused.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { requireClerk } from '../identity/policies.ts';
import { staffActor } from './backoffice.http.ts';
import {
  assignInput,
  decisionInput,
  fieldErrors,
  forwardInput,
  integrationInput,
  messageInput,
  noInput,
  noteInput,
  paymentRequestInput,
  readForm,
  refusalInput,
  uploadErrors,
  type FieldError,
} from './backoffice.inputs.ts';
import { CaseInputError, type StaffActor } from './case-context.ts';
import { casePageModel, type FormState } from './case-page.ts';
import { kindRoutes } from './kinds.routes.ts';
import correctionRoutes from './corrections.routes.ts';
import { DECISION_FILE_TYPES, discardUploads, MESSAGE_FILE_TYPES } from './uploads.ts';
import { caseMarks } from '../prefill/prefill-view.ts';
import type { Answers } from '../forms/index.ts';
import { expectedDateModel } from './expected-date.view.ts';

type Params = { publicId: string };
type CaseRequest = FastifyRequest<{ Params: Params }>;

/** The string fields of a posted form (to show them again). */
const bodyOf = (request: FastifyRequest) => Object.fromEntries(Object.entries((request.body as Record<string, unknown>) ?? {}).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;

export default async function caseRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const storage = app.services.storage;
  const guard = { preHandler: requireClerk() };

  async function renderCase(request: CaseRequest, reply: FastifyReply, state: FormState | null = null, status = 200) {
    const actor = staffActor(request.user!);
    const view = await service.caseView(actor, request.params.publicId, request.locale);
    const audits = await service.auditOf(view.case.submission_id);
    // the documents sent on the case (src/documents; views/backoffice/case/documents.njk), the answers the registers gave (src/prefill), the expected date and the legal hold (src/privacy)
    const [generatedDocuments, prefills, expected, legalHold] = await Promise.all([app.services.documents.listOfCase(view.case.submission_id), app.services.prefill.ofSubmission(view.case.submission_id), service.expectedDateOf(view.case.submission_id), app.services.privacy.holds.caseBox(actor, request.params.publicId, view.case.submission_id)]);
    return reply.status(status).view('backoffice/case.njk', { ...casePageModel(request, view, audits, actor.fiscalCode, state), generatedDocuments, prefilled: caseMarks(prefills, view.filing.answers as Answers, request.locale), expectedDate: expectedDateModel(request.t, request.locale, expected, 'office'), legalHold });
  }

  /** 422: the case page again, with the form's values and errors. */
  const refuse = (request: CaseRequest, reply: FastifyReply, form: string, errors: FieldError[], values: Record<string, string> = bodyOf(request)) => renderCase(request, reply, { form, errors, values }, 422);
  const errorsOf = (request: FastifyRequest, error: ZodError, overrides = {}) => fieldErrors(error, request.t, overrides);
  const done = (reply: FastifyReply, publicId: string, what: string) => reply.redirect(`/backoffice/pratiche/${publicId}?fatto=${what}`, 303);

  /** Runs the service; an input it refuses (CaseInputError) is shown on the form's field. */
  async function orRefuse(request: CaseRequest, reply: FastifyReply, form: string, field: string | null, run: () => Promise<unknown>): Promise<FastifyReply | null> {
    try {
      await run();
      return null;
    } catch (error) {
      if (error instanceof CaseInputError) return refuse(request, reply, form, [{ field: field ?? error.field, message: request.t(error.messageKey) }]);
      throw error;
    }
  }

  app.get<{ Params: Params }>('/backoffice/pratiche/:publicId', guard, (request, reply) => renderCase(request, reply));
  await app.register(correctionRoutes);

  /** A POST without input: check the (empty) schema, run the action, back to the case. */
  function simpleAction(path: string, run: (actor: StaffActor, publicId: string) => Promise<void>, notice: string) {
    app.post<{ Params: Params }>(`/backoffice/pratiche/:publicId/${path}`, guard, async (request, reply) => {
      noInput.parse(request.body ?? {});
      await run(staffActor(request.user!), request.params.publicId);
      return done(reply, request.params.publicId, notice);
    });
  }
  simpleAction('prendi-in-carico', (a, id) => service.take(a, id), 'taken');
  simpleAction('rilascia', (a, id) => service.release(a, id), 'released');
  simpleAction('avvia-istruttoria', (a, id) => service.startReview(a, id), 'review');

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/assegna', guard, async (request, reply) => {
    const parsed = assignInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'assign', errorsOf(request, parsed.error));
    const refused = await orRefuse(request, reply, 'assign', 'assegnatario', () => service.assign(staffActor(request.user!), request.params.publicId, parsed.data.assegnatario));
    return refused ?? done(reply, request.params.publicId, 'assigned');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/inoltra', guard, async (request, reply) => {
    const parsed = forwardInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'forward', errorsOf(request, parsed.error));
    const actor = staffActor(request.user!);
    const refused = await orRefuse(request, reply, 'forward', 'ufficio', () => service.forward(actor, request.params.publicId, parsed.data.ufficio, parsed.data.motivo));
    if (refused) return refused;
    // a clerk of both offices still sees it; otherwise it has left their queue
    if (actor.offices.includes(parsed.data.ufficio)) return done(reply, request.params.publicId, 'forwarded');
    return reply.redirect('/backoffice?fatto=forwarded', 303);
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/integrazione', guard, async (request, reply) => {
    const parsed = integrationInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'integration', errorsOf(request, parsed.error, { testo: { key: 'backoffice.error.text', params: { min: 10, max: 5000 } } }));
    const { suspends } = await service.requestIntegration(staffActor(request.user!), request.params.publicId, { text: parsed.data.testo, replyDays: parsed.data.giorni });
    return done(reply, request.params.publicId, suspends ? 'integration' : 'integration-running'); // art. 2 c. 7: only the first suspends
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/preavviso-rigetto', guard, async (request, reply) => {
    const parsed = refusalInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'refusal', errorsOf(request, parsed.error));
    await service.notifyRefusal(staffActor(request.user!), request.params.publicId, { text: parsed.data.motivi });
    return done(reply, request.params.publicId, 'refusal');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/decisione', guard, async (request, reply) => {
    const form = await readForm(request, storage, 'documento', DECISION_FILE_TYPES, 1);
    const parsed = decisionInput.safeParse(form.body);
    const errors = [...(parsed.success ? [] : errorsOf(request, parsed.error)), ...uploadErrors(form.refused, 'documento', DECISION_FILE_TYPES, request.t)];
    if (!parsed.success || errors.length > 0) {
      await discardUploads(storage, form.uploads);
      return refuse(request, reply, 'decision', errors, form.body);
    }
    await service.decide(staffActor(request.user!), request.params.publicId, { outcome: parsed.data.esito, motivation: parsed.data.motivazione, document: form.uploads[0] ?? null });
    return done(reply, request.params.publicId, 'decided');
  });

  kindRoutes(app, { guard, refuse, errorsOf, done, orRefuse, simpleAction });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/messaggi', guard, async (request, reply) => {
    const form = await readForm(request, storage, 'allegati', MESSAGE_FILE_TYPES);
    const parsed = messageInput.safeParse(form.body);
    const errors = [...(parsed.success ? [] : errorsOf(request, parsed.error)), ...uploadErrors(form.refused, 'allegati', MESSAGE_FILE_TYPES, request.t)];
    if (!parsed.success || errors.length > 0) {
      await discardUploads(storage, form.uploads);
      return refuse(request, reply, 'message', errors, form.body);
    }
    await service.officeMessage(staffActor(request.user!), request.params.publicId, { text: parsed.data.testo, files: form.uploads });
    return done(reply, request.params.publicId, 'message');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/note', guard, async (request, reply) => {
    const parsed = noteInput.safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'note', errorsOf(request, parsed.error));
    await service.note(staffActor(request.user!), request.params.publicId, { text: parsed.data.testo });
    return done(reply, request.params.publicId, 'note');
  });

  app.post<{ Params: Params }>('/backoffice/pratiche/:publicId/pagamento', guard, async (request, reply) => {
    const range = service.paymentDueRange();
    const parsed = paymentRequestInput(range.from, range.to).safeParse(request.body ?? {});
    if (!parsed.success) return refuse(request, reply, 'payment', errorsOf(request, parsed.error));
    const input = parsed.data;
    const payment = { amountCents: input.importo, reason: input.causale, dueDate: input.scadenza, taxonomyCode: input.tassonomia, key: input.chiave };
    const refused = await orRefuse(request, reply, 'payment', null, () => service.requestPayment(staffActor(request.user!), request.params.publicId, payment));
    return refused ?? done(reply, request.params.publicId, 'payment');
  });
}
