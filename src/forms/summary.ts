// The summary of a filled form ("Riepilogo"): for each step that applies, its answers in words
// (choice labels, not values; money in euro; dates as dd/mm/yyyy), with the step id for the
// "change" link. The same rows serve the receipt.
import type { Answers } from './answers.ts';
import { evaluateCondition } from './conditions.ts';
import type { FormDefinition } from './definition.ts';
import { fieldModule } from './fields/index.ts';
import { computedView } from './computed.ts';
import { envOf, isStepVisible, pruneAnswers } from './journey.ts';
import { lt } from './logic.messages.ts';
import { localize, t, type Locale } from './messages.ts';

export interface SummaryRow {
  field: string;
  label: string;
  /** the answer in words; several lines joined by "\n" */
  text: string;
  lines: string[];
  answered: boolean;
}

export interface SummaryStep {
  stepId: string;
  title: string;
  /** "Modifica"; the step title serves as its hidden context */
  changeLabel: string;
  rows: SummaryRow[];
}

export interface SummaryView {
  steps: SummaryStep[];
  /** the computed values known from the answers, in words (src/forms/computed.ts) */
  computed: Array<{ name: string; label: string; text: string }>;
  computedTitle: string;
}

export function summaryView(definition: FormDefinition, answers: Answers, locale: Locale, today?: string): SummaryView {
  const kept = pruneAnswers(definition, answers, today);
  const env = envOf(definition, today);
  const steps: SummaryStep[] = [];
  for (const step of definition.steps) {
    if (!isStepVisible(step, kept, env)) continue;
    const rows: SummaryRow[] = [];
    for (const field of step.fields) {
      if (field.showIf && !evaluateCondition(field.showIf, kept, undefined, env)) continue;
      const answer = kept[field.name];
      const lines = answer === undefined ? [t(locale, 'notAnswered')] : fieldModule(field.type).summary(answer, field, locale);
      rows.push({ field: field.name, label: localize(field.label, locale), text: lines.join('\n'), lines, answered: answer !== undefined });
    }
    steps.push({ stepId: step.id, title: localize(step.title, locale), changeLabel: t(locale, 'change'), rows });
  }
  return { steps, computed: computedView(definition.computed, kept, env, locale), computedTitle: lt(locale, 'computedTitle') };
}
