// Import of a definition file (/admin/importa): uploaded or pasted, it becomes a procedure's
// draft (a new procedure, or replacing the draft of the one with the same address when asked);
// a refused file is shown again with its problems listed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importInput, problemsOf } from './admin.inputs.ts';
import { DEFINITION_FILE_LIMITS } from '../catalogue/definition-files.ts';
import { ImportRefusedError } from './procedures.service.ts';
import { adminNav, formErrors, noErrors, procedureBase, type FormErrors } from './admin.view.ts';
import { actor, refused } from './builder-pages.ts';

const MAX_IMPORT_BYTES = DEFINITION_FILE_LIMITS.maxBytes;

function importPage(request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, status = 200, problems: string[] = []) {
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

/** The form's fields and the file's text, from a multipart upload or a plain form; null when the file is too large. */
async function importBody(request: FastifyRequest): Promise<{ body: Record<string, unknown>; fileName: string } | null> {
  let fileName = 'import.yaml';
  if (!request.isMultipart()) return { body: (request.body as Record<string, unknown> | undefined) ?? {}, fileName };
  const body: Record<string, unknown> = {};
  for await (const part of request.parts({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } })) {
    if (part.type === 'field') {
      body[part.fieldname] = String(part.value);
    } else if (part.filename) {
      const bytes = await part.toBuffer();
      if (part.file.truncated) return null;
      if (bytes.length > 0) {
        body.text = bytes.toString('utf8');
        fileName = part.filename.replace(/[^\w.-]/g, '_').slice(0, 100) || fileName;
      }
    } else {
      part.file.resume();
    }
  }
  return { body, fileName };
}

export default async function importRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  app.get('/admin/importa', async (request, reply) => importPage(request, reply, {}, noErrors));

  app.post('/admin/importa', async (request, reply) => {
    const upload = await importBody(request);
    if (!upload) return importPage(request, reply, {}, formErrors([{ input: 'file', key: 'admin.import.tooLarge' }], request.t), 422);
    const { body, fileName } = upload;
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
      return importPage(request, reply, body, formErrors(refused(error), request.t), 422);
    }
  });
}
