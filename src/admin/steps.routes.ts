// The form's steps (/admin/procedimenti/:id/modulo and /passi/:stepId): the list of steps with
// the form to add one, and a step's page with its fields, its title and condition; moving and
// removing a step.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { localize } from '../platform/i18n.ts';
import { moveInput, problemsOf, stepInput, type InputProblem } from './admin.inputs.ts';
import { choices, conditionChoices, fieldHref, formErrors, noErrors, procedureBase, stepValues, type FormErrors } from './admin.view.ts';
import { actor, frame, procedureId, refused, type StepParams, type Workspace } from './builder-pages.ts';

export default async function stepsRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  async function formPage(request: FastifyRequest, reply: FastifyReply, ws: Workspace, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    const steps = ws.definition.form.steps;
    return reply.status(status).view('admin/form.njk', {
      ...frame(request, ws, 'form', request.t('admin.pnav.form')),
      steps,
      values,
      ...errors,
      conditionFields: steps.length ? conditionChoices(ws.definition, { stepId: steps[steps.length - 1]!.id }, Number.MAX_SAFE_INTEGER) : [],
      operators: choices(request.t, [], request.locale).operators,
    });
  }

  app.get('/admin/procedimenti/:id/modulo', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return formPage(request, reply, ws, stepValues(undefined, []), noErrors);
  });

  app.post('/admin/procedimenti/:id/passi', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = stepInput.safeParse(request.body);
    let problems: InputProblem[] = [];
    if (!parsed.success) problems = problemsOf(parsed.error);
    else {
      try {
        await admin.builder.addStep(actor(request), id, parsed.data);
        return reply.redirect(`${procedureBase(id)}/passi/${parsed.data.id}?esito=created`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return formPage(request, reply, await admin.workspace(id), request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });

  async function stepPage(request: FastifyRequest<{ Params: StepParams }>, reply: FastifyReply, ws: Workspace, values: Record<string, unknown> | null, errors: FormErrors, status = 200) {
    const stepIndex = ws.definition.form.steps.findIndex((s) => s.id === request.params.stepId);
    const step = ws.definition.form.steps[stepIndex];
    if (!step) throw new NotFoundError('step');
    const before = ws.definition.form.steps.slice(0, stepIndex).flatMap((s) => s.fields);
    const title = request.t('admin.step.title', { step: localize(step.title, request.locale) || step.id });
    return reply.status(status).view('admin/step.njk', {
      ...frame(request, ws, 'form', title),
      breadcrumbs: [
        { href: '/admin', label: request.t('admin.title') },
        { href: procedureBase(ws.procedure.id), label: localize(ws.definition.title, request.locale) || ws.procedure.slug },
        { href: `${procedureBase(ws.procedure.id)}/modulo`, label: request.t('admin.pnav.form') },
        { label: title },
      ],
      step,
      values: values ?? stepValues(step, before),
      ...errors,
      conditionFields: conditionChoices(ws.definition, { stepId: step.id }, 0),
      operators: choices(request.t, [], request.locale).operators,
      fieldHref: (name: string) => fieldHref(ws.procedure.id, { stepId: step.id }, name),
      typeLabel: (type: string) => request.t(`admin.type.${type}`),
    });
  }

  app.get<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return stepPage(request, reply, ws, null, noErrors);
  });

  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = stepInput.safeParse(request.body);
    let problems: InputProblem[] = [];
    if (!parsed.success) problems = problemsOf(parsed.error);
    else {
      try {
        await admin.builder.updateStep(actor(request), id, request.params.stepId, parsed.data);
        return reply.redirect(`${procedureBase(id)}/passi/${parsed.data.id}?esito=saved`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return stepPage(request, reply, await admin.workspace(id), request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  });

  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId/sposta', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = moveInput.safeParse(request.body);
    if (!parsed.success) throw new NotFoundError('direction');
    await admin.builder.moveStep(actor(request), id, request.params.stepId, parsed.data.direction);
    return reply.redirect(`${procedureBase(id)}/modulo#step-${request.params.stepId}`, 303);
  });

  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.builder.removeStep(actor(request), id, request.params.stepId);
    return reply.redirect(`${procedureBase(id)}/modulo?esito=removed`, 303);
  });
}
