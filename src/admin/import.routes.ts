// Import of a definition file (/admin/importa): uploaded or pasted, it becomes a procedure's
// draft (a new procedure, or replacing the draft of the one with the same address when asked);
// a refused file is shown again with its problems listed.
import { buffer } from 'node:stream/consumers';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { multipartError, readParts } from '../platform/multipart.ts';
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
    uploadAction: '/admin/importa',
  });
}

/** The import form: a few fields, the pasted text and one file, each up to the import's size. */
const IMPORT_LIMITS = { fields: 10, fieldSize: MAX_IMPORT_BYTES, textBytes: MAX_IMPORT_BYTES + 4096, files: 1, fileSize: MAX_IMPORT_BYTES };

/** The form's fields and the file's text, from a multipart upload or a plain form; null when the file is too large. */
async function importBody(request: FastifyRequest): Promise<{ body: Record<string, unknown>; fileName: string } | null> {
  let fileName = 'import.yaml';
  if (!request.isMultipart()) return { body: (request.body as Record<string, unknown> | undefined) ?? {}, fileName };
  const body: Record<string, unknown> = {};
  let tooLarge = false;
  for await (const part of readParts(request, IMPORT_LIMITS)) {
    if (part.kind === 'field') {
      body[part.name] = part.value;
    } else if (part.fileName) {
      const bytes = await buffer(part.stream).catch((error: unknown) => Promise.reject(multipartError(error)));
      // the parser cuts a file one byte past the limit
      if (bytes.length > MAX_IMPORT_BYTES) tooLarge = true;
      else if (bytes.length > 0) {
        body.text = bytes.toString('utf8');
        fileName = part.fileName.replace(/[^\w.-]/g, '_').slice(0, 100) || fileName;
      }
    } else {
      part.stream.resume();
    }
  }
  return tooLarge ? null : { body, fileName };
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
