// The form part of a procedure definition: steps, fields and the conditions that show or hide
// them. This module only describes the shape (a zod schema, each field's member built from the
// configuration its type's module declares) and the cross-reference checks; rendering and
// validation of answers live in the other modules of the form engine.
import { z } from 'zod';
import { computedProblems, conditionProblems } from './condition-checks.ts';
import { checkComputed, checkExits } from './logic-checks.ts';
import { computedSchema } from './computed.ts';
import { exitSchema } from './exits.ts';
import { conditionFields, conditionLeaves, conditionSchema, fieldNameSchema, type Condition } from './conditions.ts';
import { optionSchema } from './fields/factories.ts';
import { fieldCapabilities, fieldConfigs, type FieldConfigs } from './fields/index.ts';
import { localizedText, type LocalizedText } from './localized-text.ts';
import { prefillProblem, prefillSchema, type PrefillSpec } from './prefill.ts';
import { MAX_GROUP_DEPTH, NESTED_GROUP_MAX_ITEMS } from './item-paths.ts';

export { conditionFields, conditionSchema, localizedText, optionSchema, type Condition, type LocalizedText };

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
  'comune',
  'street',
  'time',
  'targa',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What every field has, whatever its type. */
interface FieldBase {
  name: string;
  label: LocalizedText;
  hint?: LocalizedText | undefined;
  required: boolean;
  showIf?: Condition | undefined;
  /** where the answer is already known (src/forms/prefill.ts) */
  prefill?: PrefillSpec | undefined;
}

/** The properties of one type, as its module declares them (fields/index.ts). */
type ConfigOf<K extends FieldType> = z.output<z.ZodObject<FieldConfigs[K]>>;
type ConfigKey = { [K in FieldType]: keyof FieldConfigs[K] & string }[FieldType];
type ConfigValue<P extends ConfigKey> = { [K in FieldType]: P extends keyof ConfigOf<K> ? Exclude<ConfigOf<K>[P], undefined> : never }[FieldType];

/**
 * A field of type K: its own properties, and those of the other types absent (so that code
 * reading `field.options` of any field still compiles, and finds undefined). A group's items
 * hold field definitions of their own.
 */
export type FieldOf<K extends FieldType> = FieldBase & { type: K } & ConfigOf<K> & { [P in Exclude<ConfigKey, keyof FieldConfigs[K]>]?: undefined } & (K extends 'group'
    ? ItemFields
    : NoItemFields);

/** A group's items hold field definitions of their own (an interface: the type nests itself). */
interface ItemFields {
  fields: FieldDefinition[];
}
interface NoItemFields {
  fields?: undefined;
}

/** A field of a form: a union on `type`, each member built from its type's configuration schema. */
export type FieldDefinition = { [K in FieldType]: FieldOf<K> }[FieldType];

/** A field still being written (the builder's draft): any type, any property, maybe incomplete. */
export type FieldDraft = FieldBase & { type: FieldType; fields?: FieldDraft[] | undefined } & { [P in ConfigKey]?: ConfigValue<P> | undefined };

/** The types whose answer is a list of items: their definition holds the items' fields. */
const holdsFields = (type: FieldType): boolean => fieldCapabilities(type).value === 'items';

function memberSchema(type: FieldType) {
  return z
    .object({
      name: fieldNameSchema,
      type: z.literal(type),
      label: localizedText,
      hint: localizedText.optional(),
      required: z.boolean().default(false),
      showIf: conditionSchema.optional(),
      prefill: prefillSchema.optional(),
      ...fieldConfigs[type],
      ...(holdsFields(type) ? { fields: z.array(z.lazy(() => fieldSchema)).min(1).optional().superRefine(needsFields) } : {}),
    })
    .strict();
}

function needsFields(value: unknown, ctx: z.RefinementCtx): void {
  if (value === undefined) ctx.addIssue({ code: 'custom', message: 'a group needs its fields' });
}

type Member = ReturnType<typeof memberSchema>;
let members: [Member, Member, ...Member[]] | undefined;

/** Checks what holds across properties of any type: bounds in order, options unique. */
function checkAcrossProperties(
  field: { min?: number | undefined; max?: number | undefined; minDate?: unknown; maxDate?: unknown; options?: Array<{ value: string }> | undefined },
  ctx: z.RefinementCtx,
): void {
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is below min' });
  }
  // fixed date limits only: limits relative to today move together
  if (typeof field.minDate === 'string' && typeof field.maxDate === 'string' && field.minDate > field.maxDate) {
    ctx.addIssue({ code: 'custom', path: ['maxDate'], message: 'maxDate is before minDate' });
  }
  const seen = new Set<string>();
  (field.options ?? []).forEach((option, i) => {
    if (seen.has(option.value)) ctx.addIssue({ code: 'custom', path: ['options', i, 'value'], message: `duplicate option "${option.value}"` });
    seen.add(option.value);
  });
}

