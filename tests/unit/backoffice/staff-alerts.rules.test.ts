// The staff alerts' pure rules: which logged event makes which alert, who receives it (a named
// colleague, the assignee, otherwise every clerk of the office; never who caused it), when a
// due date is worth an alert, and the preferences completed with the defaults.
import { describe, expect, it } from 'vitest';
import { deadlineAlert, deliveriesOf, DEFAULT_DELIVERY, officeFor, preferenceKindOf, recipientsOf, ruleFor, type LoggedEvent } from '../../../src/backoffice/staff-alerts.rules.ts';

const ANNA = 'FRRNNA75C55A944U';
const BRUNO = 'GLLBRN68S02F257U';
const CARLA = 'CNTCRL82E60G337T';
const APPLICANT = 'CSRGGL44L13H501E';
const clerks = [ANNA, BRUNO, CARLA];

const event = (kind: string, data: Record<string, unknown>, actor: string | null = null): LoggedEvent => ({ kind, actor_fiscal_code: actor, data });

/** The alert and its recipients, as the job would compute them. */
function outcome(e: LoggedEvent, context: { assignee: string | null; caseOffice?: string; clerksOf?: Record<string, string[]> }) {
  const rule = ruleFor(e);
  if (!rule) return null;
  const office = officeFor(rule, e, context.caseOffice ?? 'anagrafe');
  const officeClerks = context.clerksOf?.[office] ?? clerks;
  return { alert: rule.alert, office, to: recipientsOf(rule, e, { assignee: context.assignee, clerks: officeClerks }) };
}

describe('events to alerts to recipients', () => {
  it.each([
    ['a filing: every clerk of its office', event('filed', { office: 'anagrafe' }, APPLICANT), null, { alert: 'new_filing', office: 'anagrafe', to: clerks }],
    ['a forward: the clerks of the office it went to, not the one who forwarded', event('forwarded', { fromOffice: 'tributi', toOffice: 'anagrafe' }, ANNA), null, { alert: 'new_filing', office: 'anagrafe', to: [BRUNO, CARLA] }],
    ['an applicant message on an assigned case: the assignee alone', event('message', { direction: 'to-office', answers: null }, APPLICANT), BRUNO, { alert: 'applicant_reply', office: 'anagrafe', to: [BRUNO] }],
    ['an answer to a request on an unassigned case: every clerk', event('message', { direction: 'to-office', answers: 4 }, APPLICANT), null, { alert: 'applicant_reply', office: 'anagrafe', to: clerks }],
    ['an assignment by a colleague: the assignee', event('assigned', { assignee: CARLA, previous: null }, ANNA), null, { alert: 'assigned', office: 'anagrafe', to: [CARLA] }],
  ] as const)('%s', (_name, e, assignee, expected) => {
    expect(outcome(e, { assignee })).toEqual(expected);
  });

  it('sends nothing to whoever caused the event', () => {
    // taking a case in charge is an assignment to oneself
    expect(outcome(event('assigned', { assignee: ANNA }, ANNA), { assignee: ANNA })!.to).toEqual([]);
    // a clerk who is also the applicant's counterpart never alerts themself
    expect(outcome(event('filed', { office: 'anagrafe' }, ANNA), { assignee: null })!.to).toEqual([BRUNO, CARLA]);
  });

  it('falls back to the office when the assignee no longer works there', () => {
    expect(outcome(event('message', { direction: 'to-office' }, APPLICANT), { assignee: 'RSSMRA80A01H501U' })!.to).toEqual(clerks);
  });

  it('makes nothing of the office\'s own messages, notes, other transitions and the answer\'s transition (its message alerts)', () => {
    for (const e of [
      event('message', { direction: 'to-applicant' }, ANNA),
      event('note', {}, ANNA),
      event('transition', { action: 'start_review' }, ANNA),
      event('transition', { action: 'answer_integration' }, APPLICANT),
      event('deadline_reached', { dueDate: '2026-03-02' }),
      event('some_future_kind', { action: 'whatever' }),
    ]) {
      expect(ruleFor(e)).toBeUndefined();
    }
  });

  it('does not read inherited names as event kinds', () => {
    expect(ruleFor(event('constructor', {}))).toBeUndefined();
    expect(ruleFor(event('toString', {}))).toBeUndefined();
  });
});

describe('deadlines', () => {
  it.each([
    ['2026-03-10', '2026-03-02', 5, null],
    ['2026-03-07', '2026-03-02', 5, 'deadline_soon'],
    ['2026-03-02', '2026-03-02', 5, 'deadline_soon'],
    ['2026-03-01', '2026-03-02', 5, 'deadline_overdue'],
    ['2026-03-10', '2026-03-02', 10, 'deadline_soon'],
  ] as const)('due %s, today %s, %i days of notice: %s', (due, today, days, expected) => {
    expect(deadlineAlert(due, today, days)).toBe(expected);
  });
});

describe('preferences', () => {
  it('completes the stored choices with the defaults and ignores unknown values', () => {
    expect(deliveriesOf(undefined)).toEqual(DEFAULT_DELIVERY);
    expect(deliveriesOf({ new_filing: 'immediate', deadline: 'fax' })).toEqual({ ...DEFAULT_DELIVERY, new_filing: 'immediate' });
  });

  it('one choice covers both deadline alerts', () => {
    expect(preferenceKindOf('deadline_soon')).toBe('deadline');
    expect(preferenceKindOf('deadline_overdue')).toBe('deadline');
    expect(preferenceKindOf('assigned')).toBe('assigned');
  });
});
