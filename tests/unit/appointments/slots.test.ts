// Slot generation from opening hours (several intervals a day), holidays (Easter Monday, the
// patron saint), closures, the booking window, the days the clocks change; and the .ics file.
import { describe, expect, it } from 'vitest';
import { easterMonday, easterSunday, isHoliday } from '../../../src/appointments/holidays.ts';
import { bookingIcs } from '../../../src/appointments/ics.ts';
import { parseIntervals, romeInstant, slotAt, slotsBetween, slotsOfDay, type SlotRules } from '../../../src/appointments/slots.ts';

const rules: SlotRules = {
  weeklyHours: { '1': [['08:30', '12:30']], '4': [['08:30', '12:30'], ['14:30', '17:00']], '7': [['01:00', '04:00']] },
  slotMinutes: 30,
  windowFromDays: 1,
  windowToDays: 60,
  closures: [{ from: '2026-08-10', to: '2026-08-14' }],
  patronDay: '07-04',
};

describe('holidays', () => {
  it('computes Easter and Easter Monday', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterMonday(2026)).toBe('2026-04-06');
    expect(easterMonday(2027)).toBe('2027-03-29');
    expect(easterMonday(2025)).toBe('2025-04-21');
  });
  it('knows the fixed national holidays and the patron saint', () => {
    for (const day of ['2026-01-01', '2026-01-06', '2026-04-25', '2026-05-01', '2026-06-02', '2026-08-15', '2026-11-01', '2026-12-08', '2026-12-25', '2026-12-26']) expect(isHoliday(day, null)).toBe(true);
    expect(isHoliday('2026-07-04', '07-04')).toBe(true);
    expect(isHoliday('2026-07-04', null)).toBe(false);
    expect(isHoliday('2026-03-03', null)).toBe(false);
  });
});

describe('slots', () => {
  it('makes the slots of each interval of the day, none past its end', () => {
    const thursday = slotsOfDay(rules, '2026-03-05');
    expect(thursday.map((s) => s.time)).toEqual(['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
    // winter: Rome is UTC+1
    expect(thursday[0]!.startsAt.toISOString()).toBe('2026-03-05T07:30:00.000Z');
    expect(slotsOfDay({ ...rules, slotMinutes: 45 }, '2026-03-02').map((s) => s.time)).toEqual(['08:30', '09:15', '10:00', '10:45', '11:30']);
    expect(slotsOfDay(rules, '2026-03-03')).toEqual([]);
  });
  it('has none on Easter Monday, the patron saint, or a closure', () => {
    expect(slotsOfDay(rules, '2026-04-06')).toEqual([]);
    expect(slotsOfDay({ ...rules, weeklyHours: { '6': [['09:00', '10:00']] } }, '2026-07-04')).toEqual([]);
    expect(slotsOfDay(rules, '2026-08-10')).toEqual([]);
    expect(slotsOfDay(rules, '2026-08-17')).toHaveLength(8);
  });
  it('keeps wall-clock times on the days the clocks change', () => {
    // summer time begins on Sunday 29 March 2026 at 02:00 (02:00-03:00 does not exist)
    const spring = slotsOfDay(rules, '2026-03-29');
    expect(spring.map((s) => s.time)).not.toContain('02:00');
    expect(spring.map((s) => s.time)).not.toContain('02:30');
    expect(spring.find((s) => s.time === '03:00')!.startsAt.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(romeInstant('2026-03-29', '02:30')).toBeNull();
    // the Monday after: 08:30 is 06:30 UTC
    expect(slotsOfDay(rules, '2026-03-30')[0]!.startsAt.toISOString()).toBe('2026-03-30T06:30:00.000Z');
    // it ends on Sunday 25 October 2026: 02:00-03:00 happens twice, the first is taken
    expect(romeInstant('2026-10-25', '02:30')!.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(slotsOfDay(rules, '2026-10-26')[0]!.startsAt.toISOString()).toBe('2026-10-26T07:30:00.000Z');
  });
  it('offers only the booking window, and no slot already begun', () => {
    const now = new Date('2026-03-02T08:00:00Z');
    const slots = slotsBetween(rules, '2026-03-01', '2026-12-31', '2026-03-02', now);
    expect(slots[0]!.date).toBe('2026-03-05');
    expect(slots[slots.length - 1]!.date <= '2026-05-01').toBe(true);
    expect(slotAt(rules, new Date('2026-03-05T07:30:00Z'), '2026-03-02', now)).not.toBeNull();
    expect(slotAt(rules, new Date('2026-03-05T07:31:00Z'), '2026-03-02', now)).toBeNull();
    expect(slotAt(rules, new Date('2026-03-02T07:30:00Z'), '2026-03-02', now)).toBeNull();
  });
  it('reads opening hours as typed, refusing overlaps and nonsense', () => {
    expect(parseIntervals('8.30-12:30, 14:30-17:00')).toEqual([['08:30', '12:30'], ['14:30', '17:00']]);
    expect(parseIntervals('')).toEqual([]);
    expect(parseIntervals('12:30-08:30')).toBeNull();
    expect(parseIntervals('08:00-12:00, 11:00-13:00')).toBeNull();
    expect(parseIntervals('mattina')).toBeNull();
  });
});

describe('the .ics file', () => {
  const base = {
    uid: '0b7c5a4e-1f2d-4c3b-9a8e-7d6c5b4a3f21',
    startsAt: new Date('2026-07-07T07:30:00Z'),
    endsAt: new Date('2026-07-07T07:50:00Z'),
    title: 'Appuntamento: CIE',
    description: 'Porta una fototessera',
    location: 'Piazza Cavalli 2, Piacenza',
    stamp: new Date('2026-07-01T10:00:00Z'),
  };
  it('writes the times in UTC, a stable UID and the sequence', () => {
    const ics = bookingIcs({ ...base, sequence: 0, cancelled: false });
    expect(ics).toContain('DTSTART:20260707T073000Z');
    expect(ics).toContain('DTEND:20260707T075000Z');
    expect(ics).toContain(`UID:${base.uid}@sportello`);
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).toContain('LOCATION:Piazza Cavalli 2\\, Piacenza');
  });
  it('cancels with the same UID and a higher sequence', () => {
    const ics = bookingIcs({ ...base, sequence: 2, cancelled: true });
    expect(ics).toContain(`UID:${base.uid}@sportello`);
    expect(ics).toContain('SEQUENCE:2');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('METHOD:CANCEL');
  });
});
