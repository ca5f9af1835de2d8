// The pages of filing without login in the journey: the start page of a procedure that allows
// it, the e-mail and challenge page after the journey's summary, "check your e-mail" (the
// links' pages are in anonymous-links.routes.ts). Each route parses its input, calls the
// anonymous service once, and renders or redirects.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { localize } from '../platform/i18n.ts';
import { NotFoundError } from '../platform/errors.ts';
import { journeyBase } from '../submissions/journey-view.ts';
import { sessionAnonymousApplicant } from './anonymous-applicant.ts';
import anonymousLinkRoutes from './anonymous-links.routes.ts';
import { privatePage } from './private-page.ts';
import { anonymousSendPath, anonymousSentPath, anonymousStartPath } from './anonymous.paths.ts';
import { AnonymousInputError, AnonymousLimitError } from './anonymous.service.ts';
import { networkKey } from './network.ts';

type SlugParams = { slug: string };

const sendBody = z.object({
  email: z.string().max(300).default(''),
  challenge: z.string().max(1000).default(''),
  nonce: z.string().max(20).optional(),
  answer: z.string().max(10).optional(),
});

export default async function anonymousRoutes(app: FastifyInstance) {
  const service = app.services.anonymous;

  async function anonymousProcedure(slug: string) {
    const { definition } = await app.services.catalogue.get(slug);
    if (!definition.anonymousFiling) throw new NotFoundError(`procedure ${slug} without login`);
    return definition;
  }

  // ---- the start page: how it works, and the button that makes the session's anonymous code
  app.get<{ Params: SlugParams }>('/servizi/:slug/senza-login', async (request, reply) => {
    const definition = await anonymousProcedure(request.params.slug);
    const procedureTitle = localize(definition.title, request.locale);
    return reply.header('cache-control', 'no-store').view('anonymous/start.njk', {
      pageTitle: `${request.t('anonymous.start.title')} - ${procedureTitle}`,
      procedureTitle,
      slug: request.params.slug,
      hours: service.settings.confirmHours,
      breadcrumbs: [
        { href: '/servizi', label: request.t('site.services') },
        { href: `/servizi/${request.params.slug}`, label: procedureTitle },
        { label: request.t('anonymous.start.title') },
      ],
    });
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/senza-login', async (request, reply) => {
    await anonymousProcedure(request.params.slug);
    // someone logged in files as themselves; an anonymous session keeps its code (and its drafts)
    if (!request.user && !request.session.get('anonymous')) request.session.set('anonymous', { code: service.newCode() });
    return reply.redirect(journeyBase(request.params.slug), 303);
  });

  // ---- after the summary: the address and the challenge
  async function renderSend(request: FastifyRequest<{ Params: SlugParams }>, reply: FastifyReply, status = 200, extra: { error?: 'email' | 'proof'; limit?: boolean; email?: string } = {}) {
    const definition = await anonymousProcedure(request.params.slug);
    const procedureTitle = localize(definition.title, request.locale);
    const errors = extra.error ? [{ href: extra.error === 'email' ? '#anonymous-email' : '#anonymous-answer', text: request.t(`anonymous.error.${extra.error}`), field: extra.error }] : [];
    return privatePage(reply)
      .status(status)
      .view('anonymous/send.njk', {
        pageTitle: `${request.t('anonymous.send.title')} - ${procedureTitle}`,
        procedureTitle,
        action: anonymousSendPath(request.params.slug),
        backHref: `${journeyBase(request.params.slug)}/riepilogo`,
        challenge: service.challenge(),
        email: extra.email ?? '',
        errors,
        errorOf: (field: string) => errors.find((e) => e.field === field)?.text,
        limit: extra.limit ?? false,
        breadcrumbs: [
          { href: '/servizi', label: request.t('site.services') },
          { href: `/servizi/${request.params.slug}`, label: procedureTitle },
          { label: request.t('anonymous.send.title') },
        ],
      });
  }

  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/senza-login/invio', async (request, reply) => {
    if (!sessionAnonymousApplicant(request)) return reply.redirect(anonymousStartPath(request.params.slug), 303);
    return renderSend(request, reply);
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/senza-login/invio', async (request, reply) => {
    const applicant = sessionAnonymousApplicant(request);
    if (!applicant) return reply.redirect(anonymousStartPath(request.params.slug), 303);
    await anonymousProcedure(request.params.slug);
    const body = sendBody.parse(request.body ?? {});
    try {
      const result = await service.requestConfirmation({
        code: applicant.filer.fiscalCode,
        slug: request.params.slug,
        email: body.email,
        network: networkKey(request.ip),
        challenge: body.challenge,
        nonce: body.nonce,
        answer: body.answer,
        locale: request.locale,
      });
      if ('redirect' in result) return reply.redirect(`${journeyBase(request.params.slug)}/${result.redirect}`, 303);
    } catch (error) {
      if (error instanceof AnonymousInputError) return renderSend(request, reply, 422, { error: error.field, email: body.email });
      if (error instanceof AnonymousLimitError) return renderSend(request, reply, 429, { limit: true, email: body.email });
      throw error;
    }
    // the draft now waits for the link: this browser cannot change it any more
    request.session.set('anonymous', undefined);
    return reply.redirect(anonymousSentPath(request.params.slug), 303);
  });

  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/senza-login/controlla-email', async (request, reply) => {
    const definition = await anonymousProcedure(request.params.slug);
    return privatePage(reply).view('anonymous/sent.njk', {
      pageTitle: request.t('anonymous.sent.title'),
      procedureTitle: localize(definition.title, request.locale),
      hours: service.settings.confirmHours,
    });
  });

  // the mailed confirmation link and the tracking link
  await app.register(anonymousLinkRoutes);
}
