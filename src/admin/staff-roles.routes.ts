// A member's roles inside their offices (/admin/personale/:id/ruoli): per office the role
// (clerk, head of office, auditor) and, optionally, the only procedures of that office they
// handle. The form posts to a confirmation page that lists the result; only the confirmed post
// (conferma=si) writes, audited by the service. Refused input (an office not the member's, an
// unknown role or procedure) shows the form again with 422 and an error summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { queryId } from '../platform/input.ts';
import { problemsOf, staffRolesInput, type InputProblem } from './admin.inputs.ts';
import { formErrors, noErrors } from './admin.view.ts';
import { actor, refused } from './builder-pages.ts';
import type { OfficeRoleForm, RequestedOfficeRole } from './staff-roles.service.ts';
import { officeName, personFrame } from './people-pages.ts';
import type { StaffMember } from '../identity/staff.service.ts';

type Params = { staffId: string };
const memberId = queryId();

const rolesHref = (id: number) => `/admin/personale/${id}/ruoli`;

/** What the form shows for each office: its role and procedures (as stored, or as posted). */
function officeModels(request: FastifyRequest, forms: OfficeRoleForm[], posted: Record<string, RequestedOfficeRole> | null) {
  const t = request.t;
  return forms.map((f) => {
    const name = officeName(request, f.office);
    const wanted = posted?.[f.office.code];
    return {
      code: f.office.code,
      name,
      role: wanted ? (wanted.role ?? '') : f.role,
      selected: wanted ? wanted.procedures : f.procedures.map(String),
      roleOptions: (['clerk', 'head', 'auditor'] as const).map((value) => ({ value, label: t(`admin.staffRoles.role.${value}`) })),
      procedureOptions: f.options.map((p) => ({ value: String(p.id), label: request.locale === 'it' ? p.title_it : p.title_en })),
    };
  });
}

export default async function staffRolesRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  async function memberOf(params: Params): Promise<StaffMember> {
    const id = memberId.safeParse(params.staffId);
    if (!id.success) throw new NotFoundError('staff member');
    return admin.staffMember(id.data);
  }

  async function rolesPage(request: FastifyRequest, reply: FastifyReply, member: StaffMember, posted: Record<string, RequestedOfficeRole> | null, problems: InputProblem[] = [], status = 200) {
    const forms = await admin.staffRoles(member.fiscal_code);
    // the refusals name an office by its code; the reader sees its name in their language
    const names = new Map(forms.map((f) => [f.office.code, officeName(request, f.office)]));
    const named = problems.map((p) => (typeof p.params?.office === 'string' && names.has(p.params.office) ? { ...p, params: { ...p.params, office: names.get(p.params.office)! } } : p));
    const errors = named.length > 0 ? formErrors(named, request.t) : noErrors;
    const title = request.t('admin.staffRoles.title', { name: `${member.given_name} ${member.family_name}` });
    return reply.status(status).view('admin/staff-roles.njk', {
      ...personFrame(request, 'staff', title),
      member,
      action: rolesHref(member.id),
      memberHref: `/admin/personale/${member.id}`,
      offices: officeModels(request, forms, posted),
      ...errors,
    });
  }

  app.get<{ Params: Params }>('/admin/personale/:staffId/ruoli', async (request, reply) => rolesPage(request, reply, await memberOf(request.params), null));

  app.post<{ Params: Params }>('/admin/personale/:staffId/ruoli', async (request, reply) => {
    const member = await memberOf(request.params);
    const parsed = staffRolesInput.safeParse(request.body ?? {});
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error);
    else {
      const { offices, confirmed } = parsed.data;
      try {
        if (confirmed) {
          await admin.setStaffRoles(actor(request), member.fiscal_code, offices);
          return reply.redirect(`/admin/personale/${member.id}?esito=saved`, 303);
        }
        const check = await admin.checkStaffRoles(member.fiscal_code, offices);
        const title = request.t('admin.staffRoles.confirmTitle', { name: `${member.given_name} ${member.family_name}` });
        const models = officeModels(request, check.forms, offices);
        return reply.view('admin/staff-roles-confirm.njk', {
          ...personFrame(request, 'staff', title),
          action: rolesHref(member.id),
          backHref: rolesHref(member.id),
          changed: check.changed.length > 0,
          rows: check.rows.map((row, i) => ({
            office: models[i]!.name,
            code: row.office_code,
            role: row.role,
            roleLabel: request.t(`admin.staffRoles.role.${row.role}`),
            procedures: row.procedures,
            procedureLabels: row.procedures.map((id) => models[i]!.procedureOptions.find((o) => o.value === String(id))?.label ?? String(id)),
            changed: check.changed.includes(row.office_code),
          })),
        });
      } catch (error) {
        problems = refused(error);
      }
    }
    return rolesPage(request, reply, member, parsed.success ? parsed.data.offices : null, problems, 422);
  });
}
