// The page rating without JavaScript: the stars of the box at the foot of every page are posted
// to /valutazione (step 1, which records nothing: it only leads to step 2, so the box needs no
// session and cached public pages stay cacheable), step 2 (/valutazione/motivo) asks why and
// records the vote with its CSRF token, then the person is sent back to the page they rated.
// The page kind comes from the box as the route's pattern and is checked against the portal's
// routes and the way back, so a script can neither invent pages nor leave the portal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadInputError } from '../platform/errors.ts';
import { perPersonRateLimit } from '../platform/rate-limit-store.ts';
import { kindMatches, pageKind, pathOf, reasonsFor, safeReturnTo, type Reason } from './rating.ts';
import { reasonPageModel, starsField } from './rating-view.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** the page kind just rated: its box thanks the person once */
    pageRated: string;
  }
}

const where = z.object({ pagina: z.string().max(200), returnTo: z.string().max(500) });
const reasonField = z.string().max(40).optional();

/** Where the vote is about, from the box's hidden fields, or a 400 naming what no page sends. */
function placeOf(app: FastifyInstance, input: unknown): { pattern: string; kind: string; returnTo: string } {
  const parsed = where.safeParse(input);
  if (!parsed.success) throw new BadInputError(['pagina', 'returnTo']);
  const returnTo = safeReturnTo(parsed.data.returnTo);
  if (!returnTo) throw new BadInputError(['returnTo']);
  const pattern = parsed.data.pagina;
  const path = pathOf(returnTo);
  if (!pattern.startsWith('/') || !app.hasRoute({ method: 'GET', url: pattern }) || !kindMatches(pattern, path)) throw new BadInputError(['pagina']);
  // the public parameters (a procedure's slug) are read back from the page's own path
  const values: Record<string, string> = {};
  const segments = path.split('/');
  pattern.split('/').forEach((part, i) => {
    if (part.startsWith(':')) values[part.slice(1)] = decodeURIComponent(segments[i] ?? '');
  });
  const kind = pageKind(pattern, values);
  if (!kind) throw new BadInputError(['pagina']);
  return { pattern, kind, returnTo };
}

export default async function pageRatingRoutes(app: FastifyInstance) {
  const feedback = app.services.feedback;
  const voteLimit = perPersonRateLimit({ max: app.config.env === 'production' ? 20 : 200, timeWindow: '1 hour', pageKey: 'error.tooMany', groupId: 'page-rating' });

  function render(request: FastifyRequest, reply: FastifyReply, model: Parameters<typeof reasonPageModel>[1], status = 200) {
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .view('feedback/rate.njk', reasonPageModel(request, model));
  }

  // step 1: records nothing, so it is exempt from the CSRF token (the box is on cached pages)
  app.post('/valutazione', { config: { csrf: false, rateLimit: voteLimit } }, async (request, reply) => {
    const place = placeOf(app, request.body);
    const stars = starsField.safeParse((request.body as Record<string, unknown> | undefined)?.stelle);
    const hidden = { pagina: place.pattern, returnTo: place.returnTo };
    if (!stars.success) return render(request, reply, { action: '/valutazione', hidden, title: 'feedback.page.title', question: 'feedback.page.question', legend: 'feedback.page.legend', back: place.returnTo, backLabel: 'feedback.back', error: 'feedback.error.stars' }, 422);
    const query = new URLSearchParams({ stelle: String(stars.data), ...hidden });
    return reply.redirect(`/valutazione/motivo?${query.toString()}`, 303);
  });

  // step 2: why, with the choices of the stars given
  app.get('/valutazione/motivo', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const place = placeOf(app, query);
    const stars = starsField.safeParse(query.stelle);
    if (!stars.success) throw new BadInputError(['stelle']);
    return render(request, reply, { action: '/valutazione/motivo', hidden: { pagina: place.pattern, returnTo: place.returnTo }, stars: stars.data, title: 'feedback.page.title', back: place.returnTo, backLabel: 'feedback.back' });
  });

  app.post('/valutazione/motivo', { config: { rateLimit: voteLimit } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const place = placeOf(app, body);
    const stars = starsField.safeParse(body.stelle);
    if (!stars.success) throw new BadInputError(['stelle']);
    const reason = reasonField.safeParse(body.motivo);
    const chosen = reason.success ? (reason.data ?? '') : null;
    const hidden = { pagina: place.pattern, returnTo: place.returnTo };
    if (chosen === null || (chosen !== '' && !reasonsFor(stars.data).includes(chosen as Reason))) {
      return render(request, reply, { action: '/valutazione/motivo', hidden, stars: stars.data, title: 'feedback.page.title', back: place.returnTo, backLabel: 'feedback.back', error: 'feedback.error.reason' }, 422);
    }
    await feedback.votePage(place.kind, { stars: stars.data, reason: chosen === '' ? null : (chosen as Reason) });
    request.session.set('pageRated', place.kind);
    return reply.redirect(place.returnTo, 303);
  });
}
