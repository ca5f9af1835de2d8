// A step's fields (/admin/procedimenti/:id/passi/:stepId/campi/...): the field form (new or
// existing, also for the sub-fields of a repeatable group, `?gruppo=`), with the field as the
// citizen sees it; saving, moving and removing a field; the live preview of the form as typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { localize } from '../platform/i18n.ts';
import { FIELD_FORM_ORDER, fieldFromInput, fieldInput, moveInput, problemsOf, type InputProblem } from './admin.inputs.ts';
import { choices, conditionChoices, fieldHref, fieldValues, formErrors, noErrors, procedureBase, type FormErrors } from './admin.view.ts';
import { allowedInGroup, isGroup } from './builder-field-types.ts';
import { actor, containerOf, frame, procedureId, refused, type FieldParams, type StepParams, type Workspace } from './builder-pages.ts';
import { targetStep } from './builder-edits.ts';
import { fieldsBefore, type Container } from './draft.ts';
import { previewStep } from './preview.ts';

type FieldRequest = FastifyRequest<{ Params: StepParams & { name?: string } }>;

/** The field as the citizen sees it (saved state): a one-field step through the engine. */
function savedFieldPreview(request: FastifyRequest, ws: Workspace, step: Workspace['definition']['form']['steps'][number], field: Workspace['definition']['form']['steps'][number]['fields'][number]) {
  try {
    const preview = previewStep({ ...ws.definition, form: { steps: [{ ...step, fields: [{ ...field, showIf: undefined }] }] } }, step.id, request.locale, request.t('admin.preview.missingText'));
    return preview.view?.fields[0] ?? null;
  } catch {
    return null;
  }
}

