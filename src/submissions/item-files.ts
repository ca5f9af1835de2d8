// Files in a step's answers wherever they are: a file field of the step, or one inside a group
// item ("componenti[1].documento", up to a group inside an item). The upload names the input;
// its references are kept at that place of the draft's answers, because the body never carries
// them (a reference typed in a body would point at someone else's file).
import {
  answerAt,
  countFiles,
  fieldAtPath,
  fieldCapabilities,
  holdsFiles,
  inputPath,
  withAnswerAt,
  MAX_FILES_PER_FILING,
  type Answers,
  type AnswerPath,
  type FieldDefinition,
  type FileRef,
  type FormAction,
  type StepDefinition,
} from '../forms/index.ts';

/** The file field an input of the step names, with the place of its answer; null for any other input. */
export function fileFieldAt(step: StepDefinition, name: string): { field: FieldDefinition; path: AnswerPath } | null {
  const path = inputPath(name);
  const field = path && fieldAtPath(step.fields, path);
  return path && field && fieldCapabilities(field.type).value === 'files' ? { field, path } : null;
}

/** The files already at that place of the answers. */
export const filesAt = (answers: Answers, path: AnswerPath): FileRef[] => (answers ? ((answerAt(answers, path) as FileRef[] | undefined) ?? []) : []);

/** Whether the application already holds as many files as one may (item-paths.ts). */
export const filingFull = (answers: Answers): boolean => countFiles(answers) >= MAX_FILES_PER_FILING;

/** The answers of the step's fields that hold files (kept even when the rest of the step is refused). */
export function keptFileAnswers(step: StepDefinition, answers: Answers): Answers {
  return Object.fromEntries(
    step.fields.filter(holdsFiles).flatMap((f) => {
      const value = answers[f.name];
      if (value !== undefined) return [[f.name, value]];
      return f.fields ? [] : [[f.name, []]];
    }),
  );
}

/** The answers without one file of the input `name`: the new answers and the step answer to keep. */
export function withoutFile(answers: Answers, name: string, fileId: string): { answers: Answers; kept: Answers } | null {
  const path = inputPath(name);
  if (!path) return null;
  const next = withAnswerAt(answers, path, filesAt(answers, path).filter((f) => f.id !== fileId));
  const top = path[0] as string;
  return { answers: next, kept: { [top]: next[top]! } };
}

/**
 * An item removed from a group whose items hold files: the stored items shift with it, so that
 * the files of the items after it stay with their items. Null when nothing needs to move.
 */
export function withoutItem(step: StepDefinition, answers: Answers, action: FormAction): { answers: Answers; kept: Answers } | null {
  if (action.kind !== 'remove') return null;
  const path = inputPath(action.field);
  const field = path && fieldAtPath(step.fields, path);
  if (!path || !field || !holdsFiles(field)) return null;
  const items = answerAt(answers, path);
  if (!Array.isArray(items) || action.index >= items.length) return null;
  const next = withAnswerAt(answers, path, items.filter((_, i) => i !== action.index));
  const top = path[0] as string;
  return { answers: next, kept: { [top]: next[top]! } };
}