export const fieldSchema: z.ZodType<FieldDefinition, z.ZodTypeDef, unknown> = z.lazy(() =>
  z
    .discriminatedUnion('type', (members ??= FIELD_TYPES.map(memberSchema) as [Member, Member, ...Member[]]))
    .superRefine((field, ctx) => checkAcrossProperties(field as Parameters<typeof checkAcrossProperties>[0], ctx)),
) as unknown as z.ZodType<FieldDefinition, z.ZodTypeDef, unknown>;

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
    /** numbers worked out from the answers (src/forms/computed.ts) */
    computed: z.array(computedSchema).max(50).optional(),
    /** when a person cannot file, and what to do instead (src/forms/exits.ts) */
    exits: z.array(exitSchema).max(50).optional(),
  })
  .strict()
  .superRefine((form, ctx) => {
    for (const issue of checkFormReferences(form)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type FormDefinition = z.infer<typeof formSchema>;

/**
 * Cross references a plain schema cannot see: field names unique across the whole form, and
 * every condition naming a field that comes before it (an earlier step, or earlier in the same
 * step), so that a condition never depends on an answer the person has not given yet.
 */
export function checkFormReferences(form: { steps: StepDefinition[]; computed?: FormDefinition['computed']; exits?: FormDefinition['exits'] }): Array<{ path: (string | number)[]; message: string }> {
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
      const prefill = field.prefill && prefillProblem(field, field.prefill.source);
      if (prefill) issues.push({ path: ['steps', s, 'fields', f, 'prefill', 'source'], message: prefill });
      if (field.fields) {
        issues.push(...checkGroupFields(field.fields, known, 1).map((i) => ({ ...i, path: ['steps', s, 'fields', f, ...i.path] })));
      }
      known.add(field.name);
    });
  });
  issues.push(...checkConditionValues(form));
  issues.push(...checkComputed(form), ...checkExits(form));
  return issues;
}

/**
 * The fields of a repeatable group: names unique within the item; only types that may sit in
 * an item, and a group inside a group at most (depth 2, with at most 10 items: item-paths.ts);
 * conditions naming a field before the group or an earlier field of the same item.
 */
function checkGroupFields(fields: FieldDefinition[], known: ReadonlySet<string>, depth: number): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const siblings = new Set<string>();
  fields.forEach((sub, i) => {
    if (!fieldCapabilities(sub.type).inGroup) {
      issues.push({ path: ['fields', i, 'type'], message: `a ${sub.type} field cannot be inside a group` });
    }
    if (sub.fields) {
      if (depth + 1 > MAX_GROUP_DEPTH) issues.push({ path: ['fields', i, 'type'], message: `a group inside a group cannot hold another group (at most ${MAX_GROUP_DEPTH} levels)` });
      else {
        if (sub.max !== undefined && sub.max > NESTED_GROUP_MAX_ITEMS) issues.push({ path: ['fields', i, 'max'], message: `a group inside a group has at most ${NESTED_GROUP_MAX_ITEMS} items` });
        const scope = new Set([...known, ...siblings]);
        issues.push(...checkGroupFields(sub.fields, scope, depth + 1).map((issue) => ({ ...issue, path: ['fields', i, ...issue.path] })));
      }
    }
    if (sub.showIf) {
      for (const name of conditionFields(sub.showIf)) {
        if (!known.has(name) && !siblings.has(name)) {
          issues.push({ path: ['fields', i, 'showIf'], message: `condition names "${name}", which is not a field before this one` });
        }
      }
    }
    // a register gives one value per person, not one per item
    if (sub.prefill) issues.push({ path: ['fields', i, 'prefill'], message: 'a field inside a group cannot be prefilled' });
    if (siblings.has(sub.name)) issues.push({ path: ['fields', i, 'name'], message: `duplicate field name "${sub.name}" in the group` });
    siblings.add(sub.name);
  });
  return issues;
}

/** Conditions compare answers with values those answers can take (an option, true/false, a number). */
function checkConditionValues(form: { steps: StepDefinition[]; computed?: FormDefinition['computed'] }): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const computed = new Set((form.computed ?? []).map((c) => c.name));
  const byName = new Map<string, FieldDefinition>();
  for (const step of form.steps) for (const field of step.fields) if (!byName.has(field.name)) byName.set(field.name, field);
  const check = (condition: Condition | undefined, path: (string | number)[], scope: ReadonlyMap<string, FieldDefinition>) => {
    if (!condition) return;
    for (const leaf of conditionLeaves(condition)) {
      // names missing from the scope are reported by the checks of names above
      for (const problem of conditionProblems(leaf, scope, () => null, computed)) issues.push({ path, message: `condition on "${leaf.field}": ${problem}` });
    }
    for (const problem of computedProblems(condition, { fields: scope, computed })) issues.push({ path, message: problem });
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
