// The procedure builder's pages (/admin/procedimenti/...): the overview with the content
// checks and the publish button, the service page, the form's steps and fields (add, change,
// move, remove, also inside repeatable groups), fees and routing, the preview of each step,
// versions with their differences, export. Every change is one small form that posts and
// redirects back (303), or shows the page again with 422 and an error summary; the pages work
// without JavaScript. Routes parse their input, call the admin service once, and render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import type { FormBody } from '../forms/index.ts';
import { localize } from '../platform/i18n.ts';
import {
  buildCondition,
  diffQuery,
  FIELD_FORM_ORDER,
  METADATA_FORM_ORDER,
  fieldFromInput,
  fieldInput,
  metadataInput,
  moveInput,
  problemsOf,
  FEE_ITEM_ORDER,
  FEE_SETTINGS_ORDER,
  feeItemInput,
  feeSettingsInput,
  RULE_FORM_ORDER,
  ruleInput,
  sectionInput,
  stepInput,
  type InputProblem,
} from './admin.inputs.ts';
import { ChecksFailedError } from './admin.service.ts';
import {
  adminNav,
  choices,
  conditionChoices,
  describeChecks,
  fieldHref,
  fieldValues,
  formErrors,
  metadataValues,
  noErrors,
  procedureBase,
  procedureNav,
  stepValues,
  type FormErrors,
} from './admin.view.ts';
import {
  addField,
  addStep,
  BuilderError,
  containerFields,
  fieldsBefore,
  findField,
  moveField,
  moveStep,
  removeField,
  removeStep,
  setMetadata,
  setSection,
  updateField,
  updateStep,
  type Container,
  type DraftDefinition,
} from './draft.ts';
import { parse as parseYaml, stringify } from 'yaml';
import { previewStep } from './preview.ts';
import { addFeeItem, buildFeeItem, FEE_TYPES, feesOf, itemsOf, moveFeeItem, removeFeeItem, setFeeSettings, type FeeItem } from './fees-editor.ts';
import { FEE_TIMINGS } from '../payments/fees.ts';
import { addRule, buildRoutingCondition, moveRule, removeRule, ROUTING_OPERATORS, routingSubjects, rulesOf } from './routing-rules.ts';
import { isoToRomeLocal } from './rome-time.ts';

type Workspace = Awaited<ReturnType<FastifyInstance['services']['admin']['workspace']>>;
type IdParams = { id: string };
type StepParams = IdParams & { stepId: string };
type FieldParams = StepParams & { name: string };

const NOTICES = new Set(['saved', 'published', 'archived', 'restored', 'discarded', 'imported', 'created', 'removed', 'versionRestored']);

function procedureId(params: unknown): number {
  const raw = (params as { id?: string }).id ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw new NotFoundError('procedure');
  return Number(raw);
}

function refused(error: unknown): InputProblem[] {
  if (error instanceof BuilderError) return [{ input: error.input, key: error.key, params: error.params }];
  throw error;
}

function containerOf(request: FastifyRequest<{ Params: StepParams }>): Container {
  const group = (request.query as Record<string, unknown> | undefined)?.gruppo;
  return { stepId: request.params.stepId, group: typeof group === 'string' && /^[a-z][a-zA-Z0-9]{0,62}$/.test(group) ? group : undefined };
}

