// The list of procedures (/admin), with search and filters by status and office, and a new
// procedure (/admin/procedimenti/nuovo): created as a draft, then built on its own pages.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createProcedureInput, listQuery, problemsOf, type InputProblem } from './admin.inputs.ts';
import { adminNav, choices, formErrors, noErrors, procedureBase, type FormErrors } from './admin.view.ts';
import { actor, refused } from './builder-pages.ts';

export default async function procedureListRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  app.get('/admin', async (request, reply) => {
    const query = listQuery.parse(request.query);
    const { procedures, offices } = await admin.listProcedures({ q: query.q, status: query.stato, office: query.ufficio });
    return reply.view('admin/list.njk', {
      pageTitle: request.t('admin.title'),
      adminNav: adminNav(request.t, 'procedures'),
      breadcrumbs: [{ label: request.t('admin.title') }],
      procedures: procedures.map((p) => ({ ...p, title: request.locale === 'it' ? p.title_it : p.title_en || p.title_it, officeName: (request.locale === 'it' ? p.office_name_it : p.office_name_en) ?? p.office_code, href: procedureBase(p.id) })),
      offices: offices.map((o) => ({ value: o.code, label: request.locale === 'it' ? o.name_it : o.name_en })),
      query,
      statuses: ['published', 'draft', 'archived'].map((s) => ({ value: s, label: request.t(`admin.status.${s}`) })),
    });
  });

  async function newPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    const offices = await admin.offices();
    return reply.status(status).view('admin/new-procedure.njk', {
      pageTitle: request.t('admin.new.title'),
      adminNav: adminNav(request.t, 'procedures'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('admin.new.title') }],
      values,
      ...errors,
      choices: choices(request.t, offices, request.locale),
    });
  }

  app.get('/admin/procedimenti/nuovo', async (request, reply) => newPage(request, reply, { audience: 'citizens' }, noErrors));

  app.post('/admin/procedimenti', async (request, reply) => {
    const parsed = createProcedureInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error);
    else {
      const input = parsed.data;
      try {
        const id = await admin.createProcedure(actor(request), {
          slug: input.slug,
          title: { it: input.titleIt, en: input.titleEn },
          area: input.area,
          audience: input.audience,
          office: input.office,
        });
        return reply.redirect(`${procedureBase(id)}?esito=created`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return newPage(request, reply, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });
}
