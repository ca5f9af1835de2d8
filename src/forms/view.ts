// The page of one step as a view model: its fields (each ready for its template macro, with
// labels, hints, values and errors in the person's language), the error summary, and the
// buttons of repeatable groups, which work without JavaScript by posting an "_action".
import type { Answers } from './answers.ts';
import { clientRule, describeCondition, evaluateCondition, type Condition, type ConditionEnv } from './conditions.ts';
import { conditionFields, type FieldDefinition, type FormDefinition } from './definition.ts';
import { clientInput, fieldModule } from './fields/index.ts';
import type { FieldView, StepValues } from './fields/types.ts';
import type { StreetDirectory } from '../places/streets.ts';
import { bodyString, type FormBody } from './inputs.ts';
import { computedView } from './computed.ts';
import { lt } from './logic.messages.ts';
import { answerAt, fieldAtPath, inputPath, NESTED_GROUP_MAX_ITEMS, withAnswerAt } from './item-paths.ts';
import { envOf, findStep, readStep, type FieldError } from './journey.ts';
import { localize, t, type Locale } from './messages.ts';

export interface ErrorSummaryView {
  title: string;
  items: Array<{ href: string; text: string }>;
}

export interface StepView {
  stepId: string;
  title: string;
  description: string | null;
  fields: FieldView[];
  errorSummary: ErrorSummaryView | null;
  /** the page has file fields: its <form> needs enctype="multipart/form-data" for the upload route */
  hasFileFields: boolean;
  /** the page has engine buttons (group add/remove): put the main submit button first in the form */
  hasActions: boolean;
  /** the computed values already known from earlier steps, in words (src/forms/computed.ts) */
  computed: Array<{ name: string; label: string; text: string }>;
  computedTitle: string;
}

/** The alert at the top of a page with errors: one link per error, in field order. */
export function errorSummaryView(errors: readonly FieldError[], locale: Locale): ErrorSummaryView | null {
  if (errors.length === 0) return null;
  return { title: t(locale, 'errorSummaryTitle'), items: errors.map((e) => ({ href: `#${e.inputId}`, text: e.message })) };
}

/**
 * The view model of one step. `values` are what the person typed (from a failed validateStep)
 * or the stored answers turned back into inputs (valuesFromAnswers); `answers` are the
 * answers of the whole draft, which decide the fields that depend on earlier steps.
 *
 * A field whose condition depends on an answer on this same page is always shown, with a
 * sentence saying when to answer it: without JavaScript the page cannot know the answer before
 * it is posted. Where the browser can decide the condition, the field also carries it as a
 * rule (clientRule) that public/js/form-reveal.js uses to hide the field while it is false.
 * The server drops its answer if the condition turns out false, script or not.
 */
export function stepView(
  definition: FormDefinition,
  stepId: string,
  values: StepValues,
  errors: readonly FieldError[],
  locale: Locale,
  answers: Answers = {},
  /** the comune's street list, for the suggestions of street fields (src/places) */
  streets?: StreetDirectory | null,
  today?: string,
): StepView {
  const step = findStep(definition, stepId);
  const env = envOf(definition, today);
  const onPage = new Set(step.fields.map((f) => f.name));
  const scope: Answers = Object.fromEntries(Object.entries(answers).filter(([name]) => !onPage.has(name)));
  const errorMap = new Map<string, string>();
  for (const error of errors) if (!errorMap.has(error.field)) errorMap.set(error.field, error.message);
  const findField = (name: string) => definition.steps.flatMap((s) => s.fields).find((f) => f.name === name);
  const pageField = (name: string) => {
    const field = step.fields.find((f) => f.name === name);
    return field ? { field, name } : null;
  };
  const revealRuleOf = (condition: Condition, sibling: (name: string) => { field: FieldDefinition; name: string } | null = () => null) =>
    revealRule(condition, (name) => sibling(name) ?? pageField(name), scope, env, locale);

  const fields: FieldView[] = [];
  for (const field of step.fields) {
    let conditionText: string | null = null;
    let rule: string | null = null;
    if (field.showIf) {
      if (conditionFields(field.showIf).some((name) => onPage.has(name))) {
        conditionText = describeCondition(field.showIf, findField, locale);
        rule = revealRuleOf(field.showIf);
      } else if (!evaluateCondition(field.showIf, scope, undefined, env)) {
        continue;
      }
    }
    fields.push(
      fieldModule(field.type).view({
        field,
        name: field.name,
        value: values[field.name],
        errors: errorMap,
        locale,
        conditionText,
        revealRule: rule,
        revealRuleOf,
        scope,
        onPage,
        findField,
        streets,
        today,
      }),
    );
  }
  return {
    stepId: step.id,
    title: localize(step.title, locale),
    description: step.description ? localize(step.description, locale) : null,
    fields,
    errorSummary: errorSummaryView(errors, locale),
    hasFileFields: fields.some(hasFile),
    hasActions: fields.some((f) => f.kind === 'group' || f.kind === 'file'),
    computed: computedView(definition.computed, scope, env, locale),
    computedTitle: lt(locale, 'computedTitle'),
  };
}

