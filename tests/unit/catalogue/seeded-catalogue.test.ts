// The seeded catalogue as a whole: at least as many procedures as the modelled comune offered,
// each with every person-facing text in Italian and English, a known office for itself and for
// each routing rule, and every step of its form rendering in both languages.
import { readFile } from 'node:fs/promises';
import nunjucks from 'nunjucks';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProcedureDefinition } from '../../../src/catalogue/definition.ts';
import { loadOffices, loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';
import { LOCALES, stepView, type FormDefinition } from '../../../src/forms/index.ts';
import { APPLICANT_TYPES, checkRouting, routeDefinition } from '../../../src/routing/index.ts';

/** The comune the portal is modelled on offered 123 procedures online (issue 18). */
const MODELLED_COMUNE_PROCEDURES = 123;

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });
const renderFields = (fields: unknown) => env.renderString('{% from "forms/field.njk" import formFields %}{{ formFields(fields) }}', { fields });

let definitions: ProcedureDefinition[];
let officeCodes: Set<string>;

beforeAll(async () => {
  officeCodes = new Set((await loadOffices()).map((o) => o.code));
  definitions = await loadProcedureDefinitions(undefined, officeCodes);
});

/** Every { it, en } pair in a definition, with its path. */
function localizedTexts(value: unknown, path: string, out: Array<{ path: string; it: unknown; en: unknown }> = []) {
  if (Array.isArray(value)) value.forEach((item, i) => localizedTexts(item, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('it' in record || 'en' in record) {
      // keywords are lists of words, not one text
      if (!Array.isArray(record.it)) out.push({ path, it: record.it, en: record.en });
    } else for (const [key, child] of Object.entries(record)) localizedTexts(child, path ? `${path}.${key}` : key, out);
  }
  return out;
}

/** The form with every condition dropped, so that each field of each step is rendered. */
function unconditional(form: FormDefinition): FormDefinition {
  const strip = <T extends { showIf?: unknown; fields?: unknown }>(node: T): T => {
    const { showIf: _showIf, ...rest } = node;
    return (Array.isArray(rest.fields) ? { ...rest, fields: rest.fields.map(strip) } : rest) as T;
  };
  return { steps: form.steps.map(strip) } as FormDefinition;
}

describe('the seeded catalogue', () => {
  it(`lists at least ${MODELLED_COMUNE_PROCEDURES} procedures, one per slug, in every area`, () => {
    expect(definitions.length).toBeGreaterThanOrEqual(MODELLED_COMUNE_PROCEDURES);
    expect(new Set(definitions.map((d) => d.slug)).size).toBe(definitions.length);
    const perArea = new Map<string, number>();
    for (const d of definitions) perArea.set(d.area, (perArea.get(d.area) ?? 0) + 1);
    for (const [area, count] of perArea) expect(count, area).toBeGreaterThanOrEqual(5);
  });

  it('has every text a person sees in Italian and in English, the English not a copy of the Italian', () => {
    const problems: string[] = [];
    for (const d of definitions) {
      const texts = localizedTexts(d, '');
      expect(texts.length, d.slug).toBeGreaterThanOrEqual(8);
      for (const { path, it: italian, en } of texts) {
        if (typeof italian !== 'string' || !italian.trim()) problems.push(`${d.slug} ${path}: no Italian`);
        if (typeof en !== 'string' || !en.trim()) problems.push(`${d.slug} ${path}: no English`);
        // short texts may rightly be the same (IMU, CILA, "Bar"); a long one is untranslated
        if (typeof italian === 'string' && italian === en && italian.length > 30) problems.push(`${d.slug} ${path}: English copies the Italian`);
      }
      if (d.keywords.it.length === 0 || d.keywords.en.length === 0) problems.push(`${d.slug}: keywords in both languages`);
    }
    expect(problems).toEqual([]);
  });

  it('names known offices, and every routing rule checks and routes both kinds of applicant to a known office', () => {
    for (const d of definitions) {
      expect(officeCodes.has(d.office), `${d.slug}: office ${d.office}`).toBe(true);
      expect(checkRouting(d.routing, d.form, officeCodes), d.slug).toEqual([]);
      for (const applicant of APPLICANT_TYPES) {
        expect(officeCodes.has(routeDefinition(d, {}, applicant).office), `${d.slug} for a ${applicant}`).toBe(true);
      }
    }
  });

  it('is listed in full in docs/catalogue.md', async () => {
    const doc = await readFile('docs/catalogue.md', 'utf8');
    expect(definitions.filter((d) => !doc.includes(`\`${d.slug}\``)).map((d) => d.slug)).toEqual([]);
  });

  it('renders every field of every step in both languages', () => {
    for (const d of definitions) {
      const form = unconditional(d.form);
      for (const locale of LOCALES) {
        for (const step of form.steps) {
          const view = stepView(form, step.id, {}, [], locale);
          expect(view.title, `${d.slug} ${step.id}`).toBeTruthy();
          expect(view.fields.length, `${d.slug} ${step.id}`).toBe(step.fields.length);
          const html = renderFields(view.fields);
          expect(html, `${d.slug} ${step.id} ${locale}`).not.toMatch(/undefined|\[object Object\]|NaN/);
          for (const field of step.fields) {
            expect(html, `${d.slug} ${step.id} ${field.name} ${locale}`).toContain(`name="${field.type === 'group' ? `${field.name}._items` : field.name}`);
          }
        }
      }
    }
  });
});
