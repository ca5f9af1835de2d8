// The builder keeps a field's prefill declaration when it normalises the field (it does not
// offer to change it yet: the definition files do).
import { describe, expect, it } from 'vitest';
import { normalizeField } from '../../../src/admin/draft.ts';

describe('the builder and prefill', () => {
  it('keeps prefill on a field it normalises', () => {
    const field = { name: 'valoreIsee', type: 'money', label: { it: 'ISEE', en: 'ISEE' }, required: true, prefill: { source: 'inps.isee', editable: false } } as const;
    expect(normalizeField(field as never)).toMatchObject({ prefill: { source: 'inps.isee', editable: false } });
  });
});
