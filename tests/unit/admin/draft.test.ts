// The builder's edits as pure functions: steps and fields added, changed, moved and removed,
// also inside repeatable groups; names kept unique; a renamed field carried into the
// conditions that used it; conditions only on fields that come before.
import { describe, expect, it } from 'vitest';
import {
  addField,
  addStep,
  BuilderError,
  canonicalOrder,
  moveField,
  moveStep,
  newDraft,
  normalizeField,
  removeField,
  removeStep,
  setMetadata,
  updateField,
  updateStep,
  type DraftDefinition,
  type DraftField,
} from '../../../src/admin/draft.ts';

const text = (it: string, en = `${it} (en)`) => ({ it, en });
const f = (name: string, type: DraftField['type'] = 'text', extra: Partial<DraftField> = {}): DraftField => ({ name, type, label: text(name), required: true, ...extra });

function draft(): DraftDefinition {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  d = addField(d, { stepId: 'dati' }, f('nome'));
  d = addField(d, { stepId: 'dati' }, f('tipo', 'radio', { options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }] }));
  d = addStep(d, { id: 'dettagli', title: text('Dettagli') });
  d = addField(d, { stepId: 'dettagli' }, f('nota', 'textarea', { required: false, showIf: { field: 'tipo', equals: 'b' } }));
  return d;
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuilderError) return { input: error.input, key: error.key, params: error.params };
    throw error;
  }
  throw new Error('not refused');
};

describe('steps', () => {
  it('adds, renames, moves and removes steps, never changing the draft given', () => {
    const d = draft();
    const before = JSON.stringify(d);
    let next = addStep(d, { id: 'allegati', title: text('Allegati'), showIf: { field: 'tipo', equals: 'a' } });
    expect(next.form.steps.map((s) => s.id)).toEqual(['dati', 'dettagli', 'allegati']);
    next = moveStep(next, 'allegati', 'up');
    expect(next.form.steps.map((s) => s.id)).toEqual(['dati', 'allegati', 'dettagli']);
    next = moveStep(next, 'dati', 'up');
    expect(next.form.steps.map((s) => s.id)).toEqual(['dati', 'allegati', 'dettagli']);
    next = updateStep(next, 'allegati', { id: 'documenti', title: text('Documenti') });
    expect(next.form.steps[1]).toEqual({ id: 'documenti', title: text('Documenti'), fields: [] });
    next = removeStep(next, 'documenti');
    expect(next.form.steps.map((s) => s.id)).toEqual(['dati', 'dettagli']);
    expect(JSON.stringify(d)).toBe(before);
  });

  it('refuses a duplicate step id and a condition on a field not before the step', () => {
    expect(refusal(() => addStep(draft(), { id: 'dati', title: text('Altro') }))).toEqual({ input: 'id', key: 'admin.builder.stepIdTaken', params: { id: 'dati' } });
    expect(refusal(() => updateStep(draft(), 'dati', { id: 'dati', title: text('Dati'), showIf: { field: 'nota', filled: true } }))).toMatchObject({ input: 'condField', params: { field: 'nota' } });
  });
});

