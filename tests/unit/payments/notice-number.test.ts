import { describe, expect, it } from 'vitest';
import {
  buildNoticeNumber,
  checkDigits,
  formatNoticeNumber,
  isValidNoticeNumber,
  iuvOf,
  parseNoticeNumber,
  qrPayload,
} from '../../../src/payments/notice-number.ts';

describe('notice numbers (docs/specs/pagopa.md vectors)', () => {
  it.each([
    ['302032002700000251', 3, '02032002700000251'],
    ['300715700000000032', 3, '00715700000000032'],
    ['347164923022221054', 3, '47164923022221054'],
    ['001000000000012370', 0, '000000000012370'],
    ['200000000001234571', 2, '00000000001234571'],
  ])('%s is valid, aux %i, IUV %s', (notice, aux, iuv) => {
    expect(isValidNoticeNumber(notice)).toBe(true);
    const parts = parseNoticeNumber(notice)!;
    expect(parts.aux).toBe(aux);
    expect(parts.iuv).toBe(iuv);
    expect(iuvOf(notice)).toBe(iuv);
  });

  it('reads the segregation and application codes', () => {
    expect(parseNoticeNumber('302032002700000251')?.segregationCode).toBe('02');
    expect(parseNoticeNumber('001000000000012370')?.applicationCode).toBe('01');
  });

  it.each([
    ['347000000880099993', '93 is not a possible mod-93 remainder'],
    ['302012387654312384', 'check should be 86'],
    ['30203200270000025', 'too short'],
    ['402032002700000251', 'aux digit 4 does not exist'],
    ['30203200270000025a', 'not digits'],
  ])('%s is invalid (%s)', (notice) => {
    expect(isValidNoticeNumber(notice)).toBe(false);
    expect(parseNoticeNumber(notice)).toBeNull();
  });

  it('computes the check digits of the vectors', () => {
    expect(checkDigits('3020320027000002')).toBe('51');
    expect(checkDigits('3020123876543123')).toBe('86');
    expect(checkDigits('0010000000000123')).toBe('70');
  });

  it('builds aux-3 numbers from a base and the segregation code', () => {
    expect(buildNoticeNumber('02', 320027000002n)).toBe('302032002700000251');
    expect(buildNoticeNumber('00', 7157000000000n)).toBe('300715700000000032');
    const first = buildNoticeNumber('47', 1);
    expect(first).toMatch(/^3470000000000001\d\d$/);
    expect(isValidNoticeNumber(first)).toBe(true);
    expect(() => buildNoticeNumber('2', 1)).toThrow();
    expect(() => buildNoticeNumber('02', 10n ** 13n)).toThrow();
  });

  it('every base gives a valid number, and different bases different numbers', () => {
    const seen = new Set<string>();
    for (let base = 1; base <= 5000; base++) {
      const notice = buildNoticeNumber('02', base * 7919);
      expect(isValidNoticeNumber(notice)).toBe(true);
      seen.add(notice);
    }
    expect(seen.size).toBe(5000);
  });

  it('prints the number in groups of four', () => {
    expect(formatNoticeNumber('302032002700000251')).toBe('3020 3200 2700 0002 51');
  });
});

describe('QR code payload', () => {
  it('is PAGOPA|002|notice|creditor|cents', () => {
    expect(qrPayload('302032002700000251', '03334231200', 8000)).toBe('PAGOPA|002|302032002700000251|03334231200|8000');
  });

  it('refuses what would make a QR code nobody can pay', () => {
    expect(() => qrPayload('302012387654312384', '03334231200', 8000)).toThrow();
    expect(() => qrPayload('302032002700000251', '3334231200', 8000)).toThrow();
    expect(() => qrPayload('302032002700000251', '03334231200', 80.5)).toThrow();
    expect(() => qrPayload('302032002700000251', '03334231200', 0)).toThrow();
  });
});
