// The administration area (/admin), for administrators only: anyone else logged in gets 404 on
// every page and action (before any other check, so not even a form's token tells them it
// exists); someone not logged in is sent to log in. Here: the list of procedures, a new
// procedure, import of a definition file, the audit of changes and the builder's small script;
// the builder's pages and the offices and staff pages are the two plugins registered below.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { requireAdmin } from '../identity/policies.ts';
import { createProcedureInput, importInput, listQuery, pageQuery, problemsOf, type InputProblem } from './admin.inputs.ts';
import { ImportRefusedError } from './procedures.service.ts';
import { adminNav, choices, formErrors, noErrors, procedureBase, type FormErrors } from './admin.view.ts';
import builderRoutes from './builder.routes.ts';
import peopleRoutes from './people.routes.ts';
import { BuilderError } from './draft.ts';

const CLIENT_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'builder.client.js');
const MAX_IMPORT_BYTES = 512 * 1024;

function isAdminUrl(url: string): boolean {
  return url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');
}

/**
 * The guard of the whole /admin area, also of the pages other domains put there (the
 * notifications outbox): registered at the root (app.ts, right after identity), onRequest, so
 * that it runs before the body is read and before the CSRF check, and nobody but an
 * administrator learns anything from /admin, not even that a form exists there.
 */
export const adminGuard = fp(
  async (app: FastifyInstance) => {
    const guard = requireAdmin();
    app.addHook('onRequest', async function adminAreaGuard(request, reply) {
      if (isAdminUrl(request.url)) await guard.call(this, request, reply);
    });
  },
  { name: 'admin-guard', dependencies: ['identity'] },
);

export default async function adminRoutes(app: FastifyInstance) {
  // the same guard on this plugin's own routes, whatever else is registered
  app.addHook('onRequest', requireAdmin());
  const admin = app.services.admin;
  const actor = (request: FastifyRequest) => request.user!.fiscalCode;
  let script: string | null = null;

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

  // ---- a new procedure

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
        if (!(error instanceof BuilderError)) throw error;
        problems = [{ input: error.input, key: error.key, params: error.params }];
      }
    }
    return newPage(request, reply, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });

  // ---- import

  async function importPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200, problems: string[] = []) {
    return reply.status(status).view('admin/import.njk', {
      pageTitle: request.t('admin.import.title'),
      adminNav: adminNav(request.t, 'import'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('admin.import.title') }],
      values,
      ...errors,
      problems,
      // multipart bodies are streamed: their CSRF token travels in the URL
      uploadAction: `/admin/importa?_csrf=${encodeURIComponent(reply.generateCsrf())}`,
    });
  }

  app.get('/admin/importa', async (request, reply) => importPage(request, reply, {}, noErrors));

  app.post('/admin/importa', async (request, reply) => {
    let body: Record<string, unknown> = {};
    let fileName = 'import.yaml';
    if (request.isMultipart()) {
      for await (const part of request.parts({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } })) {
        if (part.type === 'field') {
          body[part.fieldname] = String(part.value);
        } else if (part.filename) {
          const bytes = await part.toBuffer();
          if (part.file.truncated) {
            return importPage(request, reply, {}, formErrors([{ input: 'file', key: 'admin.import.tooLarge' }], request.t), 422);
          }
          if (bytes.length > 0) {
            body.text = bytes.toString('utf8');
            fileName = part.filename.replace(/[^\w.-]/g, '_').slice(0, 100) || fileName;
          }
        } else {
          part.file.resume();
        }
      }
    } else {
      body = (request.body as Record<string, unknown> | undefined) ?? {};
    }
    const parsed = importInput.safeParse(body);
    if (!parsed.success) return importPage(request, reply, body, formErrors(problemsOf(parsed.error), request.t), 422);
    if (!parsed.data.text) return importPage(request, reply, body, formErrors([{ input: 'file', key: 'admin.import.empty' }], request.t), 422);
    try {
      const result = await admin.importDefinition(actor(request), parsed.data.text, fileName, parsed.data.replace);
      return reply.redirect(`${procedureBase(result.id)}?esito=imported`, 303);
    } catch (error) {
      if (error instanceof ImportRefusedError) {
        const summary = { title: request.t('admin.import.refused', { count: error.problems.length }), items: error.problems.map((p) => ({ href: '#b-text', text: p })) };
        return importPage(request, reply, body, { errors: { text: request.t('admin.import.fix') }, summary }, 422, error.problems);
      }
      if (error instanceof BuilderError) return importPage(request, reply, body, formErrors([{ input: error.input, key: error.key, params: error.params }], request.t), 422);
      throw error;
    }
  });

  // ---- audit

  app.get('/admin/registro', async (request, reply) => {
    const { pagina } = pageQuery.parse(request.query);
    const { rows, more } = await admin.auditLog({}, pagina);
    return reply.view('admin/audit.njk', {
      pageTitle: request.t('admin.audit.title'),
      adminNav: adminNav(request.t, 'audit'),
      breadcrumbs: [{ href: '/admin', label: request.t('admin.title') }, { label: request.t('admin.audit.title') }],
      rows: rows.map((row) => ({
        ...row,
        actionText: actionText(request, row.action),
        subjectHref: row.subject_type === 'procedure' ? procedureBase(Number(row.subject_id)) : row.subject_type === 'office' ? `/admin/uffici/${row.subject_id}` : `/admin/personale/${row.subject_id}`,
        detailText: detailText(row.details),
      })),
      page: pagina,
      more,
    });
  });

  // ---- the builder's script (progressive enhancement; every page works without it)

  app.get('/admin/builder.js', async (_request, reply) => {
    script ??= await readFile(CLIENT_SCRIPT, 'utf8');
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'private, max-age=300').send(script);
  });

  await app.register(builderRoutes);
  await app.register(peopleRoutes);

}

function actionText(request: FastifyRequest, action: string): string {
  try {
    return request.t(`admin.audit.action.${action}`);
  } catch {
    return action;
  }
}

/** The details of an audit entry in one line: "name_it: «A» → «B»; version: 3". */
function detailText(details: Record<string, unknown>): string {
  const show = (v: unknown) => (typeof v === 'string' ? `«${v}»` : JSON.stringify(v));
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details ?? {})) {
    if (key === 'changes' && value && typeof value === 'object') {
      for (const [field, pair] of Object.entries(value as Record<string, [unknown, unknown]>)) parts.push(`${field}: ${show(pair[0])} → ${show(pair[1])}`);
    } else if (key === 'values' && value && typeof value === 'object') {
      parts.push(Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${show(v)}`).join(', '));
    } else {
      parts.push(`${key}: ${show(value)}`);
    }
  }
  return parts.join('; ');
}
