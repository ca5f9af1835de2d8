// The office's side of appointments (/backoffice/appuntamenti): the calendars of the clerk's
// offices, a calendar's list of the day (time, person, procedure, link to the case; printable),
// the clerk marking an appointment done or not attended; and the calendars' form, for the head
// of the office or an administrator. Denied by default: another office's calendar is a 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canAdminister, canUseBackoffice, requireStaff } from '../identity/policies.ts';
import type { User } from '../identity/user.ts';
import { formatDate } from '../platform/format.ts';
import { NotFoundError } from '../platform/errors.ts';
import { parseQuery } from '../platform/input.ts';
import { romeDate, isCalendarDate } from '../platform/time.ts';
import type { CalendarRow } from './appointments.table.ts';
import { calendarName } from './appointments.view.ts';
import { managedOffices } from './calendars.service.ts';
import { isOpenDay } from './slots.ts';
import { rulesOf } from './appointments.service.ts';

const BASE = '/backoffice/appuntamenti';
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const outcomeParams = idParams.extend({ bookingId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const dayQuery = z.object({ giorno: z.string().refine(isCalendarDate).optional(), salvato: z.string().optional() });
const outcomeBody = z.object({ outcome: z.enum(['done', 'no_show', 'booked']), giorno: z.string().refine(isCalendarDate) });

/** Staff who read a day list (a clerk of the office) or manage calendars (a head, an administrator). */
const mayEnter = (user: User) => canUseBackoffice(user) || canAdminister(user);

export default async function appointmentBackofficeRoutes(app: FastifyInstance) {
  const service = app.services.appointments;
  const calendars = app.services.calendars;
  const guard = { preHandler: requireStaff(mayEnter) };

  async function allOfficeCodes() {
    return (await calendars.offices()).map((o) => o.code);
  }

  /** A calendar of an office the clerk works in (404 otherwise). */
  async function seenCalendar(request: FastifyRequest, id: number): Promise<CalendarRow> {
    const calendar = await calendars.find(id);
    if (!calendar || !canUseBackoffice(request.user) || !request.user!.offices.includes(calendar.office_code)) throw new NotFoundError('calendar');
    return calendar;
  }

  app.get(BASE, guard, async (request, reply) => {
    const user = request.user!;
    const managed = managedOffices(user, await allOfficeCodes());
    const seen = canUseBackoffice(user) ? user.offices : [];
    const rows = await calendars.list([...new Set([...seen, ...managed])]);
    return reply.header('cache-control', 'no-store').view('appointments/backoffice-list.njk', {
      pageTitle: request.t('appointments.bo.title'),
      calendars: rows.map((c) => ({
        name: calendarName(c, request.locale),
        office: c.office_code,
        procedures: c.procedure_slugs.join(', '),
        dayHref: seen.includes(c.office_code) ? `${BASE}/${c.id}` : null,
        editHref: managed.includes(c.office_code) ? `${BASE}/calendari/${c.id}` : null,
      })),
      newHref: managed.length > 0 ? `${BASE}/calendari/nuovo` : null,
      isClerk: canUseBackoffice(user),
    });
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, guard, async (request, reply) => {
    const { id } = parseQuery(idParams, request.params);
    const calendar = await seenCalendar(request, id);
    const query = parseQuery(dayQuery, request.query);
    const day = query.giorno ?? romeDate(app.services.clock());
    const list = await service.dayList(id, day);
    const readOnly = request.user!.auditorOf.includes(calendar.office_code);
    return reply.header('cache-control', 'no-store').view('appointments/day.njk', {
      pageTitle: `${request.t('appointments.bo.dayList')} - ${calendarName(calendar, request.locale)}`,
      calendarName: calendarName(calendar, request.locale),
      day,
      caption: request.t('appointments.bo.caption', { day: formatDate(day, request.locale), calendar: calendarName(calendar, request.locale) }),
      closed: !isOpenDay(rulesOf(calendar), day),
      action: `${BASE}/${id}`,
      rows: list.rows.map((b) => ({
        id: b.id,
        time: formatDate(b.starts_at, request.locale, { withTime: true }).split(/\s/).pop(),
        person: b.person_name ?? '',
        procedure: b.procedure_slug ?? '',
        caseHref: b.public_id ? `/backoffice/pratiche/${b.public_id}` : null,
        status: b.status,
        statusLabel: request.t(`appointments.status.${b.status}`),
        outcomeAction: readOnly ? null : `${BASE}/${id}/prenotazioni/${b.id}`,
      })),
    });
  });

  app.post<{ Params: { id: string; bookingId: string } }>(`${BASE}/:id/prenotazioni/:bookingId`, guard, async (request, reply) => {
    const { id, bookingId } = parseQuery(outcomeParams, request.params);
    const calendar = await seenCalendar(request, id);
    if (request.user!.auditorOf.includes(calendar.office_code)) throw new NotFoundError('calendar');
    const body = parseQuery(outcomeBody, request.body);
    await service.setOutcome(id, bookingId, body.outcome);
    return reply.redirect(`${BASE}/${id}?giorno=${body.giorno}`, 303);
  });

}
