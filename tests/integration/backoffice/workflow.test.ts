// The workflow on a real database, through the back office service: a filing brought to each
// state, then every entry point tried by each kind of actor (a clerk of its office, a clerk of
// another office, its applicant, another citizen). What the transition table allows happens;
// everything else is refused and changes nothing at all (state, log, clock, messages, files,
// decision, notifications).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowRefusedError, type ApplicantActor, type StaffActor } from '../../../src/backoffice/backoffice.service.ts';
import { decide, type Action, type ActorRole, type GuardContext, type State } from '../../../src/backoffice/workflow.ts';
import { NotFoundError } from '../../../src/platform/errors.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicantActor, CITIZEN, CITIZEN2, CLERK_ANAGRAFE, CLERK_TRIBUTI, fileResidence } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const svc = () => t.app.services.backoffice;
const applicant = applicantActor(CITIZEN);
const stranger = applicantActor(CITIZEN2);
const colleague: StaffActor = { ...CLERK_ANAGRAFE, fiscalCode: 'FRRNNA75C55A944U' };

/** Brings a fresh residence filing to `state` through the service. */
async function filingIn(state: State): Promise<{ id: number; publicId: string }> {
  const filing = await fileResidence(t.app, CITIZEN);
  const { publicId } = filing;
  const s = svc();
  if (state === 'submitted') return filing;
  if (state === 'withdrawn') {
    await s.withdraw(applicant, publicId, 'non serve più');
    return filing;
  }
  if (state === 'accepted_by_silence') {
    // the residence certificate has no silence-consent: this case is made to have it
    await t.app.db.updateTable('cases').set({ silence_consent: true }).where('submission_id', '=', filing.id).execute();
    await s.runDeadlineJob(new Date(Date.now() + 40 * 86_400_000));
    return filing;
  }
  await s.take(CLERK_ANAGRAFE, publicId);
  if (state === 'in_review') return filing;
  if (state === 'integration_requested') {
    await s.requestIntegration(CLERK_ANAGRAFE, publicId, { text: 'Manca la copia del documento di identità.', replyDays: 30 });
  } else if (state === 'refusal_notice') {
    await s.notifyRefusal(CLERK_ANAGRAFE, publicId, { text: 'Il richiedente non risulta residente.' });
  } else if (state === 'approved') {
    await s.decide(CLERK_ANAGRAFE, publicId, { outcome: 'approved', motivation: 'Requisiti verificati in anagrafe.', document: null });
  } else if (state === 'rejected') {
    await s.notifyRefusal(CLERK_ANAGRAFE, publicId, { text: 'Il richiedente non risulta residente.' });
    await s.applicantMessage(applicant, publicId, { text: 'Sono residente da marzo.', files: [], answer: true });
    await s.decide(CLERK_ANAGRAFE, publicId, { outcome: 'rejected', motivation: 'La residenza non risulta dai registri.', document: null });
  }
  return filing;
}