export default async function builderRoutes(app: FastifyInstance) {
  const admin = app.services.admin;
  const actor = (request: FastifyRequest) => request.user!.fiscalCode;

  /** What every page of a procedure shows: titles, navigation, breadcrumbs, notice. */
  function frame(request: FastifyRequest, ws: Workspace, current: string, title: string) {
    const id = ws.procedure.id;
    const procedureTitle = localize(ws.definition.title, request.locale) || ws.procedure.slug;
    const esito = (request.query as Record<string, unknown> | undefined)?.esito;
    return {
      pageTitle: `${title} - ${procedureTitle}`,
      heading: title,
      procedureTitle,
      procedure: ws.procedure,
      definition: ws.definition,
      hasDraft: Boolean(ws.draft),
      base: procedureBase(id),
      adminNav: adminNav(request.t, 'procedures'),
      procedureNav: procedureNav(request.t, id, current, ws.definition.form.steps[0]?.id),
      breadcrumbs: [
        { href: '/admin', label: request.t('admin.title') },
        ...(current === 'overview' ? [{ label: procedureTitle }] : [{ href: procedureBase(id), label: procedureTitle }, { label: title }]),
      ],
      notice: typeof esito === 'string' && NOTICES.has(esito) ? request.t(`admin.notice.${esito}`) : null,
      errorCount: ws.checks.errors,
    };
  }

  // ---------------------------------------------------------------- overview, publish, archive

  async function overview(request: FastifyRequest, reply: FastifyReply, id: number, status = 200, extra: Record<string, unknown> = {}) {
    const ws = await admin.workspace(id);
    const checks = describeChecks(request.t, id, ws.definition, ws.checks.items);
    return reply.status(status).view('admin/procedure.njk', {
      ...frame(request, ws, 'overview', request.t('admin.pnav.overview')),
      checks,
      checkErrors: ws.checks.errors,
      checkWarnings: ws.checks.warnings,
      versions: ws.versions,
      intake: ws.intake,
      office: ws.offices.find((o) => o.code === ws.definition.office),
      staleDraft: ws.draft && ws.draft.based_on_version !== null && ws.draft.based_on_version !== ws.procedure.published_version ? { basedOn: ws.draft.based_on_version, current: ws.procedure.published_version } : null,
      opensAtLocal: isoToRomeLocal(ws.definition.opensAt),
      ...extra,
    });
  }

  app.get('/admin/procedimenti/:id', async (request, reply) => overview(request, reply, procedureId(request.params)));

  app.post('/admin/procedimenti/:id/pubblica', async (request, reply) => {
    const id = procedureId(request.params);
    try {
      await admin.publish(actor(request), id);
    } catch (error) {
      if (error instanceof ChecksFailedError) {
        const ws = await admin.workspace(id);
        const items = describeChecks(request.t, id, ws.definition, error.checks.items.filter((i) => i.severity === 'error'));
        return overview(request, reply, id, 422, { summary: { title: request.t('admin.publish.refused', { count: error.checks.errors }), items: items.map((i) => ({ href: i.href, text: `${i.where}: ${i.text}` })) } });
      }
      const problems = refused(error);
      return overview(request, reply, id, 422, { summary: formErrors(problems, request.t).summary });
    }
    return reply.redirect(`${procedureBase(id)}?esito=published`, 303);
  });

  app.post('/admin/procedimenti/:id/archivia', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.archive(actor(request), id);
    return reply.redirect(`${procedureBase(id)}?esito=archived`, 303);
  });

  app.post('/admin/procedimenti/:id/ripristina', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.restore(actor(request), id);
    return reply.redirect(`${procedureBase(id)}?esito=restored`, 303);
  });

  app.post('/admin/procedimenti/:id/bozza/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    try {
      await admin.discardDraft(actor(request), id);
    } catch (error) {
      return overview(request, reply, id, 422, { summary: formErrors(refused(error), request.t).summary });
    }
    return reply.redirect(`${procedureBase(id)}?esito=discarded`, 303);
  });

  // ---------------------------------------------------------------- service page

  async function metadataPage(request: FastifyRequest, reply: FastifyReply, ws: Workspace, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    return reply.status(status).view('admin/metadata.njk', {
      ...frame(request, ws, 'metadata', request.t('admin.pnav.metadata')),
      values,
      ...errors,
      choices: choices(request.t, ws.offices, request.locale),
    });
  }

  app.get('/admin/procedimenti/:id/scheda', async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return metadataPage(request, reply, ws, metadataValues(ws.definition), noErrors);
  });

  app.post('/admin/procedimenti/:id/scheda', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = metadataInput.safeParse(request.body);
    if (!parsed.success) {
      return metadataPage(request, reply, await admin.workspace(id), request.body as Record<string, unknown>, formErrors(problemsOf(parsed.error, METADATA_FORM_ORDER), request.t), 422);
    }
    await admin.edit(actor(request), id, 'procedure.metadata', (draft) => setMetadata(draft, parsed.data));
    return reply.redirect(`${procedureBase(id)}/scheda?esito=saved`, 303);
  });

  // ---------------------------------------------------------------- form: steps

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
      const input = parsed.data;
      try {
        await admin.edit(actor(request), id, 'procedure.step.add', (draft) => {
          const before = draft.form.steps.flatMap((s) => s.fields);
          const showIf = buildCondition(input, before);
          return addStep(draft, { id: input.id, title: { it: input.titleIt, en: input.titleEn }, description: { it: input.descriptionIt, en: input.descriptionEn }, showIf });
        }, { step: input.id });
        return reply.redirect(`${procedureBase(id)}/passi/${input.id}?esito=created`, 303);
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
    const { stepId } = request.params;
    const parsed = stepInput.safeParse(request.body);
    let problems: InputProblem[] = [];
    if (!parsed.success) problems = problemsOf(parsed.error);
    else {
      const input = parsed.data;
      try {
        await admin.edit(actor(request), id, 'procedure.step.update', (draft) => {
          const index = draft.form.steps.findIndex((s) => s.id === stepId);
          const before = draft.form.steps.slice(0, Math.max(index, 0)).flatMap((s) => s.fields);
          const showIf = buildCondition(input, before);
          return updateStep(draft, stepId, { id: input.id, title: { it: input.titleIt, en: input.titleEn }, description: { it: input.descriptionIt, en: input.descriptionEn }, showIf });
        }, { step: stepId, ...(input.id !== stepId ? { newId: input.id } : {}) });
        return reply.redirect(`${procedureBase(id)}/passi/${input.id}?esito=saved`, 303);
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
    await admin.edit(actor(request), id, 'procedure.step.move', (draft) => moveStep(draft, request.params.stepId, parsed.data.direction), { step: request.params.stepId, direction: parsed.data.direction }).catch(notFoundOn);
    return reply.redirect(`${procedureBase(id)}/modulo#step-${request.params.stepId}`, 303);
  });

  app.post<{ Params: StepParams }>('/admin/procedimenti/:id/passi/:stepId/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.edit(actor(request), id, 'procedure.step.remove', (draft) => removeStep(draft, request.params.stepId), { step: request.params.stepId }).catch(notFoundOn);
    return reply.redirect(`${procedureBase(id)}/modulo?esito=removed`, 303);
  });

  // ---------------------------------------------------------------- form: fields

  async function fieldPage(
    request: FastifyRequest<{ Params: StepParams & { name?: string } }>,
    reply: FastifyReply,
    ws: Workspace,
    container: Container,
    name: string | null,
    values: Record<string, unknown> | null,
    errors: FormErrors,
    status = 200,
  ) {
    const step = ws.definition.form.steps.find((s) => s.id === container.stepId);
    if (!step) throw new NotFoundError('step');
    const group = container.group ? step.fields.find((f) => f.name === container.group && f.type === 'group') : undefined;
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
    // the field as the citizen sees it (saved state): a one-field step through the engine
    let fieldPreview = null;
    if (field) {
      try {
        const preview = previewStep({ ...ws.definition, form: { steps: [{ ...step, fields: [{ ...field, showIf: undefined }] }] } }, step.id, request.locale, request.t('admin.preview.missingText'));
        fieldPreview = preview.view?.fields[0] ?? null;
      } catch {
        fieldPreview = null;
      }
    }
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
      fieldTypes: choices(request.t, [], request.locale).fieldTypes.filter((c) => !container.group || (c.value !== 'group' && c.value !== 'file')),
      conditionFields: conditionChoices(ws.definition, container, position),
      steps: container.group ? [] : ws.definition.form.steps.map((s) => ({ value: s.id, label: localize(s.title, request.locale) || s.id })),
      fieldPreview,
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
  async function saveField(request: FastifyRequest<{ Params: StepParams & { name?: string } }>, reply: FastifyReply) {
    const id = procedureId(request.params);
    const container = containerOf(request);
    const name = request.params.name ?? null;
    const parsed = fieldInput.safeParse(request.body);
    let problems: InputProblem[] = [];
    if (!parsed.success) problems = problemsOf(parsed.error, FIELD_FORM_ORDER);
    else {
      const input = parsed.data;
      const toStep = input.step && !container.group ? input.step : container.stepId;
      try {
        await admin.edit(
          actor(request),
          id,
          name ? 'procedure.field.update' : 'procedure.field.add',
          (draft) => {
            const existing = name ? findField(draft, container, name) : undefined;
            if (name && !existing) throw new NotFoundError('field');
            const moving = !container.group && toStep !== container.stepId;
            const target: Container = moving ? { stepId: toStep } : container;
            const position = moving || !existing ? Number.MAX_SAFE_INTEGER : containerFields(draft, container).indexOf(existing);
            const before = fieldsBefore(draft, target, position);
            const showIf = buildCondition(input, before.filter((f) => f.name !== name));
            const field = fieldFromInput(input, showIf);
            return name ? updateField(draft, container, name, field, toStep) : addField(draft, container, field);
          },
          { step: container.stepId, ...(container.group ? { group: container.group } : {}), field: input.name, ...(name && name !== input.name ? { previousName: name } : {}) },
        );
        const stepId = container.group ? container.stepId : toStep;
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

  app.post<{ Params: FieldParams }>('/admin/procedimenti/:id/passi/:stepId/campi/:name/sposta', async (request, reply) => {
    const id = procedureId(request.params);
    const container = containerOf(request);
    const parsed = moveInput.safeParse(request.body);
    if (!parsed.success) throw new NotFoundError('direction');
    await admin
      .edit(actor(request), id, 'procedure.field.move', (draft) => moveField(draft, container, request.params.name, parsed.data.direction), { step: container.stepId, field: request.params.name, direction: parsed.data.direction })
      .catch(notFoundOn);
    const back = container.group ? fieldHref(id, { stepId: container.stepId }, container.group) : `${procedureBase(id)}/passi/${encodeURIComponent(container.stepId)}`;
    return reply.redirect(`${back}#field-${request.params.name}`, 303);
  });

  app.post<{ Params: FieldParams }>('/admin/procedimenti/:id/passi/:stepId/campi/:name/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    const container = containerOf(request);
    await admin.edit(actor(request), id, 'procedure.field.remove', (draft) => removeField(draft, container, request.params.name), { step: container.stepId, field: request.params.name }).catch(notFoundOn);
    const back = container.group ? fieldHref(id, { stepId: container.stepId }, container.group) : `${procedureBase(id)}/passi/${encodeURIComponent(container.stepId)}`;
    return reply.redirect(`${back}${container.group ? '&' : '?'}esito=removed`, 303);
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

  // ---------------------------------------------------------------- preview

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

  // ---------------------------------------------------------------- fees and routing

  for (const [path, section] of [
    ['costi', 'fees'],
    ['instradamento', 'routing'],
  ] as const) {
    async function sectionPage(request: FastifyRequest, reply: FastifyReply, ws: Workspace, yaml: string, errors: FormErrors, status = 200, extra: Record<string, unknown> = {}) {
      return reply.status(status).view('admin/section.njk', {
        ...frame(request, ws, section, request.t(`admin.pnav.${section}`)),
        section,
        yaml,
        ...errors,
        action: `${procedureBase(ws.procedure.id)}/${path}`,
        fieldNames: ws.definition.form.steps.flatMap((s) => s.fields).map((f) => ({ name: f.name, type: f.type, options: (f.options ?? []).map((o) => o.value).join(', ') })),
        offices: ws.offices,
        ...(section === 'routing' ? routingModel(request, ws, (extra.ruleValues as Record<string, unknown> | undefined) ?? { condOp: 'equals' }) : {}),
        ...(section === 'fees' ? feesModel(request, ws, (extra.settingValues as Record<string, unknown> | undefined) ?? null, (extra.itemValues as Record<string, unknown> | undefined) ?? { feeType: 'fixed', online: true, condOp: 'equals' }) : {}),
        ...extra,
      });
    }

    app.get(`/admin/procedimenti/:id/${path}`, async (request, reply) => {
      const ws = await admin.workspace(procedureId(request.params));
      const value = ws.definition[section];
      return sectionPage(request, reply, ws, value === undefined ? '' : stringify(value, { lineWidth: 0 }), noErrors);
    });

    app.post(`/admin/procedimenti/:id/${path}`, async (request, reply) => {
      const id = procedureId(request.params);
      const parsed = sectionInput.safeParse(request.body);
      let problems: InputProblem[] = [];
      let value: unknown;
      if (!parsed.success) problems = problemsOf(parsed.error);
      else if (parsed.data.yaml) {
        try {
          value = parseYaml(parsed.data.yaml);
          if (value === null || typeof value !== 'object' || Array.isArray(value)) problems = [{ input: 'yaml', key: 'admin.section.notMapping' }];
        } catch (error) {
          problems = [{ input: 'yaml', key: 'admin.error.yamlAt', params: { detail: (error as Error).message.split('\n')[0] ?? '' } }];
        }
      }
      if (problems.length === 0) {
        await admin.edit(actor(request), id, `procedure.${section}`, (draft: DraftDefinition) => setSection(draft, section, value));
        return reply.redirect(`${procedureBase(id)}/${path}?esito=saved`, 303);
      }
      const body = request.body as Record<string, unknown> | undefined;
      return sectionPage(request, reply, await admin.workspace(id), String(body?.yaml ?? ''), formErrors(problems, request.t), 422);
    });
  }

  // ---------------------------------------------------------------- fees, one item at a time

  /** The fees in words, and the values and choices of the settings and item forms. */
  function feesModel(request: FastifyRequest, ws: Workspace, settingValues: Record<string, unknown> | null, itemValues: Record<string, unknown>) {
    const fields = ws.definition.form.steps.flatMap((s) => s.fields);
    const money = (cents: unknown) => (typeof cents === 'number' ? new Intl.NumberFormat(request.locale === 'it' ? 'it-IT' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(cents / 100) : '?');
    const fieldLabel = (name: unknown) => {
      const field = fields.find((f) => f.name === name);
      return field ? localize(field.label, request.locale) || field.name : String(name);
    };
    const words = (item: FeeItem): string => {
      switch (item.type) {
        case 'fixed':
          return request.t('admin.fees.item.fixed', { amount: money(item.amountCents) });
        case 'perOption': {
          // in the order of the field's options (the database keeps its own key order)
          const amounts = (item.amounts as Record<string, number>) ?? {};
          const order = fields.find((f) => f.name === item.field)?.options?.map((o) => o.value) ?? [];
          const keys = Object.keys(amounts).sort((a, b) => (order.indexOf(a) >>> 0) - (order.indexOf(b) >>> 0));
          return request.t('admin.fees.item.perOption', { field: fieldLabel(item.field), amounts: keys.map((o) => `${o}: ${money(amounts[o])}`).join(', ') });
        }
        case 'rate':
          return [
            request.t('admin.fees.item.rate', { rate: money(item.rateCents), per: String(item.per ?? 1), field: fieldLabel(item.field) }),
            item.minimumCents !== undefined ? request.t('admin.fees.item.minimum', { amount: money(item.minimumCents) }) : '',
            item.maximumCents !== undefined ? request.t('admin.fees.item.maximum', { amount: money(item.maximumCents) }) : '',
          ].filter(Boolean).join('; ');
        case 'stampDuty':
          return request.t(item.declaredBy ? (item.online === false ? 'admin.fees.item.stampDeclared' : 'admin.fees.item.stampEither') : 'admin.fees.item.stampOnline', { amount: money(item.amountCents ?? 1600), field: fieldLabel(item.declaredBy) });
        default:
          return JSON.stringify(item);
      }
    };
    const fees = feesOf(ws.definition);
    const items = itemsOf(ws.definition);
    return {
      feesOn: Boolean(fees),
      feeItems: items.map((item, i) => ({ id: item.id, label: item.label ? localize(item.label, request.locale) : item.id, words: words(item), conditional: Boolean(item.when), first: i === 0, last: i === items.length - 1 })),
      settingValues: settingValues ?? {
        timing: fees?.timing ?? 'before-submission',
        taxonomyCode: fees?.taxonomyCode ?? '',
        dueDays: String(fees?.dueDays ?? 30),
        reasonIt: fees?.reason?.it ?? '',
        reasonEn: fees?.reason?.en ?? '',
        descriptionIt: fees?.description?.it ?? '',
        descriptionEn: fees?.description?.en ?? '',
      },
      itemValues,
      timings: FEE_TIMINGS.map((value) => ({ value, label: request.t(`admin.fees.timing.${value}`) })),
      feeTypes: FEE_TYPES.map((value) => ({ value, label: request.t(`admin.fees.type.${value}`) })),
      feeFields: fields.filter((f) => ['radio', 'select', 'checkboxes', 'integer', 'decimal'].includes(f.type)).map((f) => ({ value: f.name, label: `${localize(f.label, request.locale) || f.name} (${f.name})` })),
      stampFields: fields.filter((f) => f.type === 'marcaDaBollo').map((f) => ({ value: f.name, label: `${localize(f.label, request.locale) || f.name} (${f.name})` })),
      conditionFields: conditionChoices(ws.definition, { stepId: ws.definition.form.steps[ws.definition.form.steps.length - 1]?.id ?? '' }, Number.MAX_SAFE_INTEGER),
      operators: choices(request.t, [], request.locale).operators,
    };
  }

  async function feesRefused(request: FastifyRequest, reply: FastifyReply, id: number, problems: InputProblem[], extra: Record<string, unknown>) {
    const ws = await admin.workspace(id);
    const value = ws.definition.fees;
    return reply.status(422).view('admin/section.njk', {
      ...frame(request, ws, 'fees', request.t('admin.pnav.fees')),
      section: 'fees',
      yaml: value === undefined ? '' : stringify(value, { lineWidth: 0 }),
      ...formErrors(problems, request.t),
      action: `${procedureBase(id)}/costi`,
      fieldNames: [],
      offices: ws.offices,
      ...feesModel(request, ws, (extra.settingValues as Record<string, unknown> | undefined) ?? null, (extra.itemValues as Record<string, unknown> | undefined) ?? { feeType: 'fixed', online: true, condOp: 'equals' }),
    });
  }

  app.post('/admin/procedimenti/:id/costi/impostazioni', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = feeSettingsInput.safeParse(request.body);
    if (!parsed.success) return feesRefused(request, reply, id, problemsOf(parsed.error, FEE_SETTINGS_ORDER), { settingValues: request.body });
    const input = parsed.data;
    await admin.edit(actor(request), id, 'procedure.fees', (draft) =>
      setFeeSettings(draft, {
        timing: input.timing,
        taxonomyCode: input.taxonomyCode,
        dueDays: input.dueDays,
        reason: { it: input.reasonIt, en: input.reasonEn },
        description: { it: input.descriptionIt, en: input.descriptionEn },
      }),
    );
    return reply.redirect(`${procedureBase(id)}/costi?esito=saved`, 303);
  });

  app.post('/admin/procedimenti/:id/costi/voci', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = feeItemInput.safeParse(request.body);
    let problems: InputProblem[];
    if (!parsed.success) problems = problemsOf(parsed.error, FEE_ITEM_ORDER);
    else {
      const input = parsed.data;
      try {
        await admin.edit(actor(request), id, 'procedure.fees', (draft) => {
          const fields = draft.form.steps.flatMap((s) => s.fields);
          return addFeeItem(draft, buildFeeItem(input, buildCondition(input, fields), fields));
        }, { item: input.itemId });
        return reply.redirect(`${procedureBase(id)}/costi?esito=saved#fee-${input.itemId}`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    return feesRefused(request, reply, id, problems, { itemValues: request.body });
  });

  for (const [path, change] of [
    ['sposta', (draft: DraftDefinition, item: string, body: unknown) => moveFeeItem(draft, item, moveInput.parse(body).direction)],
    ['elimina', (draft: DraftDefinition, item: string) => removeFeeItem(draft, item)],
  ] as const) {
    app.post<{ Params: IdParams & { item: string } }>(`/admin/procedimenti/:id/costi/voci/:item/${path}`, async (request, reply) => {
      const id = procedureId(request.params);
      if (path === 'sposta' && !moveInput.safeParse(request.body).success) throw new NotFoundError('direction');
      await admin.edit(actor(request), id, 'procedure.fees', (draft) => change(draft, request.params.item, request.body), { item: request.params.item, change: path }).catch(notFoundOn);
      return reply.redirect(`${procedureBase(id)}/costi${path === 'elimina' ? '?esito=removed' : `#fee-${request.params.item}`}`, 303);
    });
  }

  // ---------------------------------------------------------------- routing rules, one at a time

  /** The rules in words, and the choices of the rule form. */
  function routingModel(request: FastifyRequest, ws: Workspace, ruleValues: Record<string, unknown>) {
    const subjects = routingSubjects(ws.definition);
    const officeName = (code: string) => {
      const office = ws.offices.find((o) => o.code === code);
      return office ? (request.locale === 'it' ? office.name_it : office.name_en) : code;
    };
    const subjectLabel = (value: string) => {
      if (value.startsWith('applicant:')) return request.t(`admin.routing.subject.${value.slice('applicant:'.length)}`);
      const subject = subjects.find((s) => s.value === value);
      if (!subject?.field) return value;
      const label = localize(subject.field.label, request.locale) || subject.field.name;
      return subject.part ? request.t('admin.routing.part', { field: label, part: request.t(`admin.routing.parts.${subject.part}`) }) : label;
    };
    const words = (when: Record<string, unknown>): string => {
      if (typeof when.applicant === 'string') return subjectLabel(`applicant:${when.applicant}`);
      if (typeof when.field === 'string') {
        const op = ROUTING_OPERATORS.find((o) => o in when) ?? ('filled' in when ? (when.filled ? 'filled' : 'empty') : null);
        if (op === 'filled' || op === 'empty') return `${subjectLabel(when.field)} ${request.t(`admin.op.${op}`)}`;
        if (op) {
          const raw = when[op];
          return `${subjectLabel(when.field)} ${request.t(`admin.op.${op}`)} ${Array.isArray(raw) ? raw.join(', ') : String(raw)}`;
        }
      }
      return JSON.stringify(when);
    };
    return {
      rules: rulesOf(ws.definition).map((rule, i, all) => ({
        id: rule.id,
        description: rule.description ? localize(rule.description, request.locale) : '',
        when: words(rule.when as unknown as Record<string, unknown>),
        office: officeName(rule.office),
        first: i === 0,
        last: i === all.length - 1,
      })),
      ruleValues,
      ruleSubjects: subjects.map((s) => ({ value: s.value, label: subjectLabel(s.value) })),
      ruleOperators: ROUTING_OPERATORS.map((op) => ({ value: op, label: request.t(`admin.op.${op}`) })),
      officeChoices: choices(request.t, ws.offices, request.locale).offices,
    };
  }

  app.post('/admin/procedimenti/:id/instradamento/regole', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = ruleInput.safeParse(request.body);
    let problems: InputProblem[] = [];
    if (!parsed.success) problems = problemsOf(parsed.error, RULE_FORM_ORDER);
    else {
      const input = parsed.data;
      try {
        await admin.edit(actor(request), id, 'procedure.routing', (draft) => {
          const when = buildRoutingCondition(input, draft);
          return addRule(draft, { id: input.ruleId, description: { it: input.descriptionIt, en: input.descriptionEn }, when, office: input.office });
        }, { rule: input.ruleId });
        return reply.redirect(`${procedureBase(id)}/instradamento?esito=saved`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    const ws = await admin.workspace(id);
    const value = ws.definition.routing;
    return reply.status(422).view('admin/section.njk', {
      ...frame(request, ws, 'routing', request.t('admin.pnav.routing')),
      section: 'routing',
      yaml: value === undefined ? '' : stringify(value, { lineWidth: 0 }),
      ...formErrors(problems, request.t),
      action: `${procedureBase(id)}/instradamento`,
      fieldNames: [],
      offices: ws.offices,
      ...routingModel(request, ws, request.body as Record<string, unknown>),
    });
  });

  for (const [path, change] of [
    ['sposta', (draft: DraftDefinition, rule: string, body: unknown) => moveRule(draft, rule, moveInput.parse(body).direction)],
    ['elimina', (draft: DraftDefinition, rule: string) => removeRule(draft, rule)],
  ] as const) {
    app.post<{ Params: IdParams & { rule: string } }>(`/admin/procedimenti/:id/instradamento/regole/:rule/${path}`, async (request, reply) => {
      const id = procedureId(request.params);
      if (path === 'sposta' && !moveInput.safeParse(request.body).success) throw new NotFoundError('direction');
      await admin.edit(actor(request), id, 'procedure.routing', (draft) => change(draft, request.params.rule, request.body), { rule: request.params.rule, change: path }).catch(notFoundOn);
      return reply.redirect(`${procedureBase(id)}/instradamento${path === 'elimina' ? '?esito=removed' : `#rule-${request.params.rule}`}`, 303);
    });
  }

  // ---------------------------------------------------------------- versions

  app.get('/admin/procedimenti/:id/versioni', async (request, reply) => {
    const id = procedureId(request.params);
    const ws = await admin.workspace(id);
    const refs = [...(ws.draft ? [{ value: 'bozza', label: request.t('admin.versions.draft') }] : []), ...ws.versions.map((v) => ({ value: String(v.version), label: request.t('admin.versions.version', { n: v.version }) }))];
    return reply.view('admin/versions.njk', {
      ...frame(request, ws, 'versions', request.t('admin.pnav.versions')),
      versions: ws.versions,
      draft: ws.draft,
      refs,
      from: ws.draft ? String(ws.versions[0]?.version ?? '') : String(ws.versions[1]?.version ?? ''),
      to: ws.draft ? 'bozza' : String(ws.versions[0]?.version ?? ''),
    });
  });

  app.get('/admin/procedimenti/:id/versioni/confronta', async (request, reply) => {
    const id = procedureId(request.params);
    const query = diffQuery.parse(request.query);
    if (!query.da || !query.a) throw new NotFoundError('versions to compare');
    const ref = (value: string) => (value === 'bozza' ? ('draft' as const) : Number(value));
    const [ws, changes] = await Promise.all([admin.workspace(id), admin.diff(id, ref(query.da), ref(query.a), request.locale)]);
    const name = (value: string) => (value === 'bozza' ? request.t('admin.versions.draft') : request.t('admin.versions.version', { n: value }));
    return reply.view('admin/diff.njk', {
      ...frame(request, ws, 'versions', request.t('admin.diff.title', { from: name(query.da), to: name(query.a) })),
      changes,
      fromName: name(query.da),
      toName: name(query.a),
      propLabel: (property: string | null) => (property ? propertyLabel(request.t, property) : ''),
    });
  });

  app.post<{ Params: IdParams & { version: string } }>('/admin/procedimenti/:id/versioni/:version/ripristina', async (request, reply) => {
    const id = procedureId(request.params);
    if (!/^\d{1,6}$/.test(request.params.version)) throw new NotFoundError('version');
    await admin.restoreVersion(actor(request), id, Number(request.params.version));
    return reply.redirect(`${procedureBase(id)}?esito=versionRestored`, 303);
  });

  app.get('/admin/procedimenti/:id/esporta', async (request, reply) => {
    const id = procedureId(request.params);
    const which = (request.query as Record<string, unknown> | undefined)?.versione;
    const ref = which === 'bozza' ? 'draft' : typeof which === 'string' && /^\d{1,6}$/.test(which) ? Number(which) : 'published';
    const file = await admin.exportDefinition(id, ref);
    return reply
      .header('content-type', 'application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('x-content-type-options', 'nosniff')
      .send(file.text);
  });

}

/** A move or removal of something already gone: the page it came from is stale. */
function notFoundOn(error: unknown): never {
  if (error instanceof BuilderError) throw new NotFoundError(error.key);
  throw error;
}

/** "label.en" -> "Etichetta (inglese)"; unknown properties are shown as written. */
export function propertyLabel(t: (key: string, params?: Record<string, string | number>) => string, property: string): string {
  const parts = property.split('.');
  const last = parts[parts.length - 1]!;
  const lang = last === 'it' || last === 'en' ? last : null;
  const key = `admin.prop.${(lang ? parts.slice(0, -1) : parts).join('.')}`;
  let base: string;
  try {
    base = t(key);
  } catch {
    base = (lang ? parts.slice(0, -1) : parts).join('.');
  }
  return lang ? `${base} (${t(`admin.lang.${lang}`)})` : base;
}
