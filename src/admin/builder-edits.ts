// The builder's edits as pure functions: each takes the working copy of a procedure and what
// one of the builder's small forms sent (already parsed), and returns the changed copy, or
// throws a BuilderError naming the input at fault. The conditions of steps, fields and fee
// items are built against the fields before them; the service runs these inside one edit.
import type { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { NotFoundError } from '../platform/errors.ts';
import { nulPath } from '../platform/input.ts';
import { buildCondition, fieldFromInput, type feeItemInput, type feeSettingsInput, type FieldFormInput, type InputProblem, type ruleInput, type StepFormInput } from './admin.inputs.ts';
import { addField, addStep, containerFields, fieldsBefore, findField, updateField, updateStep, type Container, type DraftDefinition, type DraftField } from './draft.ts';
import { addFeeItem, buildFeeItem, setFeeSettings } from './fees-editor.ts';
import { addRule, buildRoutingCondition } from './routing-rules.ts';

export type FeeSettingsFormInput = z.infer<typeof feeSettingsInput>;
export type FeeItemFormInput = z.infer<typeof feeItemInput>;
export type RuleFormInput = z.infer<typeof ruleInput>;

const allFields = (draft: DraftDefinition) => draft.form.steps.flatMap((s) => s.fields);

function stepFromInput(input: StepFormInput, before: ReturnType<typeof allFields>) {
  const showIf = buildCondition(input, before);
  return { id: input.id, title: { it: input.titleIt, en: input.titleEn }, description: { it: input.descriptionIt, en: input.descriptionEn }, showIf };
}

/** A new last step; its condition may name any field of the steps before it. */
export function addStepFromInput(draft: DraftDefinition, input: StepFormInput): DraftDefinition {
  return addStep(draft, stepFromInput(input, allFields(draft)));
}

export function updateStepFromInput(draft: DraftDefinition, stepId: string, input: StepFormInput): DraftDefinition {
  const index = draft.form.steps.findIndex((s) => s.id === stepId);
  const before = draft.form.steps.slice(0, Math.max(index, 0)).flatMap((s) => s.fields);
  return updateStep(draft, stepId, stepFromInput(input, before));
}

/** The step a field form saves into: the one chosen on the form, never for a group's field. */
export function targetStep(container: Container, input: Pick<FieldFormInput, 'step'>): string {
  return input.step && !container.group ? input.step : container.stepId;
}

/**
 * Adds (no `name`) or changes the field `name` of a container, possibly moving it to another
 * step (then it goes last there). Its condition may name the fields before its new place.
 */
export function saveFieldFromInput(draft: DraftDefinition, container: Container, name: string | null, input: FieldFormInput): DraftDefinition {
  const toStep = targetStep(container, input);
  const existing = name ? findField(draft, container, name) : undefined;
  if (name && !existing) throw new NotFoundError('field');
  const moving = !container.group && toStep !== container.stepId;
  const target: Container = moving ? { stepId: toStep } : container;
  const position = moving || !existing ? Number.MAX_SAFE_INTEGER : containerFields(draft, container).indexOf(existing);
  const before = fieldsBefore(draft, target, position);
  const showIf = buildCondition(input, before.filter((f) => f.name !== name));
  const field = { ...keptProperties(existing, input.type), ...fieldFromInput(input, showIf) };
  return name ? updateField(draft, container, name, field, toStep) : addField(draft, container, field);
}

export function setFeeSettingsFromInput(draft: DraftDefinition, input: FeeSettingsFormInput): DraftDefinition {
  return setFeeSettings(draft, {
    timing: input.timing,
    taxonomyCode: input.taxonomyCode,
    dueDays: input.dueDays,
    reason: { it: input.reasonIt, en: input.reasonEn },
    description: { it: input.descriptionIt, en: input.descriptionEn },
  });
}

/**
 * Properties a definition may set that the field form does not show (a register's `prefill`,
 * a date's `minDate`/`maxDate`): saving the field keeps them while its type stays,
 * else an administrator fixing a label would silently drop what the form never showed.
 */
const PROPERTIES_THE_FORM_DOES_NOT_EDIT = ['prefill', 'minDate', 'maxDate'] as const;

function keptProperties(existing: DraftField | undefined, type: string): Partial<DraftField> {
  if (!existing || existing.type !== type) return {};
  const record = existing as unknown as Record<string, unknown>;
  return Object.fromEntries(PROPERTIES_THE_FORM_DOES_NOT_EDIT.filter((key) => record[key] !== undefined).map((key) => [key, record[key]])) as Partial<DraftField>;
}

/** A new last fee item; its condition may name any field of the form. */
export function addFeeItemFromInput(draft: DraftDefinition, input: FeeItemFormInput): DraftDefinition {
  const fields = allFields(draft);
  return addFeeItem(draft, buildFeeItem(input, buildCondition(input, fields), fields));
}

/** A new last routing rule. */
export function addRuleFromInput(draft: DraftDefinition, input: RuleFormInput): DraftDefinition {
  const when = buildRoutingCondition(input, draft);
  return addRule(draft, { id: input.ruleId, description: { it: input.descriptionIt, en: input.descriptionEn }, when, office: input.office });
}

/**
 * The text of the fees or routing box (YAML or JSON): a mapping, or nothing (an empty box
 * removes the section), or the problems to show.
 */
export function parseSectionText(text: string): { value: unknown } | { problems: InputProblem[] } {
  if (!text) return { value: undefined };
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    return { problems: [{ input: 'yaml', key: 'admin.error.yamlAt', params: { detail: (error as Error).message.split('\n')[0] ?? '' } }] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problems: [{ input: 'yaml', key: 'admin.section.notMapping' }] };
  // "\0" in a quoted string is a NUL, which the draft's jsonb cannot store
  const nul = nulPath(value);
  if (nul) return { problems: [{ input: 'yaml', key: 'admin.error.yamlAt', params: { detail: `${nul.join('.')}: NUL` } }] };
  return { value };
}
