// The booking calendars' form (/backoffice/appuntamenti/calendari/...): names, office,
// procedures, weekly hours, slot length, capacity, window, closures and patron saint. For the
// head of the calendar's office or an administrator; anyone else gets a 404. A refused form is
// shown again with 422 and an error summary; a saved one redirects (303), audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canAdminister, canUseBackoffice, requireStaff } from '../identity/policies.ts';
import type { User } from '../identity/user.ts';
import { NotFoundError } from '../platform/errors.ts';
import { parseQuery } from '../platform/input.ts';
import type { CalendarRow } from './appointments.table.ts';
import { formOf, managedOffices, WEEKDAYS, type CalendarForm } from './calendars.service.ts';

const BASE = '/backoffice/appuntamenti';
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const mayEnter = (user: User) => canUseBackoffice(user) || canAdminister(user);

export default async function calendarFormRoutes(app: FastifyInstance) {
  const calendars = app.services.calendars;
  const guard = { preHandler: requireStaff(mayEnter) };
  const allOfficeCodes = async () => (await calendars.offices()).map((o) => o.code);

  // ---- the calendars' form (head of the office, administrator)
  async function formPage(request: FastifyRequest, id: number | undefined, form: CalendarForm, refused: string[] = [], saved = false) {
    const offices = (await calendars.offices()).filter((o) => managedOffices(request.user!, [o.code]).length > 0);
    return {
      pageTitle: id === undefined ? request.t('appointments.form.titleNew') : request.t('appointments.form.titleEdit', { name: form.nameIt ?? '' }),
      action: id === undefined ? `${BASE}/calendari/nuovo` : `${BASE}/calendari/${id}`,
      form,
      offices: offices.map((o) => ({ value: o.code, label: request.locale === 'it' ? o.name_it : o.name_en })),
      weekdays: WEEKDAYS.map((d) => ({ name: `hours${d}`, label: request.t(`appointments.weekday.${d}`) })),
      refused,
      errors: refused.map((field) => ({ href: `#c-${field}`, text: request.t('appointments.form.bad', { field: request.t(fieldLabel(field)) }) })),
      saved,
    };
  }

  async function editable(request: FastifyRequest, id: number): Promise<CalendarRow> {
    const calendar = await calendars.find(id);
    if (!calendar || managedOffices(request.user!, [calendar.office_code]).length === 0) throw new NotFoundError('calendar');
    return calendar;
  }

  app.get(`${BASE}/calendari/nuovo`, guard, async (request, reply) => {
    if (managedOffices(request.user!, await allOfficeCodes()).length === 0) throw new NotFoundError('calendar');
    return reply.header('cache-control', 'no-store').view('appointments/calendar-form.njk', await formPage(request, undefined, formOf(undefined)));
  });

  app.get<{ Params: { id: string } }>(`${BASE}/calendari/:id`, guard, async (request, reply) => {
    const { id } = parseQuery(idParams, request.params);
    const calendar = await editable(request, id);
    const saved = (request.query as Record<string, unknown> | undefined)?.salvato === '1';
    return reply.header('cache-control', 'no-store').view('appointments/calendar-form.njk', await formPage(request, id, formOf(calendar), [], saved));
  });

  async function save(request: FastifyRequest, id: number | undefined) {
    const managed = managedOffices(request.user!, await allOfficeCodes());
    if (managed.length === 0) throw new NotFoundError('calendar');
    const form = Object.fromEntries(Object.entries((request.body as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : ''])) as CalendarForm;
    return { form, result: await calendars.save(request.user!.fiscalCode, id, form, managed) };
  }

  app.post(`${BASE}/calendari/nuovo`, guard, async (request, reply) => {
    const { form, result } = await save(request, undefined);
    if ('refused' in result) return reply.status(422).view('appointments/calendar-form.njk', await formPage(request, undefined, form, result.refused));
    return reply.redirect(`${BASE}/calendari/${result.id}?salvato=1`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/calendari/:id`, guard, async (request, reply) => {
    const { id } = parseQuery(idParams, request.params);
    await editable(request, id);
    const { form, result } = await save(request, id);
    if ('refused' in result) return reply.status(422).view('appointments/calendar-form.njk', await formPage(request, id, form, result.refused));
    return reply.redirect(`${BASE}/calendari/${id}?salvato=1`, 303);
  });
}

function fieldLabel(field: string): string {
  if (field.startsWith('hours')) return `appointments.weekday.${field.slice(5)}`;
  const labels: Record<string, string> = {
    officeCode: 'office',
    nameIt: 'nameIt',
    nameEn: 'nameEn',
    procedures: 'procedures',
    slotMinutes: 'slotMinutes',
    capacity: 'capacity',
    windowFromDays: 'windowFrom',
    windowToDays: 'windowTo',
    cutoffHours: 'cutoff',
    patronDay: 'patron',
    closures: 'closures',
  };
  return `appointments.form.${labels[field] ?? field}`;
}
