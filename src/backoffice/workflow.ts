// The lifecycle of a filing under Law 241/1990, as an explicit transition table with guards.
// Pure: no SQL, no clock of its own. Every action a person or the daily job may take on a
// filing is here, with who may take it (the office's clerk, the applicant, the system), from
// which states, to which state, and the guards the law adds (one integration request, a
// notice of refusal before a rejection, silence-consent only where the procedure allows it and
// only once the deadline has passed). Anything the table does not allow is refused, and a
// refused action changes nothing.
//
//   submitted -> in_review -> (integration_requested <-> in_review)
//             -> (refusal_notice -> in_review) -> approved | rejected
//   any open state -> withdrawn (the applicant, before a decision)
//   submitted | in_review -> accepted_by_silence (art. 20, at the deadline)

export const STATES = [
  'submitted',
  'in_review',
  'integration_requested',
  'refusal_notice',
  'approved',
  'rejected',
  'withdrawn',
  'accepted_by_silence',
] as const;
export type State = (typeof STATES)[number];

export const FINAL_STATES: readonly State[] = ['approved', 'rejected', 'withdrawn', 'accepted_by_silence'];
export const OPEN_STATES: readonly State[] = STATES.filter((s) => !FINAL_STATES.includes(s));

export function isFinal(state: State): boolean {
  return FINAL_STATES.includes(state);
}

/**
 * Who acts: a clerk of the filing's office, its applicant (or whoever acts for the same
 * company), the daily deadline job; `other` is anyone else (a clerk of another office, another
 * citizen) and is never allowed anything.
 */
export const ROLES = ['clerk', 'applicant', 'system', 'other'] as const;
export type ActorRole = (typeof ROLES)[number];

export const ACTIONS = [
  // transitions
  'start_review',
  'request_integration',
  'answer_integration',
  'integration_expired',
  'notify_refusal',
  'answer_refusal_notice',
  'refusal_notice_expired',
  'approve',
  'reject',
  'withdraw',
  'close_by_silence',
  // operations that keep the state
  'take',
  'assign',
  'release',
  'forward',
  'message',
  'note',
  'request_payment',
] as const;
export type Action = (typeof ACTIONS)[number];

/** What the guards look at: facts about the filing, computed by the caller. */
export interface GuardContext {
  /** Integration requests made so far (art. 2 c. 7: at most one). */
  integrationRequests: number;
  /** Notices of refusal made so far (art. 10-bis). */
  refusalNotices: number;
  /** The procedure allows silence-consent (art. 20). */
  silenceConsent: boolean;
  /** The legal deadline has passed (the day after the due date), with the clock running. */
  deadlinePassed: boolean;
  /** The reply period of the open request (integration or notice of refusal) is over. */
  replyPeriodOver: boolean;
}

export type Refusal = 'role' | 'state' | 'integrationAlreadyRequested' | 'refusalNoticeAlreadyGiven' | 'refusalNoticeRequired' | 'silenceNotAllowed' | 'deadlineNotPassed' | 'replyPeriodOpen';

export type Decision = { allowed: true; to: State } | { allowed: false; reason: Refusal };

interface Row {
  roles: readonly ActorRole[];
  /** from -> to; a state not listed refuses the action */
  from: Partial<Record<State, State>>;
  guard?: (context: GuardContext) => Refusal | null;
}

const open = (states: readonly State[]): Partial<Record<State, State>> => Object.fromEntries(states.map((s) => [s, s]));

/** The table. Read it as: action -> who may, from which state, to which, if the guard allows. */
export const TRANSITIONS: Readonly<Record<Action, Row>> = {
  start_review: { roles: ['clerk'], from: { submitted: 'in_review' } },
  request_integration: {
    roles: ['clerk'],
    from: { in_review: 'integration_requested' },
    guard: (c) => (c.integrationRequests > 0 ? 'integrationAlreadyRequested' : null),
  },
  answer_integration: { roles: ['applicant'], from: { integration_requested: 'in_review' } },
  integration_expired: {
    roles: ['system'],
    from: { integration_requested: 'in_review' },
    guard: (c) => (c.replyPeriodOver ? null : 'replyPeriodOpen'),
  },
  notify_refusal: {
    roles: ['clerk'],
    from: { in_review: 'refusal_notice' },
    guard: (c) => (c.refusalNotices > 0 ? 'refusalNoticeAlreadyGiven' : null),
  },
  answer_refusal_notice: { roles: ['applicant'], from: { refusal_notice: 'in_review' } },
  refusal_notice_expired: {
    roles: ['system'],
    from: { refusal_notice: 'in_review' },
    guard: (c) => (c.replyPeriodOver ? null : 'replyPeriodOpen'),
  },
  approve: { roles: ['clerk'], from: { in_review: 'approved' } },
  reject: {
    roles: ['clerk'],
    from: { in_review: 'rejected' },
    // art. 10-bis: no rejection without a notice of the reasons first
    guard: (c) => (c.refusalNotices > 0 ? null : 'refusalNoticeRequired'),
  },
  withdraw: {
    roles: ['applicant'],
    from: { submitted: 'withdrawn', in_review: 'withdrawn', integration_requested: 'withdrawn', refusal_notice: 'withdrawn' },
  },
  close_by_silence: {
    roles: ['system'],
    // a paused clock (integration, notice of refusal) does not run out
    from: { submitted: 'accepted_by_silence', in_review: 'accepted_by_silence' },
    guard: (c) => (!c.silenceConsent ? 'silenceNotAllowed' : c.deadlinePassed ? null : 'deadlineNotPassed'),
  },
  take: { roles: ['clerk'], from: open(OPEN_STATES) },
  assign: { roles: ['clerk'], from: open(OPEN_STATES) },
  release: { roles: ['clerk'], from: open(OPEN_STATES) },
  forward: { roles: ['clerk'], from: open(OPEN_STATES) },
  message: { roles: ['clerk', 'applicant'], from: open(OPEN_STATES) },
  note: { roles: ['clerk'], from: open(STATES) },
  // a further amount (fees computed after review, stamp duty on the decision) while the case is open
  request_payment: { roles: ['clerk'], from: open(OPEN_STATES) },
};

/** Whether `role` may take `action` on a filing in `state`, and the state it leads to. */
export function decide(state: State, action: Action, role: ActorRole, context: GuardContext): Decision {
  const row = TRANSITIONS[action];
  if (!row.roles.includes(role)) return { allowed: false, reason: 'role' };
  const to = row.from[state];
  if (!to) return { allowed: false, reason: 'state' };
  const refused = row.guard?.(context) ?? null;
  if (refused) return { allowed: false, reason: refused };
  return { allowed: true, to };
}

/** The actions that change the state (the others keep it). */
export function changesState(action: Action): boolean {
  return Object.entries(TRANSITIONS[action].from).some(([from, to]) => from !== to);
}

/** What a role may do now: the buttons a page shows. */
export function allowedActions(state: State, role: ActorRole, context: GuardContext): Action[] {
  return ACTIONS.filter((action) => decide(state, action, role, context).allowed);
}
