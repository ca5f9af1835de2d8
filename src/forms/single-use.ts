// Answers that name something usable once in the whole portal (a revenue stamp pays for one
// document only): where they are in a form's answers, so that the portal can refuse one already
// used and record it with the filing. Pure: which types are single-use is their modules' word
// (FieldCapabilities.singleUse); the register of used ones is src/submissions/stamps.ts.
import type { Answers, GroupItemAnswer } from './answers.ts';
import type { FieldDefinition, FormDefinition } from './definition.ts';
import { fieldCapabilities } from './fields/index.ts';
import { inputId, itemName } from './inputs.ts';

export interface SingleUseAnswer {
  stepId: string;
  /** the input of the identifier, e.g. "marcaDaBollo.serial" or "pratiche[1].bollo.serial" */
  input: string;
  inputId: string;
  /** the identifier as stored */
  value: string;
}

function partOf(answer: unknown, part: string): string | null {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return null;
  const value = (answer as Record<string, unknown>)[part];
  return typeof value === 'string' && value !== '' ? value : null;
}

function collect(fields: readonly FieldDefinition[], answers: Answers | GroupItemAnswer, stepId: string, prefix: (name: string) => string, out: SingleUseAnswer[]): void {
  for (const field of fields) {
    const answer = answers[field.name];
    if (answer === undefined) continue;
    const part = fieldCapabilities(field.type).singleUse;
    if (part) {
      const value = partOf(answer, part);
      const input = `${prefix(field.name)}.${part}`;
      if (value) out.push({ stepId, input, inputId: inputId(input), value });
    }
    if (field.fields && Array.isArray(answer)) {
      (answer as GroupItemAnswer[]).forEach((item, index) => collect(field.fields ?? [], item, stepId, (name) => itemName(prefix(field.name), index, name), out));
    }
  }
}

/** The single-use identifiers of these answers, in form order (a step's only, with `stepId`). */
export function singleUseAnswers(form: FormDefinition, answers: Answers, stepId?: string): SingleUseAnswer[] {
  const out: SingleUseAnswer[] = [];
  for (const step of form.steps) {
    if (stepId === undefined || step.id === stepId) collect(step.fields, answers, step.id, (name) => name, out);
  }
  return out;
}
