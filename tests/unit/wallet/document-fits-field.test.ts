// The rule that decides which saved documents a file field is offered: the field registry's
// storedFileFits (src/forms/fields/file.ts), on the field's own accepted types and size limit,
// with the same defaults the upload service applies to a field that sets none.
import { describe, expect, it } from 'vitest';
import { FILE_DEFAULTS, storedFileFits, type FieldDefinition } from '../../../src/forms/index.ts';
import { DEFAULT_ACCEPT, DEFAULT_MAX_SIZE_MB } from '../../../src/submissions/submissions.service.ts';

const MB = 1024 * 1024;
const field = (extra: { accept?: string[]; maxSizeMb?: number; signature?: 'required' | 'accepted' } = {}): FieldDefinition => ({ name: 'documento', type: 'file', label: { it: 'Documento', en: 'Document' }, ...extra }) as FieldDefinition;
const pdf = (size = 2000) => ({ contentType: 'application/pdf', size });

describe('does this saved document fit this file field', () => {
  it.each([
    ['a PDF in a field that takes PDF', field({ accept: ['application/pdf'] }), pdf(), true],
    ['a PDF in a field that takes only images', field({ accept: ['image/jpeg', 'image/png'] }), pdf(), false],
    ['a PNG in a field that takes images', field({ accept: ['image/jpeg', 'image/png'] }), { contentType: 'image/png', size: 500 }, true],
    ['a PDF over the field’s size limit', field({ accept: ['application/pdf'], maxSizeMb: 1 }), pdf(1 * MB + 1), false],
    ['a PDF right at the limit', field({ accept: ['application/pdf'], maxSizeMb: 1 }), pdf(1 * MB), true],
    ['a PDF in a field with no list (the defaults)', field(), pdf(), true],
    ['a GIF in a field with no list (the defaults)', field(), { contentType: 'image/gif', size: 500 }, false],
    ['a PDF over the default limit', field(), pdf(10 * MB + 1), false],
    ['anything in a field that requires a signed file', field({ accept: ['application/pdf'], signature: 'required' }), pdf(), false],
    ['a PDF in a field that accepts signed files beside plain ones', field({ accept: ['application/pdf'], signature: 'accepted' }), pdf(), true],
    ['an empty file', field(), pdf(0), false],
    ['a field that is not a file field', { ...field(), type: 'text' } as FieldDefinition, pdf(), false],
  ])('%s', (_what, definition, file, fits) => {
    expect(storedFileFits(definition, file)).toBe(fits);
  });

  it('uses the same defaults as the upload service', () => {
    expect([...FILE_DEFAULTS.accept]).toEqual(DEFAULT_ACCEPT);
    expect(FILE_DEFAULTS.maxSizeMb).toBe(DEFAULT_MAX_SIZE_MB);
  });
});
