// The journey through a form: which steps apply given the answers, the order of the steps
// (next, previous, position for the step indicator), and the validation of one step's POST
// and of the whole form at submission. Answers to steps and fields that do not apply are
// dropped, never stored.
import type { Answers, GroupItemAnswer } from './answers.ts';
import { evaluateCondition, type ConditionEnv } from './conditions.ts';
import { formEnv } from './computed.ts';
import type { FieldDefinition, FormDefinition, StepDefinition } from './definition.ts';
import { fieldModule } from './fields/index.ts';
import type { StepValues } from './fields/types.ts';
import type { StreetDirectory } from '../places/streets.ts';
import { todayInRome } from './dates.ts';
import { inputId, nameAtPath, type FormBody } from './inputs.ts';
import { localize, t, type Locale } from './messages.ts';

export interface FieldError {
  /** input name the error is about, e.g. "iban", "residenza.cap", "componenti[1].nome" */
  field: string;
  /** element id to link to from the error summary ("#" + inputId) */
  inputId: string;
  message: string;
}

export type StepResult = { ok: true; answers: Answers } | { ok: false; errors: FieldError[]; values: StepValues };

export type FormResult =
  | { ok: true; answers: Answers }
  | { ok: false; errors: Array<FieldError & { stepId: string }>; answers: Answers };

export interface ValidationOptions {
  /** yyyy-mm-dd; defaults to today in Rome (tests pass a fixed date) */
  today?: string;
  /** the comune's street list for street fields (src/places); absent: streets are free text */
  streets?: StreetDirectory | null | undefined;
}

/** A step id that is not in the definition, or a step that does not apply to these answers. */
export class FormStepError extends Error {
  constructor(
    readonly code: 'unknown-step' | 'step-not-applicable',
    readonly stepId: string,
  ) {
    super(code === 'unknown-step' ? `no step "${stepId}" in this form` : `step "${stepId}" does not apply to these answers`);
    this.name = 'FormStepError';
  }
}

export function findStep(definition: FormDefinition, stepId: string): StepDefinition {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) throw new FormStepError('unknown-step', stepId);
  return step;
}

/**
 * The environment the form's conditions evaluate in: today (yyyy-mm-dd, from the caller's
 * clock; without it, comparisons with today and ages are unknown) and its computed values.
 */
export function envOf(definition: Pick<FormDefinition, 'computed'>, today?: string): ConditionEnv {
  return formEnv(definition.computed, today);
}

export function isStepVisible(step: StepDefinition, answers: Answers, env: ConditionEnv = {}): boolean {
  return !step.showIf || evaluateCondition(step.showIf, answers, undefined, env);
}

/** The steps that apply, in order (`today`: see envOf). */
export function visibleSteps(definition: FormDefinition, answers: Answers, today?: string): StepDefinition[] {
  const env = envOf(definition, today);
  return definition.steps.filter((step) => isStepVisible(step, answers, env));
}

/** The first step that applies (forms always have one: the first step's condition is refused). */
export function firstStepId(definition: FormDefinition, answers: Answers, today?: string): string | null {
  return visibleSteps(definition, answers, today)[0]?.id ?? null;
}

/** The next step that applies after `stepId`, or null when the next page is the summary. */
export function nextStepId(definition: FormDefinition, stepId: string, answers: Answers, today?: string): string | null {
  const index = definition.steps.findIndex((s) => s.id === stepId);
  if (index < 0) throw new FormStepError('unknown-step', stepId);
  const env = envOf(definition, today);
  return definition.steps.slice(index + 1).find((s) => isStepVisible(s, answers, env))?.id ?? null;
}

/** The step that applies before `stepId`, or null on the first one. */
export function previousStepId(definition: FormDefinition, stepId: string, answers: Answers, today?: string): string | null {
  const index = definition.steps.findIndex((s) => s.id === stepId);
  if (index < 0) throw new FormStepError('unknown-step', stepId);
  const env = envOf(definition, today);
  return definition.steps.slice(0, index).reverse().find((s) => isStepVisible(s, answers, env))?.id ?? null;
}

export interface StepIndicator {
  /** 1-based position among the steps that apply */
  current: number;
  total: number;
  /** "Passo 2 di 3" */
  label: string;
  steps: Array<{ id: string; title: string; status: 'done' | 'current' | 'todo' }>;
}

export function stepIndicator(definition: FormDefinition, stepId: string, answers: Answers, locale: Locale, today?: string): StepIndicator {
  const steps = visibleSteps(definition, answers, today);
  const index = steps.findIndex((s) => s.id === stepId);
  if (index < 0) throw new FormStepError(definition.steps.some((s) => s.id === stepId) ? 'step-not-applicable' : 'unknown-step', stepId);
  return {
    current: index + 1,
    total: steps.length,
    label: t(locale, 'stepOf', { n: index + 1, total: steps.length }),
    steps: steps.map((s, i) => ({
      id: s.id,
      title: localize(s.title, locale),
      status: i < index ? 'done' : i === index ? 'current' : 'todo',
    })),
  };
}

/** Answers of every field except those of `step` (which a POST of that step replaces). */
function withoutStep(step: StepDefinition, answers: Answers): Answers {
  const names = new Set(step.fields.map((f) => f.name));
  return Object.fromEntries(Object.entries(answers).filter(([name]) => !names.has(name)));
}

