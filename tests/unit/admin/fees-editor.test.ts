// Fees built one item at a time: amounts typed in euro kept in cents, items checked against the
// form's fields, settings kept apart from items; the result passes the payments schema.
import { describe, expect, it } from 'vitest';
import { addField, BuilderError, newDraft, type DraftDefinition } from '../../../src/admin/draft.ts';
import { addFeeItem, buildFeeItem, itemsOf, moveFeeItem, removeFeeItem, removeFees, setFeeSettings, type FeeItemInput } from '../../../src/admin/fees-editor.ts';
import { feesSchema } from '../../../src/payments/fees.ts';

const text = (it: string) => ({ it, en: `${it} (en)` });
function draft(): DraftDefinition {
  let d = newDraft({ slug: 'prova', title: text('Prova'), area: 'cultura-sport', audience: 'citizens', office: 'cultura-sport' });
  d = addField(d, { stepId: 'dati' }, { name: 'sala', type: 'select', label: text('Sala'), required: true, options: [{ value: 'piccola', label: text('Piccola') }, { value: 'grande', label: text('Grande') }] });
  d = addField(d, { stepId: 'dati' }, { name: 'ore', type: 'integer', label: text('Ore'), required: true });
  d = addField(d, { stepId: 'dati' }, { name: 'bollo', type: 'marcaDaBollo', label: text('Bollo'), required: false });
  return d;
}
const input = (over: Partial<FeeItemInput>): FeeItemInput => ({
  itemId: 'voce', labelIt: 'Voce', labelEn: 'Item', feeType: 'fixed', amount: '', field: '', amounts: '', rate: '', per: '', minimum: '', maximum: '', online: true, declaredBy: '', ...over,
});
const fields = draft().form.steps.flatMap((s) => s.fields);

describe('fees in the builder', () => {
  it('builds each kind of item, in cents', () => {
    expect(buildFeeItem(input({ amount: '16,50' }), undefined, fields)).toEqual({ id: 'voce', type: 'fixed', label: { it: 'Voce', en: 'Item' }, amountCents: 1650 });
    expect(buildFeeItem(input({ feeType: 'perOption', field: 'sala', amounts: 'piccola = 50\ngrande = 150,00' }), undefined, fields)).toMatchObject({ field: 'sala', amounts: { piccola: 5000, grande: 15000 } });
    expect(buildFeeItem(input({ feeType: 'rate', field: 'ore', rate: '12', per: '1', minimum: '24', maximum: '' }), { field: 'sala', equals: 'grande' }, fields)).toMatchObject({ rateCents: 1200, per: 1, minimumCents: 2400, when: { field: 'sala', equals: 'grande' } });
    expect(buildFeeItem(input({ feeType: 'stampDuty', online: false, declaredBy: 'bollo' }), undefined, fields)).toMatchObject({ amountCents: 1600, online: false, declaredBy: 'bollo' });
  });

  it('refuses items that do not fit the form, naming the input', () => {
    const refusal = (over: Partial<FeeItemInput>) => {
      try {
        buildFeeItem(input(over), undefined, fields);
      } catch (error) {
        return error instanceof BuilderError ? [error.input, error.key] : error;
      }
      return null;
    };
    expect(refusal({ amount: '' })).toEqual(['amount', 'admin.error.required']);
    expect(refusal({ feeType: 'perOption', field: 'ore', amounts: 'x = 1' })).toEqual(['field', 'admin.fees.fieldType']);
    expect(refusal({ feeType: 'perOption', field: 'sala', amounts: 'media = 1' })).toEqual(['amounts', 'admin.fees.amountLine']);
    expect(refusal({ feeType: 'rate', field: 'ore', rate: '1', minimum: '10', maximum: '5' })).toEqual(['maximum', 'admin.error.minAboveMax']);
    expect(refusal({ feeType: 'stampDuty', online: false })).toEqual(['declaredBy', 'admin.fees.stampNotOnline']);
  });

  it('keeps settings and items apart, and the section passes the payments schema', () => {
    let d = setFeeSettings(draft(), { timing: 'before-submission', taxonomyCode: '0101108TS', dueDays: 30, reason: text('') });
    d = addFeeItem(d, buildFeeItem(input({ itemId: 'diritti', amount: '50' }), undefined, fields));
    d = addFeeItem(d, buildFeeItem(input({ itemId: 'bollo', feeType: 'stampDuty' }), undefined, fields));
    d = setFeeSettings(d, { timing: 'after-submission', taxonomyCode: '0101108TS', dueDays: 15 });
    expect(itemsOf(d).map((i) => i.id)).toEqual(['diritti', 'bollo']);
    expect(feesSchema.safeParse(d.fees).success).toBe(true);
    d = moveFeeItem(d, 'bollo', 'up');
    expect(itemsOf(d).map((i) => i.id)).toEqual(['bollo', 'diritti']);
    expect(() => addFeeItem(d, buildFeeItem(input({ itemId: 'bollo', amount: '1' }), undefined, fields))).toThrow(BuilderError);
    d = removeFeeItem(d, 'bollo');
    expect(itemsOf(d).map((i) => i.id)).toEqual(['diritti']);
    expect(removeFees(d).fees).toBeUndefined();
  });
});
