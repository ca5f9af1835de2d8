// The personal area (/area-personale): the person's drafts and filings, one filing's page, its
// confirmation ("Richiesta inviata"), its receipt and its attachments (the rating of the service,
// once decided, is src/feedback's, shown on the request page). Each
// route parses its input, calls the submissions service once, and renders or redirects.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applicantProgress } from '../backoffice/applicant.routes.ts';
import { NotFoundError } from '../platform/errors.ts';
import { protocolNumberText } from './receipt.ts';
import { personOr } from './request-applicant.ts';
import { partiesView } from './parties-view.ts';
import { answersView } from './corrections.ts';
import type { Answers } from '../forms/index.ts';
import { AWAITING_PAYMENT, NOT_FILED, PAYMENT_EXPIRED } from './submissions.table.ts';
import type { SubmissionsService } from './submissions.service.ts';
import { appointmentPanel } from '../appointments/area.routes.ts';
import { serviceRatingPanel } from '../feedback/service-rating.routes.ts';

type RequestParams = { publicId: string };
type OwnFiling = Awaited<ReturnType<SubmissionsService['ownSubmission']>>;

const UUID = /^[0-9a-f-]{36}$/;
const requestHref = (publicId: string) => `/area-personale/richieste/${publicId}`;
const protocolText = (number: number, year: number) => `${protocolNumberText(number)}/${year}`;
const statusLabel = (request: FastifyRequest) => (status: string) => request.t(`status.${status}`);
const localName = (request: FastifyRequest, named: { name_it: string; name_en: string } | undefined, fallback: string) =>
  named ? (request.locale === 'it' ? named.name_it : named.name_en) : fallback;

/** What the confirmation page ("Richiesta inviata") shows of a filing. */
async function confirmationModel(app: FastifyInstance, request: FastifyRequest, found: OwnFiling) {
  const { submission, procedure, protocol, office, definition } = found;
  const payments = (await app.services.payments.bySubmission([submission.id])).get(submission.id) ?? [];
  const awaitingPayment = submission.status === AWAITING_PAYMENT;
  const paymentExpired = submission.status === PAYMENT_EXPIRED;
  return {
    payments,
    procedure,
    awaitingPayment,
    paymentExpired,
    notFiled: awaitingPayment || paymentExpired,
    durationDays: definition.durationDays,
    pageTitle: request.t(paymentExpired ? 'confirmation.expiredTitle' : awaitingPayment ? 'confirmation.awaitingTitle' : 'confirmation.title'),
    procedureTitle: request.locale === 'it' ? procedure.title_it : procedure.title_en,
    submission,
    protocolText: protocol ? protocolText(protocol.number, protocol.year) : null,
    officeName: localName(request, office, submission.office_code),
    requestHref: requestHref(submission.public_id),
    appointment: await appointmentPanel(app, request, submission),
  };
}

export default async function areaRoutes(app: FastifyInstance) {
  const service = app.services.submissions;

  async function ownRequest(request: FastifyRequest<{ Params: RequestParams }>, reply: FastifyReply) {
    const applicant = personOr(request, reply);
    if (!applicant) return null;
    return { applicant, found: await service.ownSubmission(applicant, request.params.publicId) };
  }

  app.get('/area-personale', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    const desk = await service.desk(applicant);
    const notice = (request.query as Record<string, string> | undefined)?.eliminata ? request.t('area.deleted') : undefined;
    return reply.view('submissions/area.njk', {
      ...desk,
      notice,
      statusLabel: statusLabel(request),
      protocolText,
    });
  });

  app.post<{ Params: { id: string } }>('/area-personale/bozze/:id/elimina', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    if (!UUID.test(request.params.id)) throw new NotFoundError('draft');
    await service.deleteDraft(applicant, request.params.id);
    return reply.redirect('/area-personale?eliminata=1', 303);
  });

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId', async (request, reply) => {
    const own = await ownRequest(request, reply);
    if (!own) return reply;
    const { submission, procedure, protocol, attachments, office, definition, corrections } = own.found;
    const protocolLabel = protocol ? protocolText(protocol.number, protocol.year) : null;
    const timeline = [{ at: submission.received_at, text: request.t(NOT_FILED.includes(submission.status) ? 'request.awaitingPayment' : 'request.filed') }];
    if (protocol) timeline.push({ at: protocol.registered_at, text: request.t('request.registered', { protocol: protocolLabel! }) });
    // the workflow's progress, the office's requests, messages and decision (src/backoffice)
    const progress = await applicantProgress(app, request, submission.id);
    timeline.push(...progress.timeline);
    const payments = (await app.services.payments.bySubmission([submission.id])).get(submission.id) ?? [];
    return reply.view('submissions/request.njk', {
      ...progress.locals,
      access: own.found.access,
      parties: partiesView(submission, request.t),
      payments,
      pageTitle: request.t('request.title', { protocol: protocolLabel ?? '' }).trim(),
      procedureTitle: request.locale === 'it' ? procedure.title_it : procedure.title_en,
      submission,
      // the current answers, the office's corrections marked (the receipt keeps them as filed)
      answers: answersView(definition.form, submission.answers as Answers, corrections, request.locale),
      protocolLabel,
      attachments,
      officeName: localName(request, office, submission.office_code),
      timeline,
      statusLabel: statusLabel(request),
      requestHref: requestHref(submission.public_id),
      appointment: await appointmentPanel(app, request, submission),
      serviceRating: await serviceRatingPanel(app, request, submission, Boolean(progress.locals.backoffice?.case.decided_at)),
      // a call's application: where it stands in the ranking (src/calls)
      callStanding: await app.services.calls.standingOf(submission.id),
    });
  });

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId/conferma', async (request, reply) => {
    const own = await ownRequest(request, reply);
    if (!own) return reply;
    return reply.view('submissions/confirmation.njk', await confirmationModel(app, request, own.found));
  });

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId/ricevuta.pdf', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    const { filename, content } = await service.ownReceipt(applicant, request.params.publicId, request.locale);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(content));
  });

  app.get<{ Params: RequestParams & { attachmentId: string } }>('/area-personale/richieste/:publicId/allegati/:attachmentId', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    if (!UUID.test(request.params.attachmentId)) throw new NotFoundError('attachment');
    const { file, stream } = await service.ownAttachment(applicant, request.params.publicId, request.params.attachmentId);
    return reply
      .header('content-type', file.content_type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.original_name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });
}
