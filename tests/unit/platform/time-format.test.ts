import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatNumber, formatTimestamp } from '../../../src/platform/format.ts';
import { addDays, daysBetween, romeDate, romeOffsetOn, testClock } from '../../../src/platform/time.ts';

describe('time', () => {
  it('gives the Rome calendar date of an instant, across midnight and summer time', () => {
    expect(romeDate(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(romeDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(romeDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
  it('counts days on the calendar', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', -1)).toBe('2026-03-28');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(() => addDays('28/03/2026', 1)).toThrow();
  });
  it('knows Rome offsets in winter and summer', () => {
    expect(romeOffsetOn('2026-01-15')).toBe('+01:00');
    expect(romeOffsetOn('2026-07-15')).toBe('+02:00');
  });
  it('has a test clock that only moves when told', () => {
    const clock = testClock('2026-03-02T09:00:00Z');
    expect(clock().toISOString()).toBe('2026-03-02T09:00:00.000Z');
    clock.advance(60_000);
    expect(clock().toISOString()).toBe('2026-03-02T09:01:00.000Z');
    clock.set('2027-01-01T00:00:00Z');
    expect(romeDate(clock())).toBe('2027-01-01');
  });
});

describe('format', () => {
  it('writes dates by locale, calendar dates on their own day', () => {
    expect(formatDate('2026-03-02', 'it')).toBe('2 marzo 2026');
    expect(formatDate('2026-03-02', 'en')).toBe('2 March 2026');
    expect(formatDate('2026-03-02', 'it', { style: 'numeric' })).toBe('02/03/2026');
    expect(formatDate(null, 'it')).toBe('');
    expect(formatDate(new Date('2026-03-02T08:05:00Z'), 'it', { withTime: true })).toContain('09:05');
    expect(formatTimestamp(new Date('2026-03-02T08:05:07Z'), 'en')).toContain('09:05:07');
  });
  it('writes money in euro', () => {
    expect(formatMoney(1600, 'it', { plainSpaces: true })).toBe('16,00 €');
    expect(formatMoney(123456, 'en')).toBe('€1,234.56');
    expect(formatNumber(2.345, 'it')).toBe('2,3');
  });
});
