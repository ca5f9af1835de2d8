// The journey's page of a procedure that books on a calendar (/servizi/:slug/domanda/appuntamento):
// the free times of a week as radio buttons, a week at a time, and the time chosen held for the
// person. The summary sends the person here until a time is held (appointmentOfDraft); a time
// taken meanwhile shows the list again with "Questo orario non è più disponibile".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormBody } from '../forms/index.ts';
import { isCalendarDate } from '../platform/time.ts';
import { ownerOf } from '../submissions/access.ts';
import type { DraftContext } from '../submissions/drafts.service.ts';
import { draftOr, journeyBase, pageModel, redirectTo } from '../submissions/journey-view.ts';
import { HOLD_MINUTES, SlotTakenError } from './appointments.service.ts';
import { APPOINTMENT_PAGE } from './draft-appointment.ts';
import type { CalendarRow } from './appointments.table.ts';
import { placeOf, weekModel } from './appointments.view.ts';

type SlugParams = { slug: string };

/** The journey's parts with this page before the summary, as the current one. */
function withAppointmentStep(request: FastifyRequest, model: ReturnType<typeof pageModel>) {
  const items = model.journey.items.filter((item) => item.id !== 'riepilogo').map((item) => ({ ...item, status: 'done' }));
  items.push({ id: APPOINTMENT_PAGE, title: request.t('appointments.step'), status: 'current' });
  items.push({ id: 'riepilogo', title: request.t('journey.summary'), status: 'todo' });
  return { ...model, journey: { current: items.length - 1, items } };
}

export default async function appointmentJourneyRoutes(app: FastifyInstance) {
  const service = app.services.appointments;

  async function calendarOr(context: DraftContext): Promise<CalendarRow | null> {
    if (context.definition.kind !== 'prenotazione') return null;
    return (await service.calendarFor(context.procedure.slug)) ?? null;
  }

  async function render(request: FastifyRequest<{ Params: SlugParams }>, reply: FastifyReply, context: DraftContext, calendar: CalendarRow, options: { week?: string | undefined; error?: string; status?: number }) {
    const week = await service.week(calendar, options.week);
    const held = await service.holdOfDraft(context.draft.id);
    const base = `${journeyBase(context.procedure.slug)}/${APPOINTMENT_PAGE}`;
    const title = request.t('appointments.choose.title');
    const model = withAppointmentStep(request, pageModel(request, context, APPOINTMENT_PAGE, title));
    // back to the last part before this page (the summary would only send the person here again)
    const previous = model.journey.items[model.journey.items.length - 3];
    return reply
      .status(options.status ?? 200)
      .header('cache-control', 'no-store')
      .view('appointments/choose.njk', {
        ...model,
        title,
        lead: request.t('appointments.choose.lead', { minutes: HOLD_MINUTES }),
        place: await placeOf(app, calendar, request.locale),
        week: weekModel(request, week, (start) => `${base}?settimana=${start}`, held?.starts_at.toISOString()),
        action: `${base}${week.start ? `?settimana=${week.start}` : ''}`,
        error: options.error,
        backHref: `${journeyBase(context.procedure.slug)}/${previous?.id ?? 'riepilogo'}`,
      });
  }

  const weekOf = (request: FastifyRequest) => {
    const value = (request.query as Record<string, unknown> | undefined)?.settimana;
    return typeof value === 'string' && isCalendarDate(value) ? value : undefined;
  };

  app.get<{ Params: SlugParams }>(`/servizi/:slug/domanda/${APPOINTMENT_PAGE}`, async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const calendar = await calendarOr(found.context);
    if (!calendar) return redirectTo(reply, request.params.slug, 'riepilogo');
    const lost = (request.query as Record<string, unknown> | undefined)?.perso === '1';
    return render(request, reply, found.context, calendar, { week: weekOf(request), ...(lost ? { error: request.t('appointments.taken.text') } : {}) });
  });

  app.post<{ Params: SlugParams }>(`/servizi/:slug/domanda/${APPOINTMENT_PAGE}`, async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const calendar = await calendarOr(found.context);
    if (!calendar) return redirectTo(reply, request.params.slug, 'riepilogo');
    const slot = (request.body as FormBody | undefined)?.slot;
    if (slot === undefined || slot === '') return render(request, reply, found.context, calendar, { week: weekOf(request), error: request.t('appointments.required'), status: 422 });
    try {
      await service.hold({ calendarId: calendar.id, draftRef: found.context.draft.id, owner: ownerOf(found.applicant).fiscalCode, locale: request.locale, slot });
    } catch (error) {
      if (!(error instanceof SlotTakenError)) throw error;
      return render(request, reply, found.context, calendar, { week: weekOf(request), error: request.t('appointments.taken.text'), status: 409 });
    }
    return redirectTo(reply, request.params.slug, 'riepilogo');
  });
}
