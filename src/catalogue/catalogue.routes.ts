// Public catalogue pages: home (areas and most used services), /servizi (list by area, search)
// and /servizi/:slug (the "scheda servizio"). For people without a session they are served
// from the page cache (page-cache.ts): rendered once per language, URL and catalogue version,
// then sent by the cache's own hook before these handlers are reached.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { localize } from '../platform/i18n.ts';
import { procedurePageTtl } from './page-cache.ts';

const listQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  area: z.string().max(80).optional().catch(undefined),
});

export default async function catalogueRoutes(app: FastifyInstance) {
  const catalogue = app.services.catalogue;
  const cache = app.pageCache;

  app.get('/', async (request, reply) =>
    cache.page(request, reply, 'catalogue/home.njk', async () => {
      const [areas, featured] = await Promise.all([catalogue.areasWithCounts(), catalogue.featured(request.locale)]);
      return { areas, featured };
    }),
  );

  app.get('/servizi', async (request, reply) =>
    cache.page(request, reply, 'catalogue/list.njk', async () => {
      const query = listQuery.parse(request.query);
      const [result, areas] = await Promise.all([
        catalogue.list({ q: query.q, area: query.area, locale: request.locale }),
        catalogue.areasWithCounts(),
      ]);
      const currentArea = areas.find((a) => a.code === result.area);
      return { ...result, areas, currentArea };
    }),
  );

  app.get<{ Params: { slug: string } }>('/servizi/:slug', async (request, reply) =>
    cache.page(
      request,
      reply,
      'catalogue/procedure.njk',
      async () => {
        const procedure = await catalogue.get(request.params.slug);
        return { procedure, d: procedure.definition, pageTitle: localize(procedure.definition.title, request.locale) };
      },
      (data, now) => procedurePageTtl(data.procedure.intake, now),
    ),
  );
}
