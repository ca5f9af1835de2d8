// The applicant's side of a filing's workflow, in the personal area: answering the office's
// integration request or notice of refusal (with documents), writing to the office,
// withdrawing the application, downloading the office's documents and the decision. Only the
// applicant (or whoever acts for the same company) reaches these pages; anyone else gets 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../identity/policies.ts';
import { requestViewpoint } from '../submissions/submissions.routes.ts';
import { NotFoundError } from '../platform/errors.ts';
import { perPersonRateLimit } from '../platform/rate-limit-store.ts';
import { applicantMessageInput, fieldErrors, readForm, uploadErrors, withdrawInput, type FieldError } from './backoffice.inputs.ts';
import { sendDownload } from './backoffice.http.ts';
import type { ApplicantActor } from './case-context.ts';
import { discardUploads, MAX_FILE_MB, MAX_FILES, MESSAGE_FILE_TYPES } from './uploads.ts';
import { applicantDomicileText, DOMICILE_EVENT } from '../domicile/domicile.view.ts';
import { expectedDateModel } from './expected-date.view.ts';

type Params = { publicId: string };

/** The person logged in, as who they act for now sees the filing (src/representation). */
export function applicantActor(request: FastifyRequest): ApplicantActor {
  const user = request.user!;
  const principal = request.acting?.principal;
  return {
    fiscalCode: user.fiscalCode,
    name: principal ? `${user.displayName} (${principal.name})` : user.displayName,
    viewpoint: requestViewpoint(request),
  };
}

const DONE: Record<string, string> = { messaggio: 'applicantCase.sent', risposta: 'applicantCase.answered', ritirata: 'applicantCase.withdrawn' };

/**
 * What the personal area's request page (submissions.routes.ts) adds for a filing: the panel's
 * model (`backoffice`, views/backoffice/applicant-panel.njk), a notice after an answer, and
 * the workflow's steps for its timeline.
 */
export async function applicantProgress(app: FastifyInstance, request: FastifyRequest, submissionId: number) {
  const view = await app.services.backoffice.applicantView(submissionId);
  const done = (request.query as Record<string, string> | undefined)?.fatto;
  const timeline = (view?.timeline ?? []).map((e) => ({
    at: e.at,
    text: e.kind === DOMICILE_EVENT ? applicantDomicileText(request, e.data) : e.kind === 'forwarded' ? request.t('applicantCase.forwarded') : request.t('applicantCase.progress', { status: request.t(`status.${e.to}`) }),
  }));
  // the expected decision date from the office's live queue (expected-date.service.ts)
  const expectedDate = expectedDateModel(request.t, request.locale, await app.services.backoffice.expectedDateOf(submissionId), 'applicant');
  return { locals: { backoffice: view, caseNotice: done && DONE[done] ? request.t(DONE[done]!) : null, expectedDate }, timeline };
}

