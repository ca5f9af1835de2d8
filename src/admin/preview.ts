// The preview of a step as the citizen will see it: the form engine's own view model
// (stepView), rendered by the same macros as the journey pages. Fields that depend on earlier
// steps are all shown, each with the sentence saying when it applies; texts still missing show
// a visible marker instead of an empty label. Posting the preview validates what was typed
// with the engine's rules, so an administrator can try the messages a person would get.
import {
  applyAction,
  conditionFields,
  describeCondition,
  readAction,
  readStep,
  stepView,
  validateStep,
  type Condition,
  type FieldDefinition,
  type FormBody,
  type FormDefinition,
  type LocalizedText,
  type StepView,
  type StepValues,
  type FieldError,
} from '../forms/index.ts';
import type { DraftDefinition } from './draft.ts';

export interface StepPreview {
  view: StepView | null;
  /** field name -> "Answer only if ..." for fields that depend on earlier steps */
  notes: Record<string, string>;
  /** when the step itself depends on earlier answers */
  stepCondition: string | null;
  /** after a post: whether what was typed passes the step's checks */
  outcome: 'valid' | 'invalid' | null;
}

export function filled(text: LocalizedText | undefined, marker: string): LocalizedText | undefined {
  if (!text) return text;
  return { it: text.it.trim() || marker, en: text.en.trim() || marker };
}

export function withMarkers(field: FieldDefinition, marker: string): FieldDefinition {
  // the same type with its texts marked: the spread keeps `type` and the type's own properties
  return {
    ...field,
    label: filled(field.label, marker)!,
    ...(field.hint ? { hint: filled(field.hint, marker) } : {}),
    ...(field.declaration ? { declaration: filled(field.declaration, marker) } : {}),
    ...(field.options ? { options: field.options.map((o) => ({ ...o, label: filled(o.label, marker)! })) } : {}),
    ...(field.fields ? { fields: field.fields.map((f) => withMarkers(f, marker)) } : {}),
  } as FieldDefinition;
}

export function previewStep(draft: DraftDefinition, stepId: string, locale: 'it' | 'en', marker: string, body?: FormBody): StepPreview {
  // the engine runs on the draft as it is: a field it cannot show yet is caught below
  const steps = draft.form.steps as unknown as FormDefinition['steps'];
  const step = steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  const everyField = steps.flatMap((s) => s.fields);
  const findField = (name: string): FieldDefinition | undefined => everyField.find((f) => f.name === name);
  const onPage = new Set(step.fields.map((f) => f.name));
  const notes: Record<string, string> = {};
  const fields = step.fields.map((original) => {
    const field = withMarkers(original, marker);
    const condition: Condition | undefined = field.showIf;
    if (condition && !conditionFields(condition).some((name) => onPage.has(name))) {
      notes[field.name] = describeCondition(condition, findField, locale);
      const { showIf: _dropped, ...rest } = field;
      return rest;
    }
    return field;
  });
  const form: FormDefinition = {
    steps: steps.map((s) => (s.id === stepId ? { id: s.id, title: filled(s.title, marker)!, ...(s.description ? { description: filled(s.description, marker) } : {}), fields } : s)),
  };
  const stepCondition = step.showIf ? describeCondition(step.showIf, findField, locale) : null;
  try {
    let values: StepValues = {};
    let errors: FieldError[] = [];
    let outcome: StepPreview['outcome'] = null;
    if (body) {
      const action = readAction(body);
      if (action) {
        values = applyAction(form, stepId, body, {}, action);
      } else {
        const result = validateStep(form, stepId, body, {}, locale);
        if (result.ok) {
          values = readStep(form, stepId, body, {});
          outcome = 'valid';
        } else {
          values = result.values;
          errors = result.errors;
          outcome = 'invalid';
        }
      }
    }
    return { view: stepView(form, stepId, values, errors, locale, {}), notes, stepCondition, outcome };
  } catch {
    // a field the engine cannot show yet (a choice without options...): the checks say why
    return { view: null, notes, stepCondition, outcome: null };
  }
}
