// The files of a step's form: a multipart step read as its files stream in (refused uploads
// become the field's errors), and the files kept in the draft when a step is refused or a
// group's button is pressed, also inside group items (item-files.ts). The journey service
// (journey.service.ts) decides what a step's POST leads to; this module only moves files.
import { findStep, inputId, withAnswerAt, MAX_FILES_PER_FILING, type Answers, type FieldDefinition, type FieldError, type FileRef, type FormAction, type FormBody } from '../forms/index.ts';
import { multipartError } from '../platform/multipart.ts';
import { translator, type Locale } from '../platform/i18n.ts';
import type { DraftContext, DraftsService } from './drafts.service.ts';
import type { FormPart } from './multipart.ts';
import { DEFAULT_ACCEPT, DEFAULT_MAX_SIZE_MB, UploadRefusedError, type UploadsService } from './uploads.service.ts';
import { fileFieldAt, filesAt, filingFull, keptFileAnswers, withoutFile, withoutItem } from './item-files.ts';

/**
 * The radio group that picks a saved document for a file field (src/wallet offers them):
 * `_salvato:<input name>` = the document's id, '' for none.
 */
export const SAVED_DOCUMENT_INPUT = '_salvato:';

/** A step's form as it arrived: a plain body, or multipart parts with files streaming in. */
export type StepInput = { body: FormBody } | { parts: AsyncIterable<FormPart> };

function uploadError(field: FieldDefinition, name: string, error: UploadRefusedError, locale: Locale): FieldError {
  const accept = field.accept ?? DEFAULT_ACCEPT;
  return {
    field: name,
    inputId: inputId(name),
    message: translator(locale)(`journey.uploadRefused.${error.reason}`, {
      name: error.fileName,
      limit: field.maxSizeMb ?? DEFAULT_MAX_SIZE_MB,
      max: field.max ?? 1,
      total: MAX_FILES_PER_FILING,
      types: accept.map((type) => type.split('/')[1]!.toUpperCase()).join(', '),
    }),
  };
}

/** The answers of a step's file fields, also inside items (kept even when the rest of the step is refused). */
export function fileAnswers(context: DraftContext, stepId: string, answers: Answers): Answers {
  return keptFileAnswers(findStep(context.definition.form, stepId), answers);
}

export function withAnswers(context: DraftContext, answers: Answers): DraftContext {
  return { ...context, draft: { ...context.draft, answers } };
}

/**
 * Reads a step's form; the files of a multipart form are stored as they stream in (the
 * refused ones become errors). Returns the body and the answers with the new files. A body
 * that fails midway (past a bound, cut short) leaves none of the files it brought.
 */
export async function readInput(uploads: UploadsService, context: DraftContext, stepId: string, input: StepInput, locale: Locale) {
  let answers = { ...(context.draft.answers as Answers) };
  const uploadErrors: FieldError[] = [];
  if ('body' in input) return { body: input.body, answers, uploadErrors };
  const step = findStep(context.definition.form, stepId);
  const body: FormBody = {};
  const stored: FileRef[] = [];
  try {
    for await (const part of input.parts) {
      if (part.kind === 'field' && part.name.startsWith(SAVED_DOCUMENT_INPUT)) {
        // a saved document chosen instead of an upload: a forged id throws (404) and leaves nothing
        const target = part.value ? fileFieldAt(step, part.name.slice(SAVED_DOCUMENT_INPUT.length)) : undefined;
        if (!target) continue;
        const current = filesAt(answers, target.path);
        try {
          if (filingFull(answers)) throw new UploadRefusedError(target.field.name, 'tooManyInFiling', part.value);
          const ref = await uploads.attachSaved(context, target.field, part.value, current.length);
          stored.push(ref);
          answers = withAnswerAt(answers, target.path, [...current, ref]);
        } catch (error) {
          if (!(error instanceof UploadRefusedError)) throw error;
          uploadErrors.push(uploadError(target.field, part.name.slice(SAVED_DOCUMENT_INPUT.length), error, locale));
        }
        continue;
      }
      if (part.kind === 'field') {
        const existing = body[part.name];
        body[part.name] = existing === undefined ? part.value : Array.isArray(existing) ? [...existing, part.value] : [existing, part.value];
        continue;
      }
      // a file field of the step, or one inside a group item (item-files.ts)
      const target = fileFieldAt(step, part.name);
      if (!target || !part.fileName) {
        part.stream.resume();
        continue;
      }
      const { field, path } = target;
      const current = filesAt(answers, path);
      try {
        if (filingFull(answers)) throw new UploadRefusedError(field.name, 'tooManyInFiling', part.fileName);
        const ref = await uploads.storeUpload(context, field, { stream: part.stream, fileName: part.fileName }, current.length);
        stored.push(ref);
        answers = withAnswerAt(answers, path, [...current, ref]);
      } catch (error) {
        if (!(error instanceof UploadRefusedError)) throw error;
        part.stream.resume();
        uploadErrors.push(uploadError(field, part.name, error, locale));
      }
    }
  } catch (error) {
    await Promise.all(stored.map((ref) => uploads.removeUpload(context, ref.id).catch(() => {})));
    throw multipartError(error);
  }
  return { body, answers, uploadErrors };
}

/** The "remove this file" button: the file goes from the draft (also inside an item), the step is shown again. */
export async function removeFile(uploads: UploadsService, drafts: DraftsService, context: DraftContext, answers: Answers, action: { field: string; fileId: string }): Promise<DraftContext> {
  const removed = withoutFile(answers, action.field, action.fileId);
  if (!removed) return withAnswers(context, answers);
  await uploads.removeUpload(context, action.fileId);
  const kept = withAnswers(context, removed.answers);
  await drafts.keepFiles(context, removed.kept);
  return kept;
}

/**
 * An "add" or "remove" button: the files sent with it are kept; an item removed from a group
 * with files takes its files along, and the later items' files move up with their items.
 */
export async function keepFilesOnButton(drafts: DraftsService, context: DraftContext, stepId: string, answers: Answers, action: FormAction): Promise<void> {
  const shifted = withoutItem(findStep(context.definition.form, stepId), answers, action);
  const files = shifted ? shifted.kept : fileAnswers(context, stepId, answers);
  if (Object.keys(files).length > 0) await drafts.keepFiles(context, files);
}

/** A step refused: the files that did go in stay in the draft (also inside group items). */
export async function keepStepFiles(drafts: DraftsService, context: DraftContext, stepId: string, answers: Answers): Promise<void> {
  const files = fileAnswers(context, stepId, answers);
  if (Object.keys(files).length > 0) await drafts.keepFiles(context, files);
}

