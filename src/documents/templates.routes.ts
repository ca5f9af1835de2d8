// The administrators' template pages (/admin/modelli, /admin/procedimenti/:id/modelli/...):
// the procedures, a procedure's templates, one template's editor with its preview against a
// sample case and its versions. Behind the /admin guard (admin.routes.ts adminGuard). A template
// the sandbox refuses is shown again with 422 and the reason; each save is a new version.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import { adminNav } from '../admin/admin.view.ts';
import { formatDate } from '../platform/format.ts';
import { restoreInput, templateInput, templateParams } from './documents.inputs.ts';
import { TemplateInvalidError } from './templates.service.ts';

type Params = { id: string; purpose: string; locale: string };
type Problem = { field: string; message: string };

const frame = (request: FastifyRequest, title: string) => ({
  pageTitle: title,
  adminNav: adminNav(request.t, 'templates'),
  breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { href: '/admin/modelli', label: request.t('documents.admin.title') }, { label: title }],
});

const summaryOf = (request: FastifyRequest, problems: Problem[]) => (problems.length ? { title: request.t('documents.error.summary'), items: problems.map((p) => ({ href: `#template-${p.field}`, text: p.message })) } : null);

function zodProblems(request: FastifyRequest, error: ZodError): Problem[] {
  return error.issues.map((issue) => (issue.path[0] === 'titolo' ? { field: 'titolo', message: request.t('documents.error.title') } : { field: 'testo', message: request.t('documents.error.body') }));
}

export function templateProblemText(request: FastifyRequest, error: TemplateInvalidError): string {
  return request.t(`documents.error.${error.problem.kind}`, { detail: error.problem.detail });
}

export default async function templatesRoutes(app: FastifyInstance) {
  const templates = app.services.documents.templates;

  app.get('/admin/modelli', async (request, reply) => {
    const procedures = await templates.procedures();
    return reply.view('documents/admin-list.njk', { ...frame(request, request.t('documents.admin.title')), procedures: procedures.map((p) => ({ id: p.id, title: request.locale === 'it' ? p.title_it : p.title_en })) });
  });

  app.get<{ Params: { id: string } }>('/admin/procedimenti/:id/modelli', async (request, reply) => {
    const { id } = templateParams.pick({ id: true }).parse(request.params);
    const { procedure, purposes } = await templates.procedureTemplates(id);
    const title = request.locale === 'it' ? procedure.title_it : procedure.title_en;
    return reply.view('documents/admin-procedure.njk', { ...frame(request, request.t('documents.admin.procedureTitle', { procedure: title })), procedureId: id, purposes: purposes.map((p) => ({ ...p, label: p.name[request.locale] })) });
  });

  /** The editor: the text in force (or the posted one), its preview, its versions. */
  async function editor(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, posted: { titolo: string; testo: string } | null, problems: Problem[], preview: { title: string; html: string } | null, status = 200) {
    const { id, purpose, locale } = templateParams.parse(request.params);
    const data = await templates.template(id, purpose, locale);
    const procedureTitle = request.locale === 'it' ? data.procedure.title_it : data.procedure.title_en;
    const title = request.t('documents.admin.editTitle', { purpose: data.purpose.name[request.locale], locale: locale.toUpperCase(), procedure: procedureTitle });
    const esito = (request.query as Record<string, string>).esito;
    const version = Number((request.query as Record<string, string>).versione);
    return reply.status(status).view('documents/admin-template.njk', {
      ...frame(request, title),
      action: `/admin/procedimenti/${id}/modelli/${purpose}/${locale}`,
      values: posted ?? { titolo: data.current.title, testo: data.current.body },
      current: data.current,
      versions: data.versions.map((v) => ({ ...v, when: formatDate(v.saved_at, request.locale, { withTime: true }) })),
      errors: Object.fromEntries(problems.map((p) => [p.field, p.message])),
      summary: summaryOf(request, problems),
      preview,
      notice: esito === 'saved' || esito === 'restored' ? request.t(`documents.admin.${esito}`, { version }) : null,
    });
  }

  app.get<{ Params: Params }>('/admin/procedimenti/:id/modelli/:purpose/:locale', (request, reply) => editor(request, reply, null, [], null));

  /** Save (a new version) or, with the preview button, the preview only. */
  app.post<{ Params: Params }>('/admin/procedimenti/:id/modelli/:purpose/:locale', async (request, reply) => {
    const { id, purpose, locale } = templateParams.parse(request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const posted = { titolo: String(body.titolo ?? ''), testo: String(body.testo ?? '') };
    const parsed = templateInput.safeParse(body);
    if (!parsed.success) return editor(request, reply, posted, zodProblems(request, parsed.error), null, 422);
    const text = { title: parsed.data.titolo, body: parsed.data.testo };
    try {
      if (body.anteprima !== undefined) {
        const merged = await templates.preview(id, purpose, locale, text);
        return editor(request, reply, posted, [], { title: merged.title, html: merged.html });
      }
      const version = await templates.save({ fiscalCode: request.user!.fiscalCode, name: request.user!.displayName }, id, purpose, locale, text);
      return reply.redirect(`/admin/procedimenti/${id}/modelli/${purpose}/${locale}?esito=saved&versione=${version}`, 303);
    } catch (error) {
      if (error instanceof TemplateInvalidError) return editor(request, reply, posted, [{ field: 'testo', message: templateProblemText(request, error) }], null, 422);
      throw error;
    }
  });

  app.post<{ Params: Params }>('/admin/procedimenti/:id/modelli/:purpose/:locale/ripristina', async (request, reply) => {
    const { id, purpose, locale } = templateParams.parse(request.params);
    const { versione } = restoreInput.parse(request.body ?? {});
    const version = await templates.restore({ fiscalCode: request.user!.fiscalCode, name: request.user!.displayName }, id, purpose, locale, versione);
    return reply.redirect(`/admin/procedimenti/${id}/modelli/${purpose}/${locale}?esito=restored&versione=${version}`, 303);
  });
}
