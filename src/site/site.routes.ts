// The comune's fixed information pages that every public site must have: the accessibility
// statement (L. 4/2004), the privacy notice (GDPR art. 13) and the legal notes.
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
}
