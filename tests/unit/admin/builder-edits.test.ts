// The builder's forms as edits of the draft: what each small form sends (parsed by its input
// schema) becomes the change it asks for, with its condition built against the fields before
// it; a refused edit names the input at fault; the YAML box of a section is read apart.
import { describe, expect, it } from 'vitest';
import { feeItemInput, feeSettingsInput, fieldInput, ruleInput, stepInput } from '../../../src/admin/admin.inputs.ts';
import {
  addFeeItemFromInput,
  addRuleFromInput,
  addStepFromInput,
  parseSectionText,
  saveFieldFromInput,
  setFeeSettingsFromInput,
  targetStep,
  updateStepFromInput,
} from '../../../src/admin/builder-edits.ts';
import { addField, addStep, BuilderError, newDraft, type DraftDefinition } from '../../../src/admin/draft.ts';
import { itemsOf } from '../../../src/admin/fees-editor.ts';
import { rulesOf } from '../../../src/admin/routing-rules.ts';
import { NotFoundError } from '../../../src/platform/errors.ts';

const text = (it: string) => ({ it, en: `${it} (en)` });

function draft(): DraftDefinition {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  d = addField(d, { stepId: 'dati' }, { name: 'nome', type: 'text', label: text('Nome'), required: true });
  d = addField(d, { stepId: 'dati' }, { name: 'sala', type: 'select', label: text('Sala'), required: true, options: [{ value: 'piccola', label: text('Piccola') }, { value: 'grande', label: text('Grande') }] });
  d = addStep(d, { id: 'dettagli', title: text('Dettagli') });
  d = addField(d, { stepId: 'dettagli' }, { name: 'nota', type: 'textarea', label: text('Nota'), required: false });
  return d;
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuilderError) return [error.input, error.key];
    throw error;
  }
  throw new Error('not refused');
};

const step = (over: Record<string, string>) => stepInput.parse({ id: 'allegati', titleIt: 'Allegati', titleEn: 'Attachments', ...over });
const field = (over: Record<string, string>) => fieldInput.parse({ name: 'eta', type: 'integer', labelIt: 'Età', labelEn: 'Age', ...over });

describe('steps from the step form', () => {
  it('adds a last step whose condition may name any field before it, never changing the draft given', () => {
    const d = draft();
    const before = JSON.stringify(d);
    const next = addStepFromInput(d, step({ condField: 'nota', condOp: 'filled' }));
    expect(next.form.steps.map((s) => s.id)).toEqual(['dati', 'dettagli', 'allegati']);
    expect(next.form.steps[2]).toMatchObject({ title: { it: 'Allegati', en: 'Attachments' }, showIf: { field: 'nota', filled: true }, fields: [] });
    expect(JSON.stringify(d)).toBe(before);
  });

  it('changes a step; its condition may name only the fields of the steps before it', () => {
    const next = updateStepFromInput(draft(), 'dettagli', step({ id: 'altro', condField: 'sala', condValue: 'grande' }));
    expect(next.form.steps[1]).toMatchObject({ id: 'altro', showIf: { field: 'sala', equals: 'grande' } });
    expect(next.form.steps[1]!.fields.map((f) => f.name)).toEqual(['nota']);
    expect(refusal(() => updateStepFromInput(draft(), 'dettagli', step({ condField: 'nota', condOp: 'filled' })))).toEqual(['condField', 'admin.builder.conditionUnknown']);
  });
});