/** What was typed in the step's inputs, field by field (file fields take their list from `previousAnswers`). */
export function readStep(definition: FormDefinition, stepId: string, body: FormBody, previousAnswers: Answers = {}): StepValues {
  const step = findStep(definition, stepId);
  return Object.fromEntries(step.fields.map((field) => [field.name, fieldModule(field.type).read(body, field.name, field, { previous: previousAnswers })]));
}

/** Stored answers of a step, as the person would type them: the values to show a step again. */
export function valuesFromAnswers(definition: FormDefinition, stepId: string, answers: Answers, locale: Locale): StepValues {
  const step = findStep(definition, stepId);
  const values: StepValues = {};
  for (const field of step.fields) {
    const answer = answers[field.name];
    if (answer !== undefined) values[field.name] = fieldModule(field.type).toInput(answer, field, locale);
  }
  return values;
}

/** Validates the values of one step against the answers known before it. */
function validateValues(step: StepDefinition, values: StepValues, before: Answers, locale: Locale, today: string, env: ConditionEnv, streets?: StreetDirectory | null) {
  const scope: Answers = { ...before };
  const answers: Answers = {};
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const field of step.fields) {
    if (field.showIf && !evaluateCondition(field.showIf, scope, undefined, env)) continue; // does not apply: dropped
    const module = fieldModule(field.type);
    const result = module
      .schema(field, { locale, today, scope, labelFor: (f: FieldDefinition) => localize(f.label, locale), streets })
      .safeParse(values[field.name]);
    if (result.success) {
      if (result.data !== undefined) {
        answers[field.name] = result.data as Answers[string];
        scope[field.name] = result.data as Answers[string];
      }
      continue;
    }
    for (const issue of result.error.issues) {
      const name = nameAtPath(field.name, issue.path);
      if (seen.has(name)) continue; // one message per input
      seen.add(name);
      errors.push({ field: name, inputId: inputId(nameAtPath(field.name, module.focusPath(field, issue.path))), message: issue.message });
    }
  }
  return { answers, errors };
}

/**
 * Validates the POST of one step. On success, the answers of that step only (fields that do
 * not apply are left out); merge them with mergeStepAnswers. On failure, the errors in field
 * order and the values as typed, to show the page again with stepView.
 */
export function validateStep(
  definition: FormDefinition,
  stepId: string,
  rawBody: FormBody,
  previousAnswers: Answers,
  locale: Locale,
  options: ValidationOptions = {},
): StepResult {
  const step = findStep(definition, stepId);
  const before = withoutStep(step, previousAnswers);
  const today = options.today ?? todayInRome();
  const env = envOf(definition, today);
  if (!isStepVisible(step, before, env)) throw new FormStepError('step-not-applicable', stepId);
  const values = readStep(definition, stepId, rawBody, previousAnswers);
  const { answers, errors } = validateValues(step, values, before, locale, today, env, options.streets);
  return errors.length === 0 ? { ok: true, answers } : { ok: false, errors, values };
}

function pruneGroupItems(field: FieldDefinition, items: GroupItemAnswer[], scope: Answers, env: ConditionEnv): GroupItemAnswer[] {
  return items.map((item) => {
    const kept: GroupItemAnswer = {};
    for (const sub of field.fields ?? []) {
      const value = item[sub.name];
      if (value === undefined) continue;
      if (sub.showIf && !evaluateCondition(sub.showIf, { ...scope, ...kept }, undefined, env)) continue;
      kept[sub.name] = value;
    }
    return kept;
  });
}

/** The answers without those of steps and fields that do not apply (or that the form does not have). */
export function pruneAnswers(definition: FormDefinition, answers: Answers, today?: string): Answers {
  const kept: Answers = {};
  const env = envOf(definition, today);
  for (const step of definition.steps) {
    if (!isStepVisible(step, kept, env)) continue;
    for (const field of step.fields) {
      const value = answers[field.name];
      if (value === undefined) continue;
      if (field.showIf && !evaluateCondition(field.showIf, kept, undefined, env)) continue;
      // only a group's definition holds fields: its items are pruned by their own conditions
      kept[field.name] = field.fields && Array.isArray(value) ? pruneGroupItems(field, value as GroupItemAnswer[], kept, env) : value;
    }
  }
  return kept;
}

/** The draft's answers after a valid POST of `stepId`: that step's answers replaced, then pruned. */
export function mergeStepAnswers(definition: FormDefinition, stepId: string, previousAnswers: Answers, stepAnswers: Answers, today?: string): Answers {
  const step = findStep(definition, stepId);
  return pruneAnswers(definition, { ...withoutStep(step, previousAnswers), ...stepAnswers }, today);
}

/**
 * Validates a whole journey again on the server, as at final submission: steps and fields that
 * do not apply are dropped, every answer is checked again (a stored draft may predate a rule),
 * and missing required answers are reported with the step to go back to.
 */
export function validateAll(definition: FormDefinition, answers: Answers, locale: Locale, options: ValidationOptions = {}): FormResult {
  const today = options.today ?? todayInRome();
  const env = envOf(definition, today);
  const clean: Answers = {};
  const errors: Array<FieldError & { stepId: string }> = [];
  for (const step of definition.steps) {
    if (!isStepVisible(step, clean, env)) continue;
    const values = valuesFromAnswers(definition, step.id, answers, locale);
    const result = validateValues(step, values, clean, locale, today, env, options.streets);
    Object.assign(clean, result.answers);
    errors.push(...result.errors.map((error) => ({ ...error, stepId: step.id })));
  }
  return errors.length === 0 ? { ok: true, answers: clean } : { ok: false, errors, answers: clean };
}