export default async function fieldsRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  async function fieldPage(request: FieldRequest, reply: FastifyReply, ws: Workspace, container: Container, name: string | null, values: Record<string, unknown> | null, errors: FormErrors, status = 200) {
    const step = ws.definition.form.steps.find((s) => s.id === container.stepId);
    if (!step) throw new NotFoundError('step');
    const group = container.group ? step.fields.find((f) => f.name === container.group && isGroup(f)) : undefined;
    if (container.group && !group) throw new NotFoundError('group');
    const list = group ? (group.fields ?? []) : step.fields;
    const field = name ? list.find((f) => f.name === name) : undefined;
    if (name && !field) throw new NotFoundError('field');
    const position = field ? list.indexOf(field) : list.length;
    const before = fieldsBefore(ws.definition, container, position);
    const id = ws.procedure.id;
    const stepTitle = localize(step.title, request.locale) || step.id;
    const title = field ? request.t('admin.field.editTitle', { field: field.label?.[request.locale] || field.name }) : request.t(container.group ? 'admin.field.newSubTitle' : 'admin.field.newTitle');
    const query = container.group ? `?gruppo=${encodeURIComponent(container.group)}` : '';
    const stepBase = `${procedureBase(id)}/passi/${encodeURIComponent(step.id)}`;
    return reply.status(status).view('admin/field.njk', {
      ...frame(request, ws, 'form', title),
      breadcrumbs: [
        { href: '/admin', label: request.t('admin.title') },
        { href: procedureBase(id), label: localize(ws.definition.title, request.locale) || ws.procedure.slug },
        { href: stepBase, label: request.t('admin.step.title', { step: stepTitle }) },
        ...(group ? [{ href: fieldHref(id, { stepId: step.id }, group.name), label: group.label?.[request.locale] || group.name }] : []),
        { label: title },
      ],
      step,
      group,
      field,
      isNew: !field,
      action: field ? `${stepBase}/campi/${encodeURIComponent(field.name)}${query}` : `${stepBase}/campi${query}`,
      moveAction: (sub: string) => `${stepBase}/campi/${encodeURIComponent(sub)}/sposta?gruppo=${encodeURIComponent(field?.name ?? '')}`,
      removeAction: (sub: string) => `${stepBase}/campi/${encodeURIComponent(sub)}/elimina?gruppo=${encodeURIComponent(field?.name ?? '')}`,
      subFieldHref: (sub: string) => fieldHref(id, { stepId: step.id, group: field?.name }, sub),
      newSubFieldHref: field ? `${stepBase}/campi/nuovo?gruppo=${encodeURIComponent(field.name)}` : null,
      values: values ?? fieldValues(field, before, step.id),
      ...errors,
      choices: choices(request.t, [], request.locale),
      fieldTypes: choices(request.t, [], request.locale).fieldTypes.filter((c) => !container.group || allowedInGroup(c.value)),
      conditionFields: conditionChoices(ws.definition, container, position),
      steps: container.group ? [] : ws.definition.form.steps.map((s) => ({ value: s.id, label: localize(s.title, request.locale) || s.id })),
      fieldPreview: field ? savedFieldPreview(request, ws, step, field) : null,
      typeLabel: (type: string) => request.t(`admin.type.${type}`),
    });
  }

  app.get<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId/campi/nuovo', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return fieldPage(request, reply, ws, containerOf(request), null, null, noErrors);
  });

  app.get<{ Params: FieldParams }>('/admin/procedimenti/:id/passi/:stepId/campi/:name', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return fieldPage(request, reply, ws, containerOf(request), request.params.name, null, noErrors);
  });

  /** Adds (no name) or changes a field, from the field form. */
  async function saveField(request: FieldRequest, reply: FastifyReply) {
    const id = procedureId(request.params);
    const container = containerOf(request as FastifyRequest<{ Params: StepParams }>);
    const name = request.params.name ?? null;
    const parsed = fieldInput.safeParse(request.body);
    let problems: InputProblem[] = [];
    if (!parsed.success) problems = problemsOf(parsed.error, FIELD_FORM_ORDER);
    else {
      const input = parsed.data;
      try {
        await admin.builder.saveField(actor(request), id, container, name, input);
        const stepId = container.group ? container.stepId : targetStep(container, input);
        return reply.redirect(`${fieldHref(id, { stepId, group: container.group }, input.name)}${container.group ? '&' : '?'}esito=saved`, 303);
      } catch (error) {
        if (error instanceof NotFoundError) throw error;
        problems = refused(error);
      }
    }
    const ws = await admin.workspace(id);
    return fieldPage(request, reply, ws, container, name, request.body as Record<string, unknown>, formErrors(problems, request.t), 422);
  }

  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId/campi', async (request, reply) => saveField(request, reply));
  app.post<{ Params: FieldParams }>('/admin/procedimenti/:id/passi/:stepId/campi/:name', async (request, reply) => saveField(request, reply));

  /** Where a field's list is: the step's page, or the group's when the field is inside one. */
  const listHref = (id: number, container: Container) =>
    container.group ? fieldHref(id, { stepId: container.stepId }, container.group) : `${procedureBase(id)}/passi/${encodeURIComponent(container.stepId)}`;

  app.post<{ Params: FieldParams }>('/admin/procedimenti/:id/passi/:stepId/campi/:name/sposta', async (request, reply) => {
    const id = procedureId(request.params);
    const container = containerOf(request);
    const parsed = moveInput.safeParse(request.body);
    if (!parsed.success) throw new NotFoundError('direction');
    await admin.builder.moveField(actor(request), id, container, request.params.name, parsed.data.direction);
    return reply.redirect(`${listHref(id, container)}#field-${request.params.name}`, 303);
  });

  app.post<{ Params: FieldParams }>('/admin/procedimenti/:id/passi/:stepId/campi/:name/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    const container = containerOf(request);
    await admin.builder.removeField(actor(request), id, container, request.params.name);
    return reply.redirect(`${listHref(id, container)}${container.group ? '&' : '?'}esito=removed`, 303);
  });

  /** Live preview of the field form (JavaScript only): the field as typed, as a fragment. */
  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId/anteprima-campo', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    const step = ws.definition.form.steps.find((s) => s.id === request.params.stepId);
    if (!step) throw new NotFoundError('step');
    const parsed = fieldInput.safeParse(request.body);
    if (!parsed.success) return reply.status(422).type('text/html').send('');
    const field = fieldFromInput(parsed.data, undefined);
    const preview = previewStep({ ...ws.definition, form: { steps: [{ ...step, fields: [field] }] } }, step.id, request.locale, request.t('admin.preview.missingText'));
    const view = preview.view?.fields[0];
    if (!view) return reply.status(422).type('text/html').send('');
    return reply.view('admin/field-preview.njk', { fieldPreview: view });
  });
}
