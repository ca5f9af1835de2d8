// The lifecycle of a filing, one explicit transition table per kind of procedure, with guards.
// Pure: no SQL, no clock of its own. Every action a person or the daily job may take on a
// filing is here, with who may take it (a clerk of the office, its head, the applicant, the
// system), from which states, to which state, and the guards the law adds. Anything the table
// of the case's kind does not allow is refused, and a refused action changes nothing.
// docs/backoffice.md ("Kinds of procedure") gives the reading of the law behind each table.
//
// istanza (L. 241/1990 art. 2):
//   submitted -> in_review -> (integration_requested <-> in_review)   several requests, art. 2 c. 7
//             -> (refusal_notice -> in_review)                        art. 10-bis (not in calls)
//             -> approved | rejected | inadmissible                   the head decides, or a clerk
//             -> proposed -> (adopted by the head) | in_review         where the procedure has `adoption`
//   submitted | in_review | integration_requested -> archived (duplicate, no longer of interest)
//   submitted | in_review -> accepted_by_silence (art. 20, at the deadline)
// scia (art. 19): effective on filing -> controls_closed | prohibited | consolidated (the term
//   ran out without measures), effective <-> conformation_requested (art. 19 c. 3)
// cila (DPR 380/2001 art. 6-bis): submitted -> acknowledged -> under_control -> archived | irregular
// segnalazione: submitted -> taken_in_charge -> solved -> closed (or closed with a reason)
// prenotazione: booked -> confirmed -> closed; booked | confirmed -> cancelled
// every kind: withdraw by the applicant from an open state; reopen (riesame in autotutela,
//   arts. 21-quinquies and 21-nonies) by the head of office from a final state but withdrawn.
//
// What a state means for the legal clock is in the table too (PAUSES): which states wait for
// the applicant's reply, what the answer and the end of the reply period do there, and which
// reminder the applicant was sent; the services read it instead of branching on states.
import type { PauseKind } from './legal-clock.ts';

export const KINDS = ['istanza', 'scia', 'cila', 'segnalazione', 'prenotazione'] as const;
export type Kind = (typeof KINDS)[number];
/** DPR 380/2001 rules (building): the SCIA's 30 days, the single interruption of art. 20 c. 5. */
export const REGIMES = ['general', 'building'] as const;
export type Regime = (typeof REGIMES)[number];

export const STATES = [
  'submitted',
  'in_review',
  'integration_requested',
  'refusal_notice',
  'proposed',
  'approved',
  'rejected',
  'inadmissible',
  'archived',
  'withdrawn',
  'accepted_by_silence',
  'effective',
  'conformation_requested',
  'controls_closed',
  'prohibited',
  'consolidated',
  'acknowledged',
  'under_control',
  'irregular',
  'taken_in_charge',
  'solved',
  'closed',
  'booked',
  'confirmed',
  'cancelled',
] as const;
export type State = (typeof STATES)[number];

export const FINAL_STATES: readonly State[] = [
  'approved',
  'rejected',
  'inadmissible',
  'archived',
  'withdrawn',
  'accepted_by_silence',
  'controls_closed',
  'prohibited',
  'consolidated',
  'irregular',
  'closed',
  'cancelled',
];
export const OPEN_STATES: readonly State[] = STATES.filter((s) => !FINAL_STATES.includes(s));

export function isFinal(state: State): boolean {
  return FINAL_STATES.includes(state);
}

/** The state a case of each kind starts in (a SCIA is effective from its filing, art. 19 c. 2). */
export const INITIAL_STATE: Readonly<Record<Kind, State>> = {
  istanza: 'submitted',
  scia: 'effective',
  cila: 'submitted',
  segnalazione: 'submitted',
  prenotazione: 'booked',
};

/** The states each kind uses (the queue's filters, the tests). */
export const KIND_STATES: Readonly<Record<Kind, readonly State[]>> = {
  istanza: ['submitted', 'in_review', 'integration_requested', 'refusal_notice', 'proposed', 'approved', 'rejected', 'inadmissible', 'archived', 'withdrawn', 'accepted_by_silence'],
  scia: ['effective', 'conformation_requested', 'controls_closed', 'prohibited', 'consolidated', 'withdrawn'],
  cila: ['submitted', 'acknowledged', 'under_control', 'archived', 'irregular', 'withdrawn'],
  segnalazione: ['submitted', 'taken_in_charge', 'solved', 'closed', 'withdrawn'],
  prenotazione: ['booked', 'confirmed', 'closed', 'cancelled'],
};

/**
 * Who acts: a clerk of the filing's office, the head of that office (who may do what a clerk
 * may, and adopt and reopen), its applicant (or whoever acts for the same company), the daily
 * deadline job; `other` is anyone else and is never allowed anything.
 */
