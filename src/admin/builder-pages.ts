// What every page of the procedure builder shares: the procedure id and the container (a step,
// or a group inside it) read from the request, the frame of a procedure's page (titles,
// navigation, breadcrumbs, the notice after a change), a refused edit as input problems, and
// the page of the fees or routing section (its YAML box with the one-at-a-time forms).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import { NotFoundError } from '../platform/errors.ts';
import { localize } from '../platform/i18n.ts';
import { problemsOf, sectionInput, type InputProblem } from './admin.inputs.ts';
import { adminNav, formErrors, noErrors, procedureBase, procedureNav, type FormErrors } from './admin.view.ts';
import { optionValues } from './builder-field-types.ts';
import { parseSectionText } from './builder-edits.ts';
import { BuilderError, LOGIC_KEYS, type Container } from './draft.ts';

export type Workspace = Awaited<ReturnType<FastifyInstance['services']['admin']['workspace']>>;
export type IdParams = { id: string };
export type StepParams = IdParams & { stepId: string };
export type FieldParams = StepParams & { name: string };

const NOTICES = new Set(['saved', 'published', 'archived', 'restored', 'discarded', 'imported', 'created', 'removed', 'versionRestored']);

export function procedureId(params: unknown): number {
  const raw = (params as { id?: string }).id ?? '';
  if (!/^\d{1,9}$/.test(raw)) throw new NotFoundError('procedure');
  return Number(raw);
}

export const actor = (request: FastifyRequest): string => request.user!.fiscalCode;

/** A refused edit as the problems of its form; anything else is not the form's to show. */
export function refused(error: unknown): InputProblem[] {
  if (error instanceof BuilderError) return [{ input: error.input, key: error.key, params: error.params }];
  throw error;
}

export function containerOf(request: FastifyRequest<{ Params: StepParams }>): Container {
  const group = (request.query as Record<string, unknown> | undefined)?.gruppo;
  return { stepId: request.params.stepId, group: typeof group === 'string' && /^[a-z][a-zA-Z0-9]{0,62}$/.test(group) ? group : undefined };
}

/** What every page of a procedure shows: titles, navigation, breadcrumbs, notice. */
export function frame(request: FastifyRequest, ws: Workspace, current: string, title: string) {
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

export type Section = 'fees' | 'routing' | 'logic';
export const SECTION_PATHS: Record<Section, string> = { fees: 'costi', routing: 'instradamento', logic: 'logica' };

/** The section's YAML box as the page shows it first: what the draft has now (the logic: the form's computed values and exits). */
export function sectionYaml(ws: Workspace, section: Section): string {
  const form = ws.definition.form as Record<string, unknown>;
  if (section === 'logic') {
    const logic = Object.fromEntries(LOGIC_KEYS.filter((key) => form[key] !== undefined).map((key) => [key, form[key]]));
    return Object.keys(logic).length === 0 ? '' : stringify(logic, { lineWidth: 0 });
  }
  const value = ws.definition[section];
  return value === undefined ? '' : stringify(value, { lineWidth: 0 });
}

/**
 * The page of the fees or the routing: the YAML box, the list of the form's fields (not on a
 * refused one-at-a-time form), and `model`, the section's own lists and forms.
 */
export function sectionPage(
  request: FastifyRequest,
  reply: FastifyReply,
  ws: Workspace,
  page: { section: Section; yaml: string; errors: FormErrors; status?: number; listFields?: boolean; model: Record<string, unknown> },
) {
  const fields = page.listFields === false ? [] : ws.definition.form.steps.flatMap((s) => s.fields).map((f) => ({ name: f.name, type: f.type, options: optionValues(f).join(', ') }));
  return reply.status(page.status ?? 200).view('admin/section.njk', {
    ...frame(request, ws, page.section, request.t(`admin.pnav.${page.section}`)),
    section: page.section,
    yaml: page.yaml,
    ...page.errors,
    action: `${procedureBase(ws.procedure.id)}/${SECTION_PATHS[page.section]}`,
    fieldNames: fields,
    offices: ws.offices,
    ...page.model,
  });
}

/**
 * The section's page and its whole-section YAML box: GET shows it, POST replaces the section
 * with the box's content (an empty box removes it). `model` gives the section's own lists and
 * forms, with their first values.
 */
export function sectionBoxRoutes(app: FastifyInstance, section: Section, model: (request: FastifyRequest, ws: Workspace) => Record<string, unknown>) {
  const admin = app.services.admin;
  const path = SECTION_PATHS[section];

  app.get(`/admin/procedimenti/:id/${path}`, async (request, reply) => {
    const ws = await admin.workspace(procedureId(request.params));
    return sectionPage(request, reply, ws, { section, yaml: sectionYaml(ws, section), errors: noErrors, model: model(request, ws) });
  });

  app.post(`/admin/procedimenti/:id/${path}`, async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = sectionInput.safeParse(request.body);
    const outcome = parsed.success ? parseSectionText(parsed.data.yaml) : { problems: problemsOf(parsed.error) };
    let problems = 'problems' in outcome ? outcome.problems : [];
    if ('value' in outcome) {
      try {
        await admin.builder.setSection(actor(request), id, section, outcome.value);
        return reply.redirect(`${procedureBase(id)}/${path}?esito=saved`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    const body = request.body as Record<string, unknown> | undefined;
    const ws = await admin.workspace(id);
    return sectionPage(request, reply, ws, { section, yaml: String(body?.yaml ?? ''), errors: formErrors(problems, request.t), status: 422, model: model(request, ws) });
  });
}
