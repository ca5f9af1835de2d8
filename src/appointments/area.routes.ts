// The person's appointment on their request (/area-personale/richieste/:publicId/appuntamento):
// when, where and what to bring, the .ics file, and moving it to another free time or
// cancelling it (with a confirmation) until the calendar's cutoff. Another person's request is
// a 404 (the submissions domain checks ownership); no page here is cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormBody } from '../forms/index.ts';
import { formatDate } from '../platform/format.ts';
import { NotFoundError } from '../platform/errors.ts';
import { isCalendarDate } from '../platform/time.ts';
import { personOr } from '../submissions/request-applicant.ts';
import { SlotTakenError } from './appointments.service.ts';
import { bookingFile, bookingModel, weekModel } from './appointments.view.ts';

type RequestParams = { publicId: string };
const pageHref = (publicId: string) => `/area-personale/richieste/${publicId}/appuntamento`;

/** The appointment panel of a request's page and its confirmation page (null: the request has none). */
export async function appointmentPanel(app: FastifyInstance, request: FastifyRequest, submission: { id: number; public_id: string }) {
  const found = await app.services.appointments.ofSubmission(submission.id);
  if (!found) return null;
  return {
    ...(await bookingModel(app, request, found.booking, found.calendar)),
    icsHref: `${pageHref(submission.public_id)}.ics`,
    manageHref: found.changeable ? pageHref(submission.public_id) : null,
    changeUntil: found.changeable ? request.t('appointments.changeUntil', { when: formatDate(found.cutoff, request.locale, { withTime: true }) }) : null,
  };
}

export default async function appointmentAreaRoutes(app: FastifyInstance) {
  const service = app.services.appointments;

  /** The person's own request and its booking; 404 for anyone else's, or a request without one. */
  async function ownBooking(request: FastifyRequest<{ Params: RequestParams }>, reply: FastifyReply) {
    const applicant = personOr(request, reply);
    if (!applicant) return null;
    const own = await app.services.submissions.ownSubmission(applicant, request.params.publicId);
    const found = await service.ofSubmission(own.submission.id);
    if (!found) throw new NotFoundError('booking');
    return { own, ...found };
  }

  async function render(request: FastifyRequest<{ Params: RequestParams }>, reply: FastifyReply, options: { error?: string; status?: number; notice?: string } = {}) {
    const found = await ownBooking(request, reply);
    if (!found) return reply;
    const { publicId } = request.params;
    const value = (request.query as Record<string, unknown> | undefined)?.settimana;
    const weekOf = typeof value === 'string' && isCalendarDate(value) ? value : undefined;
    const week = found.changeable && found.own.access === 'full' ? await service.week(found.calendar, weekOf) : null;
    return reply
      .status(options.status ?? 200)
      .header('cache-control', 'no-store')
      .view('appointments/request.njk', {
        pageTitle: request.t('appointments.heading'),
        breadcrumbs: [
          { href: '/area-personale', label: request.t('area.title') },
          { href: `/area-personale/richieste/${publicId}`, label: request.t('appointments.backToRequest') },
          { label: request.t('appointments.heading') },
        ],
        booking: await bookingModel(app, request, found.booking, found.calendar),
        icsHref: `${pageHref(publicId)}.ics`,
        requestHref: `/area-personale/richieste/${publicId}`,
        changeUntil: found.changeable ? request.t('appointments.changeUntil', { when: formatDate(found.cutoff, request.locale, { withTime: true }) }) : null,
        week: week ? weekModel(request, week, (start) => `${pageHref(publicId)}?settimana=${start}#move-heading`) : null,
        moveAction: pageHref(publicId) + '/sposta' + (weekOf ? `?settimana=${weekOf}` : ''),
        cancelHref: `${pageHref(publicId)}/annulla`,
        error: options.error,
        notice: options.notice,
      });
  }

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId/appuntamento', async (request, reply) => {
    const done = (request.query as Record<string, unknown> | undefined)?.fatto;
    const notice = done === 'spostato' ? request.t('appointments.moved') : done === 'annullato' ? request.t('appointments.cancelled') : undefined;
    return render(request, reply, notice ? { notice } : {});
  });

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId/appuntamento.ics', async (request, reply) => {
    const found = await ownBooking(request, reply);
    if (!found) return reply;
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="appuntamento.ics"')
      .header('cache-control', 'no-store')
      .send(await bookingFile(app, request, found.booking, found.calendar));
  });

  app.post<{ Params: RequestParams }>('/area-personale/richieste/:publicId/appuntamento/sposta', async (request, reply) => {
    const found = await ownBooking(request, reply);
    if (!found) return reply;
    if (found.own.access !== 'full') throw new NotFoundError('booking');
    const slot = (request.body as FormBody | undefined)?.slot;
    if (slot === undefined || slot === '') return render(request, reply, { error: request.t('appointments.required'), status: 422 });
    try {
      await service.move(found.own.submission.id, slot);
    } catch (error) {
      if (!(error instanceof SlotTakenError)) throw error;
      return render(request, reply, { error: request.t('appointments.taken.text'), status: 409 });
    }
    return reply.redirect(`${pageHref(request.params.publicId)}?fatto=spostato`, 303);
  });

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId/appuntamento/annulla', async (request, reply) => {
    const found = await ownBooking(request, reply);
    if (!found) return reply;
    if (!found.changeable || found.own.access !== 'full') return reply.redirect(pageHref(request.params.publicId), 303);
    return reply.header('cache-control', 'no-store').view('appointments/cancel.njk', {
      pageTitle: request.t('appointments.cancel.heading'),
      text: request.t('appointments.cancel.text', { when: formatDate(found.booking.starts_at, request.locale, { withTime: true }) }),
      action: `${pageHref(request.params.publicId)}/annulla`,
      keepHref: pageHref(request.params.publicId),
    });
  });

  app.post<{ Params: RequestParams }>('/area-personale/richieste/:publicId/appuntamento/annulla', async (request, reply) => {
    const found = await ownBooking(request, reply);
    if (!found) return reply;
    if (found.own.access !== 'full') throw new NotFoundError('booking');
    await service.cancel(found.own.submission.id);
    return reply.redirect(`${pageHref(request.params.publicId)}?fatto=annullato`, 303);
  });
}
