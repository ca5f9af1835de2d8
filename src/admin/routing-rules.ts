// Routing rules in the builder without writing YAML: a rule is "when <the applicant is a
// business | a field (or a part of an address) compares so with a value>, send the filing to
// <office>". Rules are added, moved (the first rule that holds decides) and removed as small
// edits of the draft's `routing` section; combined conditions (all / any / not) are written in
// the advanced box. What a rule may name is checked again, with the rest of the definition, by
// the catalogue's parser (src/routing/rules.ts) when the draft is checked and published.
import { parse as parseYaml } from 'yaml';
import { fieldCapabilities, operatorsFor } from '../forms/index.ts';
import { routingConditionSchema, type RoutingCondition } from '../routing/rules.ts';
import { conditionNumber, conditionValue } from './condition-values.ts';
import { BuilderError, copyDraft, type DraftDefinition, type DraftField } from './draft.ts';

export const ROUTING_OPERATORS = ['equals', 'notEquals', 'in', 'includes', 'filled', 'empty', 'atLeast', 'below'] as const;
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
  const rules = [...rulesOf(draft)];
  const index = rules.findIndex((r) => r.id === id);
  if (index < 0) throw new BuilderError('ruleId', 'admin.routing.noRule', { id });
  const target = direction === 'up' ? index - 1 : index + 1;
  if (target >= 0 && target < rules.length) [rules[index], rules[target]] = [rules[target]!, rules[index]!];
  return withRules(draft, rules);
}

export function removeRule(draft: DraftDefinition, id: string): DraftDefinition {
  const rules = rulesOf(draft);
  if (!rules.some((r) => r.id === id)) throw new BuilderError('ruleId', 'admin.routing.noRule', { id });
  return withRules(draft, rules.filter((r) => r.id !== id));
}

export interface RoutingConditionInput {
  condField: string;
  condOp: RoutingOperator;
  condValue: string;
  condAdvanced: string;
}

/** One value as the subject answers: a text for the applicant or an address part, else as its field answers. */
function value(text: string, field: DraftField | null, part: string | null): string | number | boolean {
  if (field && !part) return conditionValue(text, field);
  const trimmed = text.trim();
  if (!trimmed) throw new BuilderError('condValue', 'admin.error.required');
  return trimmed;
}

/** The condition of the rule form (or of its advanced box, YAML or JSON). */
export function buildRoutingCondition(input: RoutingConditionInput, draft: DraftDefinition): RoutingCondition {
  if (input.condAdvanced) {
    let parsed: unknown;
    try {
      parsed = parseYaml(input.condAdvanced);
    } catch {
      throw new BuilderError('condAdvanced', 'admin.error.yaml');
    }
    const result = routingConditionSchema.safeParse(parsed);
    if (!result.success) throw new BuilderError('condAdvanced', 'admin.error.condition', { detail: result.error.issues[0]?.message ?? '' });
    return result.data;
  }
  if (input.condField === 'applicant:business') return { applicant: 'business' };
  if (input.condField === 'applicant:citizen') return { applicant: 'citizen' };
  const subject = routingSubjects(draft).find((s) => s.value === input.condField);
  if (!subject || !subject.field) throw new BuilderError('condField', 'admin.error.choose');
  const field = subject.value;
  const money = fieldCapabilities(subject.field.type).value === 'money' && !subject.part;
  switch (input.condOp) {
    case 'filled':
      return { field, filled: true };
    case 'empty':
      return { field, filled: false };
    case 'atLeast':
      return { field, atLeast: conditionNumber(input.condValue, money) };
    case 'below':
      return { field, below: conditionNumber(input.condValue, money) };
    case 'in': {
      const values = input.condValue.split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length === 0) throw new BuilderError('condValue', 'admin.error.required');
      return { field, in: values.map((v) => value(v, subject.field, subject.part)) };
    }
    case 'includes':
      if (subject.part || !operatorsFor(subject.field).includes('includes')) throw new BuilderError('condOp', 'admin.error.includesNeedsCheckboxes');
      return { field, includes: String(value(input.condValue, subject.field, subject.part)) };
    case 'notEquals':
      return { field, notEquals: value(input.condValue, subject.field, subject.part) };
    default:
      return { field, equals: value(input.condValue, subject.field, subject.part) };
  }
}
