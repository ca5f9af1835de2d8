// Routing rules: which office's queue a filing lands in. A procedure names its default office
// (`office`) and may add ordered rules (`routing.rules`); the first rule whose condition holds
// over the answers and the applicant picks the office, otherwise the default does. Rules are
// data in the definition, checked like the rest of it: the schema here checks their shape, and
// checkRouting checks what the schema cannot see (fields of the form, their kinds and options,
// the comune's office codes).
import { z } from 'zod';
import type { FieldDefinition, FormDefinition } from '../forms/definition.ts';
import { localizedText } from '../forms/definition.ts';

/** A field of the form, or a part of a composite one: `importo`, `indirizzo.cap`. */
const fieldPath = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{0,62}(\.[a-z][a-zA-Z0-9]{0,62})?$/, 'a field name, or field.part for a part of an address or cadastral field');
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const officeCode = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an office code').max(80);

export const APPLICANT_TYPES = ['citizen', 'business'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/**
 * A condition over the applicant and the answers. Numbers compare as stored: money in euro
 * cents, decimals and integers as numbers. A missing answer equals nothing, is in no list,
 * includes nothing and compares with no number (so `notEquals` and `not` hold for it).
 */
export type RoutingCondition =
  | { applicant: ApplicantType }
  | { field: string; equals: string | number | boolean }
  | { field: string; notEquals: string | number | boolean }
  | { field: string; in: Array<string | number | boolean> }
  | { field: string; includes: string }
  | { field: string; filled: boolean }
  | { field: string; atLeast: number }
  | { field: string; below: number }
  | { all: RoutingCondition[] }
  | { any: RoutingCondition[] }
  | { not: RoutingCondition };

export const routingConditionSchema: z.ZodType<RoutingCondition> = z.lazy(() =>
  z.union([
    z.object({ applicant: z.enum(APPLICANT_TYPES) }).strict(),
    z.object({ field: fieldPath, equals: scalar }).strict(),
    z.object({ field: fieldPath, notEquals: scalar }).strict(),
    z.object({ field: fieldPath, in: z.array(scalar).min(1) }).strict(),
    z.object({ field: fieldPath, includes: z.string() }).strict(),
    z.object({ field: fieldPath, filled: z.boolean() }).strict(),
    z.object({ field: fieldPath, atLeast: z.number() }).strict(),
    z.object({ field: fieldPath, below: z.number() }).strict(),
    z.object({ all: z.array(routingConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(routingConditionSchema).min(1) }).strict(),
    z.object({ not: routingConditionSchema }).strict(),
  ]),
);

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

/** The parts a composite field's answer has (forms/answers.ts). */
const PARTS: Partial<Record<FieldDefinition['type'], readonly string[]>> = {
  address: ['street', 'number', 'cap', 'city', 'province'],
  cadastral: ['foglio', 'particella', 'subalterno'],
  marcaDaBollo: ['serial', 'issuedOn'],
};
const NUMERIC = new Set<FieldDefinition['type']>(['integer', 'decimal', 'money']);
const BOOLEAN = new Set<FieldDefinition['type']>(['yesno', 'declaration']);
const WITH_OPTIONS = new Set<FieldDefinition['type']>(['radio', 'select']);

export interface RoutingIssue {
  path: (string | number)[];
  message: string;
}

function topLevelFields(form: FormDefinition): Map<string, FieldDefinition> {
  const fields = new Map<string, FieldDefinition>();
  for (const step of form.steps) for (const field of step.fields) fields.set(field.name, field);
  return fields;
}

function checkCondition(condition: RoutingCondition, fields: Map<string, FieldDefinition>, path: (string | number)[], issues: RoutingIssue[]): void {
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, fields, [...path, 'all', i], issues));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, fields, [...path, 'any', i], issues));
  if ('not' in condition) return checkCondition(condition.not, fields, [...path, 'not'], issues);
  if ('applicant' in condition) return;
  const [name, part] = condition.field.split('.') as [string, string | undefined];
  const field = fields.get(name);
  if (!field) {
    issues.push({ path, message: `routing condition names "${condition.field}", which is not a field of the form (fields inside groups cannot route)` });
    return;
  }
  if (field.type === 'group' || field.type === 'file') {
    issues.push({ path, message: `a ${field.type} field ("${name}") cannot route` });
    return;
  }
  const parts = PARTS[field.type];
  if (part !== undefined && !parts?.includes(part)) {
    issues.push({ path, message: parts ? `"${name}" has no part "${part}"; use one of ${parts.join(', ')}` : `"${name}" is a ${field.type} field and has no parts` });
    return;
  }
  if (part === undefined && parts && !('filled' in condition)) {
    issues.push({ path, message: `"${name}" is a ${field.type} field: compare one of its parts (${parts.map((p) => `${name}.${p}`).join(', ')})` });
    return;
  }
  const numeric = part === undefined && NUMERIC.has(field.type);
  if (('atLeast' in condition || 'below' in condition) && !numeric) {
    issues.push({ path, message: `"${condition.field}" is not a number, amount or integer: it cannot be compared with atLeast/below` });
  }
  if ('includes' in condition) {
    if (field.type !== 'checkboxes') issues.push({ path, message: `"${name}" is not a checkboxes field: use equals or in` });
    else if (!field.options?.some((o) => o.value === condition.includes)) issues.push({ path, message: `"${condition.includes}" is not an option of "${name}"` });
  }
  const compared = 'equals' in condition ? [condition.equals] : 'notEquals' in condition ? [condition.notEquals] : 'in' in condition ? condition.in : [];
  for (const value of compared) {
    if (part === undefined && WITH_OPTIONS.has(field.type) && !field.options?.some((o) => o.value === value)) {
      issues.push({ path, message: `"${String(value)}" is not an option of "${name}"` });
    } else if (part === undefined && BOOLEAN.has(field.type) && typeof value !== 'boolean') {
      issues.push({ path, message: `"${name}" is a yes/no field: compare it with true or false` });
    } else if (numeric && typeof value !== 'number') {
      issues.push({ path, message: `"${name}" is a number: compare it with a number` });
    } else if (field.type === 'checkboxes') {
      issues.push({ path, message: `"${name}" is a checkboxes field: use includes` });
    }
  }
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
    checkCondition(rule.when, fields, [...path, 'when'], issues);
  });
  return issues;
}
