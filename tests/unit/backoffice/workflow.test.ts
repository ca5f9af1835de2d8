// The transition tables, exhaustively: for every kind of procedure, every state x action x role,
// allowed (and to which state) or refused, checked against a specification written out here
// independently of the tables' own code; then each guard the law adds, both ways.
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ALL_PAUSES,
  allowedActions,
  changesState,
  decide,
  FINAL_STATES,
  INITIAL_STATE,
  KIND_STATES,
  KINDS,
  pauseOf,
  pauseOpenedBy,
  ROLES,
  STATES,
  type Action,
  type ActorRole,
  type GuardContext,
  type Kind,
  type State,
} from '../../../src/backoffice/workflow.ts';

/** Every guard satisfied: what the roles and states alone allow. */
const PERMISSIVE: GuardContext = { integrationRequests: 3, refusalNotices: 1, silenceConsent: true, deadlinePassed: true, replyPeriodOver: true, adoption: false, competitive: false, proposal: 'rejected' };
/** Guards that cannot all hold at once get a context of their own. */
function permissiveFor(action: Action): GuardContext {
  if (action === 'notify_refusal') return { ...PERMISSIVE, refusalNotices: 0 };
  if (action.startsWith('propose_')) return { ...PERMISSIVE, adoption: true };
  if (action === 'request_conformation' || action === 'prohibit') return { ...PERMISSIVE, deadlinePassed: false };
  return PERMISSIVE;
}

const KEEP = ['take', 'assign', 'release', 'forward', 'request_payment'];
/** What every kind's open states allow the office and the applicant, and its notes. */
function commonSpec(kind: Kind, reopenTo: State, withdrawTo: State = 'withdrawn'): string[] {
  const states = KIND_STATES[kind];
  const open = states.filter((s) => !FINAL_STATES.includes(s));
  return [
    ...open.flatMap((s) => KEEP.map((a) => `${s} ${a} clerk -> ${s}`)),
    ...open.flatMap((s) => [`${s} message clerk -> ${s}`, `${s} message applicant -> ${s}`, `${s} withdraw applicant -> ${withdrawTo}`]),
    ...states.map((s) => `${s} note clerk -> ${s}`),
    ...states.filter((s) => FINAL_STATES.includes(s) && s !== 'withdrawn').map((s) => `${s} reopen head -> ${reopenTo}`),
  ];
}

/** The specification, one line per allowed (state, action, role): "state action role -> to". Anything not listed is refused. */
const SPEC: Record<Kind, string[]> = {
  istanza: [
    ...commonSpec('istanza', 'in_review'),
    'submitted start_review clerk -> in_review',
    'in_review request_integration clerk -> integration_requested',
    'integration_requested answer_integration applicant -> in_review',
    'integration_requested integration_expired system -> in_review',
    'in_review notify_refusal clerk -> refusal_notice',
    'refusal_notice answer_refusal_notice applicant -> in_review',
    'refusal_notice refusal_notice_expired system -> in_review',
    'in_review approve clerk -> approved',
    'in_review reject clerk -> rejected',
    'submitted declare_inadmissible clerk -> inadmissible',
    'in_review declare_inadmissible clerk -> inadmissible',
    'in_review propose_approval clerk -> proposed',
    'in_review propose_rejection clerk -> proposed',
    'submitted propose_inadmissible clerk -> proposed',
    'in_review propose_inadmissible clerk -> proposed',
    'proposed adopt head -> rejected',
    'proposed send_back head -> in_review',
    'submitted archive clerk -> archived',
    'in_review archive clerk -> archived',
    'integration_requested archive clerk -> archived',
    'submitted close_by_silence system -> accepted_by_silence',
    'in_review close_by_silence system -> accepted_by_silence',
  ],
  scia: [
    ...commonSpec('scia', 'effective'),
    'effective request_conformation clerk -> conformation_requested',
    'conformation_requested answer_conformation applicant -> effective',
    'effective close_controls clerk -> controls_closed',
    'effective prohibit clerk -> prohibited',
    'conformation_requested prohibit clerk -> prohibited',
    'effective consolidate system -> consolidated',
  ],
  cila: [
    ...commonSpec('cila', 'under_control'),
    'submitted acknowledge clerk -> acknowledged',
    'acknowledged start_control clerk -> under_control',
    'acknowledged archive clerk -> archived',
    'under_control archive clerk -> archived',
    'acknowledged declare_irregular clerk -> irregular',
    'under_control declare_irregular clerk -> irregular',
  ],
  segnalazione: [
    ...commonSpec('segnalazione', 'taken_in_charge'),
    'submitted take_in_charge clerk -> taken_in_charge',
    'taken_in_charge solve clerk -> solved',
    'submitted close clerk -> closed',
    'taken_in_charge close clerk -> closed',
    'solved close clerk -> closed',
  ],
  prenotazione: [
    ...commonSpec('prenotazione', 'booked', 'cancelled'),
    'booked confirm clerk -> confirmed',
    'booked cancel clerk -> cancelled',
    'confirmed cancel clerk -> cancelled',
    'confirmed close clerk -> closed',
  ],
};

