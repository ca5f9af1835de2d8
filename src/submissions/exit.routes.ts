// The exit page of the journey (/servizi/:slug/domanda/uscita): the person's answers meet one of
// the procedure's exits (src/forms/exits.ts), so the page says why they cannot file and what to
// do instead, with a link back to the step where the answer can be changed. With no exit
// applying (any more), it sends the person on.
import type { FastifyInstance } from 'fastify';
import { lt } from '../forms/index.ts';
import { JOURNEY_EXIT } from './exit-page.ts';
import { draftOr, journeyBase, pageModel, redirectTo } from './journey-view.ts';

export default async function exitRoutes(app: FastifyInstance) {
  const journey = app.services.submissions.journey;

  app.get<{ Params: { slug: string } }>(`/servizi/:slug/domanda/${JOURNEY_EXIT}`, async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const outcome = journey.exit(found.context, request.locale);
    if ('redirect' in outcome) return redirectTo(reply, request.params.slug, outcome.redirect);
    const words = (key: Parameters<typeof lt>[1]) => lt(request.locale, key);
    return reply.header('cache-control', 'no-store').view('submissions/exit.njk', {
      ...pageModel(request, found.context, JOURNEY_EXIT, outcome.exit.title),
      exit: outcome.exit,
      heading: words('exitHeading'),
      because: words('exitBecause'),
      instead: words('exitInstead'),
      backLabel: words('exitBack'),
      backHref: `${journeyBase(request.params.slug)}/${outcome.back}`,
    });
  });
}
