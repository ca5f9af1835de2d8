// The legal clock (Law 241/1990) by vectors: the due date from the Rome receipt date, the
// suspension for an integration (only the first, at most 30 days), the suspension of a notice of
// refusal (art. 10-bis as amended in 2020), the building regime's interruption, a SCIA's term and
// its conformation, kinds without a legal term, reopening, silence-consent at the deadline, and calendar edges (year boundary, leap day,
// daylight saving).
import { describe, expect, it } from 'vitest';
import { bandOf, legalClock, termDays, type ClockPeriod } from '../../../src/backoffice/legal-clock.ts';
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

describe('the notice of refusal suspends (art. 10-bis as amended by DL 76/2020)', () => {
  const base = { receiptDate: '2025-03-10', durationDays: 30 };
  // due 2025-04-09; a notice on 2025-03-25 leaves 15 days

  it('stops the clock for the 10 days of the reply, keeping the days that were left', () => {
    const clock = legalClock({ ...base, periods: [refusal('2025-03-25')], today: '2025-04-01' });
    expect(clock).toMatchObject({ paused: { kind: 'refusal_notice', since: '2025-03-25', replyBy: '2025-04-04' }, band: 'paused', remainingDays: 15 });
  });

  it('with observations: the days left run again ten days after them', () => {
    const clock = legalClock({ ...base, periods: [refusal('2025-03-25', '2025-03-30')], today: '2025-03-30' });
    // restarts 2025-04-09, + 15 days
    expect(clock).toMatchObject({ paused: null, restartedOn: '2025-04-09', dueDate: '2025-04-24', rule: 'refusal_notice_suspension' });
  });

  it('without observations: the days left run again from the end of the 10 days', () => {
    expect(legalClock({ ...base, periods: [refusal('2025-03-25')], today: '2025-04-04' }).paused).not.toBeNull();
    const clock = legalClock({ ...base, periods: [refusal('2025-03-25')], today: '2025-04-05' });
    expect(clock).toMatchObject({ paused: null, restartedOn: '2025-04-04', dueDate: '2025-04-19', replyPeriodOver: true });
  });

  it('after an integration: the suspension first, then the notice', () => {
    const clock = legalClock({
      ...base,
      periods: [refusal('2025-04-10', '2025-04-12'), integration('2025-03-20', '2025-04-19', '2025-03-25')],
      today: '2025-04-12',
    });
    // due 2025-04-14 after the integration; 4 days left on 2025-04-10; restart 2025-04-22
    expect(clock).toMatchObject({ suspendedDays: 5, restartedOn: '2025-04-22', dueDate: '2025-04-26' });
  });

  it('across the year boundary', () => {
    // due 2024-12-20; notice 2024-12-18 leaves 2 days; observations 2024-12-27 -> restart 2025-01-06
    const clock = legalClock({ receiptDate: '2024-11-20', durationDays: 30, periods: [refusal('2024-12-18', '2024-12-27')], today: '2024-12-27' });
    expect(clock.dueDate).toBe('2025-01-08');
  });
});

describe('several integration requests (art. 2 c. 7: "per una sola volta")', () => {
  const base = { receiptDate: '2025-03-10', durationDays: 30 };

  it('only the first suspends; a later one waits for the answer with the clock running', () => {
    const first = integration('2025-03-20', '2025-04-19', '2025-03-25');
    const second = integration('2025-04-01', '2025-04-20');
    const open = legalClock({ ...base, periods: [first, second], today: '2025-04-05' });
    expect(open).toMatchObject({ paused: null, suspendedDays: 5, dueDate: '2025-04-14', band: 'on-time', replyPeriodOver: false });
    const answered = legalClock({ ...base, periods: [first, { ...second, answeredOn: '2025-04-10' }], today: '2025-04-10' });
    expect(answered.dueDate).toBe('2025-04-14');
    // its reply period over, unanswered: the job brings the case back to review
    expect(legalClock({ ...base, periods: [first, second], today: '2025-04-21' })).toMatchObject({ dueDate: '2025-04-14', replyPeriodOver: true, deadlinePassed: true });
  });
});

