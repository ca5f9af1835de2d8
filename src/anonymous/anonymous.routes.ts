// The pages of filing without login: the start page of a procedure that allows it, the e-mail
// and challenge page after the journey's summary, "check your e-mail", the confirmation link's
// page (GET shows a button, POST files), and the tracking page by secret link. Each route
// parses its input, calls the anonymous service once, and renders or redirects.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { localize } from '../platform/i18n.ts';
import { NotFoundError } from '../platform/errors.ts';
import { journeyBase } from '../submissions/journey-view.ts';
import { protocolNumberText } from '../submissions/receipt.ts';
import { anonymousApplicant, sessionAnonymousApplicant } from './anonymous-applicant.ts';
import { anonymousSendPath, anonymousSentPath, anonymousStartPath, confirmPath, trackingPath } from './anonymous.paths.ts';
import { AnonymousInputError, AnonymousLimitError } from './anonymous.service.ts';
import { networkKey } from './network.ts';

type SlugParams = { slug: string };
type TokenParams = { token: string };

const sendBody = z.object({
  email: z.string().max(300).default(''),
  challenge: z.string().max(1000).default(''),
  nonce: z.string().max(20).optional(),
  answer: z.string().max(10).optional(),
});

/** Pages reached by a secret link or about one person's filing: never cached, never indexed, never in a Referer to another site (same-origin: a form's POST needs its Origin). */
function privatePage(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'same-origin');
}

export default async function anonymousRoutes(app: FastifyInstance) {
  const service = app.services.anonymous;

  async function anonymousProcedure(slug: string) {
    const { definition } = await app.services.catalogue.get(slug);
    if (!definition.anonymousFiling) throw new NotFoundError(`procedure ${slug} without login`);
    return definition;
  }

  function invalidLink(request: FastifyRequest, reply: FastifyReply) {
    return privatePage(reply).status(404).view('anonymous/invalid.njk', { pageTitle: request.t('anonymous.invalid.title') });
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

  // ---- the mailed link: GET only shows the button (mail scanners open links), POST files
  async function renderConfirm(request: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply, view: { slug: string; confirmed: boolean; protocol: string | null }) {
    const { definition } = await app.services.catalogue.get(view.slug);
    return privatePage(reply).view('anonymous/confirm.njk', {
      pageTitle: request.t('anonymous.confirm.title'),
      procedureTitle: localize(definition.title, request.locale),
      action: confirmPath(request.params.token),
      confirmed: view.confirmed,
      protocol: view.protocol,
    });
  }

  app.get<{ Params: TokenParams }>('/segnalazioni/conferma/:token', async (request, reply) => {
    const view = await service.confirmation(request.params.token);
    if (!view) return invalidLink(request, reply);
    return renderConfirm(request, reply, view);
  });

  app.post<{ Params: TokenParams }>('/segnalazioni/conferma/:token', async (request, reply) => {
    const view = await service.confirmation(request.params.token);
    if (!view) return invalidLink(request, reply);
    const outcome = await service.confirm(request.params.token);
    if (outcome.kind === 'filed') {
      app.metrics.submissions.inc({ procedure: view.slug });
      return privatePage(reply).redirect(`${trackingPath(outcome.trackingToken)}?inviata=1`, 303);
    }
    return renderConfirm(request, reply, { ...view, confirmed: true, protocol: outcome.protocol });
  });

  // ---- the tracking page: state, protocol number, dates, the office's messages and decision
  app.get<{ Params: TokenParams }>('/segnalazioni/:token', async (request, reply) => {
    const found = await service.tracked(request.params.token);
    if (!found) return invalidLink(request, reply);
    const { submission, procedure, protocol, office } = await app.services.submissions.ownSubmission(anonymousApplicant(found.code), found.publicId);
    const progress = await app.services.backoffice.applicantView(submission.id);
    return privatePage(reply).view('anonymous/track.njk', {
      pageTitle: request.t('anonymous.track.title'),
      justFiled: (request.query as Record<string, string> | undefined)?.inviata === '1',
      procedureTitle: request.locale === 'it' ? procedure.title_it : procedure.title_en,
      protocol: protocol ? `${protocolNumberText(protocol.number)}/${protocol.year}` : null,
      receivedAt: submission.received_at,
      status: submission.status,
      dueDate: progress?.clock.dueDate ?? submission.due_date,
      officeName: office ? (request.locale === 'it' ? office.name_it : office.name_en) : submission.office_code,
      // only what the office wrote to the person, and its decision
      messages: (progress?.messages ?? []).filter((m) => m.author_kind === 'office'),
      decision: progress?.decision ?? null,
    });
  });
}
