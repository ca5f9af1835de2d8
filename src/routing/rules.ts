// Routing rules: which office's queue a filing lands in. A procedure names its default office
// (`office`) and may add ordered rules (`routing.rules`); the first rule whose condition holds
// over the answers and the applicant picks the office, otherwise the default does. Rules are
// data in the definition, checked like the rest of it: the schema here checks their shape, and
// checkRouting checks what the schema cannot see (fields of the form, their kinds and options,
// the comune's office codes).
import { z } from 'zod';
import { conditionLeavesAt, conditionSchemaOf, fieldPathSchema, type Condition } from '../forms/conditions.ts';
import { comparisonProblem, computedProblems, leafProblem } from '../forms/condition-checks.ts';
import type { FieldDefinition, FormDefinition } from '../forms/definition.ts';
import { localizedText } from '../forms/definition.ts';
import { fieldCapabilities } from '../forms/fields/index.ts';

const officeCode = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an office code').max(80);

export const APPLICANT_TYPES = ['citizen', 'business'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** The fact routing plugs into conditions: who applies (for themselves, or for a company). */
export type ApplicantFact = { applicant: ApplicantType };
const applicantFactSchema: z.ZodType<ApplicantFact> = z.object({ applicant: z.enum(APPLICANT_TYPES) }).strict();

/**
 * A condition over the applicant and the answers (a field, or a part of a composite one:
 * `indirizzo.cap`), in the language of forms/conditions.ts, whose rule of equality it follows.
 */
export type RoutingCondition = Condition<ApplicantFact>;

export const routingConditionSchema: z.ZodType<RoutingCondition> = conditionSchemaOf(fieldPathSchema, [applicantFactSchema]);

export const routingRuleSchema = z
  .object({
    /** Stable name of the rule: recorded with every filing it routes. */
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes').max(60),
    /** Why the rule exists, for the clerks who see it named on a filing. */
    description: localizedText.optional(),
    when: routingConditionSchema,
    office: officeCode,
  })
  .strict();
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const routingSchema = z
  .object({
    rules: z.array(routingRuleSchema).min(1).max(100),
  })
  .strict();
export type Routing = z.infer<typeof routingSchema>;

export interface RoutingIssue {
  path: (string | number)[];
  message: string;
}

function topLevelFields(form: FormDefinition): Map<string, FieldDefinition> {
  const fields = new Map<string, FieldDefinition>();
  for (const step of form.steps) for (const field of step.fields) fields.set(field.name, field);
  return fields;
}

/** Each test of an answer names a top-level field a rule may read, compared as its type allows. */
function checkCondition(condition: RoutingCondition, fields: Map<string, FieldDefinition>, computed: ReadonlySet<string>, path: (string | number)[], issues: RoutingIssue[]): void {
  for (const { leaf, path: at } of conditionLeavesAt(condition, path)) {
    const name = leaf.field.split('.')[0]!;
    const field = fields.get(name);
    const problem = !field
      ? `routing condition names "${leaf.field}", which is not a field of the form (fields inside groups cannot route)`
      : !fieldCapabilities(field.type).routing
        ? `a ${field.type} field ("${name}") cannot route`
        : (leafProblem(leaf, field) ?? comparisonProblem(leaf, { fields, computed }));
    if (problem) issues.push({ path: at, message: problem });
  }
  // tests of computed values and comparisons' other sides: as in forms and fees
  for (const message of computedProblems(condition, { fields, computed })) issues.push({ path, message });
}

/**
 * What the schema cannot see: every condition names a field of the form (and a valid part of a
 * composite one) compared in a way its kind allows; rule ids are unique; with `officeCodes`,
 * every rule names a known office. Paths start at `routing`.
 */
export function checkRouting(routing: Routing | undefined, form: FormDefinition, officeCodes?: ReadonlySet<string>): RoutingIssue[] {
  if (!routing) return [];
  const issues: RoutingIssue[] = [];
  const fields = topLevelFields(form);
  const ids = new Set<string>();
  routing.rules.forEach((rule, i) => {
    const path = ['routing', 'rules', i];
    if (ids.has(rule.id)) issues.push({ path: [...path, 'id'], message: `duplicate rule id "${rule.id}"` });
    ids.add(rule.id);
    if (officeCodes && !officeCodes.has(rule.office)) {
      issues.push({ path: [...path, 'office'], message: `unknown office "${rule.office}"; known: ${[...officeCodes].join(', ')}` });
    }
    checkCondition(rule.when, fields, new Set((form.computed ?? []).map((c) => c.name)), [...path, 'when'], issues);
  });
  return issues;
}
