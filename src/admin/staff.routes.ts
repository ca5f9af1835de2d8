// Staff (/admin/personale): the list, a new member, changes. A staff member carries a fiscal
// code (the key of their digital identity), names, role (clerk or administrator), offices (their
// role inside each is set on its own page, staff-roles.routes.ts), the
// help desk of an operator and whether they are still active; their pages are addressed by an internal id
// (/admin/personale/12), so that no fiscal code travels in an address. Each change is audited by the service; refused input shows the
// form again with 422 and an error summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { queryId } from '../platform/input.ts';
import { newStaffInput, problemsOf, STAFF_FORM_ORDER, staffInput, type InputProblem } from './admin.inputs.ts';
import type { StaffMember, StaffValues } from '../identity/staff.service.ts';
import { adminNav, formErrors, noErrors, type FormErrors } from './admin.view.ts';
import { actor, refused } from './builder-pages.ts';
import { notice, officeName, personFrame } from './people-pages.ts';

type StaffInput = { givenName: string; familyName: string; email: string; role: 'clerk' | 'admin'; desk: string; active: boolean };

const staffValues = (input: StaffInput, active: boolean): StaffValues => ({
  given_name: input.givenName,
  family_name: input.familyName,
  email: input.email || null,
  is_admin: input.role === 'admin',
  desk_code: input.desk || null,
  active,
});

const memberId = queryId();

/** An office's name, with the member's role there when it is not a clerk's ("Anagrafe (Dirigente)"). */
const roleSuffixed = (request: FastifyRequest, name: string, role: string | undefined) => (role && role !== 'clerk' ? `${name} (${request.t(`admin.staffRoles.role.${role}`)})` : name);
const memberHref = (id: number) => `/admin/personale/${id}`;

/** The member's internal id from the URL (never their fiscal code: addresses end up in logs); anything else is no member's page. */
function memberIdOf(params: { staffId: string }): number {
  const id = memberId.safeParse(params.staffId);
  if (!id.success) throw new NotFoundError('staff member');
  return id.data;
}

export default async function staffRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  app.get('/admin/personale', async (request, reply) => {
    const [staff, offices, desks] = await Promise.all([admin.listStaff(), admin.offices(), admin.helpDesks()]);
    const names = new Map(offices.map((o) => [o.code, officeName(request, o)]));
    const deskNames = new Map(desks.map((d) => [d.code, request.locale === 'it' ? d.name_it : d.name_en]));
    return reply.view('admin/staff.njk', {
      pageTitle: request.t('admin.staff.title'),
      adminNav: adminNav(request.t, 'staff'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('admin.staff.title') }],
      staff: staff.map((s) => ({ ...s, officeNames: s.offices.map((o) => roleSuffixed(request, names.get(o) ?? o, s.office_roles[o])), deskName: s.desk_code ? (deskNames.get(s.desk_code) ?? s.desk_code) : null })),
      notice: notice(request),
    });
  });

  async function staffPage(request: FastifyRequest, reply: FastifyReply, member: StaffMember | null, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    const [offices, desks] = await Promise.all([admin.offices(), admin.helpDesks()]);
    const title = member ? request.t('admin.member.editTitle', { name: `${member.given_name} ${member.family_name}` }) : request.t('admin.member.newTitle');
    const selected = values.offices === undefined ? [] : Array.isArray(values.offices) ? values.offices : [values.offices];
    return reply.status(status).view('admin/staff-member.njk', {
      ...personFrame(request, 'staff', title),
      member,
      action: member ? memberHref(member.id) : '/admin/personale',
      values,
      selectedOffices: selected,
      offices: offices.map((o) => ({ value: o.code, label: officeName(request, o) })),
      desks: desks.map((d) => ({ value: d.code, label: request.locale === 'it' ? d.name_it : d.name_en })),
      isSelf: member?.fiscal_code === actor(request),
      ...errors,
    });
  }

  app.get('/admin/personale/nuovo', async (request, reply) => staffPage(request, reply, null, { role: 'clerk', active: true }, noErrors));

  app.post('/admin/personale', async (request, reply) => {
    const parsed = newStaffInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error, STAFF_FORM_ORDER);
    else {
      try {
        const id = await admin.createStaff(actor(request), parsed.data.fiscalCode, staffValues(parsed.data, true), parsed.data.offices);
        return reply.redirect(`${memberHref(id)}?esito=created`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return staffPage(request, reply, null, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });

  app.get<{ Params: { staffId: string } }>('/admin/personale/:staffId', async (request, reply) => {
    const member = await admin.staffMember(memberIdOf(request.params));
    return staffPage(request, reply, member, {
      givenName: member.given_name,
      familyName: member.family_name,
      email: member.email ?? '',
      role: member.is_admin ? 'admin' : 'clerk',
      offices: member.offices,
      desk: member.desk_code ?? '',
      active: member.active,
    }, noErrors);
  });

  app.post<{ Params: { staffId: string } }>('/admin/personale/:staffId', async (request, reply) => {
    const member = await admin.staffMember(memberIdOf(request.params));
    const parsed = staffInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error, STAFF_FORM_ORDER);
    else {
      try {
        await admin.updateStaff(actor(request), member.fiscal_code, staffValues(parsed.data, parsed.data.active), parsed.data.offices);
        return reply.redirect(`${memberHref(member.id)}?esito=saved`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return staffPage(request, reply, member, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });
}
