// Corrections of a filing's answers by the office: a clerk puts right what the applicant got
// wrong (a typo in a tax code, a wrong cadastral number) with a reason. The filed answers stay
// as they were (the receipt prints them: the legal record); each correction is a row of its
// own (corrections.repository.ts), and the current answers are the filed ones with the latest
// correction of each field laid over them. Every field is checked by the form engine's own
// module for its type (the same rules as in the journey), never by rules restated here.
// What cannot be corrected: files (a new document is asked for with an integration), repeatable
// groups, declarations, and the answers that decide which other questions apply (correcting one would make
// other answers appear or vanish: that is a new filing, not a correction).
import type { DB } from '../db/database.ts';
import {
  conditionFields,
  fieldModule,
  inputId,
  localize,
  nameAtPath,
  stepView,
  summaryView,
  valuesFromAnswers,
  type Answers,
  type FieldDefinition,
  type FieldError,
  type FieldView,
  type FormBody,
  type FormDefinition,
  type Locale,
} from '../forms/index.ts';
import { insertCorrections, listCorrections } from './corrections.repository.ts';
import type { AnswerCorrectionRow } from './corrections.table.ts';

export type { AnswerCorrectionRow } from './corrections.table.ts';

/**
 * The types whose answers are not corrected here: files are asked for again; groups are lists of
 * answers; a declaration is the applicant's own statement, which the office cannot make for them.
 */
const NOT_CORRECTABLE_TYPES = new Set(['file', 'group', 'declaration']);

/** The fields some step's or field's condition reads. */
function conditionDrivers(form: FormDefinition): Set<string> {
  const names = new Set<string>();
  const visit = (fields: readonly FieldDefinition[]) => {
    for (const field of fields) {
      if (field.showIf) for (const name of conditionFields(field.showIf)) names.add(name);
      if (field.fields) visit(field.fields);
    }
  };
  for (const step of form.steps) {
    if (step.showIf) for (const name of conditionFields(step.showIf)) names.add(name);
    visit(step.fields);
  }
  return names;
}

/** The current answers: the filed ones with the latest correction of each field (null: left empty). */
export function applyCorrections(filed: Answers, corrections: readonly Pick<AnswerCorrectionRow, 'field' | 'new_value'>[]): Answers {
  const answers: Answers = { ...filed };
  for (const c of corrections) {
    if (c.new_value === null || c.new_value === undefined) delete answers[c.field];
    else answers[c.field] = c.new_value as Answers[string];
  }
  return answers;
}

/** The fields of the summary of `answers` a clerk may correct, step by step. */
export function correctableFields(form: FormDefinition, answers: Answers): Array<{ stepId: string; fields: FieldDefinition[] }> {
  const drivers = conditionDrivers(form);
  const shown = new Set(summaryView(form, answers, 'it').steps.flatMap((s) => s.rows.map((r) => r.field)));
  return form.steps
    .map((step) => ({ stepId: step.id, fields: step.fields.filter((f) => shown.has(f.name) && !drivers.has(f.name) && !NOT_CORRECTABLE_TYPES.has(f.type)) }))
    .filter((s) => s.fields.length > 0);
}

/** The correction form: each correctable field as the journey renders it, filled with the current answer (or what was typed). */
export function correctionFormView(form: FormDefinition, answers: Answers, locale: Locale, typed: Record<string, unknown> | null = null, errors: readonly FieldError[] = []) {
  return correctableFields(form, answers).map(({ stepId, fields }) => {
    const names = new Set(fields.map((f) => f.name));
    const values = { ...valuesFromAnswers(form, stepId, answers, locale), ...(typed ?? {}) };
    const view = stepView(form, stepId, values, errors, locale, answers);
    return { title: view.title, fields: view.fields.filter((f: FieldView) => names.has(f.name)) };
  });
}

/** Key order aside, the same JSON value. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface AnswerChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface CorrectionCheck {
  /** the values checked: the answers that changed */
  changes: AnswerChange[];
  /** what the form engine refused, by input */
  errors: FieldError[];
  /** what was typed, field by field, to show the form again */
  typed: Record<string, unknown>;
}

/**
 * Reads the correction form's POST: each correctable field checked by its type's module against
 * the current answers; the fields whose value changed are the corrections. Pure.
 */