describe('fields from the field form', () => {
  it('adds a field at the end of its step, or of a group', () => {
    const next = saveFieldFromInput(draft(), { stepId: 'dati' }, null, field({ condField: 'nome', condOp: 'filled' }));
    expect(next.form.steps[0]!.fields.map((f) => f.name)).toEqual(['nome', 'sala', 'eta']);
    expect(next.form.steps[0]!.fields[2]).toMatchObject({ type: 'integer', label: { it: 'Età', en: 'Age' }, showIf: { field: 'nome', filled: true } });
  });

  it('changes a field in place, or moves it last into the step chosen', () => {
    let next = saveFieldFromInput(draft(), { stepId: 'dati' }, 'nome', field({ name: 'nominativo', type: 'text' }));
    expect(next.form.steps[0]!.fields.map((f) => f.name)).toEqual(['nominativo', 'sala']);
    next = saveFieldFromInput(draft(), { stepId: 'dati' }, 'nome', field({ name: 'nome', type: 'text', step: 'dettagli', condField: 'sala', condValue: 'piccola' }));
    expect(next.form.steps.map((s) => s.fields.map((f) => f.name))).toEqual([['sala'], ['nota', 'nome']]);
    expect(next.form.steps[1]!.fields[1]!.showIf).toEqual({ field: 'sala', equals: 'piccola' });
  });

  it('a field no longer there is not found; a condition on a later field is refused', () => {
    expect(() => saveFieldFromInput(draft(), { stepId: 'dati' }, 'gone', field({}))).toThrow(NotFoundError);
    expect(refusal(() => saveFieldFromInput(draft(), { stepId: 'dati' }, 'nome', field({ name: 'nome', type: 'text', condField: 'sala', condValue: 'grande' })))).toEqual(['condField', 'admin.builder.conditionUnknown']);
  });

  it('saves into the step chosen on the form, never out of a group', () => {
    expect(targetStep({ stepId: 'dati' }, { step: 'dettagli' })).toBe('dettagli');
    expect(targetStep({ stepId: 'dati' }, { step: '' })).toBe('dati');
    expect(targetStep({ stepId: 'dati', group: 'figli' }, { step: 'dettagli' })).toBe('dati');
  });

  it('keeps what the form does not show (a prefill) while the type stays; the form sets the signature', () => {
    const prefilled = addField(draft(), { stepId: 'dettagli' }, { name: 'isee', type: 'money', label: text('ISEE'), required: true, prefill: { source: 'inps.isee', editable: false } } as never);
    const relabelled = saveFieldFromInput(prefilled, { stepId: 'dettagli' }, 'isee', field({ name: 'isee', type: 'money', labelIt: 'Valore ISEE' }));
    const saved = relabelled.form.steps[1]!.fields.find((f) => f.name === 'isee') as unknown as Record<string, unknown>;
    expect(saved.prefill).toEqual({ source: 'inps.isee', editable: false });
    const retyped = saveFieldFromInput(prefilled, { stepId: 'dettagli' }, 'isee', field({ name: 'isee', type: 'text' }));
    expect((retyped.form.steps[1]!.fields.find((f) => f.name === 'isee') as unknown as Record<string, unknown>).prefill).toBeUndefined();
    const signed = saveFieldFromInput(draft(), { stepId: 'dettagli' }, null, field({ name: 'relazione', type: 'file', signature: 'required' }));
    expect((signed.form.steps[1]!.fields.find((f) => f.name === 'relazione') as unknown as Record<string, unknown>).signature).toBe('required');
    const unsigned = saveFieldFromInput(signed, { stepId: 'dettagli' }, 'relazione', field({ name: 'relazione', type: 'file', signature: '' }));
    expect((unsigned.form.steps[1]!.fields.find((f) => f.name === 'relazione') as unknown as Record<string, unknown>).signature).toBeUndefined();
  });
});

describe('fees and routing from their forms', () => {
  it('sets the fee settings and adds items, with a condition on any field', () => {
    let d = setFeeSettingsFromInput(draft(), feeSettingsInput.parse({ timing: 'after-submission', taxonomyCode: '0101108TS', dueDays: '15', reasonIt: 'Sala', reasonEn: 'Room' }));
    expect(d.fees).toMatchObject({ timing: 'after-submission', taxonomyCode: '0101108TS', dueDays: 15, reason: { it: 'Sala', en: 'Room' } });
    d = addFeeItemFromInput(d, feeItemInput.parse({ itemId: 'grande', labelIt: 'Sala grande', feeType: 'fixed', amount: '50', online: 'on', condField: 'sala', condValue: 'grande' }));
    expect(itemsOf(d)).toEqual([expect.objectContaining({ id: 'grande', amountCents: 5000, when: { field: 'sala', equals: 'grande' } })]);
    expect(refusal(() => addFeeItemFromInput(d, feeItemInput.parse({ itemId: 'altro', feeType: 'fixed', amount: '' })))).toEqual(['amount', 'admin.error.required']);
  });

  it('adds a routing rule with its condition', () => {
    const d = addRuleFromInput(draft(), ruleInput.parse({ ruleId: 'sala-grande', descriptionIt: 'Sale grandi', office: 'tributi', condField: 'sala', condValue: 'grande' }));
    expect(rulesOf(d)).toEqual([expect.objectContaining({ id: 'sala-grande', office: 'tributi', description: { it: 'Sale grandi', en: '' } })]);
  });
});

describe('the YAML box of a section', () => {
  it('reads a mapping, removes the section when empty, and says what is wrong otherwise', () => {
    expect(parseSectionText('timing: before-submission')).toEqual({ value: { timing: 'before-submission' } });
    expect(parseSectionText('')).toEqual({ value: undefined });
    expect(parseSectionText('- a\n- b')).toEqual({ problems: [{ input: 'yaml', key: 'admin.section.notMapping' }] });
    expect(parseSectionText('a: [')).toMatchObject({ problems: [{ input: 'yaml', key: 'admin.error.yamlAt' }] });
  });
});
