// The legal clock (Law 241/1990) by vectors: the due date from the Rome receipt date, the
// suspension for an integration (once, at most 30 days), the restart after a notice of refusal
// (art. 10-bis), silence-consent at the deadline, and calendar edges (year boundary, leap day,
// daylight saving).
import { describe, expect, it } from 'vitest';
import { bandOf, legalClock, type ClockPeriod } from '../../../src/backoffice/legal-clock.ts';
import { addDays, daysBetween, romeDate } from '../../../src/platform/time.ts';

const integration = (from: string, replyBy: string, answeredOn: string | null = null): ClockPeriod => ({ kind: 'integration', from, replyBy, answeredOn });
const refusal = (from: string, answeredOn: string | null = null): ClockPeriod => ({ kind: 'refusal_notice', from, replyBy: addDays(from, 10), answeredOn });

describe('calendar arithmetic', () => {
  it.each([
    ['2025-03-10', 30, '2025-04-09'],
    ['2024-12-15', 30, '2025-01-14'],
    ['2024-12-31', 3, '2025-01-03'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-03-29', 2, '2025-03-31'],
    ['2025-10-25', 2, '2025-10-27'],
    ['2025-01-10', -11, '2024-12-30'],
  ])('%s + %i days = %s', (from, days, to) => {
    expect(addDays(from, days)).toBe(to);
    expect(daysBetween(from, to)).toBe(days);
  });

  it.each([
    ['2024-12-31T22:59:59.999Z', '2024-12-31'],
    ['2024-12-31T23:00:00.000Z', '2025-01-01'],
    ['2025-06-30T21:59:00.000Z', '2025-06-30'],
    ['2025-06-30T22:00:00.000Z', '2025-07-01'],
    ['2025-03-30T00:30:00.000Z', '2025-03-30'],
  ])('the Rome date of %s is %s', (instant, date) => {
    expect(romeDate(new Date(instant))).toBe(date);
  });
});

describe('the due date', () => {
  it('is the receipt date plus the procedure days', () => {
    const clock = legalClock({ receiptDate: '2025-03-10', durationDays: 30, periods: [], today: '2025-03-10' });
    expect(clock).toMatchObject({ dueDate: '2025-04-09', paused: null, remainingDays: 30, suspendedDays: 0, band: 'on-time', deadlinePassed: false });
  });

  it('crosses the year boundary by the calendar', () => {
    // filed at 00:30 on New Year's day in Rome, still 31 December in UTC
    const receipt = romeDate(new Date('2024-12-31T23:30:00Z'));
    expect(receipt).toBe('2025-01-01');
    expect(legalClock({ receiptDate: receipt, durationDays: 30, periods: [], today: receipt }).dueDate).toBe('2025-01-31');
    expect(legalClock({ receiptDate: '2024-12-20', durationDays: 30, periods: [], today: '2025-01-05' })).toMatchObject({ dueDate: '2025-01-19', remainingDays: 14 });
  });
});

describe('suspension for an integration (art. 2 c. 7)', () => {
  const base = { receiptDate: '2025-03-10', durationDays: 30 };

  it('stops the clock while the request is open, keeping the days that were left', () => {
    const clock = legalClock({ ...base, periods: [integration('2025-03-20', '2025-04-19')], today: '2025-03-28' });
    expect(clock).toMatchObject({ paused: { kind: 'integration', since: '2025-03-20', replyBy: '2025-04-19' }, remainingDays: 20, band: 'paused', deadlinePassed: false, replyPeriodOver: false });
    expect(clock.dueDate).toBe('2025-04-09');
  });

  it('resumes on the answer, moving the due date by the days it stood still', () => {
    const clock = legalClock({ ...base, periods: [integration('2025-03-20', '2025-04-19', '2025-03-25')], today: '2025-03-25' });
    expect(clock).toMatchObject({ paused: null, suspendedDays: 5, dueDate: '2025-04-14', remainingDays: 20 });
  });

  it('an answer the same day suspends nothing', () => {
    expect(legalClock({ ...base, periods: [integration('2025-03-20', '2025-04-19', '2025-03-20')], today: '2025-03-21' }).dueDate).toBe('2025-04-09');
  });

  it('without an answer, resumes by itself when the reply period ends (at most 30 days)', () => {
    const open = legalClock({ ...base, periods: [integration('2025-03-20', '2025-04-19')], today: '2025-04-19' });
    expect(open.paused).not.toBeNull();
    const resumed = legalClock({ ...base, periods: [integration('2025-03-20', '2025-04-19')], today: '2025-04-20' });
    expect(resumed).toMatchObject({ paused: null, suspendedDays: 30, dueDate: '2025-05-09', replyPeriodOver: true });
  });

  it('a late answer counts the suspension up to the reply date only', () => {
    const clock = legalClock({ ...base, periods: [integration('2025-03-20', '2025-03-30', '2025-04-15')], today: '2025-04-15' });
    expect(clock).toMatchObject({ suspendedDays: 10, dueDate: '2025-04-19' });
  });

  it('across the year boundary', () => {
    const clock = legalClock({ receiptDate: '2024-12-02', durationDays: 30, periods: [integration('2024-12-20', '2025-01-19', '2025-01-07')], today: '2025-01-07' });
    expect(clock).toMatchObject({ suspendedDays: 18, dueDate: '2025-01-19', remainingDays: 12 });
  });
});

describe('restart after a notice of refusal (art. 10-bis)', () => {
  const base = { receiptDate: '2025-03-10', durationDays: 30 };

  it('stops the clock for the 10 days of the reply', () => {
    const clock = legalClock({ ...base, periods: [refusal('2025-03-25')], today: '2025-04-01' });
    expect(clock).toMatchObject({ paused: { kind: 'refusal_notice', since: '2025-03-25', replyBy: '2025-04-04' }, band: 'paused', remainingDays: 30 });
  });

  it('restarts the full term from the reply', () => {
    const clock = legalClock({ ...base, periods: [refusal('2025-03-25', '2025-03-30')], today: '2025-03-30' });
    expect(clock).toMatchObject({ paused: null, restartedOn: '2025-03-30', dueDate: '2025-04-29', remainingDays: 30 });
  });

  it('without a reply, restarts the full term when the 10 days end', () => {
    expect(legalClock({ ...base, periods: [refusal('2025-03-25')], today: '2025-04-04' }).paused).not.toBeNull();
    const clock = legalClock({ ...base, periods: [refusal('2025-03-25')], today: '2025-04-05' });
    expect(clock).toMatchObject({ paused: null, restartedOn: '2025-04-04', dueDate: '2025-05-04', replyPeriodOver: true });
  });

  it('after an integration: the suspension first, then the restart', () => {
    const clock = legalClock({
      ...base,
      periods: [refusal('2025-04-10', '2025-04-12'), integration('2025-03-20', '2025-04-19', '2025-03-25')],
      today: '2025-04-12',
    });
    expect(clock).toMatchObject({ suspendedDays: 5, restartedOn: '2025-04-12', dueDate: '2025-05-12' });
  });

  it('restarts across the year boundary', () => {
    const clock = legalClock({ receiptDate: '2024-11-20', durationDays: 30, periods: [refusal('2024-12-18', '2024-12-27')], today: '2024-12-27' });
    expect(clock.dueDate).toBe('2025-01-26');
  });
});

describe('bands and silence-consent (art. 20)', () => {
  const at = (today: string) => legalClock({ receiptDate: '2025-03-10', durationDays: 30, periods: [], today, dueSoonDays: 5 });

  it.each([
    ['2025-03-20', 'on-time', 20, false],
    ['2025-04-03', 'on-time', 6, false],
    ['2025-04-04', 'due-soon', 5, false],
    ['2025-04-08', 'due-soon', 1, false],
    ['2025-04-09', 'due-today', 0, false],
    ['2025-04-10', 'overdue', -1, true],
    ['2025-05-01', 'overdue', -22, true],
  ])('on %s the filing is %s with %i days left (deadline passed: %s)', (today, band, remaining, passed) => {
    expect(at(today)).toMatchObject({ band, remainingDays: remaining, deadlinePassed: passed });
  });

  it('a paused clock never passes its deadline', () => {
    const clock = legalClock({ receiptDate: '2025-03-10', durationDays: 30, periods: [integration('2025-04-08', '2025-05-08')], today: '2025-04-20' });
    expect(clock).toMatchObject({ band: 'paused', deadlinePassed: false });
  });

  it('bands a stored due date the same way', () => {
    expect(bandOf('2025-04-09', '2025-04-10', false)).toEqual({ band: 'overdue', remainingDays: -1 });
    expect(bandOf('2025-04-09', '2025-04-09', false)).toEqual({ band: 'due-today', remainingDays: 0 });
    expect(bandOf('2025-04-09', '2025-04-01', true).band).toBe('paused');
  });
});
