// Content checks: each problem a person would trip on is found, worded, and pointed at the
// input that fixes it; the shipped catalogue passes them all.
import { describe, expect, it } from 'vitest';
import { loadOffices, loadProcedureDefinitions } from '../../../src/catalogue/definition-files.ts';
import { checkDraft } from '../../../src/admin/checks.ts';
import { addField, addStep, newDraft, type DraftDefinition, type DraftField } from '../../../src/admin/draft.ts';

/** Checks compare opening times with the present: a fixed one keeps the test's answer fixed. */
const NOW = new Date('2026-12-03T10:00:00Z');

const offices = new Set(['cultura-sport', 'anagrafe']);
const text = (it: string, en = `${it} (en)`) => ({ it, en });
const f = (name: string, extra: Partial<DraftField> = {}): DraftField => ({ name, type: 'text', label: text(`Etichetta ${name}`), required: true, ...extra });

function complete(): DraftDefinition {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  d = { ...d, summary: text('Breve'), description: text('Descrizione'), whoCanApply: text('Tutti'), howTo: text('Online') };
  d = addField(d, { stepId: 'dati' }, f('nome'));
  return d;
}

const found = (d: DraftDefinition) => checkDraft(d, offices, new Date('2026-01-01T00:00:00Z')).items.map((i) => ({ severity: i.severity, key: i.key, path: i.path, target: i.target }));

describe('content checks', () => {
  it('pass a complete draft', () => {
    expect(checkDraft(complete(), offices, NOW)).toEqual({ items: [], errors: 0, warnings: 0 });
  });

  it('find missing English texts and point at the English input', () => {
    const d = complete();
    d.form.steps[0]!.fields[0]!.label = { it: 'Nome', en: '' };
    d.summary = { it: 'Breve', en: ' ' };
    expect(found(d)).toEqual([
      { severity: 'error', key: 'admin.check.missingEnglish', path: 'summary.en', target: { page: 'metadata', input: 'summaryEn' } },
      { severity: 'error', key: 'admin.check.missingEnglish', path: 'form.steps[0].fields[0].label.en', target: { page: 'field', stepId: 'dati', field: 'nome', input: 'labelEn' } },
    ]);
  });

  it('find a field without a label, and labels too long to read', () => {
    const d = complete();
    d.form.steps[0]!.fields.push(f('vuoto', { label: text('', '') }), f('lungo', { label: text('x'.repeat(121), 'long') }));
    expect(found(d)).toEqual([
      { severity: 'error', key: 'admin.check.noLabel', path: 'form.steps[0].fields[1].label', target: { page: 'field', stepId: 'dati', field: 'vuoto', input: 'labelIt' } },
      { severity: 'error', key: 'admin.check.tooLong', path: 'form.steps[0].fields[2].label.it', target: { page: 'field', stepId: 'dati', field: 'lungo', input: 'labelIt' } },
    ]);
  });

  it('find conditions on missing or later fields, and duplicate names', () => {
    let d = complete();
    d = addStep(d, { id: 'altro', title: text('Altro') });
    d.form.steps[1]!.fields.push(f('nome'), f('dopo'));
    d.form.steps[0]!.fields.push(f('prima', { showIf: { field: 'dopo', filled: true } }), f('strano', { showIf: { field: 'fantasma', equals: 'x' } }));
    expect(found(d).map((i) => [i.key, i.path])).toEqual([
      ['admin.check.conditionLaterField', 'form.steps[0].fields[1].showIf'],
      ['admin.check.conditionMissingField', 'form.steps[0].fields[2].showIf'],
      ['admin.check.duplicateName', 'form.steps[1].fields[0].name'],
    ]);
  });

  it('find choices without options, empty steps and groups, an unknown office, past closing', () => {
    let d = complete();
    d.office = 'nessuno';
    d.opensAt = '2025-01-01T09:00:00+01:00';
    d.closesAt = '2025-02-01T09:00:00+01:00';
    d = addField(d, { stepId: 'dati' }, f('scelta', { type: 'radio', options: [{ value: 'a', label: text('A') }] }));
    d = addField(d, { stepId: 'dati' }, f('gruppo', { type: 'group' }));
    d = addStep(d, { id: 'vuoto', title: text('Vuoto') });
    expect(found(d).map((i) => [i.severity, i.key, i.path])).toEqual([
      ['error', 'admin.check.unknownOffice', 'office'],
      ['warning', 'admin.check.closedAlready', 'closesAt'],
      ['error', 'admin.check.fewOptions', 'form.steps[0].fields[1].options'],
      ['error', 'admin.check.emptyGroup', 'form.steps[0].fields[2].fields'],
      ['error', 'admin.check.stepNoFields', 'form.steps[1].fields'],
    ]);
  });

  it('add what the catalogue parser still refuses, once, pointed at its place', () => {
    const d = complete();
    d.durationDays = 120;
    (d as unknown as Record<string, unknown>).fees = { timing: 'before-submission', taxonomyCode: 'nope', items: [] };
    const items = checkDraft(d, offices, NOW).items;
    expect(items.map((i) => [i.key, i.params.path, i.target.page])).toEqual([
      ['admin.check.definition', 'fees.taxonomyCode', 'fees'],
      ['admin.check.definition', 'fees.items', 'fees'],
      ['admin.check.definition', 'durationDays', 'metadata'],
    ]);
  });

  it('pass every procedure of the shipped catalogue', async () => {
    const codes = new Set((await loadOffices()).map((o) => o.code));
    for (const definition of await loadProcedureDefinitions(undefined, codes)) {
      const result = checkDraft(definition as DraftDefinition, codes, NOW);
      expect(result.items.filter((i) => i.severity === 'error'), definition.slug).toEqual([]);
    }
  });
});
