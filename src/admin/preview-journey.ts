// The preview of a whole journey: the working copy's form walked as a person would, step by
// step with the engine's own journey functions (which steps and fields apply to the answers
// typed so far, next and previous step, validation messages, the step indicator), up to the
// summary ("Riepilogo"). The answers live only in the administrator's session (see
// preview-journey.routes.ts): nothing is filed, no draft of a citizen is touched, no file is
// stored. File fields are shown but not required, since the preview accepts no upload.
// Pure: no Fastify, no database.
import {
  applicableExit,
  envOf,
  exitStepId,
  exitView,
  applyAction,
  fieldCapabilities,
  FormStepError,
  mergeStepAnswers,
  nextStepId,
  previousStepId,
  readAction,
  stepIndicator,
  stepView,
  summaryView,
  validateAll,
  validateStep,
  valuesFromAnswers,
  firstStepId,
  isStepVisible,
  findStep,
  type Answers,
  type FieldDefinition,
  type FormBody,
  type FormDefinition,
  type StepIndicator,
  type StepValues,
  type StepView,
  type SummaryView,
  type FieldError,
} from '../forms/index.ts';
import type { DraftDefinition } from './draft.ts';
import { filled, withMarkers } from './preview.ts';

type Locale = 'it' | 'en';

/** The answers of a preview kept between pages: for one procedure only. */
export interface PreviewState {
  procedure: number;
  answers: Answers;
}

/** The session cookie holds the state: past this size long texts are cut (the preview is about the path, not the prose). */
export const STATE_LIMIT = 2500;
const CUT_AT = 80;

export function fitForSession(answers: Answers): Answers {
  if (JSON.stringify(answers).length <= STATE_LIMIT) return answers;
  const cut = (value: unknown): unknown =>
    typeof value === 'string' && value.length > CUT_AT
      ? `${value.slice(0, CUT_AT)}…`
      : Array.isArray(value)
        ? value.map(cut)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v)]))
          : value;
  return cut(answers) as Answers;
}

const takesFiles = (field: FieldDefinition) => fieldCapabilities(field.type).value === 'files';

/** The draft's form as the preview runs it: missing texts marked, file fields optional. */
export function previewForm(draft: DraftDefinition, marker: string): FormDefinition {
  const steps = draft.form.steps as unknown as FormDefinition['steps'];
  const prepare = (field: FieldDefinition): FieldDefinition => {
    const marked = withMarkers(field, marker);
    return takesFiles(marked) ? ({ ...marked, required: false } as FieldDefinition) : marked;
  };
  return {
    ...(draft.form as unknown as FormDefinition),
    steps: steps.map((s) => ({ ...s, title: filled(s.title, marker)!, ...(s.description ? { description: filled(s.description, marker) } : {}), fields: s.fields.map(prepare) })),
  };
}

export interface PreviewStepPage {
  kind: 'step';
  view: StepView;
  indicator: StepIndicator;
  previous: string | null;
  /** names of the file fields on the page: the page says uploads are not accepted */
  fileFields: string[];
}

/** What a POST of a step leads to: the step again (errors, a group's button) or the next page. */
export type PreviewPost = PreviewStepPage | { kind: 'next'; next: string | null; answers: Answers; exit: boolean };

/** The first step for these answers (the first step of a form has no condition). */
export function startStep(form: FormDefinition, answers: Answers): string | null {
  return firstStepId(form, answers);
}

/** Whether the step can be shown for these answers; a hidden or unknown step sends the preview back to the start. */
export function applies(form: FormDefinition, stepId: string, answers: Answers): boolean {
  try {
    return isStepVisible(findStep(form, stepId), answers);
  } catch (error) {
    if (error instanceof FormStepError) return false;
    throw error;
  }
}

function page(form: FormDefinition, stepId: string, values: StepValues, errors: readonly FieldError[], answers: Answers, locale: Locale): PreviewStepPage {
  return {
    kind: 'step',
    view: stepView(form, stepId, values, errors, locale, answers),
    indicator: stepIndicator(form, stepId, answers, locale),
    previous: previousStepId(form, stepId, answers),
    fileFields: findStep(form, stepId).fields.filter(takesFiles).map((f) => f.name),
  };
}

/** A step shown with the answers given so far. */
export function showStep(form: FormDefinition, stepId: string, answers: Answers, locale: Locale): PreviewStepPage {
  return page(form, stepId, valuesFromAnswers(form, stepId, answers, locale), [], answers, locale);
}

/** A step posted: a group's button shows it again, errors show it with messages, valid answers move on. */
export function postStep(form: FormDefinition, stepId: string, body: FormBody, answers: Answers, locale: Locale, today: string): PreviewPost {
  const action = readAction(body);
  if (action) return page(form, stepId, applyAction(form, stepId, body, answers, action), [], answers, locale);
  const result = validateStep(form, stepId, body, answers, locale, { today });
  if (!result.ok) return page(form, stepId, result.values, result.errors, answers, locale);
  const merged = mergeStepAnswers(form, stepId, answers, result.answers);
  // answers that rule the person out lead to the exit page, as in the journey (src/forms/exits.ts)
  const exit = applicableExit(form, merged, envOf(form, today), stepId) !== null;
  return { kind: 'next', next: nextStepId(form, stepId, merged, today), answers: merged, exit };
}

export interface PreviewSummary {
  summary: SummaryView;
  /** what a submission would still refuse (required answers missing...), with the step to go back to */
  problems: Array<{ stepId: string; message: string }>;
  lastStep: string | null;
}

/** The summary page of the answers given, and what the final check at submission would refuse. */
export function summaryOf(form: FormDefinition, answers: Answers, locale: Locale, today: string): PreviewSummary {
  const result = validateAll(form, answers, locale, { today });
  const summary = summaryView(form, answers, locale, today);
  const steps = summary.steps;
  return {
    summary,
    problems: result.ok ? [] : result.errors.map((e) => ({ stepId: e.stepId, message: e.message })),
    lastStep: steps[steps.length - 1]?.stepId ?? null,
  };
}

/** The exit page the answers lead to (why, what to do instead, the step to change them on); null when none applies. */
export function exitOf(form: FormDefinition, answers: Answers, locale: Locale, today: string): { exit: ReturnType<typeof exitView>; back: string | null } | null {
  const exit = applicableExit(form, answers, envOf(form, today));
  return exit ? { exit: exitView(exit, locale), back: exitStepId(form, exit) } : null;
}
