// The legal clock and the daily job on a real database, with the service's clock moved: the
// pause of an integration and its resumption (answered or expired), the restart after a
// notice of refusal, the flag at the deadline, silence-consent closing as accepted (with its
// decision, event and notification); then the hash chains: intact after all that, and the
// verify command finding the first broken link after a stored event or audit entry is altered.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/backoffice/audit-verify.ts';
import { createBackofficeService, type BackofficeService } from '../../../src/backoffice/backoffice.service.ts';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicantActor, CITIZEN, CLERK_ANAGRAFE, fileResidence } from './helpers.ts';

let t: TestApp;
let now: Date;
let service: BackofficeService;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  now = new Date();
  // the same service over the same database, with a clock the test moves
  service = createBackofficeService(t.app.db, { storage: t.app.services.storage, clock: () => now });
});
afterAll(async () => t?.close());

const later = (days: number) => new Date(Date.now() + days * DAY);
const caseOf = (id: number) => t.app.db.selectFrom('cases').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow();
const eventsOf = (id: number) => t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', id).orderBy('seq').execute();
const applicant = applicantActor(CITIZEN);

describe('the legal clock through the workflow', () => {
  it('pauses for an integration and resumes on the answer, moved by the days it stood still', async () => {
    now = new Date();
    const { id, publicId } = await fileResidence(t.app);
    const filed = await caseOf(id);
    expect(filed.due_date).toBe(addDays(filed.receipt_date, 3));
    await service.take(CLERK_ANAGRAFE, publicId);
    await service.requestIntegration(CLERK_ANAGRAFE, publicId, { text: 'Manca il documento di identità.', replyDays: 20 });
    let c = await caseOf(id);
    expect(c).toMatchObject({ status: 'integration_requested', paused_since: romeDate(now), pause_kind: 'integration', reply_by: addDays(romeDate(now), 20), due_date: filed.due_date });

    now = later(6);
    await service.applicantMessage(applicant, publicId, { text: 'Ecco il documento.', files: [], answer: true });
    c = await caseOf(id);
    expect(c).toMatchObject({ status: 'in_review', paused_since: null, pause_kind: null, reply_by: null });
    expect(c.due_date).toBe(addDays(filed.due_date, 6));
    const filing = await t.app.db.selectFrom('submissions').select(['status', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(filing).toEqual({ status: 'in_review', due_date: c.due_date });
    // a second integration request is allowed but does not suspend again (art. 2 c. 7: "per una sola volta")
    expect(await service.requestIntegration(CLERK_ANAGRAFE, publicId, { text: 'Un altro documento, per favore.', replyDays: 5 })).toEqual({ suspends: false });
    expect(await caseOf(id)).toMatchObject({ status: 'integration_requested', paused_since: null, pause_kind: 'integration', reply_by: addDays(romeDate(now), 5), due_date: c.due_date });
  });

  it('resumes by itself when the reply period ends unanswered (the daily job)', async () => {
    now = new Date();
    const { id, publicId } = await fileResidence(t.app);
    const filed = await caseOf(id);
    await service.take(CLERK_ANAGRAFE, publicId);
    await service.requestIntegration(CLERK_ANAGRAFE, publicId, { text: 'Manca il documento di identità.', replyDays: 10 });
    expect(await service.runDeadlineJob(later(10))).toMatchObject({ resumed: 0 });
    expect((await caseOf(id)).status).toBe('integration_requested');
    const result = await service.runDeadlineJob(later(11));
    expect(result.resumed).toBeGreaterThanOrEqual(1);
    const c = await caseOf(id);
    expect(c).toMatchObject({ status: 'in_review', paused_since: null, due_date: addDays(filed.due_date, 10) });
    const last = (await eventsOf(id)).filter((e) => e.kind === 'transition').pop()!;
    expect(last).toMatchObject({ actor_kind: 'system', from_state: 'integration_requested', to_state: 'in_review' });
    expect(last.data).toMatchObject({ action: 'integration_expired' });
  });

  it('suspends the term for a notice of refusal until ten days after the reply (art. 10-bis, DL 76/2020), and only then allows a rejection', async () => {
    now = new Date();
    const { id, publicId } = await fileResidence(t.app);
    await service.take(CLERK_ANAGRAFE, publicId);
    await expect(service.decide(CLERK_ANAGRAFE, publicId, { outcome: 'rejected', motivation: 'Non risulta residente.', document: null })).rejects.toMatchObject({ reason: 'refusalNoticeRequired' });
    await service.notifyRefusal(CLERK_ANAGRAFE, publicId, { text: 'Dai registri non risulta la residenza.' });
    expect(await caseOf(id)).toMatchObject({ status: 'refusal_notice', pause_kind: 'refusal_notice', reply_by: addDays(romeDate(now), 10) });
    now = later(4);
    await service.applicantMessage(applicant, publicId, { text: 'Allego il contratto di affitto.', files: [], answer: true });
    // the 3 days left run again ten days after the observations
    expect(await caseOf(id)).toMatchObject({ status: 'in_review', due_date: addDays(romeDate(now), 13) });
    await service.decide(CLERK_ANAGRAFE, publicId, { outcome: 'rejected', motivation: 'Il contratto non basta a provare la dimora abituale.', document: null });
    expect((await caseOf(id)).status).toBe('rejected');
  });

  it('without a reply, the days left run again when the 10 days end (the daily job)', async () => {
    now = new Date();
    const { id, publicId } = await fileResidence(t.app);
    await service.take(CLERK_ANAGRAFE, publicId);
    await service.notifyRefusal(CLERK_ANAGRAFE, publicId, { text: 'Dai registri non risulta la residenza.' });
    await service.runDeadlineJob(later(11));
    expect(await caseOf(id)).toMatchObject({ status: 'in_review', paused_since: null, due_date: addDays(addDays(romeDate(new Date()), 10), 3) });
  });
});

describe('the daily job at the deadline', () => {
  it('flags a filing at its deadline once, and leaves it open where silence is not consent', async () => {
    now = new Date();
    const { id } = await fileResidence(t.app);
    const c = await caseOf(id);
    const dueDay = new Date(`${c.due_date}T10:00:00Z`);
    const first = await service.runDeadlineJob(dueDay);
    expect(first.flagged).toBeGreaterThanOrEqual(1);
    const again = await service.runDeadlineJob(new Date(dueDay.getTime() + DAY));
    const flags = (await eventsOf(id)).filter((e) => e.kind === 'deadline_reached');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.data).toMatchObject({ dueDate: c.due_date, overdue: false });
    expect(await caseOf(id)).toMatchObject({ status: 'submitted', deadline_flagged_on: c.due_date });
    expect(again.silenceAccepted).toBe(0);
  });

  it('closes as accepted, with its decision and notification, where silence means consent (art. 20)', async () => {
    now = new Date();
    const { id } = await fileResidence(t.app);
    await t.app.db.updateTable('cases').set({ silence_consent: true }).where('submission_id', '=', id).execute();
    const c = await caseOf(id);
    // on the due date the office may still answer
    await service.runDeadlineJob(new Date(`${c.due_date}T10:00:00Z`));
    expect((await caseOf(id)).status).toBe('submitted');
    const result = await service.runDeadlineJob(new Date(`${addDays(c.due_date, 1)}T10:00:00Z`));
    expect(result.silenceAccepted).toBeGreaterThanOrEqual(1);
    const closed = await caseOf(id);
    expect(closed.status).toBe('accepted_by_silence');
    expect(closed.decided_at).not.toBeNull();
    const decision = await t.app.db.selectFrom('case_decisions').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ outcome: 'accepted_by_silence', decided_by: null });
    const last = (await eventsOf(id)).pop()!;
    expect(last).toMatchObject({ kind: 'transition', actor_kind: 'system', from_state: 'submitted', to_state: 'accepted_by_silence' });
    const notified = await t.app.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `case:${id}:decision`).executeTakeFirst();
    expect(notified).toBeTruthy();
    // the applicant sees it
    const view = await t.app.services.backoffice.applicantView(id);
    expect(view?.decision?.outcome).toBe('accepted_by_silence');
  });

  it('never closes a paused filing by silence', async () => {
    now = new Date();
    const { id, publicId } = await fileResidence(t.app);
    await t.app.db.updateTable('cases').set({ silence_consent: true }).where('submission_id', '=', id).execute();
    await service.take(CLERK_ANAGRAFE, publicId);
    await service.requestIntegration(CLERK_ANAGRAFE, publicId, { text: 'Manca il documento di identità.', replyDays: 30 });
    await service.runDeadlineJob(later(20));
    expect((await caseOf(id)).status).toBe('integration_requested');
  });
});

