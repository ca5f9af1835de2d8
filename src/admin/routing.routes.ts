// The routing of a procedure (/admin/procedimenti/:id/instradamento): the rules that send a
// filing to an office other than the procedure's, one at a time and each said in words, or the
// whole section as YAML.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { localize } from '../platform/i18n.ts';
import { moveInput, problemsOf, RULE_FORM_ORDER, ruleInput, type InputProblem } from './admin.inputs.ts';
import { choices, formErrors, procedureBase } from './admin.view.ts';
import { actor, procedureId, refused, sectionBoxRoutes, sectionPage, sectionYaml, type IdParams, type Workspace } from './builder-pages.ts';
import { ROUTING_OPERATORS, routingSubjects, rulesOf } from './routing-rules.ts';

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

export default async function routingRoutes(app: FastifyInstance) {
  const admin = app.services.admin;

  sectionBoxRoutes(app, 'routing', (request, ws) => routingModel(request, ws, { condOp: 'equals' }));

  app.post('/admin/procedimenti/:id/instradamento/regole', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = ruleInput.safeParse(request.body);
    let problems: InputProblem[] = [];
    if (!parsed.success) problems = problemsOf(parsed.error, RULE_FORM_ORDER);
    else {
      try {
        await admin.builder.addRule(actor(request), id, parsed.data);
        return reply.redirect(`${procedureBase(id)}/instradamento?esito=saved`, 303);
      } catch (error) {
        problems = refused(error);
      }
    }
    const ws = await admin.workspace(id);
    const model = routingModel(request, ws, request.body as Record<string, unknown>);
    return sectionPage(request, reply, ws, { section: 'routing', yaml: sectionYaml(ws, 'routing'), errors: formErrors(problems, request.t), status: 422, listFields: false, model });
  });

  app.post<{ Params: IdParams & { rule: string } }>('/admin/procedimenti/:id/instradamento/regole/:rule/sposta', async (request, reply) => {
    const id = procedureId(request.params);
    const parsed = moveInput.safeParse(request.body);
    if (!parsed.success) throw new NotFoundError('direction');
    await admin.builder.moveRule(actor(request), id, request.params.rule, parsed.data.direction);
    return reply.redirect(`${procedureBase(id)}/instradamento#rule-${request.params.rule}`, 303);
  });

  app.post<{ Params: IdParams & { rule: string } }>('/admin/procedimenti/:id/instradamento/regole/:rule/elimina', async (request, reply) => {
    const id = procedureId(request.params);
    await admin.builder.removeRule(actor(request), id, request.params.rule);
    return reply.redirect(`${procedureBase(id)}/instradamento?esito=removed`, 303);
  });
}
