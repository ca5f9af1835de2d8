// The procedure's steps of the journey (/servizi/:slug/domanda/passo/:stepId): a step shown with
// the answers saved so far, and a step's form sent (plain or multipart with files). Each route
// parses its input, calls the journey once, and renders the step or redirects.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stepView, previousStepId, type Answers, type FieldError, type FormBody, type StepValues } from '../forms/index.ts';
import { JOURNEY_APPLICANT, type DraftContext } from './drafts.service.ts';
import { draftOr, journeyBase, pageModel, redirectTo } from './journey-view.ts';
import { formParts } from './multipart.ts';
import { NO_PREFILL, type StepPrefill } from '../prefill/prefill.service.ts';
import { markPrefilled } from '../prefill/prefill-view.ts';
import { offerSavedDocuments } from '../wallet/wallet-offers.ts';

type StepParams = { slug: string; stepId: string };

const returnsToSummary = (request: FastifyRequest) => (request.query as Record<string, string> | undefined)?.ritorno === 'riepilogo';

export default async function stepsRoutes(app: FastifyInstance) {
  const journey = app.services.submissions.journey;

  async function renderStep(request: FastifyRequest<{ Params: StepParams }>, reply: FastifyReply, context: DraftContext, values: StepValues, errors: FieldError[], status = 200, prefill: StepPrefill = NO_PREFILL) {
    const { stepId } = request.params;
    const answers = context.draft.answers as Answers;
    // street fields suggest the comune's streets (src/places)
    const streets = await app.services.places.streets();
    // prefilled answers are marked with their register and date, read-only where the procedure says so
    const today = journey.today();
    const prefilled = markPrefilled(stepView(context.definition.form, stepId, values, errors, request.locale, answers, streets, today), prefill, values, context.definition.form, request.locale);
    // the person's saved documents that fit each file field (src/wallet)
    const view = await offerSavedDocuments(app.services.wallet, context, stepId, prefilled, request.locale, request.user?.fiscalCode ?? null);
    const returnToSummary = returnsToSummary(request);
    const previous = previousStepId(context.definition.form, stepId, answers, today);
    const base = journeyBase(context.procedure.slug);
    const action = `${base}/passo/${stepId}${returnToSummary ? '?ritorno=riepilogo' : ''}`;
    return reply.status(status).view('submissions/step.njk', {
      ...pageModel(request, context, `passo/${stepId}`, view.title),
      step: view,
      action,
      // multipart bodies are streamed: their CSRF token travels in the URL
      uploadAction: action,
      backHref: returnToSummary ? `${base}/riepilogo` : previous ? `${base}/passo/${previous}` : `${base}/${JOURNEY_APPLICANT}`,
      expires: context.draft.expires_at,
    });
  }

  app.get<{ Params: StepParams }>('/servizi/:slug/domanda/passo/:stepId', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const opened = await journey.openStep(found.applicant, found.context, request.params.stepId, request.locale);
    if ('redirect' in opened) return redirectTo(reply, request.params.slug, opened.redirect);
    return renderStep(request, reply, found.context, opened.values, opened.errors, 200, opened.prefill);
  });

  app.post<{ Params: StepParams }>('/servizi/:slug/domanda/passo/:stepId', async (request, reply) => {
    const found = await draftOr(app, request, reply);
    if (!found) return reply;
    const input = request.isMultipart() ? { parts: formParts(request) } : { body: (request.body as FormBody | undefined) ?? {} };
    const outcome = await journey.postStep(found.context, request.params.stepId, input, { locale: request.locale, returnToSummary: returnsToSummary(request) });
    if ('redirect' in outcome) return redirectTo(reply, request.params.slug, outcome.redirect);
    const { context, values, errors, status, prefill } = outcome.render;
    return renderStep(request, reply, context, values, errors, status, prefill);
  });
}
