// The pure rules of the office's corrections (src/submissions/corrections.ts): which answers may
// be corrected, how a POST becomes corrections (checked by the field modules, only the changed
// ones), how corrections lay over the filed answers, and how pages show them.
import { describe, expect, it } from 'vitest';
import { answersView, applyCorrections, checkCorrections, correctableFields } from '../../../src/submissions/corrections.ts';
import type { AnswerCorrectionRow } from '../../../src/submissions/corrections.table.ts';
import { form, L, OPTIONS, TODAY } from '../forms/helpers.ts';

const FORM = form([
  {
    id: 'a',
    title: L('Primo'),
    fields: [
      { name: 'tipo', type: 'radio', label: L('Tipo'), required: true, options: OPTIONS },
      { name: 'codice', type: 'codiceFiscale', label: L('Codice fiscale'), required: true, showIf: { field: 'tipo', equals: 'beta' } },
      { name: 'quanti', type: 'integer', label: L('Quanti'), min: 1, max: 10 },
      { name: 'documento', type: 'file', label: L('Documento') },
      { name: 'dichiaro', type: 'declaration', label: L('Dichiarazione'), declaration: L('Dichiaro il vero'), required: true },
    ],
  },
  { id: 'b', title: L('Secondo'), fields: [{ name: 'note', type: 'textarea', label: L('Note') }] },
]);

const FILED = { tipo: 'beta', codice: 'RSSMRA80A01H501U', quanti: 3, dichiaro: true, note: 'prima' };

function row(field: string, oldValue: unknown, newValue: unknown, id = 1): AnswerCorrectionRow {
  return { id, submission_id: 1, field, old_value: oldValue, new_value: newValue, reason: 'Errore materiale', corrected_by: 'FRRNNA75C55A944U', corrected_by_name: 'Anna Ferri', corrected_at: new Date('2026-11-26T10:00:00Z') };
}

describe('correctableFields', () => {
  it('leaves out condition drivers, files, declarations and answers that do not apply', () => {
    expect(correctableFields(FORM, FILED).map((s) => [s.stepId, s.fields.map((f) => f.name)])).toEqual([
      ['a', ['codice', 'quanti']],
      ['b', ['note']],
    ]);
    expect(correctableFields(FORM, { ...FILED, tipo: 'alfa' }).flatMap((s) => s.fields.map((f) => f.name))).toEqual(['quanti', 'note']);
  });
});

describe('checkCorrections', () => {
  const body = { codice: 'RSSMRA80A01H501U', quanti: '3', note: 'prima' };

  it('finds no change when nothing was changed', () => {
    expect(checkCorrections(FORM, FILED, body, 'it', TODAY)).toMatchObject({ changes: [], errors: [] });
  });

  it('turns the changed inputs into answers as the field modules store them', () => {
    const result = checkCorrections(FORM, FILED, { ...body, codice: 'lvldaa85t50g702b', quanti: '7' }, 'it', TODAY);
    expect(result.errors).toEqual([]);
    expect(result.changes).toEqual([
      { field: 'codice', oldValue: 'RSSMRA80A01H501U', newValue: 'LVLDAA85T50G702B' },
      { field: 'quanti', oldValue: 3, newValue: 7 },
    ]);
  });

  it('clears an optional answer left empty', () => {
    expect(checkCorrections(FORM, FILED, { ...body, note: '' }, 'it', TODAY).changes).toEqual([{ field: 'note', oldValue: 'prima', newValue: null }]);
  });

  it('refuses what the field refuses, with its message and the input to link to', () => {
    const result = checkCorrections(FORM, FILED, { ...body, codice: 'RSSMRA80A01H501X', quanti: '99' }, 'en', TODAY);
    expect(result.errors.map((e) => [e.field, e.inputId])).toEqual([
      ['codice', 'f-codice'],
      ['quanti', 'f-quanti'],
    ]);
    expect(result.errors[1]!.message).toMatch(/10/);
    expect(result.typed).toMatchObject({ codice: 'RSSMRA80A01H501X', quanti: '99' });
  });

  it('ignores inputs of answers that cannot be corrected', () => {
    expect(checkCorrections(FORM, FILED, { ...body, tipo: 'alfa', dichiaro: '' }, 'it', TODAY).changes).toEqual([]);
  });
});

describe('applyCorrections and answersView', () => {
  const corrections = [row('codice', 'RSSMRA80A01H501U', 'LVLDAA85T50G702B', 1), row('note', 'prima', null, 2)];

  it('lays the latest correction of each field over the filed answers', () => {
    expect(applyCorrections(FILED, corrections)).toEqual({ tipo: 'beta', codice: 'LVLDAA85T50G702B', quanti: 3, dichiaro: true });
    expect(applyCorrections(FILED, [...corrections, row('codice', 'LVLDAA85T50G702B', 'CSRGGL44L13H501E', 3)]).codice).toBe('CSRGGL44L13H501E');
  });

  it('shows the current answers, each corrected one with the filed value and the reason', () => {
    const view = answersView(FORM, FILED, corrections, 'it');
    const rows = view.steps.flatMap((s) => s.rows);
    expect(rows.find((r) => r.field === 'codice')).toMatchObject({ lines: ['LVLDAA85T50G702B'], corrected: { filed: ['RSSMRA80A01H501U'], reason: 'Errore materiale', byName: 'Anna Ferri' } });
    expect(rows.find((r) => r.field === 'note')).toMatchObject({ lines: [], corrected: { filed: ['prima'] } });
    expect(rows.find((r) => r.field === 'quanti')!.corrected).toBeNull();
    expect(view.corrections.map((e) => [e.label, e.before, e.after])).toEqual([
      ['Codice fiscale', ['RSSMRA80A01H501U'], ['LVLDAA85T50G702B']],
      ['Note', ['prima'], null],
    ]);
  });
});
