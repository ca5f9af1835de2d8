// The form part of a procedure definition: steps, fields and the conditions that show or hide
// them. This module only describes the shape (a zod schema) and the cross-reference checks;
// rendering and validation of answers live in the other modules of the form engine.
import { z } from 'zod';

/** A text every person sees: Italian first, English complete. */
export const localizedText = z
  .object({
    it: z.string().trim().min(1, 'manca il testo italiano'),
    en: z.string().trim().min(1, 'missing English text'),
  })
  .strict();
export type LocalizedText = z.infer<typeof localizedText>;

export const FIELD_TYPES = [
  'text',
  'textarea',
  'integer',
  'decimal',
  'money',
  'date',
  'email',
  'phone',
  'radio',
  'select',
  'checkboxes',
  'yesno',
  'declaration',
  'codiceFiscale',
  'partitaIva',
  'iban',
  'cap',
  'address',
  'cadastral',
  'marcaDaBollo',
  'file',
  'group',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Names are stable keys of the stored answers: lowerCamelCase, ASCII. */
const fieldName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{0,62}$/, 'use lowerCamelCase letters and digits, starting with a letter');

const scalarValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * A condition over earlier answers. `field` names a field of an earlier step or of the same
 * step; `equals`/`in`/`notEquals`/`filled`/`includes` test its answer; `all`/`any`/`not` combine.
 */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; notEquals: string | number | boolean }
  | { field: string; in: Array<string | number | boolean> }
  | { field: string; includes: string }
  | { field: string; filled: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ field: fieldName, equals: scalarValue }).strict(),
    z.object({ field: fieldName, notEquals: scalarValue }).strict(),
    z.object({ field: fieldName, in: z.array(scalarValue).min(1) }).strict(),
    z.object({ field: fieldName, includes: z.string() }).strict(),
    z.object({ field: fieldName, filled: z.boolean() }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

export const optionSchema = z
  .object({
    value: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'use lowercase letters, digits and dashes'),
    label: localizedText,
  })
  .strict();

export interface FieldDefinition {
  name: string;
  type: FieldType;
  label: LocalizedText;
  hint?: LocalizedText | undefined;
  required: boolean;
  showIf?: Condition | undefined;
  /** choice fields */
  options?: Array<{ value: string; label: LocalizedText }> | undefined;
  /** text: characters; integer/decimal/money: value bounds; checkboxes/group/file: counts */
  minLength?: number | undefined;
  maxLength?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
  /** file: accepted content types, decided from the bytes, and size limit per file */
  accept?: string[] | undefined;
  maxSizeMb?: number | undefined;
  /** repeatable group: the fields of each item */
  fields?: FieldDefinition[] | undefined;
  /** declaration: the text the person declares (shown beside the checkbox) */
  declaration?: LocalizedText | undefined;
}

export const fieldSchema: z.ZodType<FieldDefinition, z.ZodTypeDef, unknown> = z.lazy(() =>
  z
    .object({
      name: fieldName,
      type: z.enum(FIELD_TYPES),
      label: localizedText,
      hint: localizedText.optional(),
      required: z.boolean().default(false),
      showIf: conditionSchema.optional(),
      options: z.array(optionSchema).min(2).optional(),
      minLength: z.number().int().nonnegative().optional(),
      maxLength: z.number().int().positive().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      accept: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1).optional(),
      maxSizeMb: z.number().positive().max(50).optional(),
      fields: z.array(fieldSchema).min(1).optional(),
      declaration: localizedText.optional(),
    })
    .strict()
    .superRefine((field, ctx) => {
      const needsOptions = field.type === 'radio' || field.type === 'select' || field.type === 'checkboxes';
      if (needsOptions && !field.options) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs options` });
      }
      if (!needsOptions && field.options) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field takes no options` });
      }
      if (field.type === 'group' && !field.fields) {
        ctx.addIssue({ code: 'custom', path: ['fields'], message: 'a group needs its fields' });
      }
      if (field.type !== 'group' && field.fields) {
        ctx.addIssue({ code: 'custom', path: ['fields'], message: 'only a group has fields' });
      }
      if (field.type === 'declaration' && !field.declaration) {
        ctx.addIssue({ code: 'custom', path: ['declaration'], message: 'a declaration needs its text' });
      }
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is below min' });
      }
      if (field.options) {
        const seen = new Set<string>();
        field.options.forEach((option, i) => {
          if (seen.has(option.value)) {
            ctx.addIssue({ code: 'custom', path: ['options', i, 'value'], message: `duplicate option "${option.value}"` });
          }
          seen.add(option.value);
        });
      }
    }),
);

export const stepSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'use lowercase letters, digits and dashes'),
    title: localizedText,
    description: localizedText.optional(),
    showIf: conditionSchema.optional(),
    fields: z.array(fieldSchema).min(1),
  })
  .strict();
export type StepDefinition = z.infer<typeof stepSchema>;