describe('the hash chains', () => {
  it('are intact after all of the above, reads included', async () => {
    const { publicId } = await fileResidence(t.app);
    await service.caseView(CLERK_ANAGRAFE, publicId);
    await service.queue(CLERK_ANAGRAFE, { status: 'open' });
    const report = await verifyChains(t.app.db);
    expect(report.broken).toEqual([]);
    expect(report.events).toBeGreaterThan(20);
    expect(report.auditEntries).toBeGreaterThanOrEqual(2);
  });

  it('refuse changes to stored events and audit entries', async () => {
    await expect(sql`update case_events set reason = 'x'`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.app.db)).rejects.toThrow(/append-only/);
  });

  it('report the first broken link when a stored event is altered behind the triggers', async () => {
    const victim = await t.app.db.selectFrom('case_events').selectAll().where('seq', '=', 2).orderBy('submission_id').limit(1).executeTakeFirstOrThrow();
    const longest = await t.app.db.selectFrom('cases').select(['submission_id', 'last_event_seq']).where('submission_id', '!=', victim.submission_id).orderBy('last_event_seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(longest.last_event_seq).toBeGreaterThan(3);
    await sql`alter table case_events disable trigger case_events_append_only`.execute(t.app.db);
    try {
      await sql`update case_events set reason = 'riscritto' where submission_id = ${victim.submission_id} and seq = 2`.execute(t.app.db);
      expect((await verifyChains(t.app.db)).broken).toEqual([{ log: 'events', submissionId: Number(victim.submission_id), seq: 2, problem: 'content changed' }]);
      await sql`update case_events set reason = ${victim.reason} where submission_id = ${victim.submission_id} and seq = 2`.execute(t.app.db);
      expect((await verifyChains(t.app.db)).broken).toEqual([]);

      // a removed event: the next one no longer follows
      await sql`delete from case_events where submission_id = ${longest.submission_id} and seq = 2`.execute(t.app.db);
      expect((await verifyChains(t.app.db)).broken).toEqual([{ log: 'events', submissionId: Number(longest.submission_id), seq: 3, problem: 'sequence gap' }]);
    } finally {
      await sql`alter table case_events enable trigger case_events_append_only`.execute(t.app.db);
    }
  });

  it('report an altered audit entry', async () => {
    const entry = await t.app.db.selectFrom('audit_log').select('id').orderBy('id').limit(1).offset(1).executeTakeFirstOrThrow();
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(t.app.db);
    try {
      await sql`update audit_log set actor_fiscal_code = 'RSSMRA80A01H501U' where id = ${entry.id}`.execute(t.app.db);
    } finally {
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(t.app.db);
    }
    const report = await verifyChains(t.app.db);
    expect(report.broken).toContainEqual({ log: 'audit_log', entryId: Number(entry.id), problem: 'content changed' });
  });
});