export default async function applicantCaseRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const storage = app.services.storage;
  const guard = { preHandler: requireUser() };
  const requestHref = (publicId: string) => `/area-personale/richieste/${publicId}`;

  async function context(request: FastifyRequest<{ Params: Params }>) {
    const applicant = applicantActor(request);
    const found = await service.applicantCase(applicant, request.params.publicId);
    return { applicant, ...found };
  }

  type Mode = 'answer' | 'message';

  async function renderReply(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, mode: Mode, errors: FieldError[] = [], values: Record<string, string> = {}, status = 200) {
    const { procedure, publicId, view } = await context(request);
    if (mode === 'answer' && !view.canAnswer) throw new NotFoundError('no open request');
    if (mode === 'message' && !view.canMessage) throw new NotFoundError('closed');
    const t = request.t;
    const procedureTitle = request.locale === 'it' ? procedure.title_it : procedure.title_en;
    const title = mode === 'answer' ? t('applicantCase.replyTitle') : t('applicantCase.messageTitle');
    const href = requestHref(publicId);
    const path = mode === 'answer' ? 'rispondi' : 'messaggio';
    return reply.status(status).view('backoffice/applicant-reply.njk', {
      pageTitle: `${title} - ${procedureTitle}`,
      title,
      procedureTitle,
      openRequest: mode === 'answer' ? view.openRequest : null,
      // multipart bodies are streamed: their CSRF token travels in the URL
      action: `${href}/${path}`,
      backHref: href,
      values,
      errors,
      errorSummary: errors.length ? { title: t('backoffice.errors.title'), items: errors.map((e) => ({ href: `#reply-${e.field}`, text: e.message })) } : null,
      errorOf: (field: string) => errors.find((e) => e.field === field)?.message,
      filesHint: t('applicantCase.files', { max: MAX_FILES, limit: MAX_FILE_MB }),
      breadcrumbs: [
        { href: '/area-personale', label: t('area.title') },
        { href, label: procedureTitle },
        { label: title },
      ],
    });
  }

  async function postReply(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, mode: Mode) {
    const { applicant } = await context(request);
    const form = await readForm(request, storage, 'allegati', MESSAGE_FILE_TYPES);
    const parsed = applicantMessageInput.safeParse(form.body);
    const errors = [...(parsed.success ? [] : fieldErrors(parsed.error, request.t)), ...uploadErrors(form.refused, 'allegati', MESSAGE_FILE_TYPES, request.t)];
    if (!parsed.success || errors.length > 0) {
      await discardUploads(storage, form.uploads);
      return renderReply(request, reply, mode, errors, form.body, 422);
    }
    await service.applicantMessage(applicant, request.params.publicId, { text: parsed.data.testo, files: form.uploads, answer: mode === 'answer' });
    return reply.redirect(`${requestHref(request.params.publicId)}?fatto=${mode === 'answer' ? 'risposta' : 'messaggio'}`, 303);
  }

  app.get<{ Params: Params }>('/area-personale/richieste/:publicId/rispondi', guard, (request, reply) => renderReply(request, reply, 'answer'));
  app.post<{ Params: Params }>('/area-personale/richieste/:publicId/rispondi', guard, (request, reply) => postReply(request, reply, 'answer'));
  app.get<{ Params: Params }>('/area-personale/richieste/:publicId/messaggio', guard, (request, reply) => renderReply(request, reply, 'message'));
  // messages land in a clerk's queue and mail nobody back, but a script could bury an office:
  // each person's messages per hour, all filings together (answers to a request are bounded
  // by the office's requests and are not limited)
  const messageLimit = perPersonRateLimit({
    max: app.config.backoffice.messagesPerHour,
    timeWindow: '1 hour',
    pageKey: 'error.tooMany.officeMessage',
    backHref: (request) => requestHref((request.params as Params).publicId),
  });
  app.post<{ Params: Params }>('/area-personale/richieste/:publicId/messaggio', { ...guard, config: { rateLimit: messageLimit } }, (request, reply) => postReply(request, reply, 'message'));

  async function renderWithdraw(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, error: string | null = null, status = 200) {
    const { procedure, publicId, view } = await context(request);
    if (!view.canWithdraw) throw new NotFoundError('not withdrawable');
    const t = request.t;
    const procedureTitle = request.locale === 'it' ? procedure.title_it : procedure.title_en;
    const href = requestHref(publicId);
    return reply.status(status).view('backoffice/applicant-withdraw.njk', {
      pageTitle: `${t('applicantCase.withdrawTitle')} - ${procedureTitle}`,
      procedureTitle,
      action: `${href}/ritira`,
      backHref: href,
      error,
      errorSummary: error ? { title: t('backoffice.errors.title'), items: [{ href: '#withdraw-conferma', text: error }] } : null,
      breadcrumbs: [
        { href: '/area-personale', label: t('area.title') },
        { href, label: procedureTitle },
        { label: t('applicantCase.withdrawTitle') },
      ],
    });
  }

  app.get<{ Params: Params }>('/area-personale/richieste/:publicId/ritira', guard, (request, reply) => renderWithdraw(request, reply));
  app.post<{ Params: Params }>('/area-personale/richieste/:publicId/ritira', guard, async (request, reply) => {
    const parsed = withdrawInput.safeParse(request.body ?? {});
    if (!parsed.success) return renderWithdraw(request, reply, request.t('applicantCase.withdrawRequired'), 422);
    const { applicant } = await context(request);
    await service.withdraw(applicant, request.params.publicId, parsed.data.motivo || null);
    return reply.redirect(`${requestHref(request.params.publicId)}?fatto=ritirata`, 303);
  });

  app.get<{ Params: Params & { fileId: string } }>('/area-personale/richieste/:publicId/documenti/:fileId', guard, async (request, reply) => {
    if (!/^[0-9a-f-]{36}$/.test(request.params.fileId)) throw new NotFoundError('file');
    const file = await service.applicantFile(applicantActor(request), request.params.publicId, request.params.fileId);
    return sendDownload(reply, file);
  });
}