/** The browser's rule for `condition` as JSON, the answers on the page read from the inputs `locate` finds; null when it cannot decide it. */
function revealRule(
  condition: Condition,
  locate: (name: string) => { field: FieldDefinition; name: string } | null,
  answers: Answers,
  env: ConditionEnv,
  locale: Locale,
): string | null {
  const rule = clientRule(
    condition,
    (path) => {
      const [name, part] = path.split('.') as [string, string | undefined];
      const found = locate(name);
      return found ? clientInput(found.field, found.name, part, locale) : null;
    },
    answers,
    env,
  );
  return rule ? JSON.stringify(rule) : null;
}

/** A file input in the view, also inside group items (which then post multipart too). */
const hasFile = (field: FieldView): boolean => field.kind === 'file' || (field.kind === 'group' && field.items.some((item) => item.fields.some(hasFile)));

export type FormAction =
  | { kind: 'add'; field: string }
  | { kind: 'remove'; field: string; index: number }
  | { kind: 'removeFile'; field: string; fileId: string };

/** A field's input name in a button: a field of the step, or one inside a group item ("componenti[0].figli"). */
const ACTION_FIELD = '[a-zA-Z][a-zA-Z0-9]*(?:\\[\\d{1,3}\\]\\.[a-zA-Z][a-zA-Z0-9]*){0,2}';

/** The engine button pressed, if any (`_action` in the body); null for the main submit button. */
export function readAction(body: FormBody): FormAction | null {
  const action = bodyString(body, '_action');
  let match = new RegExp(`^add:(${ACTION_FIELD})$`).exec(action);
  if (match?.[1]) return { kind: 'add', field: match[1] };
  match = new RegExp(`^remove:(${ACTION_FIELD}):(\\d{1,3})$`).exec(action);
  if (match?.[1] && match[2]) return { kind: 'remove', field: match[1], index: Number(match[2]) };
  match = new RegExp(`^removeFile:(${ACTION_FIELD}):(.{1,200})$`).exec(action);
  if (match?.[1] && match[2]) return { kind: 'removeFile', field: match[1], fileId: match[2] };
  return null;
}

/**
 * Applies a group's add/remove button to what was typed, without validating or saving
 * anything: the route shows the step again (200) with the returned values. Actions on fields
 * that are not groups of this step (or of its items), and additions beyond the group's max,
 * change nothing. ("removeFile" is for the upload route, which owns the stored files.)
 */
export function applyAction(
  definition: FormDefinition,
  stepId: string,
  body: FormBody,
  previousAnswers: Answers,
  action: FormAction,
): StepValues {
  const values = readStep(definition, stepId, body, previousAnswers);
  const path = inputPath(action.field);
  const field = path && fieldAtPath(findStep(definition, stepId).fields, path);
  if (!path || !field || field.type !== 'group' || action.kind === 'removeFile') return values;
  const current = answerAt(values, path);
  const items = Array.isArray(current) ? [...(current as unknown[])] : [];
  const max = path.length > 1 ? Math.min(field.max ?? NESTED_GROUP_MAX_ITEMS, NESTED_GROUP_MAX_ITEMS) : field.max;
  const slots = Math.max(items.length, field.min ?? 0, 1);
  while (items.length < slots) items.push({});
  if (action.kind === 'add' && (max === undefined || items.length < max)) items.push({});
  if (action.kind === 'remove' && action.index < items.length) items.splice(action.index, 1);
  return withAnswerAt(values as Answers, path, items) as StepValues;
}
