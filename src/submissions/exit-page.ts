// The exit page of the journey: where the answers of a draft meet one of the procedure's exits
// (src/forms/exits.ts), what the page says (why, what to do instead) and the step to go back
// to. The journey sends people here after a step and from the summary; filing refuses the same.
import { applicableExit, envOf, exitStepId, exitView, nextStepId, type Answers, type FormDefinition } from '../forms/index.ts';
import type { Locale } from '../platform/i18n.ts';
import type { DraftContext } from './drafts.service.ts';

/** The page of the journey that shows an exit: /servizi/:slug/domanda/uscita. */
export const JOURNEY_EXIT = 'uscita';

/** Whether the draft's answers meet any exit (as when filing). */
export function exitApplies(context: DraftContext, today: string): boolean {
  const form = context.definition.form;
  return applicableExit(form, context.draft.answers as Answers, envOf(form, today)) !== null;
}

/** The exit the draft's answers lead to, with the step to change them on; or where to go instead. */
export function exitPage(context: DraftContext, locale: Locale, today: string, resumeTarget: string): { redirect: string } | { exit: ReturnType<typeof exitView>; back: string } {
  const form = context.definition.form;
  const exit = applicableExit(form, context.draft.answers as Answers, envOf(form, today));
  if (!exit) return { redirect: resumeTarget };
  const stepId = exitStepId(form, exit);
  return { exit: exitView(exit, locale), back: stepId ? `passo/${stepId}` : resumeTarget };
}

/** Where a completed step leads: the exit page when the answers rule the person out, else the next step or the summary. */
export function targetAfterStep(form: FormDefinition, stepId: string, answers: Answers, today: string, returnToSummary: boolean): string {
  if (applicableExit(form, answers, envOf(form, today), stepId)) return JOURNEY_EXIT;
  const next = nextStepId(form, stepId, answers, today);
  return returnToSummary || !next ? 'riepilogo' : `passo/${next}`;
}
