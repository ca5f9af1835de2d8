// Public catalogue pages: home (areas and most used services), /servizi (list by area, search)
// and /servizi/:slug (the "scheda servizio").
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { localize } from '../platform/i18n.ts';

const listQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  area: z.string().max(80).optional().catch(undefined),
});

export default async function catalogueRoutes(app: FastifyInstance) {
  const catalogue = app.services.catalogue;

  app.get('/', async (request, reply) => {
    const [areas, featured] = await Promise.all([catalogue.areasWithCounts(), catalogue.featured(request.locale)]);
    return reply.view('catalogue/home.njk', { areas, featured });
  });

  app.get('/servizi', async (request, reply) => {
    const query = listQuery.parse(request.query);
    const [result, areas] = await Promise.all([
      catalogue.list({ q: query.q, area: query.area, locale: request.locale }),
      catalogue.areasWithCounts(),
    ]);
    const currentArea = areas.find((a) => a.code === result.area);
    return reply.view('catalogue/list.njk', { ...result, areas, currentArea });
  });

  app.get<{ Params: { slug: string } }>('/servizi/:slug', async (request, reply) => {
    const procedure = await catalogue.get(request.params.slug);
    return reply.view('catalogue/procedure.njk', {
      procedure,
      d: procedure.definition,
      pageTitle: localize(procedure.definition.title, request.locale),
    });
  });
}
