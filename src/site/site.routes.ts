// The comune's fixed information pages that every public site must have: the accessibility
// statement (L. 4/2004), the privacy notice (GDPR art. 13) and the legal notes; and the site
// map (Modello Comuni): every public section and every published service, by area.
import type { FastifyInstance } from 'fastify';

const PAGES = {
  accessibilita: 'accessibility',
  privacy: 'privacy',
  'note-legali': 'legal',
} as const;

export default async function siteRoutes(app: FastifyInstance) {
  for (const [path, key] of Object.entries(PAGES)) {
    app.get(`/${path}`, async (request, reply) => {
      const title = request.t(`page.${key}.title`);
      return reply.view('site/page.njk', {
        pageTitle: title,
        paragraphs: request.t(`page.${key}.body`).split('\n'),
        breadcrumbs: [{ label: title }],
      });
    });
  }

  app.get('/mappa-del-sito', async (request, reply) => {
    const catalogue = app.services.catalogue;
    const { items } = await catalogue.list({ locale: request.locale });
    const areas = catalogue.areas.map((area) => ({ ...area, items: items.filter((item) => item.area === area.code) }));
    const title = request.t('sitemap.title');
    return reply.view('site/sitemap.njk', { pageTitle: title, areas, breadcrumbs: [{ label: title }] });
  });
}
