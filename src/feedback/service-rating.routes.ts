// The rating of the service received, on the person's request page once the office decided it:
// "Come valuti il servizio ricevuto?" (stars, posted with the CSRF token), then why (step 2),
// then back to the request, which thanks them and does not ask again. Only whoever has the full
// right on the filing may rate it; anyone else's filing, or one not decided yet, answers 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { applicantActor } from '../backoffice/applicant.routes.ts';
import { requireUser } from '../identity/policies.ts';
import { BadInputError, NotFoundError } from '../platform/errors.ts';
import { perPersonRateLimit } from '../platform/rate-limit-store.ts';
import { reasonsFor, type Reason } from './rating.ts';
import { reasonPageModel, starOptions, starsField } from './rating-view.ts';

type Params = { publicId: string };

const PUBLIC_ID = z.string().regex(/^[0-9a-f-]{36}$/);
const requestHref = (publicId: string) => `/area-personale/richieste/${publicId}`;

/**
 * What the request page shows of the rating: the stars to give once the filing is decided, the
 * thanks once rated, nothing before the decision (the request page includes
 * feedback/service-rating.njk with it).
 */
export async function serviceRatingPanel(app: FastifyInstance, request: FastifyRequest, submission: { id: number; public_id: string }, decided: boolean) {
  const state = await app.services.feedback.serviceRatingState(submission.id, decided);
  if (!state) return null;
  return { state, action: `${requestHref(submission.public_id)}/valutazione`, stars: starOptions(request) };
}

export default async function serviceRatingRoutes(app: FastifyInstance) {
  const feedback = app.services.feedback;
  const guard = requireUser();
  const limit = perPersonRateLimit({ max: 30, timeWindow: '1 hour', pageKey: 'error.tooMany', groupId: 'service-rating' });

  async function filing(request: FastifyRequest<{ Params: Params }>) {
    if (!PUBLIC_ID.safeParse(request.params.publicId).success) throw new NotFoundError('submission');
    return feedback.ratableFiling(applicantActor(request), request.params.publicId);
  }

  function render(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, stars: number | undefined, error?: string, status = 200) {
    const href = requestHref(request.params.publicId);
    return reply.status(status).view(
      'feedback/rate.njk',
      reasonPageModel(request, {
        action: stars === undefined ? `${href}/valutazione` : `${href}/valutazione/motivo`,
        hidden: {},
        ...(stars === undefined ? {} : { stars }),
        title: 'feedback.service.title',
        question: 'feedback.service.question',
        legend: 'feedback.service.legend',
        back: href,
        backLabel: 'feedback.service.back',
        ...(error ? { error } : {}),
      }),
    );
  }

  // step 1: the stars (from the request page), on to the reasons of those stars
  app.post<{ Params: Params }>('/area-personale/richieste/:publicId/valutazione', { preHandler: guard, config: { rateLimit: limit } }, async (request, reply) => {
    const found = await filing(request);
    if (found.rated) return reply.redirect(requestHref(request.params.publicId), 303);
    const stars = starsField.safeParse((request.body as Record<string, unknown> | undefined)?.stelle);
    if (!stars.success) return render(request, reply, undefined, 'feedback.error.stars', 422);
    return reply.redirect(`${requestHref(request.params.publicId)}/valutazione/motivo?stelle=${stars.data}`, 303);
  });

  app.get<{ Params: Params }>('/area-personale/richieste/:publicId/valutazione/motivo', { preHandler: guard }, async (request, reply) => {
    const found = await filing(request);
    if (found.rated) return reply.redirect(requestHref(request.params.publicId), 303);
    const stars = starsField.safeParse((request.query as Record<string, unknown>).stelle);
    if (!stars.success) throw new BadInputError(['stelle']);
    return render(request, reply, stars.data);
  });

  app.post<{ Params: Params }>('/area-personale/richieste/:publicId/valutazione/motivo', { preHandler: guard, config: { rateLimit: limit } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const stars = starsField.safeParse(body.stelle);
    if (!stars.success) throw new BadInputError(['stelle']);
    const reason = typeof body.motivo === 'string' ? body.motivo : body.motivo === undefined ? '' : null;
    if (!PUBLIC_ID.safeParse(request.params.publicId).success) throw new NotFoundError('submission');
    if (reason === null || (reason !== '' && !reasonsFor(stars.data).includes(reason as Reason))) {
      await filing(request);
      return render(request, reply, stars.data, 'feedback.error.reason', 422);
    }
    await feedback.rateService(applicantActor(request), request.params.publicId, { stars: stars.data, reason: reason === '' ? null : (reason as Reason) });
    return reply.redirect(requestHref(request.params.publicId), 303);
  });
}