export const formSchema = z
  .object({
    steps: z.array(stepSchema).min(1),
  })
  .strict()
  .superRefine((form, ctx) => {
    for (const issue of checkFormReferences(form)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type FormDefinition = z.infer<typeof formSchema>;

/** Names a condition refers to, in the order written. */
export function conditionFields(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  if ('not' in condition) return conditionFields(condition.not);
  return [condition.field];
}

/**
 * Cross references a plain schema cannot see: field names unique across the whole form, and
 * every condition naming a field that comes before it (an earlier step, or earlier in the same
 * step), so that a condition never depends on an answer the person has not given yet.
 */
export function checkFormReferences(form: { steps: StepDefinition[] }): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const known = new Set<string>();
  const stepIds = new Set<string>();
  form.steps.forEach((step, s) => {
    if (stepIds.has(step.id)) issues.push({ path: ['steps', s, 'id'], message: `duplicate step id "${step.id}"` });
    stepIds.add(step.id);
    if (step.showIf) {
      for (const name of conditionFields(step.showIf)) {
        if (!known.has(name)) {
          issues.push({ path: ['steps', s, 'showIf'], message: `condition names "${name}", which is not a field of an earlier step` });
        }
      }
    }
    step.fields.forEach((field, f) => {
      if (field.showIf) {
        for (const name of conditionFields(field.showIf)) {
          if (!known.has(name)) {
            issues.push({ path: ['steps', s, 'fields', f, 'showIf'], message: `condition names "${name}", which is not a field before this one` });
          }
        }
      }
      if (known.has(field.name)) {
        issues.push({ path: ['steps', s, 'fields', f, 'name'], message: `duplicate field name "${field.name}"` });
      }
      if (field.type === 'group' && field.fields) {
        issues.push(...checkGroupFields(field.fields, known).map((i) => ({ ...i, path: ['steps', s, 'fields', f, ...i.path] })));
      }
      known.add(field.name);
    });
  });
  issues.push(...checkConditionValues(form));
  return issues;
}

/**
 * The fields of a repeatable group: names unique within the item; no group or file inside an
 * item (the engine renders neither there); conditions naming a field before the group or an
 * earlier field of the same item.
 */
function checkGroupFields(fields: FieldDefinition[], known: ReadonlySet<string>): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const siblings = new Set<string>();
  fields.forEach((sub, i) => {
    if (sub.type === 'group' || sub.type === 'file') {
      issues.push({ path: ['fields', i, 'type'], message: `a ${sub.type} field cannot be inside a group` });
    }
    if (sub.showIf) {
      for (const name of conditionFields(sub.showIf)) {
        if (!known.has(name) && !siblings.has(name)) {
          issues.push({ path: ['fields', i, 'showIf'], message: `condition names "${name}", which is not a field before this one` });
        }
      }
    }
    if (siblings.has(sub.name)) issues.push({ path: ['fields', i, 'name'], message: `duplicate field name "${sub.name}" in the group` });
    siblings.add(sub.name);
  });
  return issues;
}

type ConditionLeaf = Extract<Condition, { field: string }>;

function conditionLeaves(condition: Condition): ConditionLeaf[] {
  if ('all' in condition) return condition.all.flatMap(conditionLeaves);
  if ('any' in condition) return condition.any.flatMap(conditionLeaves);
  if ('not' in condition) return conditionLeaves(condition.not);
  return [condition];
}

/** What is wrong with comparing the answer of `target` with `leaf`, or null. */
function conditionValueProblem(leaf: ConditionLeaf, target: FieldDefinition): string | null {
  const values: unknown[] =
    'equals' in leaf ? [leaf.equals] : 'notEquals' in leaf ? [leaf.notEquals] : 'in' in leaf ? leaf.in : 'includes' in leaf ? [leaf.includes] : [];
  if ('includes' in leaf && target.type !== 'checkboxes') return `"includes" needs a checkboxes field; "${target.name}" is ${target.type}`;
  if (target.options) {
    const known = target.options.map((o) => o.value);
    const unknown = values.find((v) => typeof v !== 'string' || !known.includes(v));
    if (unknown !== undefined) return `"${String(unknown)}" is not an option of "${target.name}" (options: ${known.join(', ')})`;
  } else if (target.type === 'yesno' || target.type === 'declaration') {
    if (values.some((v) => typeof v !== 'boolean')) return `the answer of "${target.name}" is true or false`;
  } else if (target.type === 'integer' || target.type === 'decimal' || target.type === 'money') {
    if (values.some((v) => typeof v !== 'number')) return `the answer of "${target.name}" is a number${target.type === 'money' ? ' (in cents)' : ''}`;
  }
  return null;
}

/** Conditions compare answers with values those answers can take (an option, true/false, a number). */
function checkConditionValues(form: { steps: StepDefinition[] }): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const byName = new Map<string, FieldDefinition>();
  for (const step of form.steps) for (const field of step.fields) if (!byName.has(field.name)) byName.set(field.name, field);
  const check = (condition: Condition | undefined, path: (string | number)[], scope: ReadonlyMap<string, FieldDefinition>) => {
    if (!condition) return;
    for (const leaf of conditionLeaves(condition)) {
      const target = scope.get(leaf.field);
      const problem = target ? conditionValueProblem(leaf, target) : null;
      if (problem) issues.push({ path, message: `condition on "${leaf.field}": ${problem}` });
    }
  };
  form.steps.forEach((step, s) => {
    check(step.showIf, ['steps', s, 'showIf'], byName);
    step.fields.forEach((field, f) => {
      check(field.showIf, ['steps', s, 'fields', f, 'showIf'], byName);
      if (!field.fields) return;
      // inside an item, a sibling's name is the one a condition reads
      const inItem = new Map([...byName, ...field.fields.map((sub) => [sub.name, sub] as const)]);
      field.fields.forEach((sub, i) => check(sub.showIf, ['steps', s, 'fields', f, 'fields', i, 'showIf'], inItem));
    });
  });
  return issues;
}