describe('fields', () => {
  it('keeps names unique across the form', () => {
    expect(refusal(() => addField(draft(), { stepId: 'dettagli' }, f('nome')))).toEqual({ input: 'name', key: 'admin.builder.nameTaken', params: { name: 'nome' } });
    expect(refusal(() => updateField(draft(), { stepId: 'dati' }, 'nome', f('tipo')))).toMatchObject({ input: 'name', params: { name: 'tipo' } });
  });

  it('carries a new name into the conditions that used the old one', () => {
    const next = updateField(draft(), { stepId: 'dati' }, 'tipo', f('categoria', 'radio', { options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }] }));
    expect(next.form.steps[1]!.fields[0]!.showIf).toEqual({ field: 'categoria', equals: 'b' });
  });

  it('moves fields within a step and to another step', () => {
    let next = moveField(draft(), { stepId: 'dati' }, 'tipo', 'up');
    expect(next.form.steps[0]!.fields.map((x) => x.name)).toEqual(['tipo', 'nome']);
    next = updateField(next, { stepId: 'dati' }, 'nome', f('nome'), 'dettagli');
    expect(next.form.steps.map((s) => s.fields.map((x) => x.name))).toEqual([['tipo'], ['nota', 'nome']]);
  });

  it('refuses a condition on a field that comes later', () => {
    expect(refusal(() => updateField(draft(), { stepId: 'dati' }, 'nome', f('nome', 'text', { showIf: { field: 'tipo', equals: 'a' } })))).toMatchObject({ input: 'condField', params: { field: 'tipo' } });
  });

  it('edits the fields of a repeatable group, which may hold files but no groups (one level in the builder)', () => {
    let d = addField(draft(), { stepId: 'dettagli' }, f('figli', 'group', { min: 1, max: 5 }));
    d = addField(d, { stepId: 'dettagli', group: 'figli' }, f('nomeFiglio'));
    d = addField(d, { stepId: 'dettagli', group: 'figli' }, f('eta', 'integer', { showIf: { field: 'nomeFiglio', filled: true } }));
    d = moveField(d, { stepId: 'dettagli', group: 'figli' }, 'eta', 'up');
    expect(d.form.steps[1]!.fields[1]!.fields!.map((x) => x.name)).toEqual(['eta', 'nomeFiglio']);
    // the group's own fields survive a change of the group
    d = updateField(d, { stepId: 'dettagli' }, 'figli', f('figli', 'group', { max: 3 }));
    expect(d.form.steps[1]!.fields[1]!.fields).toHaveLength(2);
    expect(refusal(() => addField(d, { stepId: 'dettagli', group: 'figli' }, f('nipoti', 'group')))).toMatchObject({ input: 'type', key: 'admin.builder.notInGroup' });
    d = addField(d, { stepId: 'dettagli', group: 'figli' }, f('documento', 'file'));
    d = removeField(d, { stepId: 'dettagli', group: 'figli' }, 'documento');
    d = removeField(d, { stepId: 'dettagli', group: 'figli' }, 'eta');
    expect(d.form.steps[1]!.fields[1]!.fields!.map((x) => x.name)).toEqual(['nomeFiglio']);
  });

  it('keeps only what a field type uses, in the order of the definition files', () => {
    const field = normalizeField({ ...f('nome'), maxLength: 50, min: 3, options: [{ value: 'x', label: text('X') }], accept: ['application/pdf'], hint: text('', '') });
    expect(field).toEqual({ name: 'nome', type: 'text', label: text('nome'), required: true, maxLength: 50 });
    expect(Object.keys(normalizeField({ ...f('q', 'file'), max: 2, accept: ['application/pdf'], showIf: { field: 'a', filled: true }, hint: text('h') }))).toEqual(['name', 'type', 'label', 'hint', 'required', 'showIf', 'max', 'accept']);
  });

  it('orders the keys of a definition as the seeded files do', () => {
    expect(Object.keys(canonicalOrder({ form: {}, title: { en: 'b', it: 'a' }, slug: 's', schemaVersion: 1 }))).toEqual(['schemaVersion', 'slug', 'title', 'form']);
    expect(Object.keys(canonicalOrder({ en: 'b', it: 'a' }))).toEqual(['it', 'en']);
  });
});

describe('the service page', () => {
  it('keeps the legal shape and the settings its form does not show', () => {
    const shaped = { ...draft(), kind: 'scia', regime: 'building', anonymousFiling: true } as DraftDefinition;
    const { schemaVersion: _v, slug: _s, form: _f, fees: _fees, routing: _r, ...metadata } = shaped;
    const saved = setMetadata(shaped, { ...metadata, title: text('Nuovo titolo') } as never) as unknown as Record<string, unknown>;
    expect(saved).toMatchObject({ kind: 'scia', regime: 'building', anonymousFiling: true, title: text('Nuovo titolo') });
    const changed = setMetadata(shaped, { ...metadata, kind: 'cila' } as never) as unknown as Record<string, unknown>;
    expect(changed.kind).toBe('cila');
  });
});
