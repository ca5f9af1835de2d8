import { describe, expect, it } from 'vitest';
import { formatDate, parseDate, todayInRome } from '../../../src/forms/dates.ts';
import { formatMoney, formatNumber, moneyToInput, parseDecimal, parseInteger, parseMoney } from '../../../src/forms/numbers.ts';

describe('money', () => {
  it.each([
    ['12,50', 1250],
    ['12.50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    ['0,05', 5],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1.234', 123400],
    ['1.234.567', 123456700],
    ['1 234,56', 123456],
    ['€ 16', 1600],
    ['16 euro', 1600],
    ['0,1', 10],
    ['999999999999,99', 99999999999999],
  ])('"%s" is %d cents', (typed, cents) => {
    expect(parseMoney(typed)).toEqual({ ok: true, cents });
  });

  it('stores integer cents, never a float (0,1 + 0,2 stays exact)', () => {
    const a = parseMoney('0,1');
    const b = parseMoney('0,2');
    if (!a.ok || !b.ok) throw new Error('parse failed');
    expect(Number.isInteger(a.cents + b.cents)).toBe(true);
    expect(a.cents + b.cents).toBe(30);
    expect(parseMoney('19,99')).toEqual({ ok: true, cents: 1999 }); // 19.99 * 100 = 1998.9999999999998 as a float
  });

  it.each(['', 'abc', '-5', '12,50,3', '1.2.3', '1,234,56', '12..5', ',50', '1e3', '1234567890123'])('"%s" is not an amount', (typed) => {
    expect(parseMoney(typed)).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses more than two decimals', () => {
    expect(parseMoney('12,505')).toEqual({ ok: false, problem: 'decimals' });
    // a lone comma never groups thousands: an Italian's mistyped cents must not become thousands
    expect(parseMoney('1,234')).toEqual({ ok: false, problem: 'decimals' });
    expect(parseMoney('0.505')).toEqual({ ok: false, problem: 'decimals' });
  });

  it('formats cents for people and for the input again', () => {
    expect(formatMoney(123456, 'it')).toBe('€ 1.234,56');
    expect(formatMoney(123456, 'en')).toBe('€1,234.56');
    expect(formatMoney(5, 'it')).toBe('€ 0,05');
    expect(moneyToInput(123456, 'it')).toBe('1234,56');
    expect(parseMoney(moneyToInput(123456, 'en'))).toEqual({ ok: true, cents: 123456 });
  });
});

describe('integers and decimals', () => {
  it('reads whole numbers with grouping', () => {
    expect(parseInteger('42')).toBe(42);
    expect(parseInteger('-3')).toBe(-3);
    expect(parseInteger('1.234')).toBe(1234);
    expect(parseInteger('1,234,567')).toBe(1234567);
    expect(parseInteger('1,234')).toBeNull(); // could be 1.234: ask again rather than guess
    expect(parseInteger('1,5')).toBeNull();
    expect(parseInteger('12a')).toBeNull();
    expect(parseInteger('99999999999999999999')).toBeNull();
  });

  it('reads decimals with either separator', () => {
    expect(parseDecimal('1,5')).toBe(1.5);
    expect(parseDecimal('1.5')).toBe(1.5);
    expect(parseDecimal('1.234,5')).toBe(1234.5);
    expect(parseDecimal('-0,25')).toBe(-0.25);
    expect(parseDecimal('1,2,3')).toBeNull();
    expect(parseDecimal('x')).toBeNull();
  });

  it('formats without exponent notation, so the text reads back', () => {
    expect(formatNumber(0.0000001, 'it')).toBe('0,0000001');
    expect(parseDecimal(formatNumber(0.0000001, 'it'))).toBe(0.0000001);
    expect(formatNumber(1234.5, 'en')).toBe('1234.5');
  });
});

describe('dates', () => {
  it('reads ISO and Italian order, checks the calendar', () => {
    expect(parseDate('2026-11-26')).toBe('2026-11-26');
    expect(parseDate('26/11/2026')).toBe('2026-11-26');
    expect(parseDate('1/2/2026')).toBe('2026-02-01');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('29/02/2026')).toBeNull();
    expect(parseDate('31/04/2026')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
    expect(parseDate('11/26/2026')).toBeNull();
    expect(parseDate('ieri')).toBeNull();
  });

  it('formats dd/mm/yyyy and knows today in Rome', () => {
    expect(formatDate('2026-11-26')).toBe('26/11/2026');
    // 23:30 UTC on 31 December is already 1 January in Rome
    expect(todayInRome(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
