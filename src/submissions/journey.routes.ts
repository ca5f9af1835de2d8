// The journey's pages (/servizi/:slug/domanda/...): begin or resume (through the waiting room
// on a click day), the privacy notice, the applicant data, the procedure's steps, the summary
// and "Invia". Each route parses its input, calls the journey once, and renders or redirects
// (303 after a POST, 422 with an error summary when the input is refused).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stepView, previousStepId, type Answers, type FieldError, type FormBody, type StepValues } from '../forms/index.ts';
import { localize } from '../platform/i18n.ts';
import { JOURNEY_APPLICANT, JOURNEY_PRIVACY, type DraftContext } from './drafts.service.ts';
import type { TicketHolder } from './journey.service.ts';
import { journeyBase, pageModel, refusal } from './journey-view.ts';
import { formParts } from './multipart.ts';
import { personOr } from './request-applicant.ts';
import type { Applicant } from './access.ts';

type SlugParams = { slug: string };
type StepParams = { slug: string; stepId: string };

const returnsToSummary = (request: FastifyRequest) => (request.query as Record<string, string> | undefined)?.ritorno === 'riepilogo';

export default async function journeyRoutes(app: FastifyInstance) {
  const service = app.services.submissions;
  const journey = service.journey;
  const redirectTo = (reply: FastifyReply, slug: string, target: string) => reply.redirect(`${journeyBase(slug)}/${target}`, 303);

  /** The person's draft of the procedure, or a redirect to begin (or log in). */
  async function draftOr(request: FastifyRequest<{ Params: SlugParams }>, reply: FastifyReply): Promise<{ applicant: Applicant; context: DraftContext } | null> {
    const applicant = personOr(request, reply);
    if (!applicant) return null;
    try {
      const context = await service.loadDraft(applicant, request.params.slug);
      if (!context) {
        await reply.redirect(journeyBase(request.params.slug), 303);
        return null;
      }
      return { applicant, context };
    } catch (error) {
      await refusal(app, request, reply, request.params.slug, error);
      return null;
    }
  }

  // ---- begin or resume; a click day's waiting room lets people begin in order of arrival
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda', async (request, reply) => {
    const { slug } = request.params;
    const { definition } = await app.services.catalogue.get(slug);
    const applicant = personOr(request, reply, definition.spidLevel);
    if (!applicant) return reply;
    const tickets: TicketHolder = {
      get: () => request.session.get('waitingRoom')?.[slug],
      keep: (ticket) => request.session.set('waitingRoom', { ...request.session.get('waitingRoom'), [slug]: ticket }),
    };
    try {
      const entered = await journey.enter(applicant, slug, tickets);
      if ('redirect' in entered) return redirectTo(reply, slug, entered.redirect);
      return reply.header('cache-control', 'no-store').view('submissions/waiting-room.njk', {
        pageTitle: request.t('waitingRoom.title'),
        procedureTitle: localize(definition.title, request.locale),
        place: entered.waiting.place,
        refreshSeconds: entered.waiting.refreshSeconds,
        checkHref: journeyBase(slug),
      });
    } catch (error) {
      return refusal(app, request, reply, slug, error);
    }
  });

  // ---- privacy notice
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/informativa', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    return reply.view('submissions/privacy.njk', {
      ...pageModel(request, found.context, JOURNEY_PRIVACY, request.t('journey.privacy')),
      accepted: Boolean(found.context.draft.privacy_accepted_at),
    });
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/informativa', async (request, reply) => {
    const found = await draftOr(request, reply);
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
    const found = await draftOr(request, reply);
    if (!found) return reply;
    if (!found.context.draft.privacy_accepted_at) return redirectTo(reply, request.params.slug, JOURNEY_PRIVACY);
    return reply.view('submissions/applicant.njk', {
      ...pageModel(request, found.context, JOURNEY_APPLICANT, request.t('journey.applicant')),
      applicant: found.applicant,
    });
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/dati-generali', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    if (!found.context.draft.privacy_accepted_at) return redirectTo(reply, request.params.slug, JOURNEY_PRIVACY);
    return redirectTo(reply, request.params.slug, await journey.confirmApplicant(found.context));
  });

  // ---- the procedure's steps
  function renderStep(request: FastifyRequest<{ Params: StepParams }>, reply: FastifyReply, context: DraftContext, values: StepValues, errors: FieldError[], status = 200) {
    const { stepId } = request.params;
    const answers = context.draft.answers as Answers;
    const view = stepView(context.definition.form, stepId, values, errors, request.locale, answers);
    const returnToSummary = returnsToSummary(request);
    const previous = previousStepId(context.definition.form, stepId, answers);
    const base = journeyBase(context.procedure.slug);
    const action = `${base}/passo/${stepId}${returnToSummary ? '?ritorno=riepilogo' : ''}`;
    return reply.status(status).view('submissions/step.njk', {
      ...pageModel(request, context, `passo/${stepId}`, view.title),
      step: view,
      action,
      // multipart bodies are streamed: their CSRF token travels in the URL
      uploadAction: `${action}${action.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(reply.generateCsrf())}`,
      backHref: returnToSummary ? `${base}/riepilogo` : previous ? `${base}/passo/${previous}` : `${base}/${JOURNEY_APPLICANT}`,
      expires: context.draft.expires_at,
    });
  }

  app.get<{ Params: StepParams }>('/servizi/:slug/domanda/passo/:stepId', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    const opened = journey.openStep(found.context, request.params.stepId, request.locale);
    if ('redirect' in opened) return redirectTo(reply, request.params.slug, opened.redirect);
    return renderStep(request, reply, found.context, opened.values, []);
  });

  app.post<{ Params: StepParams }>('/servizi/:slug/domanda/passo/:stepId', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    const input = request.isMultipart() ? { parts: formParts(request) } : { body: (request.body as FormBody | undefined) ?? {} };
    const outcome = await journey.postStep(found.context, request.params.stepId, input, { locale: request.locale, returnToSummary: returnsToSummary(request) });
    if ('redirect' in outcome) return redirectTo(reply, request.params.slug, outcome.redirect);
    const { context, values, errors, status } = outcome.render;
    return renderStep(request, reply, context, values, errors, status);
  });

  // ---- summary and filing
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/riepilogo', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    const { context } = found;
    const summary = journey.summary(context, request.locale);
    if ('redirect' in summary) return redirectTo(reply, request.params.slug, summary.redirect);
    return reply.view('submissions/summary.njk', {
      ...pageModel(request, context, 'riepilogo', request.t('journey.summary')),
      summary: summary.summary,
      applicant: found.applicant,
      idempotencyKey: context.draft.idempotency_key,
      fees: summary.fees,
      backHref: `${journeyBase(request.params.slug)}/${summary.back}`,
    });
  });

  // one identity cannot flood the intake: filings per person (and company) per minute, per process
  const submitRateLimit = {
    max: app.config.submissions.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => (request.user ? `person:${request.user.fiscalCode}:${request.user.company?.fiscalCode ?? ''}` : `ip:${request.ip}`),
  };

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/invia', { config: { rateLimit: submitRateLimit, maxInFlight: app.config.overload.maxFilingsInFlight } }, async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    const key = String((request.body as FormBody | undefined)?.idempotencyKey ?? '');
    try {
      const result = await service.submit(applicant, request.params.slug, key, request.locale);
      if (!result.ok) return redirectTo(reply, request.params.slug, journey.fixTarget(result.stepId));
      if (result.created) app.metrics.submissions.inc({ procedure: request.params.slug });
      return reply.redirect(`/area-personale/richieste/${result.publicId}/conferma`, 303);
    } catch (error) {
      return refusal(app, request, reply, request.params.slug, error);
    }
  });
}
