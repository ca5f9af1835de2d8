// The journey's pages (/servizi/:slug/domanda/...) around the procedure's steps (those are in
// steps.routes.ts): begin or resume (through the waiting room on a click day), the privacy
// notice, the applicant data, the summary and "Invia". Each route parses its input, calls the
// journey once, and renders or redirects (303 after a POST, 422 with an error summary when the
// input is refused).
import type { FastifyInstance } from 'fastify';
import type { FormBody } from '../forms/index.ts';
import { localize } from '../platform/i18n.ts';
import { perPersonRateLimit } from '../platform/rate-limit-store.ts';
import { JOURNEY_APPLICANT, JOURNEY_PRIVACY } from './drafts.service.ts';
import type { TicketHolder } from './journey.service.ts';
import { ticketHolder } from './waiting-room.ts';
import { draftOr, journeyBase, pageModel, redirectTo, refusal, summaryPage } from './journey-view.ts';
import { journeyPersonOr, personOr, requestApplicant } from './request-applicant.ts';
import { isAnonymous, sessionAnonymousApplicant } from '../anonymous/anonymous-applicant.ts';
import { anonymousSendPath } from '../anonymous/anonymous.paths.ts';
import { placeOfBirthText } from '../places/comuni.ts';
import { SlotTakenError } from '../appointments/appointments.service.ts';

type SlugParams = { slug: string };

export default async function journeyRoutes(app: FastifyInstance) {
  const service = app.services.submissions;
  const journey = service.journey;

  // ---- begin or resume; a click day's waiting room lets people begin in order of arrival
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda', async (request, reply) => {
    const { slug } = request.params;
    const { definition } = await app.services.catalogue.get(slug);
    // without login only where the procedure allows it (src/anonymous); elsewhere: log in
    const applicant = definition.anonymousFiling ? journeyPersonOr(request, reply, definition.spidLevel) : personOr(request, reply, definition.spidLevel);
    if (!applicant) return reply;
    const tickets: TicketHolder = {
      get: () => request.session.get('waitingRoom')?.[slug],
      keep: (ticket) => request.session.set('waitingRoom', { ...request.session.get('waitingRoom'), [slug]: ticket }),
      // one ticket per person: the one who is logged in (the filer), whoever they act for
      holder: isAnonymous(applicant) ? null : ticketHolder(applicant.filer.fiscalCode),
      opensAt: definition.opensAt,
    };
    try {
      const entered = await journey.enter(applicant, slug, tickets);
      if ('redirect' in entered) return redirectTo(reply, slug, entered.redirect);
      return reply.header('cache-control', 'no-store').view('submissions/waiting-room.njk', {
        pageTitle: request.t('waitingRoom.title'),
        procedureTitle: localize(definition.title, request.locale),
        place: entered.waiting.place,
        position: entered.waiting.place.ahead + 1,
        opensAt: entered.waiting.place.opensAt === null ? null : new Date(entered.waiting.place.opensAt),
        rate: app.config.submissions.waitingRoom.ratePerSecond,
        refreshSeconds: entered.waiting.refreshSeconds,
        checkHref: journeyBase(slug),
      });
    } catch (error) {
      return refusal(app, request, reply, slug, error);
    }
  });

  // ---- privacy notice
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/informativa', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    return reply.view('submissions/privacy.njk', {
      ...pageModel(request, found.context, JOURNEY_PRIVACY, request.t('journey.privacy')),
      accepted: Boolean(found.context.draft.privacy_accepted_at),
    });
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/informativa', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const accepted = (request.body as FormBody | undefined)?.accept === 'yes';
    if (!(await journey.acceptPrivacy(found.context, accepted))) {
      return reply.status(422).view('submissions/privacy.njk', {
        ...pageModel(request, found.context, JOURNEY_PRIVACY, request.t('journey.privacy')),
        error: { title: request.t('journey.fixStep'), text: request.t('journey.privacyRequired') },
      });
    }
    return redirectTo(reply, request.params.slug, JOURNEY_APPLICANT);
  });

  // ---- applicant data, from the identity, read-only
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/dati-generali', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    if (!found.context.draft.privacy_accepted_at) return redirectTo(reply, request.params.slug, JOURNEY_PRIVACY);
    return reply.view('submissions/applicant.njk', {
      ...pageModel(request, found.context, JOURNEY_APPLICANT, request.t('journey.applicant')),
      applicant: found.applicant,
      anonymous: isAnonymous(found.applicant),
      // SPID sends the cadastral code of the comune of birth: shown by its name (src/places)
      placeOfBirth: found.applicant.placeOfBirth ? placeOfBirthText(found.applicant.placeOfBirth) : null,
    });
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/dati-generali', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    if (!found.context.draft.privacy_accepted_at) return redirectTo(reply, request.params.slug, JOURNEY_PRIVACY);
    return redirectTo(reply, request.params.slug, await journey.confirmApplicant(found.context));
  });

  // ---- summary and filing
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/riepilogo', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    return summaryPage(app, request, reply, found);
  });

  // one identity cannot flood the intake: new filings per person (and company) per minute, all
  // replicas together. A resend of a key already filed (a double-click storm, a retry) is not
  // counted: it only shows the same receipt again. Checked once the body (the key) is parsed.
  const submitRateLimit = perPersonRateLimit({
    max: app.config.submissions.rateLimitPerMinute,
    timeWindow: '1 minute',
    pageKey: 'error.tooMany',
    hook: 'preHandler',
    backHref: (request) => `${journeyBase((request.params as SlugParams).slug)}/riepilogo`,
    allowList: (request) => request.user !== null && service.isFiled(requestApplicant(request), String((request.body as FormBody | undefined)?.idempotencyKey ?? '')),
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/invia', { config: { rateLimit: submitRateLimit, maxInFlight: app.config.overload.maxFilingsInFlight } }, async (request, reply) => {
    // without login the filing waits for the e-mail confirmation (src/anonymous): its own page
    if (sessionAnonymousApplicant(request)) return reply.redirect(anonymousSendPath(request.params.slug), 303);
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    const key = String((request.body as FormBody | undefined)?.idempotencyKey ?? '');
    try {
      const result = await service.submit(applicant, request.params.slug, key, request.locale);
      if (!result.ok) return redirectTo(reply, request.params.slug, journey.fixTarget(result.stepId));
      if (result.created) app.metrics.submissions.inc({ procedure: request.params.slug });
      return reply.redirect(`/area-personale/richieste/${result.publicId}/conferma`, 303);
    } catch (error) {
      // the time held lapsed and someone took it: choose another (src/appointments)
      if (error instanceof SlotTakenError) return redirectTo(reply, request.params.slug, 'appuntamento?perso=1');
      return refusal(app, request, reply, request.params.slug, error);
    }
  });
}
