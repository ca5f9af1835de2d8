// The builder's inputs for the field properties of issue 18: a text's pattern and its message,
// a time's earliest, latest and step, a file field's demand for a digital signature. Which type has which property is the registry's word
// (fieldConfigKeys); the pattern's safety check is the engine's (forms/fields/pattern.ts).
import { z } from 'zod';
import { fieldConfigKeys, type FieldType } from '../forms/index.ts';
import { patternProblem } from '../forms/fields/pattern.ts';
import type { DraftField } from './draft.ts';

/** What a file field may ask of a digital signature (src/forms/fields/file.ts): none (''), accepted, required. */
export const SIGNATURE_DEMANDS = ['accepted', 'required'] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const str = (max: number) => z.preprocess((v) => first(v) ?? '', z.string({ invalid_type_error: 'admin.error.invalid' }).trim().max(max, 'admin.error.tooLong'));
const hhmm = str(5).pipe(z.string().regex(/^(?:$|([01]\d|2[0-3]):[0-5]\d)$/, 'admin.fieldExtras.time'));

/** The inputs, spread into the field form's schema. */
export const fieldExtrasShape = {
  patternRegex: str(400),
  patternMessageIt: str(500),
  patternMessageEn: str(500),
  earliest: hhmm,
  latest: hhmm,
  stepMinutes: z.preprocess((v) => (first(v) === '' || first(v) === undefined ? undefined : first(v)), z.coerce.number({ invalid_type_error: 'admin.error.integer' }).int('admin.error.integer').min(1, 'admin.error.range').max(720, 'admin.error.range').optional()),
  signature: z.preprocess((v) => first(v) ?? '', z.enum(['', ...SIGNATURE_DEMANDS], { errorMap: () => ({ message: 'admin.error.choose' }) })),
};
export const FIELD_EXTRAS_ORDER = ['patternRegex', 'patternMessageIt', 'patternMessageEn', 'earliest', 'latest', 'stepMinutes', 'signature'] as const;

type ExtrasInput = { type: FieldType; patternRegex: string; patternMessageIt: string; patternMessageEn: string; earliest: string; latest: string; stepMinutes?: number | undefined; signature: '' | (typeof SIGNATURE_DEMANDS)[number] };

/** Checks across the inputs: a safe pattern with its message in both languages, bounds in order. */
export function checkFieldExtras(input: ExtrasInput, ctx: z.RefinementCtx): void {
  if (!fieldConfigKeys(input.type).includes('pattern') || input.patternRegex === '') return void checkTimes(input, ctx);
  const problem = patternProblem(input.patternRegex);
  if (problem) ctx.addIssue({ code: 'custom', path: ['patternRegex'], message: `admin.fieldExtras.unsafe|${problem}` });
  if (!input.patternMessageIt) ctx.addIssue({ code: 'custom', path: ['patternMessageIt'], message: 'admin.fieldExtras.messageNeeded' });
  if (!input.patternMessageEn) ctx.addIssue({ code: 'custom', path: ['patternMessageEn'], message: 'admin.fieldExtras.messageNeeded' });
}

function checkTimes(input: ExtrasInput, ctx: z.RefinementCtx): void {
  const hhmmOk = (v: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
  if (hhmmOk(input.earliest) && hhmmOk(input.latest) && input.earliest > input.latest) ctx.addIssue({ code: 'custom', path: ['latest'], message: 'admin.error.minAboveMax' });
}

/** The properties the inputs give a field of this type. */
export function extrasFromInput(input: ExtrasInput): Partial<DraftField> {
  const keys = fieldConfigKeys(input.type);
  return {
    ...(keys.includes('pattern') && input.patternRegex ? { pattern: { regex: input.patternRegex, message: { it: input.patternMessageIt, en: input.patternMessageEn } } } : {}),
    ...(keys.includes('earliest') && input.earliest ? { earliest: input.earliest } : {}),
    ...(keys.includes('latest') && input.latest ? { latest: input.latest } : {}),
    ...(keys.includes('stepMinutes') && input.stepMinutes !== undefined ? { stepMinutes: input.stepMinutes } : {}),
    ...(keys.includes('signature') && input.signature ? { signature: input.signature } : {}),
  };
}

/** The inputs' values for a field (blank for a new one). */
export function extrasValues(field: DraftField | undefined): Record<string, string> {
  return {
    patternRegex: field?.pattern?.regex ?? '',
    patternMessageIt: field?.pattern?.message.it ?? '',
    patternMessageEn: field?.pattern?.message.en ?? '',
    earliest: field?.earliest ?? '',
    latest: field?.latest ?? '',
    stepMinutes: field?.stepMinutes === undefined ? '' : String(field.stepMinutes),
    signature: field?.signature ?? '',
  };
}
