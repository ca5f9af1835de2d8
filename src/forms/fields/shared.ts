// Pieces shared by the field type modules: the presence rule (empty and optional -> no answer,
// empty and required -> the field's "required" message), and the common part of view models.
import { z } from 'zod';
import type { FieldDefinition } from '../definition.ts';
import { inputId } from '../inputs.ts';
import { localize, t } from '../messages.ts';
import type { AnswerSchema, InputView, SchemaContext, ViewInput, ViewKind } from './types.ts';

/** Records a problem; returns undefined so that `return report(...)` gives no answer. */
export type Report = (message: string, path?: Array<string | number>) => undefined;

/**
 * The answer schema of a field: blank input gives no answer (or the required message);
 * otherwise `parse` reads the input, reporting problems with `report`, and returns the answer.
 */
export function answerSchema<R, A>(
  field: FieldDefinition,
  ctx: SchemaContext,
  spec: {
    isBlank: (raw: R) => boolean;
    coerce: (raw: unknown) => R;
    requiredMessage: string;
    requiredPath?: Array<string | number>;
    parse: (raw: R, report: Report) => A | undefined;
  },
): AnswerSchema<A> {
  return z.unknown().transform((input, zctx): A | undefined => {
    const raw = spec.coerce(input);
    if (spec.isBlank(raw)) {
      if (field.required) {
        zctx.addIssue({ code: 'custom', message: spec.requiredMessage, path: spec.requiredPath ?? [] });
        return z.NEVER;
      }
      return undefined;
    }
    let failed = false;
    const answer = spec.parse(raw, (message, path = []) => {
      failed = true;
      zctx.addIssue({ code: 'custom', message, path });
      return undefined;
    });
    return failed ? z.NEVER : answer;
  });
}

export const asString = (raw: unknown): string => (typeof raw === 'string' ? raw : '');
export const asStrings = (raw: unknown): string[] =>
  Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? [raw] : [];
export const asRecord = (raw: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  }
  return out;
};

export const isBlankString = (raw: string): boolean => raw.trim() === '';

/** Characters as a person counts them (an accented letter or an emoji is one). */
export const charCount = (text: string): number => [...text].length;

/** Checks minLength/maxLength of a text answer. */
export function checkLength(field: FieldDefinition, ctx: SchemaContext, text: string, report: Report, defaultMax: number): void {
  const length = charCount(text);
  const label = ctx.labelFor(field);
  if (field.minLength !== undefined && length < field.minLength) report(t(ctx.locale, 'tooShort', { label, min: field.minLength }));
  const max = field.maxLength ?? defaultMax;
  if (length > max) report(t(ctx.locale, 'tooLong', { label, max }));
}

export const identityFocus = (_field: FieldDefinition, path: Array<string | number>): Array<string | number> => path;

/** The part of every view model that depends only on the field and its errors. */
export function baseView<R>(input: ViewInput<R>, kind: ViewKind, ownError: string | null = input.errors.get(input.name) ?? null, firstInputName = input.name) {
  const { field, locale } = input;
  const id = inputId(firstInputName);
  const fieldId = inputId(input.name);
  const hint = field.hint ? localize(field.hint, locale) : null;
  const hintId = hint ? `${fieldId}-hint` : null;
  const conditionId = input.conditionText ? `${fieldId}-condition` : null;
  const errorId = ownError ? `${fieldId}-error` : null;
  const ids = [hintId, conditionId, errorId].filter((v): v is string => v !== null);
  return {
    kind,
    type: field.type,
    name: input.name,
    id,
    label: localize(field.label, locale),
    optionalText: field.required || input.conditionText ? null : t(locale, 'optional'),
    hint,
    hintId,
    conditionText: input.conditionText,
    conditionId,
    error: ownError,
    errorId,
    describedBy: ids.length > 0 ? ids.join(' ') : null,
    invalid: ownError !== null,
    revealRule: input.revealRule,
  };
}

/** The view model of a single <input>, for text-like fields. */
export function inputView(
  input: ViewInput<string>,
  options: Pick<InputView, 'inputType' | 'inputMode' | 'autocomplete' | 'spellcheck' | 'autocapitalize' | 'prefix' | 'widthClass'>,
): InputView {
  return { ...baseView(input, 'input'), kind: 'input', value: input.value ?? '', ...options };
}

export const TEXT_INPUT = {
  inputType: 'text',
  inputMode: null,
  autocomplete: null,
  spellcheck: null,
  autocapitalize: null,
  prefix: null,
  widthClass: null,
} as const satisfies Partial<InputView>;

/** The view model of one sub-input of a composite field (address, cadastral, marca da bollo). */
export function partView(
  parent: ViewInput<Record<string, string>>,
  part: string,
  label: string,
  options: Partial<Pick<InputView, 'inputType' | 'inputMode' | 'autocomplete' | 'spellcheck' | 'autocapitalize' | 'widthClass'>> = {},
): InputView {
  const name = `${parent.name}.${part}`;
  const id = inputId(name);
  const error = parent.errors.get(name) ?? null;
  const errorId = error ? `${id}-error` : null;
  return {
    kind: 'input',
    type: parent.field.type,
    name,
    id,
    label,
    optionalText: null,
    hint: null,
    hintId: null,
    conditionText: null,
    conditionId: null,
    error,
    errorId,
    describedBy: errorId,
    invalid: error !== null,
    revealRule: null,
    value: parent.value?.[part] ?? '',
    ...TEXT_INPUT,
    ...options,
  };
}
