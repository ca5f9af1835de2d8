// The transition table, exhaustively: every state x action x role, allowed (and to which
// state) or refused, checked against a specification written out here independently of the
// table's own code; then each guard the law adds, both ways.
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ALL_PAUSES,
  allowedActions,
  changesState,
  decide,
  FINAL_STATES,
  pauseOf,
  pauseOpenedBy,
  ROLES,
  STATES,
  type Action,
  type ActorRole,
  type GuardContext,
  type State,
} from '../../../src/backoffice/workflow.ts';

/** Every guard satisfied: what the roles and states alone allow. */
const PERMISSIVE: GuardContext = { integrationRequests: 0, refusalNotices: 1, silenceConsent: true, deadlinePassed: true, replyPeriodOver: true };
/** A notice of refusal can be given only when none was; a rejection needs one: no single context passes both. */
const permissiveFor = (action: Action): GuardContext => (action === 'notify_refusal' ? { ...PERMISSIVE, refusalNotices: 0 } : PERMISSIVE);

const OPEN = ['submitted', 'in_review', 'integration_requested', 'refusal_notice'];

/**
 * The specification, one line per allowed (state, action, role): "state action role -> to".
 * Anything not listed is refused.
 */
const SPEC = [
  'submitted start_review clerk -> in_review',
  'in_review request_integration clerk -> integration_requested',
  'integration_requested answer_integration applicant -> in_review',
  'integration_requested integration_expired system -> in_review',
  'in_review notify_refusal clerk -> refusal_notice',
  'refusal_notice answer_refusal_notice applicant -> in_review',
  'refusal_notice refusal_notice_expired system -> in_review',
  'in_review approve clerk -> approved',
  'in_review reject clerk -> rejected',
  ...OPEN.map((s) => `${s} withdraw applicant -> withdrawn`),
  'submitted close_by_silence system -> accepted_by_silence',
  'in_review close_by_silence system -> accepted_by_silence',
  ...OPEN.flatMap((s) => ['take', 'assign', 'release', 'forward', 'request_payment'].map((a) => `${s} ${a} clerk -> ${s}`)),
  ...OPEN.flatMap((s) => [`${s} message clerk -> ${s}`, `${s} message applicant -> ${s}`]),
  ...STATES.map((s) => `${s} note clerk -> ${s}`),
];

const expected = new Map(
  SPEC.map((line) => {
    const [state, action, role, , to] = line.split(' ');
    return [`${state} ${action} ${role}`, to as State];
  }),
);

const cases = STATES.flatMap((state) => ACTIONS.flatMap((action) => ROLES.map((role) => [state, action, role] as [State, Action, ActorRole])));

describe('the transition table', () => {
  it('covers every state, action and role', () => {
    expect(cases).toHaveLength(STATES.length * ACTIONS.length * ROLES.length);
    expect(STATES).toHaveLength(8);
  });

  it.each(cases)('%s + %s by %s', (state, action, role) => {
    const decision = decide(state, action, role, permissiveFor(action));
    const to = expected.get(`${state} ${action} ${role}`);
    if (to) expect(decision).toEqual({ allowed: true, to });
    else expect(decision.allowed).toBe(false);
  });

  it('refuses for the role first, then for the state', () => {
    expect(decide('approved', 'approve', 'applicant', PERMISSIVE)).toEqual({ allowed: false, reason: 'role' });
    expect(decide('approved', 'approve', 'clerk', PERMISSIVE)).toEqual({ allowed: false, reason: 'state' });
  });

  it('never lets anyone else do anything', () => {
    for (const state of STATES) for (const action of ACTIONS) expect(decide(state, action, 'other', permissiveFor(action))).toEqual({ allowed: false, reason: 'role' });
  });

  it('lets nothing but a note happen after the end', () => {
    for (const state of FINAL_STATES) {
      expect(allowedActions(state, 'clerk', PERMISSIVE)).toEqual(['note']);
      expect(allowedActions(state, 'applicant', PERMISSIVE)).toEqual([]);
      expect(allowedActions(state, 'system', PERMISSIVE)).toEqual([]);
    }
  });

  it('tells the actions that change the state from those that keep it', () => {
    expect(ACTIONS.filter(changesState)).toEqual([
      'start_review', 'request_integration', 'answer_integration', 'integration_expired', 'notify_refusal',
      'answer_refusal_notice', 'refusal_notice_expired', 'approve', 'reject', 'withdraw', 'close_by_silence',
    ]);
  });
});