async function snapshot(id: number) {
  const db = t.app.db;
  const [c, filing, counts] = await Promise.all([
    db.selectFrom('cases').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow(),
    db.selectFrom('submissions').select(['status', 'office_code', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow(),
    sql<{ events: number; requests: number; messages: number; notes: number; files: number; decisions: number; notifications: number }>`select
        (select count(*) from case_events where submission_id = ${id})::int as events,
        (select count(*) from case_requests where submission_id = ${id})::int as requests,
        (select count(*) from case_messages where submission_id = ${id})::int as messages,
        (select count(*) from case_notes where submission_id = ${id})::int as notes,
        (select count(*) from case_files where submission_id = ${id})::int as files,
        (select count(*) from case_decisions where submission_id = ${id})::int as decisions,
        (select count(*) from notifications)::int as notifications`.execute(db),
  ]);
  const { updated_at: _ignored, ...rest } = c;
  return { case: rest, filing, counts: counts.rows[0]! };
}

/** Every entry point of the service, as [action it stands for, role, call]. */
type Attempt = [string, Action | 'answer', ActorRole | 'other-clerk' | 'other-citizen', (publicId: string) => Promise<unknown>];

const attempts: Attempt[] = [
  ['take', 'take', 'clerk', (p) => svc().take(CLERK_ANAGRAFE, p)],
  ['start review', 'start_review', 'clerk', (p) => svc().startReview(CLERK_ANAGRAFE, p)],
  ['assign', 'assign', 'clerk', (p) => svc().assign(CLERK_ANAGRAFE, p, colleague.fiscalCode)],
  ['release', 'release', 'clerk', (p) => svc().release(CLERK_ANAGRAFE, p)],
  ['forward', 'forward', 'clerk', (p) => svc().forward(CLERK_ANAGRAFE, p, 'tributi', 'competenza tributaria')],
  ['request integration', 'request_integration', 'clerk', (p) => svc().requestIntegration(CLERK_ANAGRAFE, p, { text: 'Serve un altro documento.', replyDays: 10 })],
  ['notify refusal', 'notify_refusal', 'clerk', (p) => svc().notifyRefusal(CLERK_ANAGRAFE, p, { text: 'Motivi ostativi.' })],
  ['approve', 'approve', 'clerk', (p) => svc().decide(CLERK_ANAGRAFE, p, { outcome: 'approved', motivation: 'Tutto in regola.', document: null })],
  ['reject', 'reject', 'clerk', (p) => svc().decide(CLERK_ANAGRAFE, p, { outcome: 'rejected', motivation: 'Non in regola.', document: null })],
  ['office message', 'message', 'clerk', (p) => svc().officeMessage(CLERK_ANAGRAFE, p, { text: 'Buongiorno.', files: [] })],
  ['note', 'note', 'clerk', (p) => svc().note(CLERK_ANAGRAFE, p, { text: 'Nota.' })],
  ['applicant message', 'message', 'applicant', (p) => svc().applicantMessage(applicant, p, { text: 'Buongiorno.', files: [], answer: false })],
  ['applicant answer', 'answer', 'applicant', (p) => svc().applicantMessage(applicant, p, { text: 'Ecco la risposta.', files: [], answer: true })],
  ['withdraw', 'withdraw', 'applicant', (p) => svc().withdraw(applicant, p, null)],
  // anyone else: never anything, and never even the knowledge that the filing exists
  ['take by another office', 'take', 'other-clerk', (p) => svc().take(CLERK_TRIBUTI, p)],
  ['approve by another office', 'approve', 'other-clerk', (p) => svc().decide(CLERK_TRIBUTI, p, { outcome: 'approved', motivation: 'Tutto in regola.', document: null })],
  ['note by another office', 'note', 'other-clerk', (p) => svc().note(CLERK_TRIBUTI, p, { text: 'Nota.' })],
  ['message by another citizen', 'message', 'other-citizen', (p) => svc().applicantMessage(stranger as ApplicantActor, p, { text: 'Ciao.', files: [], answer: false })],
  ['withdraw by another citizen', 'withdraw', 'other-citizen', (p) => svc().withdraw(stranger, p, null)],
];

const STATES_TO_TRY: State[] = ['submitted', 'in_review', 'integration_requested', 'refusal_notice', 'approved', 'rejected', 'withdrawn', 'accepted_by_silence'];

describe.each(STATES_TO_TRY)('a filing %s', (state) => {
  let filing: { id: number; publicId: string };
  beforeAll(async () => {
    filing = await filingIn(state);
  });

  it('is in that state', async () => {
    expect((await snapshot(filing.id)).case.status).toBe(state);
  });

  it('refuses everything the table does not allow, changing nothing', async () => {
    const facts = await t.app.db.selectFrom('case_requests').select('kind').where('submission_id', '=', filing.id).execute();
    const context: GuardContext = {
      integrationRequests: facts.filter((f) => f.kind === 'integration').length,
      refusalNotices: facts.filter((f) => f.kind === 'refusal_notice').length,
      silenceConsent: false,
      deadlinePassed: false,
      replyPeriodOver: false,
    };
    let refusedCount = 0;
    for (const [name, action, role, call] of attempts) {
      let allowed: boolean;
      if (role === 'other-clerk' || role === 'other-citizen') allowed = false;
      else if (action === 'answer') allowed = state === 'integration_requested' || state === 'refusal_notice';
      else allowed = decide('istanza', state, action, role, context).allowed;
      if (allowed) continue;
      const before = await snapshot(filing.id);
      const error = await call(filing.publicId).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `${name} in ${state}`).not.toBeNull();
      if (role === 'other-clerk' || role === 'other-citizen') expect(error, name).toBeInstanceOf(NotFoundError);
      else expect(error, name).toBeInstanceOf(WorkflowRefusedError);
      expect(await snapshot(filing.id), `${name} in ${state} changed something`).toEqual(before);
      refusedCount++;
    }
    expect(refusedCount).toBeGreaterThan(4);
  });
});

describe('allowed actions, each on a fresh filing', () => {
  const allowedIn: Array<[State, string]> = [];
  for (const state of ['submitted', 'in_review', 'integration_requested', 'refusal_notice'] as State[]) {
    for (const [name, action, role] of attempts) {
      if (role === 'other-clerk' || role === 'other-citizen') continue;
      const context: GuardContext = { integrationRequests: 0, refusalNotices: state === 'refusal_notice' ? 1 : 0, silenceConsent: false, deadlinePassed: false, replyPeriodOver: false };
      const ok = action === 'answer' ? state === 'integration_requested' || state === 'refusal_notice' : decide('istanza', state, action, role, context).allowed;
      if (ok) allowedIn.push([state, name]);
    }
  }

  it.each(allowedIn)('in %s: %s succeeds and appends to the log', async (state, name) => {
    const filing = await filingIn(state);
    const before = await snapshot(filing.id);
    const attempt = attempts.find((a) => a[0] === name)!;
    await attempt[3](filing.publicId);
    const after = await snapshot(filing.id);
    // release of a filing nobody has, or assigning it to whoever already has it, changes nothing
    if (name === 'release' && before.case.assignee_fiscal_code === null) return;
    if ((name === 'assign' || name === 'take') && before.case.assignee_fiscal_code === colleague.fiscalCode) {
      expect(after).toEqual(before);
      return;
    }
    expect(after.counts.events).toBeGreaterThan(before.counts.events);
    expect(after.case.last_event_seq).toBe(after.counts.events);
  });
});

describe('assignment', () => {
  it('goes to a colleague of the filing\'s office, never to anyone else', async () => {
    // a second clerk of the registry office
    await t.app.db.insertInto('staff').values({ fiscal_code: 'BNCLRA80A41H501X', given_name: 'Laura', family_name: 'Bianchi', email: null, is_admin: false }).execute();
    await t.app.db.insertInto('staff_offices').values({ fiscal_code: 'BNCLRA80A41H501X', office_code: 'anagrafe' }).execute();
    const { id, publicId } = await fileResidence(t.app, CITIZEN);
    await svc().take(CLERK_ANAGRAFE, publicId);
    await svc().assign(CLERK_ANAGRAFE, publicId, 'BNCLRA80A41H501X');
    const c = await t.app.db.selectFrom('cases').select('assignee_fiscal_code').where('submission_id', '=', id).executeTakeFirstOrThrow();
    expect(c.assignee_fiscal_code).toBe('BNCLRA80A41H501X');
    const event = await t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', id).where('kind', '=', 'assigned').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(event.data).toMatchObject({ assignee: 'BNCLRA80A41H501X', assigneeName: 'Laura Bianchi', previous: CLERK_ANAGRAFE.fiscalCode });
    const before = await snapshot(id);
    await expect(svc().assign(CLERK_ANAGRAFE, publicId, CLERK_TRIBUTI.fiscalCode)).rejects.toMatchObject({ field: 'assignee' });
    expect(await snapshot(id)).toEqual(before);
    await svc().release(CLERK_ANAGRAFE, publicId);
    expect((await snapshot(id)).case.assignee_fiscal_code).toBeNull();
  });
});
