// What every page of the journey shows around its content: the title, the breadcrumbs, the
// list of the journey's parts with the current one marked, and the pages refusing a person
// the procedure is not for (SPID level too low, wrong audience), and the draft every page is
// about (or the redirect to begin, or to log in, first).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { visibleSteps, type Answers } from '../forms/index.ts';
import { localize } from '../platform/i18n.ts';
import { InsufficientLevelError, NotCoveredError, WrongAudienceError, type Applicant } from './access.ts';
import { JOURNEY_APPLICANT, JOURNEY_PRIVACY, type DraftContext } from './drafts.service.ts';
import { journeyPersonOr } from './request-applicant.ts';
import { coApplicantsOf, MAX_CO_APPLICANTS } from './representation.ts';
import { isAnonymous } from '../anonymous/anonymous-applicant.ts';
import { appointmentOfDraft } from '../appointments/draft-appointment.ts';

export const journeyBase = (slug: string) => `/servizi/${slug}/domanda`;

/** 303 to a page of the journey ('informativa', 'passo/x', 'riepilogo'...). */
export const redirectTo = (reply: FastifyReply, slug: string, target: string) => reply.redirect(`${journeyBase(slug)}/${target}`, 303);

function journeyModel(request: FastifyRequest, context: DraftContext, current: string) {
  const answers = context.draft.answers as Answers;
  const items = [
    { id: JOURNEY_PRIVACY, title: request.t('journey.privacy') },
    { id: JOURNEY_APPLICANT, title: request.t('journey.applicant') },
    ...visibleSteps(context.definition.form, answers).map((s) => ({ id: `passo/${s.id}`, title: localize(s.title, request.locale) })),
    { id: 'riepilogo', title: request.t('journey.summary') },
  ];
  const index = items.findIndex((item) => item.id === current);
  return {
    current: index + 1,
    items: items.map((item, i) => ({ ...item, status: i < index ? 'done' : i === index ? 'current' : 'todo' })),
  };
}

export function pageModel(request: FastifyRequest, context: DraftContext, current: string, title: string) {
  const procedureTitle = localize(context.definition.title, request.locale);
  return {
    pageTitle: `${title} - ${procedureTitle}`,
    procedureTitle,
    journey: journeyModel(request, context, current),
    base: journeyBase(context.procedure.slug),
    breadcrumbs: [
      { href: '/servizi', label: request.t('site.services') },
      { href: `/servizi/${context.procedure.slug}`, label: procedureTitle },
      { label: title },
    ],
  };
}

/** The page refusing a person the procedure is not for; any other error goes on. */
export async function refusal(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, slug: string, error: unknown) {
  if (!(error instanceof InsufficientLevelError) && !(error instanceof WrongAudienceError) && !(error instanceof NotCoveredError)) throw error;
  const { definition } = await app.services.catalogue.get(slug);
  const procedureTitle = localize(definition.title, request.locale);
  if (error instanceof InsufficientLevelError) {
    return reply.status(403).view('submissions/refused.njk', {
      pageTitle: request.t('journey.levelTitle'),
      title: request.t('journey.levelTitle'),
      text: request.t('journey.levelText', { level: error.required }),
      loginHref: `/auth/login?level=${error.required}&returnTo=${encodeURIComponent(journeyBase(slug))}`,
      loginLabel: request.t('journey.levelLogin', { level: error.required }),
      slug,
      procedureTitle,
    });
  }
  if (error instanceof NotCoveredError) {
    return reply.status(403).view('submissions/refused.njk', {
      pageTitle: request.t('acting.notCovered.title'),
      title: request.t('acting.notCovered.title'),
      text: request.t(`acting.notCovered.${error.reason}`),
      loginHref: '/area-personale/per-chi',
      loginLabel: request.t('acting.change'),
      slug,
      procedureTitle,
    });
  }
  return reply.status(403).view('submissions/refused.njk', {
    pageTitle: request.t('journey.audienceTitle'),
    title: request.t('journey.audienceTitle'),
    text: request.t(`journey.audience.${error.audience}`),
    slug,
    procedureTitle,
  });
}

/** The person's draft of the procedure, or a redirect to begin (or log in). */
export async function draftOr(app: FastifyInstance, request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply): Promise<{ applicant: Applicant; context: DraftContext } | null> {
  const applicant = journeyPersonOr(request, reply);
  if (!applicant) return null;
  try {
    const context = await app.services.submissions.loadDraft(applicant, request.params.slug);
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

/**
 * The summary page of a complete draft (or a redirect to what is missing); `coApplicantRefusal` re-renders
 * it with 422 and the message of a co-applicant refused.
 */
export async function summaryPage(app: FastifyInstance, request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply, found: { applicant: Applicant; context: DraftContext }, coApplicantRefusal?: { field: string; message: string; values: Record<string, string> }) {
  const { context } = found;
  const service = app.services.submissions;
  const summary = service.journey.summary(context, request.locale);
  if ('redirect' in summary) return redirectTo(reply, request.params.slug, summary.redirect);
  // a procedure that books on a calendar: the time chosen first (src/appointments)
  const appointment = await appointmentOfDraft(app, request, context);
  if (appointment === 'choose') return redirectTo(reply, request.params.slug, 'appuntamento');
  return reply.status(coApplicantRefusal ? 422 : 200).view('submissions/summary.njk', {
    appointment,
    ...pageModel(request, context, 'riepilogo', request.t('journey.summary')),
    summary: summary.summary,
    applicant: found.applicant,
    anonymous: isAnonymous(found.applicant),
    procura: await service.procuraState(found.applicant, context),
    coApplicants: coApplicantsOf(context.draft.representation),
    maxCoApplicants: MAX_CO_APPLICANTS,
    coApplicantError: coApplicantRefusal,
    idempotencyKey: context.draft.idempotency_key,
    fees: summary.fees,
    backHref: `${journeyBase(request.params.slug)}/${summary.back}`,
  });
}