export const ROLES = ['clerk', 'head', 'applicant', 'system', 'other'] as const;
export type ActorRole = (typeof ROLES)[number];

export const ACTIONS = [
  // istanza
  'start_review',
  'request_integration',
  'answer_integration',
  'integration_expired',
  'notify_refusal',
  'answer_refusal_notice',
  'refusal_notice_expired',
  'approve',
  'reject',
  'declare_inadmissible',
  'propose_approval',
  'propose_rejection',
  'propose_inadmissible',
  'adopt',
  'send_back',
  'close_by_silence',
  // scia
  'request_conformation',
  'answer_conformation',
  'close_controls',
  'prohibit',
  'consolidate',
  // cila
  'acknowledge',
  'start_control',
  'declare_irregular',
  // segnalazione
  'take_in_charge',
  'solve',
  // prenotazione
  'confirm',
  'cancel',
  // shared
  'archive',
  'close',
  'withdraw',
  'reopen',
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

/** The outcomes a clerk may propose and the head adopts. */
export type Proposal = 'approved' | 'rejected' | 'inadmissible';

/** What the guards look at: facts about the filing, computed by the caller. */
export interface GuardContext {
  /** Integration requests made since the term started (art. 2 c. 7: several; only the first suspends). */
  integrationRequests: number;
  /** Notices of refusal made since the term started (art. 10-bis). */
  refusalNotices: number;
  /** The procedure allows silence-consent (art. 20). */
  silenceConsent: boolean;
  /** The legal deadline has passed (the day after the due date), with the clock running. */
  deadlinePassed: boolean;
  /** The reply period of the open request (integration or notice of refusal) is over. */
  replyPeriodOver: boolean;
  /** Decisions are proposed by the clerk and adopted by the head of office. */
  adoption?: boolean;
  /** A call (procedura concorsuale): art. 10-bis does not apply. */
  competitive?: boolean;
  /** The outcome proposed, while the case is `proposed`. */
  proposal?: Proposal | null;
}

export type Refusal =
  | 'role'
  | 'state'
  | 'refusalNoticeAlreadyGiven'
  | 'refusalNoticeRequired'
  | 'refusalNoticeNotApplicable'
  | 'adoptionRequired'
  | 'adoptionNotRequired'
  | 'noProposal'
  | 'silenceNotAllowed'
  | 'deadlineNotPassed'
  | 'termOver'
  | 'replyPeriodOpen';

export type Decision = { allowed: true; to: State } | { allowed: false; reason: Refusal };

interface Row {
  roles: readonly ActorRole[];
  /** from -> to; a state not listed refuses the action */
  from: Partial<Record<State, State>>;
  guard?: (context: GuardContext, role: ActorRole) => Refusal | null;
  /** The state it leads to when the facts decide it (the head adopts what was proposed). */
  to?: (context: GuardContext) => State | null;
}

type Table = Partial<Record<Action, Row>>;

const same = (states: readonly State[]): Partial<Record<State, State>> => Object.fromEntries(states.map((s) => [s, s]));
const all = (states: readonly State[], to: State): Partial<Record<State, State>> => Object.fromEntries(states.map((s) => [s, to]));

/** Art. 10-bis: no rejection without a notice of the reasons first, except in calls (its last period). */
const noticeGiven = (c: GuardContext) => (c.competitive || c.refusalNotices > 0 ? null : 'refusalNoticeRequired');
/** Where the procedure has `adoption`, a clerk proposes and only the head decides. */
const headDecides = (c: GuardContext, role: ActorRole) => (c.adoption && role !== 'head' ? 'adoptionRequired' : null);
/** A proposal is the clerk's; where there is no adoption, the clerk decides directly. */
const clerkProposes = (c: GuardContext, role: ActorRole) => (role === 'head' ? 'role' : c.adoption ? null : 'adoptionNotRequired');
/** Art. 19 c. 3 and 6-bis: the powers to order conformation or forbid end with the term (then only art. 21-nonies). */
const withinTerm = (c: GuardContext) => (c.deadlinePassed ? 'termOver' : null);
const periodOver = (c: GuardContext) => (c.replyPeriodOver ? null : 'replyPeriodOpen');

/** What every kind shares: the clerk's handling, messages, notes, payments, withdrawal, reopening. */
function common(kind: Kind, reopenTo: State, withdrawTo: State = 'withdrawn'): Table {
  const states = KIND_STATES[kind];
  const open = states.filter((s) => !isFinal(s));
  const reopenable = states.filter((s) => isFinal(s) && s !== 'withdrawn');
  return {
    take: { roles: ['clerk'], from: same(open) },
    assign: { roles: ['clerk'], from: same(open) },
    release: { roles: ['clerk'], from: same(open) },
    forward: { roles: ['clerk'], from: same(open) },
    message: { roles: ['clerk', 'applicant'], from: same(open) },
    note: { roles: ['clerk'], from: same(states) },
    // a further amount (fees computed after review, stamp duty on the decision) while the case is open
    request_payment: { roles: ['clerk'], from: same(open) },
    withdraw: { roles: ['applicant'], from: all(open, withdrawTo) },
    // riesame in autotutela: the head of office only, with a reason; a withdrawal is the applicant's
    reopen: { roles: ['head'], from: all(reopenable, reopenTo) },
  };
}

/** The tables. Read each as: action -> who may, from which state, to which, if the guard allows. */
export const TRANSITIONS: Readonly<Record<Kind, Table>> = {
  istanza: {
    ...common('istanza', 'in_review'),
    start_review: { roles: ['clerk'], from: { submitted: 'in_review' } },
    // art. 2 c. 7: several requests may be made; only the first suspends the term (legal-clock.ts)
    request_integration: { roles: ['clerk'], from: { in_review: 'integration_requested' } },
    answer_integration: { roles: ['applicant'], from: { integration_requested: 'in_review' } },
    integration_expired: { roles: ['system'], from: { integration_requested: 'in_review' }, guard: periodOver },
    notify_refusal: {
      roles: ['clerk'],
      from: { in_review: 'refusal_notice' },
      guard: (c) => (c.competitive ? 'refusalNoticeNotApplicable' : c.refusalNotices > 0 ? 'refusalNoticeAlreadyGiven' : null),
    },
    answer_refusal_notice: { roles: ['applicant'], from: { refusal_notice: 'in_review' } },
    refusal_notice_expired: { roles: ['system'], from: { refusal_notice: 'in_review' }, guard: periodOver },
    approve: { roles: ['clerk'], from: { in_review: 'approved' }, guard: headDecides },
    reject: { roles: ['clerk'], from: { in_review: 'rejected' }, guard: (c, role) => headDecides(c, role) ?? noticeGiven(c) },
    // art. 2 c. 1: manifest inadmissibility is declared in simplified form, without a 10-bis notice
    declare_inadmissible: { roles: ['clerk'], from: { submitted: 'inadmissible', in_review: 'inadmissible' }, guard: headDecides },
    propose_approval: { roles: ['clerk'], from: { in_review: 'proposed' }, guard: clerkProposes },
    propose_rejection: { roles: ['clerk'], from: { in_review: 'proposed' }, guard: (c, role) => clerkProposes(c, role) ?? noticeGiven(c) },
    propose_inadmissible: { roles: ['clerk'], from: { submitted: 'proposed', in_review: 'proposed' }, guard: clerkProposes },
    adopt: { roles: ['head'], from: { proposed: 'approved' }, guard: (c) => (c.proposal ? null : 'noProposal'), to: (c) => c.proposal ?? null },
    send_back: { roles: ['head'], from: { proposed: 'in_review' } },
    archive: { roles: ['clerk'], from: { submitted: 'archived', in_review: 'archived', integration_requested: 'archived' } },
    close_by_silence: {
      roles: ['system'],
      // a paused clock (integration, notice of refusal) does not run out
      from: { submitted: 'accepted_by_silence', in_review: 'accepted_by_silence' },
      guard: (c) => (!c.silenceConsent ? 'silenceNotAllowed' : c.deadlinePassed ? null : 'deadlineNotPassed'),
    },
  },
  scia: {
    ...common('scia', 'effective'),
    // art. 19 c. 3: a motivated order to conform, with a term of at least 30 days
    request_conformation: { roles: ['clerk'], from: { effective: 'conformation_requested' }, guard: withinTerm },
    answer_conformation: { roles: ['applicant'], from: { conformation_requested: 'effective' } },
    close_controls: { roles: ['clerk'], from: { effective: 'controls_closed' } },
    // art. 19 c. 3: the prohibition, at once or when the measures were not taken
    prohibit: { roles: ['clerk'], from: { effective: 'prohibited', conformation_requested: 'prohibited' }, guard: withinTerm },
    // the term ran out without measures: the activity stands (the daily job)
    consolidate: { roles: ['system'], from: { effective: 'consolidated' }, guard: (c) => (c.deadlinePassed ? null : 'deadlineNotPassed') },
  },
  cila: {
    ...common('cila', 'under_control'),
    acknowledge: { roles: ['clerk'], from: { submitted: 'acknowledged' } },
    start_control: { roles: ['clerk'], from: { acknowledged: 'under_control' } },
    archive: { roles: ['clerk'], from: { acknowledged: 'archived', under_control: 'archived' } },
    declare_irregular: { roles: ['clerk'], from: { acknowledged: 'irregular', under_control: 'irregular' } },
  },
  segnalazione: {
    ...common('segnalazione', 'taken_in_charge'),
    take_in_charge: { roles: ['clerk'], from: { submitted: 'taken_in_charge' } },
    solve: { roles: ['clerk'], from: { taken_in_charge: 'solved' } },
    close: { roles: ['clerk'], from: { submitted: 'closed', taken_in_charge: 'closed', solved: 'closed' } },
  },
  prenotazione: {
    // the applicant's withdrawal of a booking is its cancellation
    ...common('prenotazione', 'booked', 'cancelled'),
    confirm: { roles: ['clerk'], from: { booked: 'confirmed' } },
    cancel: { roles: ['clerk'], from: { booked: 'cancelled', confirmed: 'cancelled' } },
    close: { roles: ['clerk'], from: { confirmed: 'closed' } },
  },
};

/** The head of office may do what a clerk may, and what is the head's own. */
const mayAct = (row: Row, role: ActorRole) => row.roles.includes(role) || (role === 'head' && row.roles.includes('clerk'));

/** Whether `role` may take `action` on a filing of `kind` in `state`, and the state it leads to. */
export function decide(kind: Kind, state: State, action: Action, role: ActorRole, context: GuardContext): Decision {
  const row = TRANSITIONS[kind][action];
  if (!row || !mayAct(row, role)) return { allowed: false, reason: 'role' };
  const from = row.from[state];
  if (!from) return { allowed: false, reason: 'state' };
  const refused = row.guard?.(context, role) ?? null;
  if (refused) return { allowed: false, reason: refused };
  return { allowed: true, to: row.to?.(context) ?? from };
}

/** The actions that change the state (the others keep it). */
export function changesState(action: Action): boolean {
  return KINDS.some((kind) => Object.entries(TRANSITIONS[kind][action]?.from ?? {}).some(([from, to]) => from !== to));
}

/** What a role may do now: the buttons a page shows. */
export function allowedActions(kind: Kind, state: State, role: ActorRole, context: GuardContext): Action[] {
  return ACTIONS.filter((action) => decide(kind, state, action, role, context).allowed);
}

/** A state that waits for the applicant's reply within a period (and may stop the legal clock). */
export interface Pause {
  /** The kind of request that opened it (its row in the requests, the clock's period). */
  kind: PauseKind;
  /** The clerk's action that enters the state. */
  opening: Action;
  /** The applicant's answer, which resumes the clock. */
  answer: Action;
  /** What the daily job does when the reply period ends unanswered; null: the office decides (a SCIA's prohibition). */
  expiry: Action | null;
  /** What the applicant's messages about it (the request, the reminder before the period ends) are keyed by. */
  topic: 'integration' | 'refusal-notice' | 'other';
}

/** The states that wait for a reply; every other state lets the clock run. */
export const PAUSES: Readonly<Partial<Record<State, Pause>>> = {
  integration_requested: { kind: 'integration', opening: 'request_integration', answer: 'answer_integration', expiry: 'integration_expired', topic: 'integration' },
  refusal_notice: { kind: 'refusal_notice', opening: 'notify_refusal', answer: 'answer_refusal_notice', expiry: 'refusal_notice_expired', topic: 'refusal-notice' },
  conformation_requested: { kind: 'conformation', opening: 'request_conformation', answer: 'answer_conformation', expiry: null, topic: 'other' },
};

/** The pause a state is, or null when the clock runs in it. */
export function pauseOf(state: State): Pause | null {
  return PAUSES[state] ?? null;
}

/** The pause an action opens (request_integration, notify_refusal, request_conformation), or null. */
export function pauseOpenedBy(action: Action): Pause | null {
  return Object.values(PAUSES).find((p) => p.opening === action) ?? null;
}

/** Every pause, for what must be undone when a case leaves them all (a withdrawal). */
export const ALL_PAUSES: readonly Pause[] = Object.values(PAUSES);

/** The proposal each propose action makes. */
export const PROPOSALS: Readonly<Partial<Record<Action, Proposal>>> = { propose_approval: 'approved', propose_rejection: 'rejected', propose_inadmissible: 'inadmissible' };

/** The steps without a form of their own (a CILA's, a report's, a booking's): one route takes them. */
export const STEP_ACTIONS = ['acknowledge', 'start_control', 'take_in_charge', 'solve', 'confirm', 'close', 'cancel'] as const satisfies readonly Action[];
export type StepAction = (typeof STEP_ACTIONS)[number];
