// The whole-journey preview as pure functions: the draft's form as the preview runs it (texts
// marked, file fields optional), a walk from the first step to the summary with a condition on
// an earlier answer, and the answers kept small enough for the session cookie.
import { describe, expect, it } from 'vitest';
import { addField, addStep, newDraft, type DraftField } from '../../../src/admin/draft.ts';
import { fitForSession, postStep, previewForm, showStep, startStep, STATE_LIMIT, summaryOf } from '../../../src/admin/preview-journey.ts';

const text = (it: string, en = `${it} (en)`) => ({ it, en });
const f = (name: string, extra: Partial<DraftField> = {}): DraftField => ({ name, type: 'text', label: text(`Etichetta ${name}`), required: true, ...extra });

function draft() {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  d = addField(d, { stepId: 'dati' }, f('socio', { type: 'yesno', label: text('Sei socio?') }));
  d = addStep(d, { id: 'tessera', title: text('Tessera') });
  d = addField(d, { stepId: 'tessera' }, f('numero', { label: text('Numero di tessera'), showIf: { field: 'socio', equals: true } }));
  d = addField(d, { stepId: 'tessera' }, f('allegato', { type: 'file', label: text('', 'Card') }));
  return d;
}

describe('the whole-journey preview', () => {
  const form = previewForm(draft(), '[testo mancante]');

  it('runs the draft with missing texts marked and file fields optional (no upload in a preview)', () => {
    const file = form.steps[1]!.fields[1]!;
    expect(file.label.it).toBe('[testo mancante]');
    expect(file.required).toBe(false);
  });

  it('walks to the summary, the answers deciding which fields show', () => {
    expect(startStep(form, {})).toBe('dati');
    const refused = postStep(form, 'dati', {}, {}, 'it', '2026-12-04');
    expect(refused.kind === 'step' && refused.view.errorSummary?.items.length).toBe(1);

    const no = postStep(form, 'dati', { socio: 'no' }, {}, 'it', '2026-12-04');
    expect(no).toMatchObject({ kind: 'next', next: 'tessera', answers: { socio: false } });
    const without = showStep(form, 'tessera', { socio: false }, 'it');
    expect(without.view.fields.map((x) => x.name)).toEqual(['allegato']);
    expect(without.fileFields).toEqual(['allegato']);
    expect(without.previous).toBe('dati');

    const yes = showStep(form, 'tessera', { socio: true }, 'en');
    expect(yes.view.fields.map((x) => x.name)).toEqual(['numero', 'allegato']);
    expect(yes.indicator.label).toBe('Step 2 of 2');

    const last = postStep(form, 'tessera', { numero: 'A-12' }, { socio: true }, 'it', '2026-12-04');
    expect(last).toMatchObject({ kind: 'next', next: null, answers: { socio: true, numero: 'A-12' } });
    const summary = summaryOf(form, { socio: true, numero: 'A-12' }, 'it', '2026-12-04');
    expect(summary.problems).toEqual([]);
    expect(summary.summary.steps.flatMap((s) => s.rows.map((r) => [r.label, r.text]))).toEqual([
      ['Sei socio?', 'Sì'],
      ['Numero di tessera', 'A-12'],
      ['[testo mancante]', 'Non indicato'],
    ]);
    expect(summaryOf(form, { socio: true }, 'it', '2026-12-04').problems.map((p) => p.stepId)).toEqual(['tessera']);
  });

  it('keeps the answers small enough for the session cookie', () => {
    const small = { nome: 'Mario' };
    expect(fitForSession(small)).toBe(small);
    const big = fitForSession({ nota: 'x'.repeat(STATE_LIMIT), elenco: ['y'.repeat(200)] });
    expect(JSON.stringify(big).length).toBeLessThan(300);
  });
});
