// A readable difference between versions: steps by id, fields by name, so a moved field is
// "moved", a changed label "changed", and the database's key order means nothing.
import { describe, expect, it } from 'vitest';
import { diffDefinitions } from '../../../src/admin/diff.ts';
import { addField, addStep, moveField, newDraft, removeField, updateField, type DraftDefinition, type DraftField } from '../../../src/admin/draft.ts';

const text = (it: string, en = `${it} (en)`) => ({ it, en });
const f = (name: string, extra: Partial<DraftField> = {}): DraftField => ({ name, type: 'text', label: text(`Etichetta ${name}`), required: true, ...extra });

function v1(): DraftDefinition {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  d = addField(d, { stepId: 'dati' }, f('nome'));
  d = addField(d, { stepId: 'dati' }, f('cognome'));
  d = addStep(d, { id: 'altro', title: text('Altro') });
  d = addField(d, { stepId: 'altro' }, f('nota'));
  return d;
}

const summary = (changes: ReturnType<typeof diffDefinitions>) => changes.map((c) => [c.kind, c.where.map((w) => w.id).join('>'), c.property, c.before, c.after]);

describe('differences between versions', () => {
  it('is empty for the same definition, whatever the key order', () => {
    const a = v1();
    const b = JSON.parse(JSON.stringify(a, Object.keys(a).sort())) as DraftDefinition;
    expect(diffDefinitions(a, structuredClone(a))).toEqual([]);
    expect(diffDefinitions(a, { ...b, ...a })).toEqual([]);
  });

  it('reads as what changed', () => {
    const before = v1();
    let after = updateField(before, { stepId: 'dati' }, 'nome', f('nome', { label: text('Nome di battesimo', 'Given name') }));
    after = moveField(after, { stepId: 'dati' }, 'cognome', 'up');
    after = updateField(after, { stepId: 'altro' }, 'nota', f('nota'), 'dati');
    after = addField(after, { stepId: 'altro' }, f('telefono', { type: 'phone' }));
    after = removeField(after, { stepId: 'dati' }, 'cognome');
    after = { ...after, durationDays: 60, routing: { rules: [{ id: 'r', when: { applicant: 'business' }, office: 'suap' }] } };
    expect(summary(diffDefinitions(before, after))).toEqual([
      ['changed', 'page', 'durationDays', '30', '60'],
      ['changed', 'dati>nome', 'label.it', 'Etichetta nome', 'Nome di battesimo'],
      ['changed', 'dati>nome', 'label.en', 'Etichetta nome (en)', 'Given name'],
      ['moved', 'dati>nota', null, 'Altro', 'Dati della domanda'],
      ['added', 'altro>telefono', null, null, 'type: phone\nlabel:\n  it: Etichetta telefono\n  en: Etichetta telefono (en)'],
      ['removed', 'dati>cognome', null, 'type: text\nlabel:\n  it: Etichetta cognome\n  en: Etichetta cognome (en)', null],
      ['added', 'routing', null, null, 'rules:\n  - id: r\n    office: suap\n    when:\n      applicant: business'],
    ]);
  });

  it('finds added, removed and moved steps and changed conditions', () => {
    const before = v1();
    let after = addStep(before, { id: 'allegati', title: text('Allegati') });
    after = { ...after, form: { steps: [after.form.steps[1]!, after.form.steps[0]!, after.form.steps[2]!] } };
    after.form.steps[0]!.showIf = { field: 'nome', filled: true };
    const changes = summary(diffDefinitions(before, after));
    expect(changes).toContainEqual(['added', 'allegati', null, null, 'Allegati']);
    expect(changes).toContainEqual(['moved', 'altro', null, '2', '1']);
    expect(changes).toContainEqual(['added', 'altro', 'showIf', null, 'field: nome\nfilled: true']);
  });
});