/** The head of office may do what a clerk may (but propose: they decide), and what is theirs. */
function expectedFor(kind: Kind): Map<string, State> {
  const map = new Map<string, State>();
  for (const line of SPEC[kind]) {
    const [state, action, role, , to] = line.split(' ') as [State, Action, ActorRole, string, State];
    map.set(`${state} ${action} ${role}`, to);
    if (role === 'clerk' && !action.startsWith('propose_')) map.set(`${state} ${action} head`, to);
  }
  return map;
}

describe.each(KINDS)('the transition table of %s', (kind) => {
  const expected = expectedFor(kind);
  const cases = STATES.flatMap((state) => ACTIONS.flatMap((action) => ROLES.map((role) => [state, action, role] as [State, Action, ActorRole])));

  it('starts in a state of its own, and every allowed line is in the specification', () => {
    expect(KIND_STATES[kind]).toContain(INITIAL_STATE[kind]);
    let allowed = 0;
    for (const [state, action, role] of cases) if (decide(kind, state, action, role, permissiveFor(action)).allowed) allowed++;
    expect(allowed).toBe(expected.size);
  });

  it('answers every state x action x role as specified', () => {
    // one test per kind (some 4,000 combinations each); the list names every mismatch
    const mismatches: string[] = [];
    for (const [state, action, role] of cases) {
      const decision = decide(kind, state, action, role, permissiveFor(action));
      const to = expected.get(`${state} ${action} ${role}`);
      const got = decision.allowed ? decision.to : null;
      if ((to ?? null) !== got) mismatches.push(`${state} ${action} ${role}: expected ${to ?? 'refused'}, got ${got ?? 'refused'}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('never lets anyone else do anything', () => {
    for (const state of STATES) for (const action of ACTIONS) expect(decide(kind, state, action, 'other', permissiveFor(action))).toEqual({ allowed: false, reason: 'role' });
  });

  it('lets only a note and the head\'s reopening happen after the end', () => {
    for (const state of KIND_STATES[kind].filter((s) => FINAL_STATES.includes(s))) {
      expect(allowedActions(kind, state, 'clerk', PERMISSIVE)).toEqual(['note']);
      expect(allowedActions(kind, state, 'head', PERMISSIVE)).toEqual(state === 'withdrawn' ? ['note'] : ['reopen', 'note']);
      expect(allowedActions(kind, state, 'applicant', PERMISSIVE)).toEqual([]);
      expect(allowedActions(kind, state, 'system', PERMISSIVE)).toEqual([]);
    }
  });
});

describe('the tables together', () => {
  it('covers every state in some kind, final or open', () => {
    expect(new Set(KINDS.flatMap((k) => KIND_STATES[k]))).toEqual(new Set(STATES));
  });

  it('tells the actions that change the state from those that keep it', () => {
    expect(ACTIONS.filter((a) => !changesState(a))).toEqual(['take', 'assign', 'release', 'forward', 'message', 'note', 'request_payment']);
  });
});

describe('the guards', () => {
  const ctx = (changes: Partial<GuardContext>): GuardContext => ({ ...PERMISSIVE, ...changes });

  it('allows several integration requests (art. 2 c. 7: only the first suspends, legal-clock.ts)', () => {
    for (const n of [0, 1, 5]) expect(decide('istanza', 'in_review', 'request_integration', 'clerk', ctx({ integrationRequests: n })).allowed).toBe(true);
  });

  it('allows one notice of refusal, and no rejection without one (art. 10-bis)', () => {
    expect(decide('istanza', 'in_review', 'notify_refusal', 'clerk', ctx({ refusalNotices: 0 })).allowed).toBe(true);
    expect(decide('istanza', 'in_review', 'notify_refusal', 'clerk', ctx({ refusalNotices: 1 }))).toEqual({ allowed: false, reason: 'refusalNoticeAlreadyGiven' });
    expect(decide('istanza', 'in_review', 'reject', 'clerk', ctx({ refusalNotices: 0 }))).toEqual({ allowed: false, reason: 'refusalNoticeRequired' });
    expect(decide('istanza', 'in_review', 'approve', 'clerk', ctx({ refusalNotices: 0 })).allowed).toBe(true);
    // art. 2 c. 1: manifest inadmissibility needs no notice
    expect(decide('istanza', 'in_review', 'declare_inadmissible', 'clerk', ctx({ refusalNotices: 0 })).allowed).toBe(true);
  });

  it('in a call (procedura concorsuale) offers no notice and rejects without one', () => {
    expect(decide('istanza', 'in_review', 'notify_refusal', 'clerk', ctx({ competitive: true, refusalNotices: 0 }))).toEqual({ allowed: false, reason: 'refusalNoticeNotApplicable' });
    expect(decide('istanza', 'in_review', 'reject', 'clerk', ctx({ competitive: true, refusalNotices: 0 }))).toEqual({ allowed: true, to: 'rejected' });
  });

  it('with adoption, the clerk proposes and the head decides, directly or by adopting', () => {
    const adoption = ctx({ adoption: true });
    for (const action of ['approve', 'reject', 'declare_inadmissible'] as const) {
      expect(decide('istanza', 'in_review', action, 'clerk', adoption)).toEqual({ allowed: false, reason: 'adoptionRequired' });
      expect(decide('istanza', 'in_review', action, 'head', adoption).allowed).toBe(true);
    }
    expect(decide('istanza', 'in_review', 'propose_approval', 'clerk', ctx({ adoption: false }))).toEqual({ allowed: false, reason: 'adoptionNotRequired' });
    expect(decide('istanza', 'in_review', 'propose_approval', 'head', adoption)).toEqual({ allowed: false, reason: 'role' });
    expect(decide('istanza', 'in_review', 'propose_rejection', 'clerk', ctx({ adoption: true, refusalNotices: 0 }))).toEqual({ allowed: false, reason: 'refusalNoticeRequired' });
    for (const proposal of ['approved', 'rejected', 'inadmissible'] as const) expect(decide('istanza', 'proposed', 'adopt', 'head', ctx({ proposal }))).toEqual({ allowed: true, to: proposal });
    expect(decide('istanza', 'proposed', 'adopt', 'head', ctx({ proposal: null }))).toEqual({ allowed: false, reason: 'noProposal' });
    expect(decide('istanza', 'proposed', 'adopt', 'clerk', adoption)).toEqual({ allowed: false, reason: 'role' });
  });

  it('closes by silence only where the procedure allows it, and only once the deadline has passed (art. 20)', () => {
    expect(decide('istanza', 'in_review', 'close_by_silence', 'system', ctx({ silenceConsent: false }))).toEqual({ allowed: false, reason: 'silenceNotAllowed' });
    expect(decide('istanza', 'in_review', 'close_by_silence', 'system', ctx({ deadlinePassed: false }))).toEqual({ allowed: false, reason: 'deadlineNotPassed' });
    expect(decide('istanza', 'integration_requested', 'close_by_silence', 'system', PERMISSIVE)).toEqual({ allowed: false, reason: 'state' });
    for (const kind of KINDS.filter((k) => k !== 'istanza')) expect(decide(kind, INITIAL_STATE[kind], 'close_by_silence', 'system', PERMISSIVE)).toEqual({ allowed: false, reason: 'role' });
  });

  it('a SCIA: conformation and prohibition within the term, consolidation after it (art. 19)', () => {
    expect(decide('scia', 'effective', 'request_conformation', 'clerk', ctx({ deadlinePassed: true }))).toEqual({ allowed: false, reason: 'termOver' });
    expect(decide('scia', 'effective', 'prohibit', 'clerk', ctx({ deadlinePassed: true }))).toEqual({ allowed: false, reason: 'termOver' });
    expect(decide('scia', 'effective', 'consolidate', 'system', ctx({ deadlinePassed: false }))).toEqual({ allowed: false, reason: 'deadlineNotPassed' });
    expect(decide('scia', 'effective', 'close_controls', 'clerk', ctx({ deadlinePassed: true })).allowed).toBe(true);
  });

  it('reopening is the head\'s alone, never of a withdrawal', () => {
    expect(decide('istanza', 'approved', 'reopen', 'clerk', PERMISSIVE)).toEqual({ allowed: false, reason: 'role' });
    expect(decide('istanza', 'approved', 'reopen', 'head', PERMISSIVE)).toEqual({ allowed: true, to: 'in_review' });
    expect(decide('istanza', 'withdrawn', 'reopen', 'head', PERMISSIVE)).toEqual({ allowed: false, reason: 'state' });
    expect(decide('istanza', 'accepted_by_silence', 'reopen', 'head', PERMISSIVE)).toEqual({ allowed: true, to: 'in_review' });
  });

  it('resumes by itself only after the reply period', () => {
    for (const [state, action] of [['integration_requested', 'integration_expired'], ['refusal_notice', 'refusal_notice_expired']] as const) {
      expect(decide('istanza', state, action, 'system', ctx({ replyPeriodOver: false }))).toEqual({ allowed: false, reason: 'replyPeriodOpen' });
      expect(decide('istanza', state, action, 'system', ctx({ replyPeriodOver: true }))).toEqual({ allowed: true, to: 'in_review' });
    }
  });
});

describe('the states that wait for a reply', () => {
  /** "state kind opening answer expiry topic from-state back-to kind-of-procedure" */
  const PAUSE_SPEC = [
    'integration_requested integration request_integration answer_integration integration_expired integration in_review istanza',
    'refusal_notice refusal_notice notify_refusal answer_refusal_notice refusal_notice_expired refusal-notice in_review istanza',
    'conformation_requested conformation request_conformation answer_conformation - other effective scia',
  ];
  const specified = new Map(
    PAUSE_SPEC.map((line) => {
      const [state, kind, opening, answer, expiry, topic, from, procedure] = line.split(' ') as string[];
      return [state as State, { pause: { kind, opening, answer, expiry: expiry === '-' ? null : expiry, topic }, from: from as State, procedure: procedure as Kind }];
    }),
  );

  it.each(STATES)('%s: waits or not as specified', (state) => {
    expect(pauseOf(state)).toEqual(specified.get(state)?.pause ?? null);
  });

  it('each is entered by the clerk, answered by the applicant, expired by the job, and only there', () => {
    expect(ALL_PAUSES).toHaveLength(specified.size);
    for (const [state, { from, procedure }] of specified) {
      const pause = pauseOf(state)!;
      expect(FINAL_STATES).not.toContain(state);
      expect(decide(procedure, from, pause.opening, 'clerk', permissiveFor(pause.opening))).toEqual({ allowed: true, to: state });
      expect(pauseOpenedBy(pause.opening)).toBe(pause);
      expect(decide(procedure, state, pause.answer, 'applicant', PERMISSIVE)).toEqual({ allowed: true, to: from });
      if (pause.expiry) expect(decide(procedure, state, pause.expiry, 'system', PERMISSIVE)).toEqual({ allowed: true, to: from });
      for (const other of STATES.filter((s) => s !== state)) expect(decide(procedure, other, pause.answer, 'applicant', PERMISSIVE).allowed).toBe(false);
    }
  });

  it('opens a pause with no other action', () => {
    expect(ACTIONS.filter((a) => pauseOpenedBy(a) !== null)).toEqual(['request_integration', 'notify_refusal', 'request_conformation']);
  });
});
