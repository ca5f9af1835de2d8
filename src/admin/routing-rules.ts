// Routing rules in the builder without writing YAML: a rule is "when <the applicant is a
// business | a field (or a part of an address) compares so with a value>, send the filing to
// <office>". Rules are added, moved (the first rule that holds decides) and removed as small
// edits of the draft's `routing` section; combined conditions (all / any / not) are written in
// the advanced box. What a rule may name is checked again, with the rest of the definition, by
// the catalogue's parser (src/routing/rules.ts) when the draft is checked and published.
import { COMPARISONS, fieldCapabilities } from '../forms/index.ts';
import { routingConditionSchema, type RoutingCondition } from '../routing/rules.ts';
import { buildFieldCondition, parseConditionText } from './condition-values.ts';
import { BuilderError, copyDraft, editListed, type DraftDefinition, type DraftField } from './draft.ts';

export const ROUTING_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'filled', 'empty', ...COMPARISONS] as const;
export type RoutingOperator = (typeof ROUTING_OPERATORS)[number];

export interface RuleDraft {
  id: string;
  description?: { it: string; en: string } | undefined;
  when: RoutingCondition;
  office: string;
}

/** What a rule's condition can be about: the applicant, a field, a part of a composite field. */
export function routingSubjects(draft: DraftDefinition): Array<{ value: string; field: DraftField | null; part: string | null }> {
  const subjects: Array<{ value: string; field: DraftField | null; part: string | null }> = [
    { value: 'applicant:business', field: null, part: null },
    { value: 'applicant:citizen', field: null, part: null },
  ];
  for (const step of draft.form.steps) {
    for (const field of step.fields) {
      const { routing, parts } = fieldCapabilities(field.type);
      if (!routing) continue;
      if (parts) for (const part of parts) subjects.push({ value: `${field.name}.${part}`, field, part });
      else subjects.push({ value: field.name, field, part: null });
    }
  }
  return subjects;
}

/** The rules of a draft, when its routing section has them. */
export function rulesOf(draft: DraftDefinition): RuleDraft[] {
  const routing = draft.routing as { rules?: unknown } | undefined;
  return Array.isArray(routing?.rules) ? (routing.rules as RuleDraft[]) : [];
}

function withRules(draft: DraftDefinition, rules: RuleDraft[]): DraftDefinition {
  const next = copyDraft(draft);
  if (rules.length === 0) delete next.routing;
  else next.routing = { ...((next.routing as object | undefined) ?? {}), rules };
  return next;
}

export function addRule(draft: DraftDefinition, rule: RuleDraft): DraftDefinition {
  const rules = rulesOf(draft);
  if (rules.some((r) => r.id === rule.id)) throw new BuilderError('ruleId', 'admin.routing.idTaken', { id: rule.id });
  const description = rule.description && (rule.description.it || rule.description.en) ? rule.description : undefined;
  return withRules(draft, [...rules, { id: rule.id, ...(description ? { description } : {}), when: rule.when, office: rule.office }]);
}

export function moveRule(draft: DraftDefinition, id: string, direction: 'up' | 'down'): DraftDefinition {
  return withRules(draft, editListed(rulesOf(draft), id, direction, new BuilderError('ruleId', 'admin.routing.noRule', { id })));
}

export function removeRule(draft: DraftDefinition, id: string): DraftDefinition {
  return withRules(draft, editListed(rulesOf(draft), id, 'remove', new BuilderError('ruleId', 'admin.routing.noRule', { id })));
}

export interface RoutingConditionInput {
  condField: string;
  condOp: RoutingOperator;
  condValue: string;
  condAdvanced: string;
}

/** The condition of the rule form (or of its advanced box, YAML or JSON). */
export function buildRoutingCondition(input: RoutingConditionInput, draft: DraftDefinition): RoutingCondition {
  if (input.condAdvanced) return parseConditionText(input.condAdvanced, routingConditionSchema);
  if (input.condField === 'applicant:business') return { applicant: 'business' };
  if (input.condField === 'applicant:citizen') return { applicant: 'citizen' };
  const subject = routingSubjects(draft).find((s) => s.value === input.condField);
  if (!subject || !subject.field) throw new BuilderError('condField', 'admin.error.choose');
  return buildFieldCondition({ path: subject.value, field: subject.field, part: subject.part }, input.condOp, input.condValue);
}
