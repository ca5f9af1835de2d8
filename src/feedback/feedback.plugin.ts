// Satisfaction in the app: the page rating box at the foot of every page (its page kind and way
// back, and the thanks after a vote, put in the page's locals for views/partials/page-rating.njk),
// the rating's own pages, the rating of the service after the outcome, the public figures.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import figuresRoutes from './figures.routes.ts';
import pageRatingRoutes from './page-rating.routes.ts';
import { pageRatingBox } from './rating-view.ts';
import serviceRatingRoutes from './service-rating.routes.ts';

async function feedbackPlugin(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    const box = pageRatingBox(request);
    if (!box) return;
    // the thanks show once, on the page the person came back to
    const rated = request.session?.get('pageRated');
    if (rated) request.session.set('pageRated', undefined);
    reply.locals = { ...reply.locals, pageRating: box, pageRatingThanks: Boolean(rated) };
  });
  await app.register(pageRatingRoutes);
  await app.register(serviceRatingRoutes);
  await app.register(figuresRoutes);
}

export default fp(feedbackPlugin, { name: 'feedback', dependencies: ['services', 'identity', 'views', 'security'] });
