// The preview of a step (/admin/procedimenti/:id/anteprima/:stepId): the working copy's step
// as the citizen sees it, and what the journey would say of the answers typed into it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormBody } from '../forms/index.ts';
import { NotFoundError } from '../platform/errors.ts';
import { localize } from '../platform/i18n.ts';
import { procedureBase } from './admin.view.ts';
import { frame, procedureId, type StepParams } from './builder-pages.ts';
import { previewStep } from './preview.ts';

export default async function previewRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  async function previewPage(request: FastifyRequest<{ Params: StepParams }>, reply: FastifyReply, body?: FormBody) {
    const ws = await admin.workspace(procedureId(request.params));
    const step = ws.definition.form.steps.find((s) => s.id === request.params.stepId);
    if (!step) throw new NotFoundError('step');
    const preview = previewStep(ws.definition, step.id, request.locale, request.t('admin.preview.missingText'), body);
    const title = request.t('admin.preview.title', { step: localize(step.title, request.locale) || step.id });
    return reply.status(preview.outcome === 'invalid' ? 422 : 200).view('admin/preview.njk', {
      ...frame(request, ws, 'preview', title),
      step,
      preview,
      steps: ws.definition.form.steps.map((s) => ({ id: s.id, label: localize(s.title, request.locale) || s.id, current: s.id === step.id })),
      action: `${procedureBase(ws.procedure.id)}/anteprima/${encodeURIComponent(step.id)}`,
    });
  }

  app.get<{ Params: StepParams }>('/admin/procedimenti/:id/anteprima/:stepId', async (request, reply) => previewPage(request, reply));
  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/anteprima/:stepId', async (request, reply) => previewPage(request, reply, (request.body as FormBody | undefined) ?? {}));
}
