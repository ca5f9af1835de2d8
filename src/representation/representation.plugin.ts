// For whom the person acts, on every request: the session's choice checked again against the
// registers (acting-resolver.ts) and put on `request.acting` (and `request.professional`),
// with the banner every page shows while someone acts for another. A choice that no longer
// holds (a delegation revoked or expired, an authorisation withdrawn, a desk session ended)
// ends here: the person acts for themselves from this request on, and is told so.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Acting, ProfessionalProfile } from './acting.ts';
import { createActingResolver, type Registers } from './acting-resolver.ts';
import { actingChoiceOf, stopActing } from './acting-session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** For whom the logged-in person acts now (SELF when for themselves); null without a login. */
    acting: Acting | null;
    /** The professional's profile while they act for a client. */
    professional: ProfessionalProfile | null;
  }
}

export interface RepresentationOptions {
  registers: Registers;
}

function bannerOf(request: FastifyRequest, acting: Acting) {
  const principal = acting.principal;
  if (!principal) return null;
  const basis = acting.basis.kind;
  const text = request.t(`acting.banner.${basis}`, { name: principal.name, code: principal.fiscalCode });
  const changeHref = acting.choice.kind === 'assisted' ? `/sportello/sessioni/${acting.choice.sessionId}` : '/area-personale/per-chi';
  return { kind: basis, text: acting.access === 'read' ? `${text} ${request.t('acting.banner.readOnly')}` : text, assisted: basis === 'assisted', changeHref };
}

async function representationPlugin(app: FastifyInstance, options: RepresentationOptions) {
  const resolve = createActingResolver(app.db, options.registers);
  app.decorateRequest('acting', null);
  app.decorateRequest('professional', null);

  app.addHook('onRequest', async (request, reply) => {
    const user = request.user;
    if (!user) return;
    const choice = actingChoiceOf(request);
    const resolved = await resolve(user, choice);
    if (!resolved) {
      stopActing(request);
      request.acting = (await resolve(user, null))!.acting;
      reply.locals = { ...reply.locals, actingEnded: true };
      return;
    }
    request.acting = resolved.acting;
    request.professional = resolved.professional;
    const banner = bannerOf(request, resolved.acting);
    if (banner) reply.locals = { ...reply.locals, actingBanner: banner };
  });
}

export default fp(representationPlugin, { name: 'representation', dependencies: ['identity', 'services'] });
