// The pages of service insight: in the back office's statistics, the list of procedures and a
// procedure's journey (/backoffice/statistiche/procedimenti/:id/percorso), for administrators
// and the clerks of the procedure's offices; in the builder, the same figures under the
// procedure's tabs (/admin/procedimenti/:id/dove-si-fermano), for administrators. Anyone else
// gets 404, as on the statistics page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { frame, procedureId } from '../admin/builder-pages.ts';
import { canAdminister, canUseBackoffice, requireAdmin, requireStaff } from '../identity/policies.ts';
import { parseQuery } from '../platform/input.ts';
import { INSIGHT_PERIODS, type InsightPeriod } from './insight.service.ts';
import { funnelView } from './insight.view.ts';

const periodQuery = z.object({ periodo: z.enum(['30', '90']).optional() });

function period(request: FastifyRequest): InsightPeriod {
  const days = Number(parseQuery(periodQuery, request.query).periodo ?? INSIGHT_PERIODS[0]);
  return days === 90 ? 90 : 30;
}

export default async function insightRoutes(app: FastifyInstance) {
  const insight = app.services.insight;
  const statisticsStaff = requireStaff((user) => canUseBackoffice(user) || canAdminister(user));

  app.get('/backoffice/statistiche/procedimenti', { preHandler: statisticsStaff }, async (request, reply) => {
    const procedures = await insight.visibleProcedures(request.user!);
    const it = request.locale === 'it';
    return reply.view('insight/index.njk', {
      pageTitle: request.t('insight.indexTitle'),
      procedures: procedures.map((p) => ({ href: `/backoffice/statistiche/procedimenti/${p.id}/percorso`, title: it ? p.title_it : p.title_en })),
    });
  });

  app.get('/backoffice/statistiche/procedimenti/:id/percorso', { preHandler: statisticsStaff }, async (request, reply) => {
    const id = procedureId(request.params);
    await insight.assertVisible(request.user!, id);
    const view = funnelView(await insight.funnel(id, period(request)), request.t, request.locale);
    return reply.view('insight/backoffice.njk', { pageTitle: `${request.t('insight.title')}: ${view.procedureTitle}`, insight: view, action: request.url.split('?')[0] });
  });

  app.get('/admin/procedimenti/:id/dove-si-fermano', { preHandler: requireAdmin() }, async (request, reply) => {
    const id = procedureId(request.params);
    const [ws, funnel] = await Promise.all([app.services.admin.workspace(id), insight.funnel(id, period(request))]);
    const view = funnelView(funnel, request.t, request.locale);
    return reply.view('insight/builder.njk', { ...frame(request, ws, 'insight', request.t('insight.title')), insight: view, action: request.url.split('?')[0], statisticsHref: `/backoffice/statistiche/procedimenti/${id}/percorso` });
  });
}
