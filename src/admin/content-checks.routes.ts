// The page of a draft's content checks (/admin/procedimenti/:id/controlli): the errors that
// block publishing and the plain-language warnings (content-checks.ts), each with where it is,
// the offending text, a suggestion and a link to the input that edits it.
import type { FastifyInstance } from 'fastify';
import { describeChecks } from './admin.view.ts';
import { frame, procedureId, type IdParams } from './builder-pages.ts';
import { MAX_SENTENCE_WORDS } from './content-checks.ts';

export default async function contentChecksRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  app.get<{ Params: IdParams }>('/admin/procedimenti/:id/controlli', async (request, reply) => {
    const id = procedureId(request.params);
    const ws = await admin.workspace(id);
    const items = describeChecks(request.t, id, ws.definition, ws.checks.items);
    return reply.view('admin/content-checks.njk', {
      ...frame(request, ws, 'checks', request.t('contentChecks.title')),
      blocking: items.filter((i) => i.severity === 'error'),
      warnings: items.filter((i) => i.severity === 'warning'),
      maxWords: MAX_SENTENCE_WORDS,
    });
  });
}
