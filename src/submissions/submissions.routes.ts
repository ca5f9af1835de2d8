// The journey's pages (/servizi/:slug/domanda/...) and the personal area (/area-personale):
// each route parses its input, calls the submissions service once, and renders or redirects
// (303 after a POST, 422 with an error summary when the input is refused).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  applyAction,
  findStep,
  nextStepId,
  previousStepId,
  readAction,
  readStep,
  stepView,
  summaryView,
  validateStep,
  valuesFromAnswers,
  visibleSteps,
  FormStepError,
  type Answers,
  type FieldError,
  type FileRef,
  type FormBody,
  type StepValues,
} from '../forms/index.ts';
import type { SpidLevel } from '../identity/levels.ts';
import { loginPath, loginRedirect } from '../identity/policies.ts';
import type { User } from '../identity/user.ts';
import { NotFoundError } from '../platform/errors.ts';
import { localize, type Locale } from '../platform/i18n.ts';
import { computeFees, mustPayBeforeFiling } from '../payments/fees.ts';
import type { ProcedureDefinition } from '../catalogue/definition.ts';
import { protocolNumberText } from './receipt.ts';
import { placeOf, refreshSeconds, takeTicket } from './waiting-room.ts';
import { receiptPdf } from './received-notice.ts';
import { AWAITING_PAYMENT, NOT_FILED, PAYMENT_EXPIRED } from './submissions.table.ts';
import { applicantProgress } from '../backoffice/applicant.routes.ts';
import {
  InsufficientLevelError,
  JOURNEY_APPLICANT,
  JOURNEY_PRIVACY,
  UploadRefusedError,
  WrongAudienceError,
  DEFAULT_ACCEPT,
  DEFAULT_MAX_SIZE_MB,
  type Applicant,
  type DraftContext,
} from './submissions.service.ts';

type SlugParams = { slug: string };

/** The person as the journey sees them: the identity's data and the company they act for. */
export function applicantOf(user: User): Applicant {
  return {
    fiscalCode: user.fiscalCode,
    givenName: user.givenName,
    familyName: user.familyName,
    birthDate: user.birthDate ?? undefined,
    placeOfBirth: user.placeOfBirth?.locality,
    email: user.email ?? undefined,
    phone: user.phone ?? undefined,
    spidLevel: user.spidLevel,
    company: user.company ? { name: user.company.name, fiscalCode: user.company.fiscalCode, vatNumber: user.company.vatNumber ?? undefined } : undefined,
  };
}

const ratingBody = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});