describe('the building regime (DPR 380/2001 art. 20 c. 5)', () => {
  const base = { receiptDate: '2025-03-10', durationDays: 60, regime: 'building' as const };

  it('a request within 30 days of filing interrupts: the whole term again from the documents', () => {
    const open = legalClock({ ...base, periods: [integration('2025-04-09', '2025-05-09')], today: '2025-04-20' });
    expect(open).toMatchObject({ paused: { kind: 'integration' }, remainingDays: 60 });
    const answered = legalClock({ ...base, periods: [integration('2025-04-09', '2025-05-09', '2025-04-20')], today: '2025-04-20' });
    expect(answered).toMatchObject({ restartedOn: '2025-04-20', dueDate: '2025-06-19', rule: 'building_interruption', suspendedDays: 0 });
  });

  it('a request after 30 days does not suspend, nor does a second one', () => {
    const late = legalClock({ ...base, periods: [integration('2025-04-10', '2025-05-10')], today: '2025-04-20' });
    expect(late).toMatchObject({ paused: null, dueDate: '2025-05-09', rule: 'term' });
    const second = legalClock({ ...base, periods: [integration('2025-03-15', '2025-04-14', '2025-03-20'), integration('2025-04-01', '2025-05-01')], today: '2025-04-05' });
    expect(second).toMatchObject({ paused: null, dueDate: '2025-05-19' });
  });
});

describe('a SCIA (art. 19 c. 3 and 6-bis)', () => {
  const conformation = (from: string, replyBy: string, answeredOn: string | null = null): ClockPeriod => ({ kind: 'conformation', from, replyBy, answeredOn });

  it('60 days from receipt, 30 in the building regime', () => {
    expect(termDays('scia', 'general', 30)).toBe(60);
    expect(termDays('scia', 'building', 90)).toBe(30);
    expect(termDays('istanza', 'building', 90)).toBe(90);
    expect(legalClock({ kind: 'scia', receiptDate: '2025-03-10', durationDays: 60, periods: [], today: '2025-05-10' })).toMatchObject({ dueDate: '2025-05-09', deadlinePassed: true, legalTerm: true });
    expect(legalClock({ kind: 'scia', regime: 'building', receiptDate: '2024-12-15', durationDays: 30, periods: [], today: '2024-12-15' }).dueDate).toBe('2025-01-14');
  });

  it('an order to conform interrupts; the term starts again in full from the measures', () => {
    const base = { kind: 'scia' as const, receiptDate: '2025-03-10', durationDays: 60 };
    const open = legalClock({ ...base, periods: [conformation('2025-04-01', '2025-05-01')], today: '2025-05-20' });
    expect(open).toMatchObject({ band: 'paused', deadlinePassed: false, replyPeriodOver: true });
    const answered = legalClock({ ...base, periods: [conformation('2025-04-01', '2025-05-01', '2025-04-25')], today: '2025-04-25' });
    expect(answered).toMatchObject({ restartedOn: '2025-04-25', dueDate: '2025-06-24', rule: 'conformation_interruption' });
  });
});

describe('kinds without a legal term, and reopening', () => {
  it('a CILA, a report, a booking: the days are a service target, never a passed deadline', () => {
    for (const kind of ['cila', 'segnalazione', 'prenotazione'] as const) {
      const clock = legalClock({ kind, receiptDate: '2025-03-10', durationDays: 15, periods: [], today: '2025-06-01' });
      expect(clock).toMatchObject({ dueDate: '2025-03-25', legalTerm: false, deadlinePassed: false, band: 'overdue' });
    }
  });

  it('a reopening starts a new term on its day; earlier requests no longer count', () => {
    const clock = legalClock({ receiptDate: '2025-03-10', durationDays: 30, startDate: '2025-12-20', periods: [integration('2025-03-20', '2025-04-19', '2025-03-25')], today: '2025-12-20' });
    expect(clock).toMatchObject({ dueDate: '2026-01-19', suspendedDays: 0, remainingDays: 30 });
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
