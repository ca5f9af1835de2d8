// The administrators' side of document templates: for each procedure, purpose and language the
// template in force (the shipped default until an administrator saves one), its versions (every
// save is a new one; a restore saves an old text again), and a preview against a sample case.
// A template is checked at save by merging it with the procedure's sample case: a forbidden
// construct, an unknown name or a field that resolves to nothing refuses the save.
import type { DB } from '../db/database.ts';
import { findProcedure, listProcedures } from '../catalogue/procedures.service.ts';
import { definitionOfVersion, officesByCode } from '../catalogue/catalogue.service.ts';
import { DomainError, NotFoundError } from '../platform/errors.ts';
import type { Locale } from '../platform/i18n.ts';
import { romeDate, type Clock } from '../platform/time.ts';
import * as repo from './documents.repository.ts';
import type { TemplateRow } from './documents.table.ts';
import { markdownHtml } from './markdown.ts';
import { mergeData, sampleAnswers, sampleCase, type MergeCase } from './merge-data.ts';
import { mergeTemplate, TemplateRefusedError, type TemplateProblem } from './merge.ts';
import { PURPOSES, purposeOf, type TemplateText } from './purposes.ts';

export const LOCALES: readonly Locale[] = ['it', 'en'];

/** A template refused at save (422): the problem, for the form's message. */
export class TemplateInvalidError extends DomainError {
  override readonly statusCode = 422;
  constructor(readonly problem: TemplateProblem) {
    super(`template refused: ${problem.kind}`);
  }
}

export interface EffectiveTemplate extends TemplateText {
  /** null: the shipped default */
  version: number | null;
}

export interface Saver {
  fiscalCode: string;
  name: string;
}

/** The template in force of a purpose among a procedure's saved ones (the default otherwise). */
export function effectiveTemplate(saved: readonly TemplateRow[], purpose: string, locale: Locale): EffectiveTemplate {
  const row = saved.find((r) => r.purpose === purpose && r.locale === locale);
  if (row) return { title: row.title, body: row.body, version: row.version };
  return { ...purposeOf(purpose)!.defaults[locale], version: null };
}

/** Merges title and body; a refusal becomes the 422 of the form. */
export function mergeText(text: TemplateText, data: Record<string, unknown>): TemplateText {
  try {
    return { title: mergeTemplate(text.title, data), body: mergeTemplate(text.body, data) };
  } catch (error) {
    if (error instanceof TemplateRefusedError) throw new TemplateInvalidError(error.problem);
    throw error;
  }
}

export function createTemplatesService(db: DB, options: { clock: Clock; comuneName: string }) {
  async function procedureOf(procedureId: number) {
    const procedure = await findProcedure(db, procedureId);
    if (!procedure) throw new NotFoundError('procedure');
    return procedure;
  }

  function known(purpose: string, locale: string): Locale {
    if (!purposeOf(purpose) || !(LOCALES as readonly string[]).includes(locale)) throw new NotFoundError('template');
    return locale as Locale;
  }

  /** A sample case of the procedure, its answers showing their labels. */
  async function sampleOf(procedureId: number, locale: Locale): Promise<MergeCase> {
    const procedure = await procedureOf(procedureId);
    const definition = procedure.published_version ? await definitionOfVersion(db, procedureId, procedure.published_version) : undefined;
    const office = (await officesByCode(db, [procedure.office_code]))[0];
    const sample = sampleCase(locale === 'it' ? procedure.title_it : procedure.title_en, (locale === 'it' ? office?.name_it : office?.name_en) ?? procedure.office_code, definition?.form, locale, options.clock());
    return sample;
  }

  /** The merge of a text with the procedure's sample case. */
  async function preview(procedureId: number, purpose: string, locale: string, text: TemplateText) {
    const lang = known(purpose, locale);
    const sample = await sampleOf(procedureId, lang);
    const data = mergeData(sample, { text: lang === 'it' ? 'Testo scritto dall’ufficio.' : 'Text written by the office.', today: romeDate(options.clock()), comune: options.comuneName, locale: lang });
    data.risposte = sampleAnswers(sample.form, lang);
    const merged = mergeText(text, data);
    return { ...merged, html: markdownHtml(merged.body, 3) };
  }

  /** Saves a new version once it merges with the sample case; returns its number. */
  async function save(by: Saver, procedureId: number, purpose: string, locale: string, text: TemplateText, restoredFrom: number | null = null): Promise<number> {
    await preview(procedureId, purpose, locale, text);
    return repo.insertTemplateVersion(db, { procedureId, purpose, locale: known(purpose, locale), title: text.title, body: text.body, restoredFrom, by: by.fiscalCode, byName: by.name, at: options.clock() });
  }

  return {
    /** The procedures, for the list of templates. */
    procedures: () => listProcedures(db, {}),

    /** Every purpose of the procedure, each language's template in force. */
    async procedureTemplates(procedureId: number) {
      const procedure = await procedureOf(procedureId);
      const saved = await repo.currentTemplates(db, procedureId);
      return {
        procedure,
        purposes: PURPOSES.map((p) => ({ key: p.key, name: p.name, locales: LOCALES.map((locale) => ({ locale, ...effectiveTemplate(saved, p.key, locale), saved: saved.find((r) => r.purpose === p.key && r.locale === locale) ?? null })) })),
      };
    },

    /** One template: in force, and its versions (newest first). */
    async template(procedureId: number, purpose: string, locale: string) {
      const lang = known(purpose, locale);
      const procedure = await procedureOf(procedureId);
      const versions = await repo.templateVersions(db, procedureId, purpose, lang);
      return { procedure, purpose: purposeOf(purpose)!, locale: lang, current: effectiveTemplate(versions, purpose, lang), versions, defaults: purposeOf(purpose)!.defaults[lang] };
    },

    preview,

    save,

    /** An old version saved again as the newest. */
    async restore(by: Saver, procedureId: number, purpose: string, locale: string, version: number): Promise<number> {
      const old = await repo.templateVersion(db, procedureId, purpose, known(purpose, locale), version);
      if (!old) throw new NotFoundError('template version');
      return save(by, procedureId, purpose, locale, { title: old.title, body: old.body }, version);
    },
  };
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;
