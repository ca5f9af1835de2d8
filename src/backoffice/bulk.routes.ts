// The queue's bulk actions and saved filters. Bulk (POST /backoffice/azioni-multiple): the
// ticked cases of the page (or every case of the page) taken in charge, assigned to a colleague
// or exported as CSV; the result page says how many were done and which were refused and why.
// It answers 200 with the result rather than a redirect: the result belongs to that one post.
// Saved filters (/backoffice/filtri): the queue's query string kept under a name, reused (a 303
// to the queue with it) and deleted; another person's is a 404. Every POST carries the CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CODICE_FISCALE } from '../identity/fiscal-code.ts';
import { requireClerk } from '../identity/policies.ts';
import { parseQuery, queryId } from '../platform/input.ts';
import { romeDate } from '../platform/time.ts';
import { sendCsv, staffActor } from './backoffice.http.ts';
import { queueCsvHeader } from './queue.routes.ts';
import { savedQuery } from './saved-filters.service.ts';

const PUBLIC_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((id) => PUBLIC_ID.test(id)));

export const bulkInput = z
  .object({
    azione: z.enum(['prendi', 'assegna', 'esporta'], { errorMap: () => ({ message: 'action' }) }),
    pratiche: idList,
    /** every case of the page, when "select all on this page" is ticked without JavaScript */
    pagina: idList,
    tutte: z.literal('1').optional(),
    assegnatario: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(CODICE_FISCALE).optional()),
  })
  .passthrough();

export const savedFilterInput = z.object({ nome: z.string().trim().min(1).max(80), filtro: z.string().max(2000).default('') }).passthrough();
const filterParams = z.object({ id: queryId(Number.MAX_SAFE_INTEGER) });

export default async function bulkRoutes(app: FastifyInstance) {
  const service = app.services.backoffice;
  const guard = { preHandler: requireClerk() };

  /** The result (or refusal) page of a bulk action or a saved filter. */
  function resultPage(request: FastifyRequest, reply: FastifyReply, status: number, model: { errors?: Array<{ href: string; text: string }>; outcome?: unknown; title: string }) {
    const t = request.t;
    return reply.status(status).view('backoffice/worklists-result.njk', {
      pageTitle: model.title,
      title: model.title,
      errorSummary: model.errors?.length ? { title: t('worklists.errors.title'), items: model.errors } : null,
      outcome: model.outcome ?? null,
    });
  }

  app.post('/backoffice/azioni-multiple', guard, async (request, reply) => {
    const t = request.t;
    const parsed = bulkInput.safeParse(request.body ?? {});
    const title = t('worklists.bulk.title');
    if (!parsed.success) return resultPage(request, reply, 422, { title, errors: [{ href: '/backoffice#bulk-azione', text: t('worklists.error.action') }] });
    const input = parsed.data;
    const ids = input.tutte ? [...new Set([...input.pagina, ...input.pratiche])] : input.pratiche;
    const errors = [];
    if (ids.length === 0) errors.push({ href: '/backoffice#bulk-cases', text: t('worklists.error.noCases') });
    if (input.azione === 'assegna' && !input.assegnatario) errors.push({ href: '/backoffice#bulk-assegnatario', text: t('worklists.error.assignee') });
    if (errors.length) return resultPage(request, reply, 422, { title, errors });
    const actor = staffActor(request.user!);
    if (input.azione === 'esporta') {
      const lines = await service.exportSelectedCsv(actor, ids, queueCsvHeader(request));
      return sendCsv(reply, `pratiche-selezionate-${romeDate(service.clock())}.csv`, lines);
    }
    const outcome = await service.bulk(actor, input.azione === 'prendi' ? { kind: 'take' } : { kind: 'assign', assignee: input.assegnatario! }, ids);
    return resultPage(request, reply, 200, {
      title,
      outcome: {
        doneText: t('worklists.bulk.done', { count: outcome.done.length }),
        done: outcome.done.map((d) => ({ href: `/backoffice/pratiche/${d.publicId}`, label: d.protocol ?? d.publicId.slice(0, 8) })),
        refusedText: outcome.refused.length ? t('worklists.bulk.refused', { count: outcome.refused.length }) : null,
        refused: outcome.refused.map((r) => ({ href: `/backoffice/pratiche/${r.publicId}`, label: r.protocol ?? r.publicId.slice(0, 8), reason: t(r.reasonKey) })),
        skippedText: outcome.skipped ? t('worklists.bulk.skipped', { count: outcome.skipped }) : null,
      },
    });
  });

  app.post('/backoffice/filtri', guard, async (request, reply) => {
    const parsed = savedFilterInput.safeParse(request.body ?? {});
    if (!parsed.success) return resultPage(request, reply, 422, { title: request.t('worklists.saved.title'), errors: [{ href: '/backoffice#saved-name', text: request.t('worklists.error.name') }] });
    await service.saveFilter(staffActor(request.user!), parsed.data.nome, parsed.data.filtro);
    const query = savedQuery(parsed.data.filtro);
    return reply.redirect(query ? `/backoffice?${query}` : '/backoffice', 303);
  });

  app.get('/backoffice/filtri/:id', guard, async (request, reply) => {
    const { id } = parseQuery(filterParams, request.params);
    const query = await service.savedFilter(staffActor(request.user!), id);
    return reply.redirect(query ? `/backoffice?${query}` : '/backoffice', 303);
  });

  app.post('/backoffice/filtri/:id/elimina', guard, async (request, reply) => {
    const { id } = parseQuery(filterParams, request.params);
    await service.deleteFilter(staffActor(request.user!), id);
    return reply.redirect('/backoffice', 303);
  });
}