export default async function submissionsRoutes(app: FastifyInstance) {
  const service = app.services.submissions;
  app.metrics.gauge('sportello_protocol_backlog', 'Filings not yet numbered in the protocol register', async () => (await service.protocolBacklog()).count);
  app.metrics.gauge('sportello_protocol_lag_seconds', 'Age of the oldest filing not yet numbered', async () => (await service.protocolBacklog()).oldestSeconds);
  const journeyBase = (slug: string) => `/servizi/${slug}/domanda`;

  /**
   * Logged in (and, for a legal representative, having said for whom they act), or sent to do
   * that first. A level below the procedure's gets its own page from the service's check.
   */
  function personOr(request: FastifyRequest, reply: FastifyReply, level?: SpidLevel): Applicant | null {
    const to = loginRedirect(request, request.user ? undefined : level);
    if (to || !request.user) {
      void reply.redirect(to ?? loginPath(request.url, { level }), 303);
      return null;
    }
    return applicantOf(request.user);
  }

  async function refusal(request: FastifyRequest, reply: FastifyReply, slug: string, error: unknown) {
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
    if (error instanceof WrongAudienceError) {
      return reply.status(403).view('submissions/refused.njk', {
        pageTitle: request.t('journey.audienceTitle'),
        title: request.t('journey.audienceTitle'),
        text: request.t(`journey.audience.${error.audience}`),
        slug,
        procedureTitle,
      });
    }
    throw error;
  }

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
      await refusal(request, reply, request.params.slug, error);
      return null;
    }
  }

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

  function pageModel(request: FastifyRequest, context: DraftContext, current: string, title: string) {
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

  // ---- begin or resume
  const room = app.config.submissions.waitingRoom;
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda', async (request, reply) => {
    const { definition } = await app.services.catalogue.get(request.params.slug);
    const applicant = personOr(request, reply, definition.spidLevel);
    if (!applicant) return reply;
    // a click day's waiting room: people begin in order of arrival, `rate` per second
    if (room.slugs.includes(request.params.slug) && !(await service.loadDraft(applicant, request.params.slug).catch(() => undefined))) {
      const tickets = request.session.get('waitingRoom') ?? {};
      let ticket = tickets[request.params.slug];
      if (!ticket) {
        ticket = await takeTicket(app.db, request.params.slug);
        request.session.set('waitingRoom', { ...tickets, [request.params.slug]: ticket });
      }
      const place = placeOf(ticket, room.ratePerSecond, Date.now());
      if (!place.admitted) {
        return reply.header('cache-control', 'no-store').view('submissions/waiting-room.njk', {
          pageTitle: request.t('waitingRoom.title'),
          procedureTitle: localize(definition.title, request.locale),
          place,
          refreshSeconds: refreshSeconds(place),
          checkHref: journeyBase(request.params.slug),
        });
      }
    }
    try {
      const context = await service.begin(applicant, request.params.slug);
      return reply.redirect(`${journeyBase(request.params.slug)}/${service.resumeTarget(context)}`, 303);
    } catch (error) {
      return refusal(request, reply, request.params.slug, error);
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
    if (!accepted) {
      const text = request.t('journey.privacyRequired');
      return reply.status(422).view('submissions/privacy.njk', {
        ...pageModel(request, found.context, JOURNEY_PRIVACY, request.t('journey.privacy')),
        error: { title: request.t('journey.fixStep'), text },
      });
    }
    await service.acceptPrivacy(found.context);
    return reply.redirect(`${journeyBase(request.params.slug)}/${JOURNEY_APPLICANT}`, 303);
  });

  // ---- applicant data, from the identity, read-only
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/dati-generali', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    if (!found.context.draft.privacy_accepted_at) return reply.redirect(`${journeyBase(request.params.slug)}/${JOURNEY_PRIVACY}`, 303);
    return reply.view('submissions/applicant.njk', {
      ...pageModel(request, found.context, JOURNEY_APPLICANT, request.t('journey.applicant')),
      applicant: found.applicant,
    });
  });

  app.post<{ Params: SlugParams }>('/servizi/:slug/domanda/dati-generali', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    if (!found.context.draft.privacy_accepted_at) return reply.redirect(`${journeyBase(request.params.slug)}/${JOURNEY_PRIVACY}`, 303);
    const answers = await service.completeStep(found.context, JOURNEY_APPLICANT, null);
    const first = visibleSteps(found.context.definition.form, answers)[0];
    return reply.redirect(`${journeyBase(request.params.slug)}/${first ? `passo/${first.id}` : 'riepilogo'}`, 303);
  });

  // ---- the procedure's steps
  type StepParams = { slug: string; stepId: string };

  function renderStep(
    request: FastifyRequest<{ Params: StepParams }>,
    reply: FastifyReply,
    context: DraftContext,
    values: StepValues,
    errors: FieldError[],
    status = 200,
  ) {
    const { stepId } = request.params;
    const answers = context.draft.answers as Answers;
    const view = stepView(context.definition.form, stepId, values, errors, request.locale, answers);
    const returnToSummary = (request.query as Record<string, string> | undefined)?.ritorno === 'riepilogo';
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

  function stepOr404(context: DraftContext, stepId: string) {
    try {
      findStep(context.definition.form, stepId);
      if (!visibleSteps(context.definition.form, context.draft.answers as Answers).some((s) => s.id === stepId)) throw new NotFoundError('step');
    } catch (error) {
      if (error instanceof FormStepError) throw new NotFoundError('step');
      throw error;
    }
  }

  app.get<{ Params: StepParams }>('/servizi/:slug/domanda/passo/:stepId', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    const { context } = found;
    if (!context.draft.completed_steps.includes(JOURNEY_APPLICANT)) return reply.redirect(`${journeyBase(request.params.slug)}/${service.resumeTarget(context)}`, 303);
    stepOr404(context, request.params.stepId);
    const values = valuesFromAnswers(context.definition.form, request.params.stepId, context.draft.answers as Answers, request.locale);
    return renderStep(request, reply, context, values, []);
  });

  app.post<{ Params: StepParams }>('/servizi/:slug/domanda/passo/:stepId', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    const { context } = found;
    const { stepId } = request.params;
    stepOr404(context, stepId);
    const form = context.definition.form;
    const step = findStep(form, stepId);
    let answers = { ...(context.draft.answers as Answers) };
    let body: FormBody;
    const uploadErrors: FieldError[] = [];

    if (request.isMultipart()) {
      body = {};
      for await (const part of request.parts({ limits: { fileSize: 50 * 1024 * 1024, files: 20, fields: 500 } })) {
        if (part.type === 'field') {
          const value = String(part.value);
          const existing = body[part.fieldname];
          body[part.fieldname] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
          continue;
        }
        const field = step.fields.find((f) => f.name === part.fieldname && f.type === 'file');
        if (!field || !part.filename) {
          part.file.resume();
          continue;
        }
        const current = (answers[field.name] as FileRef[] | undefined) ?? [];
        try {
          const ref = await service.storeUpload(context, field, { stream: part.file, fileName: part.filename }, current.length);
          answers = { ...answers, [field.name]: [...current, ref] };
        } catch (error) {
          if (!(error instanceof UploadRefusedError)) throw error;
          part.file.resume();
          const accept = field.accept ?? DEFAULT_ACCEPT;
          uploadErrors.push({
            field: field.name,
            inputId: `f-${field.name}`,
            message: request.t(`journey.uploadRefused.${error.reason}`, {
              name: error.fileName,
              limit: field.maxSizeMb ?? DEFAULT_MAX_SIZE_MB,
              max: field.max ?? 1,
              types: accept.map((type) => type.split('/')[1]!.toUpperCase()).join(', '),
            }),
          });
        }
      }
    } else {
      body = (request.body as FormBody | undefined) ?? {};
    }

    const action = readAction(body);
    if (action?.kind === 'removeFile') {
      await service.removeUpload(context, action.fileId);
      const files = ((answers[action.field] as FileRef[] | undefined) ?? []).filter((f) => f.id !== action.fileId);
      answers = { ...answers, [action.field]: files };
      const values = readStep(form, stepId, body, answers);
      await service.keepStepAnswers({ ...context, draft: { ...context.draft, answers } }, stepId, { [action.field]: files });
      return renderStep(request, reply, { ...context, draft: { ...context.draft, answers } }, values, []);
    }
    if (action) {
      const values = applyAction(form, stepId, body, answers, action);
      return renderStep(request, reply, { ...context, draft: { ...context.draft, answers } }, values, []);
    }

    const withFiles = { ...context, draft: { ...context.draft, answers } };
    if (uploadErrors.length > 0) {
      // keep the files that did go in, show what was refused
      const files = Object.fromEntries(step.fields.filter((f) => f.type === 'file').map((f) => [f.name, answers[f.name] ?? []]));
      await service.keepStepAnswers(withFiles, stepId, files as Answers);
      return renderStep(request, reply, withFiles, readStep(form, stepId, body, answers), uploadErrors, 422);
    }
    const result = validateStep(form, stepId, body, answers, request.locale);
    if (!result.ok) {
      const files = Object.fromEntries(step.fields.filter((f) => f.type === 'file').map((f) => [f.name, answers[f.name] ?? []]));
      if (Object.keys(files).length > 0) await service.keepStepAnswers(withFiles, stepId, files as Answers);
      return renderStep(request, reply, withFiles, result.values, result.errors, 422);
    }
    const saved = await service.completeStep(withFiles, stepId, result.answers);
    const returnToSummary = (request.query as Record<string, string> | undefined)?.ritorno === 'riepilogo';
    const next = nextStepId(form, stepId, saved);
    const target = returnToSummary || !next ? 'riepilogo' : `passo/${next}`;
    return reply.redirect(`${journeyBase(request.params.slug)}/${target}`, 303);
  });

  // ---- summary and filing
  app.get<{ Params: SlugParams }>('/servizi/:slug/domanda/riepilogo', async (request, reply) => {
    const found = await draftOr(request, reply);
    if (!found) return reply;
    const { context } = found;
    const target = service.resumeTarget(context);
    if (target !== 'riepilogo') return reply.redirect(`${journeyBase(request.params.slug)}/${target}`, 303);
    const answers = context.draft.answers as Answers;
    const steps = visibleSteps(context.definition.form, answers);
    const last = steps[steps.length - 1];
    return reply.view('submissions/summary.njk', {
      ...pageModel(request, context, 'riepilogo', request.t('journey.summary')),
      summary: summaryView(context.definition.form, answers, request.locale),
      applicant: found.applicant,
      idempotencyKey: context.draft.idempotency_key,
      fees: feesSummary(context.definition, answers, request.locale),
      backHref: `${journeyBase(request.params.slug)}/${last ? `passo/${last.id}` : JOURNEY_APPLICANT}`,
    });
  });

  /** What the summary says of the fees: the amounts these answers come to, and when they are paid. */
  function feesSummary(definition: ProcedureDefinition, answers: Answers, locale: Locale) {
    const fees = definition.fees;
    if (!fees) return null;
    if (fees.timing === 'on-request') return { timing: fees.timing, description: fees.description?.[locale] ?? '', items: [], onlineCents: 0, payFirst: false };
    const computed = computeFees(fees, answers);
    return {
      timing: fees.timing,
      description: '',
      items: computed.items.map((item) => ({ label: item.label[locale], amountCents: item.amountCents, stampSerial: item.stampSerial ?? null })),
      onlineCents: computed.onlineCents,
      payFirst: mustPayBeforeFiling(fees, answers),
    };
  }

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
      if (!result.ok) {
        const target = result.stepId === JOURNEY_PRIVACY ? JOURNEY_PRIVACY : `passo/${result.stepId}`;
        return reply.redirect(`${journeyBase(request.params.slug)}/${target}`, 303);
      }
      if (result.created) app.metrics.submissions.inc({ procedure: request.params.slug });
      return reply.redirect(`/area-personale/richieste/${result.publicId}/conferma`, 303);
    } catch (error) {
      if (error instanceof InsufficientLevelError || error instanceof WrongAudienceError) return refusal(request, reply, request.params.slug, error);
      throw error;
    }
  });

  // ---- personal area
  const statusLabel = (request: FastifyRequest) => (status: string) => request.t(`status.${status}`);
  const protocolText = (number: number, year: number) => `${protocolNumberText(number)}/${year}`;

  app.get('/area-personale', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    const desk = await service.desk(applicant);
    const notice = (request.query as Record<string, string> | undefined)?.eliminata ? request.t('area.deleted') : undefined;
    const sections = (reply.locals.areaSections as Array<{ href: string; label: string }> | undefined) ?? [];
    return reply.view('submissions/area.njk', {
      ...desk,
      notice,
      statusLabel: statusLabel(request),
      protocolText,
      areaSections: [...sections, { href: '/pagamenti', label: request.t('area.payments') }],
    });
  });

  app.post<{ Params: { id: string } }>('/area-personale/bozze/:id/elimina', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    if (!/^[0-9a-f-]{36}$/.test(request.params.id)) throw new NotFoundError('draft');
    await service.deleteDraft(applicant, request.params.id);
    return reply.redirect('/area-personale?eliminata=1', 303);
  });

  type RequestParams = { publicId: string };
  const requestHref = (publicId: string) => `/area-personale/richieste/${publicId}`;

  async function ownRequest(request: FastifyRequest<{ Params: RequestParams }>, reply: FastifyReply) {
    const applicant = personOr(request, reply);
    if (!applicant) return null;
    return { applicant, found: await service.ownSubmission(applicant, request.params.publicId) };
  }

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId', async (request, reply) => {
    const own = await ownRequest(request, reply);
    if (!own) return reply;
    const { submission, procedure, protocol, attachments, office } = own.found;
    const protocolLabel = protocol ? protocolText(protocol.number, protocol.year) : null;
    const timeline = [{ at: submission.received_at, text: request.t(NOT_FILED.includes(submission.status) ? 'request.awaitingPayment' : 'request.filed') }];
    if (protocol) timeline.push({ at: protocol.registered_at, text: request.t('request.registered', { protocol: protocolLabel! }) });
    // the workflow's progress, the office's requests, messages and decision (src/backoffice)
    const progress = await applicantProgress(app, request, submission.id);
    timeline.push(...progress.timeline);
    const payments = (await app.services.payments.bySubmission([submission.id])).get(submission.id) ?? [];
    return reply.view('submissions/request.njk', {
      ...progress.locals,
      payments,
      pageTitle: request.t('request.title', { protocol: protocolLabel ?? '' }).trim(),
      procedureTitle: request.locale === 'it' ? procedure.title_it : procedure.title_en,
      submission,
      protocolLabel,
      attachments,
      officeName: office ? (request.locale === 'it' ? office.name_it : office.name_en) : submission.office_code,
      timeline,
      statusLabel: statusLabel(request),
      requestHref: requestHref(submission.public_id),
    });
  });

  /** What the confirmation page ("Richiesta inviata") shows of a filing. */
  async function confirmationModel(request: FastifyRequest, found: Awaited<ReturnType<typeof service.ownSubmission>>) {
    const { submission, procedure, protocol, office, definition } = found;
    const payments = (await app.services.payments.bySubmission([submission.id])).get(submission.id) ?? [];
    const awaitingPayment = submission.status === AWAITING_PAYMENT;
    const paymentExpired = submission.status === PAYMENT_EXPIRED;
    return {
      payments,
      procedure,
      awaitingPayment,
      paymentExpired,
      notFiled: awaitingPayment || paymentExpired,
      durationDays: definition.durationDays,
      pageTitle: request.t(paymentExpired ? 'confirmation.expiredTitle' : awaitingPayment ? 'confirmation.awaitingTitle' : 'confirmation.title'),
      procedureTitle: request.locale === 'it' ? procedure.title_it : procedure.title_en,
      submission,
      protocolText: protocol ? protocolText(protocol.number, protocol.year) : null,
      officeName: office ? (request.locale === 'it' ? office.name_it : office.name_en) : submission.office_code,
      requestHref: requestHref(submission.public_id),
    };
  }

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId/conferma', async (request, reply) => {
    const own = await ownRequest(request, reply);
    if (!own) return reply;
    return reply.view('submissions/confirmation.njk', await confirmationModel(request, own.found));
  });

  app.post<{ Params: RequestParams }>('/area-personale/richieste/:publicId/valutazione', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    const parsed = ratingBody.safeParse(request.body);
    if (!parsed.success) {
      const found = await service.ownSubmission(applicant, request.params.publicId);
      return reply.status(422).view('submissions/confirmation.njk', { ...(await confirmationModel(request, found)), ratingError: request.t('rating.required') });
    }
    await service.rate(applicant, request.params.publicId, parsed.data.rating, parsed.data.comment || null);
    return reply.redirect(`${requestHref(request.params.publicId)}/conferma`, 303);
  });

  app.get<{ Params: RequestParams }>('/area-personale/richieste/:publicId/ricevuta.pdf', async (request, reply) => {
    const own = await ownRequest(request, reply);
    if (!own) return reply;
    const { filename, content } = await receiptPdf(app.db, app.config, own.found.submission, request.locale);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(content));
  });

  app.get<{ Params: RequestParams & { attachmentId: string } }>('/area-personale/richieste/:publicId/allegati/:attachmentId', async (request, reply) => {
    const applicant = personOr(request, reply);
    if (!applicant) return reply;
    if (!/^[0-9a-f-]{36}$/.test(request.params.attachmentId)) throw new NotFoundError('attachment');
    const { file, stream } = await service.ownAttachment(applicant, request.params.publicId, request.params.attachmentId);
    return reply
      .header('content-type', file.content_type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.original_name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  });
}
