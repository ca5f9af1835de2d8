// Offices (/admin/uffici): the list, a new one, changes. An office carries its names, contacts,
// opening hours and the reference of its App IO service key. Each change is audited by the
// service; refused input shows the form again with 422 and an error summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newOfficeInput, OFFICE_FORM_ORDER, officeInput, problemsOf, type InputProblem } from './admin.inputs.ts';
import type { OfficeValues } from '../catalogue/offices.service.ts';
import { adminNav, formErrors, noErrors, type FormErrors } from './admin.view.ts';
import { actor, refused } from './builder-pages.ts';
import { notice, officeName, personFrame } from './people-pages.ts';

type OfficeInput = { nameIt: string; nameEn: string; email: string; phone: string; address: string; hoursIt: string; hoursEn: string; ioServiceKeyRef: string };

const officeValues = (input: OfficeInput): OfficeValues => ({
  name_it: input.nameIt,
  name_en: input.nameEn,
  email: input.email,
  phone: input.phone,
  address: input.address,
  opening_hours_it: input.hoursIt,
  opening_hours_en: input.hoursEn,
  io_service_key_ref: input.ioServiceKeyRef || null,
});

function officePage(request: FastifyRequest, reply: FastifyReply, code: string | null, values: Record<string, unknown>, errors: FormErrors, status = 200) {
  const title = code ? request.t('admin.office.editTitle', { office: String(values.nameIt ?? code) }) : request.t('admin.office.newTitle');
  return reply.status(status).view('admin/office.njk', {
    ...personFrame(request, 'offices', title),
    code,
    action: code ? `/admin/uffici/${code}` : '/admin/uffici',
    values,
    ...errors,
  });
}

export default async function officesRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  app.get('/admin/uffici', async (request, reply) => {
    const offices = await admin.listOffices();
    return reply.view('admin/offices.njk', {
      pageTitle: request.t('admin.offices.title'),
      adminNav: adminNav(request.t, 'offices'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('admin.offices.title') }],
      offices: offices.map((o) => ({ ...o, name: officeName(request, o) })),
      notice: notice(request),
    });
  });

  app.get('/admin/uffici/nuovo', async (request, reply) => officePage(request, reply, null, {}, noErrors));

  app.post('/admin/uffici', async (request, reply) => {
    const parsed = newOfficeInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error, OFFICE_FORM_ORDER);
    else {
      try {
        await admin.createOffice(actor(request), parsed.data.code, officeValues(parsed.data));
        return reply.redirect(`/admin/uffici/${parsed.data.code}?esito=created`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return officePage(request, reply, null, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });

  app.get<{ Params: { code: string } }>('/admin/uffici/:code', async (request, reply) => {
    const office = await admin.office(request.params.code);
    return officePage(request, reply, office.code, {
      nameIt: office.name_it,
      nameEn: office.name_en,
      email: office.email,
      phone: office.phone,
      address: office.address,
      hoursIt: office.opening_hours_it,
      hoursEn: office.opening_hours_en,
      ioServiceKeyRef: office.io_service_key_ref ?? '',
    }, noErrors);
  });

  app.post<{ Params: { code: string } }>('/admin/uffici/:code', async (request, reply) => {
    const office = await admin.office(request.params.code);
    const parsed = officeInput.safeParse(request.body);
    if (!parsed.success) return officePage(request, reply, office.code, request.body as Record<string, unknown>, formErrors(problemsOf(parsed.error, OFFICE_FORM_ORDER), request.t), 422);
    await admin.updateOffice(actor(request), office.code, officeValues(parsed.data));
    return reply.redirect(`/admin/uffici/${office.code}?esito=saved`, 303);
  });
}
