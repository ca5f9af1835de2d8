// The whole-journey preview (/admin/procedimenti/:id/percorso): the working copy's form walked
// step by step to the summary, in either language (the switch in the header keeps the
// answers). The answers are kept in the administrator's own session cookie under
// `builderPreview`, for one procedure at a time; no draft, submission or file is written.
// Every page says so and links back to the builder.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Answers, FormBody, FormDefinition } from '../forms/index.ts';
import { NotFoundError } from '../platform/errors.ts';
import { romeDate } from '../platform/time.ts';
import { procedureBase } from './admin.view.ts';
import { frame, procedureId, type IdParams, type StepParams, type Workspace } from './builder-pages.ts';
import { applies, exitOf, fitForSession, postStep, previewForm, showStep, startStep, summaryOf, type PreviewState, type PreviewStepPage } from './preview-journey.ts';
import { lt } from '../forms/index.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    builderPreview: PreviewState;
  }
}

const journeyBase = (id: number) => `${procedureBase(id)}/percorso`;

export default async function previewJourneyRoutes(app: FastifyInstance) {
  const admin = app.services.admin;
  const today = () => romeDate(app.services.clock());

  function answersOf(request: FastifyRequest, id: number): Answers {
    const state = request.session.get('builderPreview');
    return state && state.procedure === id ? state.answers : {};
  }

  async function load(request: FastifyRequest) {
    const id = procedureId(request.params);
    const ws = await admin.workspace(id);
    return { id, ws, form: previewForm(ws.definition, request.t('admin.preview.missingText')), answers: answersOf(request, id) };
  }

  function render(request: FastifyRequest, reply: FastifyReply, ws: Workspace, model: Record<string, unknown>, status = 200) {
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .view('admin/preview-journey.njk', { ...frame(request, ws, 'journey', request.t('builderPreview.title')), journey: journeyBase(ws.procedure.id), ...model });
  }

  /** A draft the engine cannot run yet (a choice without options...): the checks say why. */
  function unavailable(request: FastifyRequest, reply: FastifyReply, ws: Workspace) {
    return render(request, reply, ws, { mode: 'unavailable' });
  }

  function stepPage(request: FastifyRequest, reply: FastifyReply, ws: Workspace, page: PreviewStepPage, status = 200) {
    return render(request, reply, ws, { mode: 'step', page, action: `${journeyBase(ws.procedure.id)}/passo/${encodeURIComponent(page.view.stepId)}` }, status);
  }

  /**
   * Runs the engine on the working copy, which may be incomplete (a choice without options, a
   * condition on a field still missing): what it cannot run is shown as "not available yet",
   * and the content checks say why.
   */
  const safely = <T>(run: () => T): T | null => {
    try {
      return run();
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      return null;
    }
  };

  // the start of the preview is its first step that applies (its form posts to the step's address)
  app.get<{ Params: IdParams }>('/admin/procedimenti/:id/percorso', async (request, reply) => {
    const { ws, form, answers } = await load(request);
    const page = safely(() => {
      const first = startStep(form, answers);
      return first ? showStep(form, first, answers, request.locale) : null;
    });
    return page ? stepPage(request, reply, ws, page) : unavailable(request, reply, ws);
  });

  app.post<{ Params: IdParams }>('/admin/procedimenti/:id/percorso/ricomincia', async (request, reply) => {
    const id = procedureId(request.params);
    request.session.set('builderPreview', undefined);
    return reply.redirect(journeyBase(id), 303);
  });

  /** An unknown step, or one the answers so far skip, sends the preview back to the start. */
  const checkedStep = (form: FormDefinition, stepId: string, answers: Answers) => safely(() => applies(form, stepId, answers)) === true;

  app.get<{ Params: StepParams }>('/admin/procedimenti/:id/percorso/passo/:stepId', async (request, reply) => {
    const { id, ws, form, answers } = await load(request);
    if (!checkedStep(form, request.params.stepId, answers)) return reply.redirect(journeyBase(id), 303);
    const page = safely(() => showStep(form, request.params.stepId, answers, request.locale));
    return page ? stepPage(request, reply, ws, page) : unavailable(request, reply, ws);
  });

  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/percorso/passo/:stepId', async (request, reply) => {
    const { id, ws, form, answers } = await load(request);
    if (!checkedStep(form, request.params.stepId, answers)) return reply.redirect(journeyBase(id), 303);
    const body = (request.body as FormBody | undefined) ?? {};
    const outcome = safely(() => postStep(form, request.params.stepId, body, answers, request.locale, today()));
    if (!outcome) return unavailable(request, reply, ws);
    if (outcome.kind === 'step') return stepPage(request, reply, ws, outcome, outcome.view.errorSummary ? 422 : 200);
    request.session.set('builderPreview', { procedure: id, answers: fitForSession(outcome.answers) });
    if (outcome.exit) return reply.redirect(`${journeyBase(id)}/uscita`, 303);
    return reply.redirect(outcome.next ? `${journeyBase(id)}/passo/${encodeURIComponent(outcome.next)}` : `${journeyBase(id)}/riepilogo`, 303);
  });

  // the exit page the answers lead to, as the journey shows it; with none, the summary
  app.get<{ Params: IdParams }>('/admin/procedimenti/:id/percorso/uscita', async (request, reply) => {
    const { id, ws, form, answers } = await load(request);
    const found = safely(() => exitOf(form, answers, request.locale, today()));
    if (!found) return reply.redirect(`${journeyBase(id)}/riepilogo`, 303);
    const words = (key: Parameters<typeof lt>[1]) => lt(request.locale, key);
    const back = found.back ? `${journeyBase(id)}/passo/${encodeURIComponent(found.back)}` : journeyBase(id);
    return render(request, reply, ws, { mode: 'exit', exit: found.exit, exitWords: { heading: words('exitHeading'), because: words('exitBecause'), instead: words('exitInstead'), back: words('exitBack') }, exitBack: back });
  });

  app.get<{ Params: IdParams }>('/admin/procedimenti/:id/percorso/riepilogo', async (request, reply) => {
    const { ws, form, answers } = await load(request);
    if (safely(() => exitOf(form, answers, request.locale, today()))) return reply.redirect(`${journeyBase(procedureId(request.params))}/uscita`, 303);
    const summary = safely(() => summaryOf(form, answers, request.locale, today()));
    return summary ? render(request, reply, ws, { mode: 'summary', summary }) : unavailable(request, reply, ws);
  });
}
