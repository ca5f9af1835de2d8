// The prefill declarations of a definition: a known source, a field type whose module can hold
// what the source gives (asked of the field registry), never inside a group.
import { describe, expect, it } from 'vitest';
import { formSchema } from '../../../src/forms/definition.ts';
import { PREFILL_SOURCES, prefillProblem, type PrefillSource } from '../../../src/forms/prefill.ts';
import { L } from './helpers.ts';

const issues = (fields: unknown[]) => {
  const result = formSchema.safeParse({ steps: [{ id: 'a', title: L('A'), fields }] });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const field = (type: string, source: string, extra: Record<string, unknown> = {}) => ({ name: 'x', type, label: L('X'), prefill: { source }, ...extra });

describe('prefill in a definition', () => {
  it('takes a known source on a field that holds its answer, editable unless it says not', () => {
    expect(issues([field('email', 'identity.email')])).toEqual([]);
    expect(issues([field('address', 'anpr.residence')])).toEqual([]);
    expect(issues([field('money', 'inps.isee'), field('partitaIva', 'company.vatNumber', { name: 'y' })])).toEqual([]);
    const parsed = formSchema.parse({ steps: [{ id: 'a', title: L('A'), fields: [field('money', 'inps.isee', { prefill: { source: 'inps.isee', editable: false } }), field('text', 'identity.name', { name: 'y' })] }] });
    expect(parsed.steps[0]!.fields.map((f) => f.prefill)).toEqual([{ source: 'inps.isee', editable: false }, { source: 'identity.name', editable: true }]);
  });

  it('refuses an unknown source and unknown properties', () => {
    expect(issues([field('text', 'anpr.shoeSize')])[0]).toMatch(/^steps\.0\.fields\.0\.prefill\.source: unknown prefill source/);
    expect(issues([field('text', 'identity.name', { prefill: { source: 'identity.name', locked: true } })])[0]).toMatch(/prefill: Unrecognized key/);
  });

  it('refuses a field whose type cannot hold the source\'s answer', () => {
    expect(issues([field('text', 'anpr.residence')])).toEqual(['steps.0.fields.0.prefill.source: a text field holds a text answer, "anpr.residence" gives a parts']);
    expect(issues([field('text', 'inps.isee')])).toEqual(['steps.0.fields.0.prefill.source: a text field holds a text answer, "inps.isee" gives a money']);
    // same kind of answer, but the module refuses what the source gives
    expect(issues([field('phone', 'identity.email')])).toEqual(['steps.0.fields.0.prefill.source: a phone field does not accept what "identity.email" gives (e.g. "mario.rossi@example.it")']);
    expect(issues([field('partitaIva', 'identity.name')])[0]).toMatch(/does not accept/);
    // the field's own bounds count too
    expect(issues([field('text', 'identity.name', { maxLength: 3 })])[0]).toMatch(/does not accept/);
  });

  it('refuses a prefilled field inside a group', () => {
    expect(issues([{ name: 'g', type: 'group', label: L('G'), fields: [field('text', 'identity.name')] }])).toEqual(['steps.0.fields.0.fields.0.prefill: a field inside a group cannot be prefilled']);
  });

  it('each source fits at least one field type, by the registry', () => {
    const types = ['text', 'email', 'phone', 'codiceFiscale', 'partitaIva', 'date', 'address', 'integer', 'money', 'textarea'] as const;
    for (const source of Object.keys(PREFILL_SOURCES) as PrefillSource[]) {
      const fits = types.filter((type) => prefillProblem({ name: 'x', type, label: L('X'), required: false } as never, source) === null);
      expect(fits, source).not.toEqual([]);
    }
  });
});
