// The expected decision date's rule against a synthetic queue: the place in the queue divided
// by the office's pace in working days (weekends and Italian holidays skipped), never later than
// the legal deadline, never before today, the deadline when there is no history, and a
// suspended case whose deadline moves while the office waits.
import { describe, expect, it } from 'vitest';
import { decisionsPerDay, expectedDecisionDate, MIN_DECISIONS, throughputWindow, type ExpectedInput } from '../../../src/backoffice/expected-date.ts';
import { addWorkingDays, easterMonday, italianCalendar, workingDaysBetween } from '../../../src/platform/working-days.ts';

const calendar = italianCalendar();
const base = { legalDeadline: '2027-02-02', calendar };

describe('expectedDecisionDate', () => {
  // 2026-12-04 is a Friday; 2026-12-08 (Immacolata) a Tuesday holiday
  const cases: Array<{ name: string; input: Omit<ExpectedInput, 'calendar' | 'legalDeadline'> & { legalDeadline?: string }; date: string; basis: string; workingDays: number | null; deadline?: string }> = [
    { name: 'position 0 on a working day: today', input: { position: 0, decisionsPerDay: 2, today: '2026-12-02' }, date: '2026-12-02', basis: 'queue', workingDays: 0 },
    { name: 'position 0 on a Saturday: the next working day', input: { position: 0, decisionsPerDay: 2, today: '2026-12-05' }, date: '2026-12-07', basis: 'queue', workingDays: 0 },
    { name: 'position 10 at 2 a day: 5 working days, across a weekend and a holiday', input: { position: 10, decisionsPerDay: 2, today: '2026-12-04' }, date: '2026-12-14', basis: 'queue', workingDays: 5 },
    { name: 'position 11 at 2 a day: 6 working days (a part of a day is a day)', input: { position: 11, decisionsPerDay: 2, today: '2026-12-04' }, date: '2026-12-15', basis: 'queue', workingDays: 6 },
    { name: 'a pace of 20 in 10 days is 2 a day exactly', input: { position: 10, decisionsPerDay: 20 / 10, today: '2026-12-04' }, date: '2026-12-14', basis: 'queue', workingDays: 5 },
    { name: 'across Christmas and Santo Stefano', input: { position: 3, decisionsPerDay: 1, today: '2026-12-24' }, date: '2026-12-30', basis: 'queue', workingDays: 3 },
    { name: 'capped at the legal deadline', input: { position: 100, decisionsPerDay: 2, today: '2026-12-04', legalDeadline: '2026-12-20' }, date: '2026-12-20', basis: 'deadline', workingDays: 50 },
    { name: 'the queue ending on the deadline itself is the queue', input: { position: 10, decisionsPerDay: 2, today: '2026-12-04', legalDeadline: '2026-12-14' }, date: '2026-12-14', basis: 'queue', workingDays: 5 },
    { name: 'no throughput: the legal deadline', input: { position: 3, decisionsPerDay: 0, today: '2026-12-04' }, date: '2027-02-02', basis: 'no-history', workingDays: null },
    { name: 'never before today: a deadline already passed', input: { position: 10, decisionsPerDay: 2, today: '2026-12-04', legalDeadline: '2026-11-30' }, date: '2026-12-04', basis: 'deadline', workingDays: 5 },
    { name: 'never before today, without history either', input: { position: 10, decisionsPerDay: 0, today: '2026-12-04', legalDeadline: '2026-11-30' }, date: '2026-12-04', basis: 'no-history', workingDays: null },
    {
      name: 'suspended: the deadline as if the answer came today, the queue from today',
      input: { position: 10, decisionsPerDay: 2, today: '2026-12-04', legalDeadline: '2026-12-10', suspended: { daysLeft: 20 } },
      date: '2026-12-14',
      basis: 'queue',
      workingDays: 5,
      deadline: '2026-12-24',
    },
    {
      name: 'suspended and capped at the moved deadline',
      input: { position: 100, decisionsPerDay: 2, today: '2026-12-04', legalDeadline: '2026-12-10', suspended: { daysLeft: 20 } },
      date: '2026-12-24',
      basis: 'deadline',
      workingDays: 50,
      deadline: '2026-12-24',
    },
  ];
  it.each(cases)('$name', ({ input, date, basis, workingDays, deadline }) => {
    const result = expectedDecisionDate({ ...base, ...input });
    expect(result).toMatchObject({ date, basis, workingDays, suspended: input.suspended !== undefined });
    expect(result.deadline).toBe(deadline ?? input.legalDeadline ?? base.legalDeadline);
    expect(result.date >= input.today).toBe(true);
  });
});

describe('the office pace', () => {
  it('is measured on the 28 days before today, today excluded', () => {
    expect(throughputWindow('2026-12-04')).toEqual({ from: '2026-11-06', to: '2026-12-04' });
  });

  it('counts decisions per working day, and nothing below the minimum', () => {
    // 6 November to 3 December 2026: 20 working days
    expect(workingDaysBetween('2026-11-06', '2026-12-04', calendar)).toBe(20);
    expect(decisionsPerDay(20, '2026-12-04', calendar)).toBe(1);
    expect(decisionsPerDay(MIN_DECISIONS, '2026-12-04', calendar)).toBe(MIN_DECISIONS / 20);
    expect(decisionsPerDay(MIN_DECISIONS - 1, '2026-12-04', calendar)).toBe(0);
    expect(decisionsPerDay(0, '2026-12-04', calendar)).toBe(0);
  });
});

describe('the working calendar', () => {
  it('skips weekends, fixed holidays and Easter Monday', () => {
    expect(easterMonday(2027)).toBe('2027-03-29');
    expect(calendar.isWorkingDay('2027-03-29')).toBe(false);
    expect(calendar.isWorkingDay('2027-03-30')).toBe(true);
    expect(calendar.isWorkingDay('2026-12-08')).toBe(false);
    expect(calendar.isWorkingDay('2026-12-05')).toBe(false);
    expect(addWorkingDays('2027-03-26', 1, calendar)).toBe('2027-03-30');
    expect(italianCalendar('12-04').isWorkingDay('2026-12-04')).toBe(false);
  });
});
