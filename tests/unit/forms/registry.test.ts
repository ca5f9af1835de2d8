// The field registry: each type's module declares its configuration and capabilities, the
// definition schema is built from them, and what a module declares holds (its sample answer
// is an answer it accepts; its capabilities agree with the kind of its answer).
import { describe, expect, it } from 'vitest';
import { fieldSchema, FIELD_TYPES, type FieldType } from '../../../src/forms/definition.ts';
import { fieldCapabilities, fieldConfigs, fieldModules, fieldTypesForFee, fieldTypesWhere } from '../../../src/forms/fields/index.ts';
import { L, TODAY } from './helpers.ts';

/** A valid field of each type, built through the definition schema. */
function fieldOf(type: FieldType) {
  const { value } = fieldCapabilities(type);
  return fieldSchema.parse({
    name: 'campo',
    type,
    label: L('Campo'),
    required: true,
    ...(value === 'option' || value === 'options' ? { options: [{ value: 'first-option', label: L('Prima') }, { value: 'altra', label: L('Altra') }] } : {}),
    ...(type === 'declaration' ? { declaration: L('Dichiaro') } : {}),
    ...(value === 'items' ? { fields: [{ name: 'voce', type: 'text', label: L('Voce') }] } : {}),
  });
}

describe('the field registry', () => {
  it('declares each configuration once: the module carries the shape the schema is built from', () => {
    for (const type of FIELD_TYPES) expect(fieldModules[type].config, type).toBe(fieldConfigs[type]);
  });

  it.each(FIELD_TYPES.filter((type) => !['files', 'items'].includes(fieldCapabilities(type).value)))('accepts the sample answer of %s', (type) => {
    const module = fieldModules[type];
    const field = fieldOf(type);
    const sample = module.capabilities.sample;
    const ctx = { locale: 'it' as const, today: TODAY, scope: {}, labelFor: () => 'Campo' };
    const result = module.schema(field, ctx).safeParse(module.toInput(sample as never, field, 'it'));
    expect(result.success ? result.data : result.error.issues, type).toEqual(sample);
  });

  it('gives capabilities that agree with the kind of answer', () => {
    for (const type of FIELD_TYPES) {
      const c = fieldCapabilities(type);
      expect(c.parts !== undefined, type).toBe(c.value === 'parts');
      expect(c.operators.includes('includes'), type).toBe(c.value === 'options');
      expect(c.operators.includes('atLeast'), type).toBe(c.value === 'number' || c.value === 'money');
      if (c.fees.includes('perOption')) expect(['option', 'options'], type).toContain(c.value);
      if (c.fees.includes('rate')) expect(c.value, type).toBe('number');
    }
    expect(fieldTypesForFee('perOption')).toEqual(['radio', 'select', 'checkboxes']);
    expect(fieldTypesForFee('rate')).toEqual(['integer', 'decimal']);
    expect(fieldTypesForFee('stampDeclaration')).toEqual(['marcaDaBollo']);
    // files and groups may sit in items too (a group in a group holds no group: definition.ts)
    expect(fieldTypesWhere((c) => !c.inGroup)).toEqual([]);
    expect(fieldTypesWhere((c) => !c.routing)).toEqual(['file', 'group']);
  });

  it('builds each member of the definition schema from its type: own properties in, others out', () => {
    const issues = (field: Record<string, unknown>) => {
      const result = fieldSchema.safeParse({ name: 'campo', label: L('Campo'), ...field });
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ type: 'text', maxLength: 20 })).toEqual([]);
    expect(issues({ type: 'text', options: [] })[0]).toMatch(/Unrecognized key\(s\) in object: 'options'/);
    expect(issues({ type: 'integer', maxLength: 3 })[0]).toMatch(/'maxLength'/);
    expect(issues({ type: 'select' })).toEqual(['options: a select field needs options']);
    expect(issues({ type: 'declaration' })).toEqual(['declaration: a declaration needs its text']);
    expect(issues({ type: 'group' })).toEqual(['fields: a group needs its fields']);
    expect(issues({ type: 'decimal', min: 5, max: 2 })).toEqual(['max: max is below min']);
    expect(issues({ type: 'colour' })[0]).toMatch(/^type: Invalid discriminator value/);
  });
});
