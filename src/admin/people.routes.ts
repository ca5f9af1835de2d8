// Offices and staff (/admin/uffici, /admin/personale): lists, a new one, changes. Offices carry
// their names, contacts, opening hours and the reference of their App IO service key; staff
// members their fiscal code (the key of their digital identity), names, role (clerk or
// administrator), offices and whether they are still active. Each change is audited by the
// service; refused input shows the form again with 422 and an error summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { newOfficeInput, newStaffInput, OFFICE_FORM_ORDER, officeInput, problemsOf, STAFF_FORM_ORDER, staffInput, type InputProblem } from './admin.inputs.ts';
import type { OfficeValues } from '../catalogue/offices.service.ts';
import type { StaffMember, StaffValues } from '../identity/staff.service.ts';
import { adminNav, formErrors, noErrors, type FormErrors } from './admin.view.ts';
import { BuilderError } from './draft.ts';

const NOTICES = new Set(['saved', 'created']);

function notice(request: FastifyRequest): string | null {
  const esito = (request.query as Record<string, unknown> | undefined)?.esito;
  return typeof esito === 'string' && NOTICES.has(esito) ? request.t(`admin.notice.${esito}`) : null;
}

function refused(error: unknown): InputProblem[] {
  if (error instanceof BuilderError) return [{ input: error.input, key: error.key, params: error.params }];
  throw error;
}

export default async function peopleRoutes(app: FastifyInstance) {
  const admin = app.services.admin;
  const actor = (request: FastifyRequest) => request.user!.fiscalCode;
  const officeName = (request: FastifyRequest, o: { name_it: string; name_en: string }) => (request.locale === 'it' ? o.name_it : o.name_en);

  // ---------------------------------------------------------------- offices

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

  async function officePage(request: FastifyRequest, reply: FastifyReply, code: string | null, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    const title = code ? request.t('admin.office.editTitle', { office: String(values.nameIt ?? code) }) : request.t('admin.office.newTitle');
    return reply.status(status).view('admin/office.njk', {
      pageTitle: title,
      heading: title,
      adminNav: adminNav(request.t, 'offices'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { href: '/admin/uffici', label: request.t('admin.offices.title') }, { label: title }],
      code,
      action: code ? `/admin/uffici/${code}` : '/admin/uffici',
      values,
      ...errors,
      notice: notice(request),
    });
  }

  const officeValues = (input: { nameIt: string; nameEn: string; email: string; phone: string; address: string; hoursIt: string; hoursEn: string; ioServiceKeyRef: string }): OfficeValues => ({
    name_it: input.nameIt,
    name_en: input.nameEn,
    email: input.email,
    phone: input.phone,
    address: input.address,
    opening_hours_it: input.hoursIt,
    opening_hours_en: input.hoursEn,
    io_service_key_ref: input.ioServiceKeyRef || null,
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

  // ---------------------------------------------------------------- staff

  app.get('/admin/personale', async (request, reply) => {
    const [staff, offices] = await Promise.all([admin.listStaff(), admin.offices()]);
    const names = new Map(offices.map((o) => [o.code, officeName(request, o)]));
    return reply.view('admin/staff.njk', {
      pageTitle: request.t('admin.staff.title'),
      adminNav: adminNav(request.t, 'staff'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('admin.staff.title') }],
      staff: staff.map((s) => ({ ...s, officeNames: s.offices.map((o) => names.get(o) ?? o) })),
      notice: notice(request),
    });
  });

  async function staffPage(request: FastifyRequest, reply: FastifyReply, member: StaffMember | null, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    const offices = await admin.offices();
    const title = member ? request.t('admin.member.editTitle', { name: `${member.given_name} ${member.family_name}` }) : request.t('admin.member.newTitle');
    const selected = values.offices === undefined ? [] : Array.isArray(values.offices) ? values.offices : [values.offices];
    return reply.status(status).view('admin/staff-member.njk', {
      pageTitle: title,
      heading: title,
      adminNav: adminNav(request.t, 'staff'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { href: '/admin/personale', label: request.t('admin.staff.title') }, { label: title }],
      member,
      action: member ? `/admin/personale/${member.fiscal_code}` : '/admin/personale',
      values,
      selectedOffices: selected,
      offices: offices.map((o) => ({ value: o.code, label: officeName(request, o) })),
      isSelf: member?.fiscal_code === actor(request),
      ...errors,
      notice: notice(request),
    });
  }

  const staffValues = (input: { givenName: string; familyName: string; email: string; role: 'clerk' | 'admin'; active: boolean }, active: boolean): StaffValues => ({
    given_name: input.givenName,
    family_name: input.familyName,
    email: input.email || null,
    is_admin: input.role === 'admin',
    active,
  });

  app.get('/admin/personale/nuovo', async (request, reply) => staffPage(request, reply, null, { role: 'clerk', active: true }, noErrors));

  app.post('/admin/personale', async (request, reply) => {
    const parsed = newStaffInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error, STAFF_FORM_ORDER);
    else {
      try {
        await admin.createStaff(actor(request), parsed.data.fiscalCode, staffValues(parsed.data, true), parsed.data.offices);
        return reply.redirect(`/admin/personale/${parsed.data.fiscalCode}?esito=created`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return staffPage(request, reply, null, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });

  app.get<{ Params: { fiscalCode: string } }>('/admin/personale/:fiscalCode', async (request, reply) => {
    if (!/^[A-Z0-9]{16}$/.test(request.params.fiscalCode)) throw new NotFoundError('staff member');
    const member = await admin.staffMember(request.params.fiscalCode);
    return staffPage(request, reply, member, {
      givenName: member.given_name,
      familyName: member.family_name,
      email: member.email ?? '',
      role: member.is_admin ? 'admin' : 'clerk',
      offices: member.offices,
      active: member.active,
    }, noErrors);
  });

  app.post<{ Params: { fiscalCode: string } }>('/admin/personale/:fiscalCode', async (request, reply) => {
    if (!/^[A-Z0-9]{16}$/.test(request.params.fiscalCode)) throw new NotFoundError('staff member');
    const member = await admin.staffMember(request.params.fiscalCode);
    const parsed = staffInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error, STAFF_FORM_ORDER);
    else {
      try {
        await admin.updateStaff(actor(request), member.fiscal_code, staffValues(parsed.data, parsed.data.active), parsed.data.offices);
        return reply.redirect(`/admin/personale/${member.fiscal_code}?esito=saved`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return staffPage(request, reply, member, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });
}