export function checkCorrections(form: FormDefinition, answers: Answers, body: FormBody, locale: Locale, today: string): CorrectionCheck {
  const errors: FieldError[] = [];
  const typed: Record<string, unknown> = {};
  const changes: AnswerChange[] = [];
  for (const { fields } of correctableFields(form, answers)) {
    for (const field of fields) {
      const module = fieldModule(field.type);
      const raw = module.read(body, field.name, field, { previous: answers });
      typed[field.name] = raw;
      const result = module.schema(field, { locale, today, scope: answers, labelFor: (f) => localize(f.label, locale) }).safeParse(raw);
      if (!result.success) {
        const seen = new Set<string>();
        for (const issue of result.error.issues) {
          const name = nameAtPath(field.name, issue.path);
          if (seen.has(name)) continue;
          seen.add(name);
          errors.push({ field: name, inputId: inputId(nameAtPath(field.name, module.focusPath(field, issue.path))), message: issue.message });
        }
        continue;
      }
      const before = answers[field.name];
      if (canonical(result.data) !== canonical(before)) changes.push({ field: field.name, oldValue: before ?? null, newValue: result.data ?? null });
    }
  }
  return { changes, errors, typed };
}

/** A filing's corrections and its current answers (the filed ones with the corrections laid over). */
export async function currentAnswers(db: DB, filing: { id: number; answers: Record<string, unknown> }): Promise<{ answers: Answers; corrections: AnswerCorrectionRow[] }> {
  const corrections = await listCorrections(db, filing.id);
  return { answers: applyCorrections(filing.answers as Answers, corrections), corrections };
}

/** Stores checked changes as corrections of the filing, inside the caller's transaction. */
export async function recordCorrections(trx: DB, submissionId: number, changes: readonly AnswerChange[], by: { fiscalCode: string; name: string; reason: string; at: Date }): Promise<void> {
  await insertCorrections(
    trx,
    changes.map((c) => ({ submissionId, field: c.field, oldValue: c.oldValue, newValue: c.newValue, reason: by.reason, by: by.fiscalCode, byName: by.name, at: by.at })),
  );
}

/** An answer in words (the summary's own words for its type); null: not answered. */
function linesOf(field: FieldDefinition | undefined, value: unknown, locale: Locale): string[] | null {
  if (value === null || value === undefined || !field) return null;
  return fieldModule(field.type).summary(value, field, locale);
}

/** One answer of the form in words, as the summary writes it; null: not answered. */
export function answerText(form: FormDefinition, fieldName: string, value: unknown, locale: Locale): string[] | null {
  return linesOf(form.steps.flatMap((s) => s.fields).find((f) => f.name === fieldName), value, locale);
}

export interface CorrectionEntry {
  field: string;
  label: string;
  /** null: not answered */
  before: string[] | null;
  after: string[] | null;
  reason: string;
  byName: string;
  by: string;
  at: Date;
}

/** The corrections in words, oldest first. */
export function correctionEntries(form: FormDefinition, corrections: readonly AnswerCorrectionRow[], locale: Locale): CorrectionEntry[] {
  const fields = new Map(form.steps.flatMap((s) => s.fields).map((f) => [f.name, f]));
  return corrections.map((c) => {
    const field = fields.get(c.field);
    return {
      field: c.field,
      label: field ? localize(field.label, locale) : c.field,
      before: linesOf(field, c.old_value, locale),
      after: linesOf(field, c.new_value, locale),
      reason: c.reason,
      byName: c.corrected_by_name,
      by: c.corrected_by,
      at: c.corrected_at,
    };
  });
}

/**
 * The answers as pages show them: the summary of the current answers, each corrected row
 * carrying the value as filed and its latest correction (reason, who, when).
 */
export function answersView(form: FormDefinition, filed: Answers, corrections: readonly AnswerCorrectionRow[], locale: Locale) {
  const entries = correctionEntries(form, corrections, locale);
  const fields = new Map(form.steps.flatMap((s) => s.fields).map((f) => [f.name, f]));
  const summary = summaryView(form, applyCorrections(filed, corrections), locale);
  return {
    steps: summary.steps.map((step) => ({
      id: step.stepId,
      title: step.title,
      rows: step.rows.map((row) => {
        const latest = entries.filter((e) => e.field === row.field).at(-1);
        return {
          field: row.field,
          label: row.label,
          lines: row.answered ? row.lines : [],
          corrected: latest ? { filed: linesOf(fields.get(row.field), filed[row.field], locale), reason: latest.reason, byName: latest.byName, at: latest.at } : null,
        };
      }),
    })),
    corrections: entries,
  };
}

export type AnswersView = ReturnType<typeof answersView>;
