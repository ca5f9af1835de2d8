// The appointment of a draft as the journey's summary sees it (src/submissions/journey-view.ts
// asks): nothing for a procedure that books on no calendar, "choose one first", or the time held.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatDate } from '../platform/format.ts';
import type { DraftContext } from '../submissions/drafts.service.ts';
import { placeOf } from './appointments.view.ts';

/** The journey's page that holds a time: /servizi/:slug/domanda/appuntamento. */
export const APPOINTMENT_PAGE = 'appuntamento';

/**
 * What the summary shows of the draft's appointment: null when the procedure books on no
 * calendar, 'choose' when no time is held yet, the time held otherwise.
 */
export async function appointmentOfDraft(app: FastifyInstance, request: FastifyRequest, context: DraftContext) {
  if (context.definition.kind !== 'prenotazione') return null;
  const calendar = await app.services.appointments.calendarFor(context.procedure.slug);
  if (!calendar) return null;
  const held = await app.services.appointments.holdOfDraft(context.draft.id);
  if (!held) return 'choose' as const;
  return {
    text: request.t('appointments.held', { when: formatDate(held.starts_at, request.locale, { withTime: true }), until: formatDate(held.held_until, request.locale, { withTime: true }) }),
    place: await placeOf(app, calendar, request.locale),
    changeHref: `/servizi/${context.procedure.slug}/domanda/${APPOINTMENT_PAGE}`,
  };
}

