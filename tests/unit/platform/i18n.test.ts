import { describe, expect, it } from 'vitest';
import { messageKeys, translator } from '../../../src/platform/i18n.ts';

describe('portal texts', () => {
  it('has every Italian text in English too, and no English-only text', () => {
    expect(messageKeys('en').sort()).toEqual(messageKeys('it').sort());
  });

  it('fills parameters and refuses unknown keys', () => {
    expect(translator('it')('procedure.days', { days: 30 })).toBe('30 giorni');
    expect(translator('en')('procedure.days', { days: 30 })).toBe('30 days');
    expect(() => translator('en')('no.such.key')).toThrow(/missing message/);
  });
});