describe('the guards', () => {
  const ctx = (changes: Partial<GuardContext>): GuardContext => ({ ...PERMISSIVE, ...changes });

  it('allows one integration request only (art. 2 c. 7)', () => {
    expect(decide('in_review', 'request_integration', 'clerk', ctx({ integrationRequests: 0 })).allowed).toBe(true);
    expect(decide('in_review', 'request_integration', 'clerk', ctx({ integrationRequests: 1 }))).toEqual({ allowed: false, reason: 'integrationAlreadyRequested' });
  });

  it('allows one notice of refusal, and no rejection without one (art. 10-bis)', () => {
    expect(decide('in_review', 'notify_refusal', 'clerk', ctx({ refusalNotices: 0 })).allowed).toBe(true);
    expect(decide('in_review', 'notify_refusal', 'clerk', ctx({ refusalNotices: 1 }))).toEqual({ allowed: false, reason: 'refusalNoticeAlreadyGiven' });
    expect(decide('in_review', 'reject', 'clerk', ctx({ refusalNotices: 0 }))).toEqual({ allowed: false, reason: 'refusalNoticeRequired' });
    expect(decide('in_review', 'approve', 'clerk', ctx({ refusalNotices: 0 })).allowed).toBe(true);
  });

  it('closes by silence only where the procedure allows it, and only once the deadline has passed (art. 20)', () => {
    expect(decide('in_review', 'close_by_silence', 'system', ctx({ silenceConsent: false }))).toEqual({ allowed: false, reason: 'silenceNotAllowed' });
    expect(decide('in_review', 'close_by_silence', 'system', ctx({ deadlinePassed: false }))).toEqual({ allowed: false, reason: 'deadlineNotPassed' });
    expect(decide('integration_requested', 'close_by_silence', 'system', PERMISSIVE)).toEqual({ allowed: false, reason: 'state' });
    expect(decide('refusal_notice', 'close_by_silence', 'system', PERMISSIVE)).toEqual({ allowed: false, reason: 'state' });
  });

  it('resumes a paused clock by itself only after the reply period', () => {
    for (const [state, action] of [['integration_requested', 'integration_expired'], ['refusal_notice', 'refusal_notice_expired']] as const) {
      expect(decide(state, action, 'system', ctx({ replyPeriodOver: false }))).toEqual({ allowed: false, reason: 'replyPeriodOpen' });
      expect(decide(state, action, 'system', ctx({ replyPeriodOver: true }))).toEqual({ allowed: true, to: 'in_review' });
    }
  });
});

describe('the pauses of the clock', () => {
  /** The specification, one line per state that stops the clock: "state kind opening answer expiry topic". */
  const PAUSE_SPEC = [
    'integration_requested integration request_integration answer_integration integration_expired integration',
    'refusal_notice refusal_notice notify_refusal answer_refusal_notice refusal_notice_expired refusal-notice',
  ];
  const specified = new Map(
    PAUSE_SPEC.map((line) => {
      const [state, kind, opening, answer, expiry, topic] = line.split(' ');
      return [state as State, { kind, opening, answer, expiry, topic }];
    }),
  );

  it.each(STATES)('%s: the clock stops or runs as specified', (state) => {
    expect(pauseOf(state)).toEqual(specified.get(state) ?? null);
  });

  it('pauses only open states, each opened, answered and expired by actions of the table', () => {
    expect(ALL_PAUSES).toHaveLength(specified.size);
    for (const state of STATES) {
      const pause = pauseOf(state);
      if (!pause) continue;
      expect(FINAL_STATES).not.toContain(state);
      // the clerk's action enters the paused state, from the review
      expect(decide('in_review', pause.opening, 'clerk', permissiveFor(pause.opening))).toEqual({ allowed: true, to: state });
      expect(pauseOpenedBy(pause.opening)).toBe(pause);
      // the applicant's answer and the end of the reply period both lead back to the review
      expect(decide(state, pause.answer, 'applicant', PERMISSIVE)).toEqual({ allowed: true, to: 'in_review' });
      expect(decide(state, pause.expiry, 'system', PERMISSIVE)).toEqual({ allowed: true, to: 'in_review' });
      // and only from this state
      for (const other of STATES.filter((s) => s !== state)) {
        expect(decide(other, pause.answer, 'applicant', PERMISSIVE).allowed).toBe(false);
        expect(decide(other, pause.expiry, 'system', PERMISSIVE).allowed).toBe(false);
      }
    }
  });

  it('opens a pause with no other action', () => {
    const openings = ACTIONS.filter((a) => pauseOpenedBy(a) !== null);
    expect(openings).toEqual(['request_integration', 'notify_refusal']);
  });

  it('gives each pause its own message topic', () => {
    expect(new Set(ALL_PAUSES.map((p) => p.topic)).size).toBe(ALL_PAUSES.length);
  });
});
