// The retention job on a real database with the app's clock moved years ahead: it refuses to
// run before an administrator has seen the dry run and turned it on; then a decided tax refund
// (10 years for the filing and its attachments, 5 for messages) past its time loses its
// attachments (storage and rows), its answers, applicant and parties, the texts of its messages
// and its notifications, while the filing row's statistics, the protocol register and every
// hash chain stay; a held case, an open case and a residence certificate (50 years) keep what
// their policy keeps. A run with a small batch stops part-way in a consistent state and the
// next one finishes, with no double work; the dry run's numbers are what the job then does.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChains } from '../../../src/backoffice/audit-verify.ts';
import { storeCaseUpload } from '../../../src/backoffice/uploads.ts';
import { testClock } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_PEOPLE } from '../../helpers/login.ts';
import { applicantActor, CITIZEN, CLERK_ANAGRAFE, CLERK_TRIBUTI, fileProcedure, fileResidence, PDF } from '../backoffice/helpers.ts';

const clock = testClock('2026-03-02T09:00:00Z');
const YEAR = 365.25 * 86_400_000;
let t: TestApp;
const filings: Record<'refund' | 'held' | 'open' | 'residence' | 'refund2', { id: number; publicId: string }> = {} as never;
const admin = { kind: 'admin' as const, fiscalCode: TEST_PEOPLE.admin, name: 'Elena Ricci' };

const submission = (id: number) => t.app.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const attachmentKeys = async (id: number) => (await t.app.db.selectFrom('attachments').select('storage_key').where('submission_id', '=', id).execute()).map((r) => r.storage_key);
const caseFileKeys = async (id: number) => (await t.app.db.selectFrom('case_files').select('storage_key').where('submission_id', '=', id).execute()).map((r) => r.storage_key);
const stored = async (key: string) => t.app.services.storage.get(key).then(() => true, () => false);
const register = (id: number) => t.app.db.selectFrom('protocol_register').selectAll().where('submission_id', '=', id).execute();
const notifications = (id: number) => t.app.db.selectFrom('notifications').select('id').where((eb) => eb.or([eb('dedupe_key', 'like', `submission:${id}:%`), eb('dedupe_key', 'like', `case:${id}:%`)])).execute();
const messages = (id: number) => t.app.db.selectFrom('case_messages').select(['body', 'author_name']).where('submission_id', '=', id).execute();
const stages = async (id: number) => (await t.app.db.selectFrom('retention_purges').select('stage').where('submission_id', '=', id).execute()).map((r) => r.stage).sort();

async function decideWithMessages(id: { publicId: string }, clerk: typeof CLERK_TRIBUTI) {
  const bo = t.app.services.backoffice;
  await bo.take(clerk, id.publicId);
  await bo.officeMessage(clerk, id.publicId, { text: 'Serve la ricevuta del versamento.', files: [] });
  const upload = await storeCaseUpload(t.app.services.storage, Readable.from([PDF]), 'ricevuta.pdf', ['application/pdf']);
  await bo.applicantMessage(applicantActor(CITIZEN), id.publicId, { text: 'Ecco la ricevuta, Giulio Cesare.', files: [upload], answer: false });
  await bo.decide(clerk, id.publicId, { outcome: 'approved', motivation: 'Rimborso dovuto.', document: null });
}

beforeAll(async () => {
  t = await createTestApp({}, { clock, poolSize: 4 });
  filings.refund = await fileProcedure(t.app, CITIZEN, 'rimborso-imu');
  filings.refund2 = await fileProcedure(t.app, CITIZEN, 'rimborso-imu');
  filings.held = await fileProcedure(t.app, CITIZEN, 'rimborso-imu');
  filings.open = await fileProcedure(t.app, CITIZEN, 'rimborso-imu');
  filings.residence = await fileResidence(t.app, CITIZEN);
  await t.app.services.registrar.flush();
  for (const f of [filings.refund, filings.refund2, filings.held]) await decideWithMessages(f, CLERK_TRIBUTI);
  await t.app.services.backoffice.take(CLERK_ANAGRAFE, filings.residence.publicId);
  await t.app.services.backoffice.decide(CLERK_ANAGRAFE, filings.residence.publicId, { outcome: 'approved', motivation: 'Residente.', document: null });
  await t.app.services.privacy.holds.place(admin, filings.held.publicId, 'Ricorso al TAR pendente');
}, 240_000);
afterAll(async () => t?.close());

describe('the retention job', () => {
  it('has nothing to do while the time is not up', async () => {
    clock.advance(4 * YEAR);
    expect((await t.app.services.privacy.retention.dryRun()).perProcedure.filter((p) => p.filings > 0)).toEqual([]);
  });

  it('does nothing before an administrator saw the dry run and turned it on', async () => {
    clock.set(new Date(Date.parse('2026-03-02T09:00:00Z') + 11 * YEAR));
    const before = await submission(filings.refund.id);
    expect(await t.app.services.privacy.retention.run()).toMatchObject({ ran: false, filings: 0 });
    expect(await submission(filings.refund.id)).toEqual(before);
    // turning it on without having seen the dry run is refused
    await expect(t.app.services.privacy.retention.setEnabled(TEST_PEOPLE.admin, true)).rejects.toMatchObject({ messageKey: 'privacy.retention.error.notSeen' });
  });

  it('runs part-way with a small batch, then the next run finishes; the dry run said what it did', async () => {
    const retention = t.app.services.privacy.retention;
    const dry = await retention.dryRun(TEST_PEOPLE.admin);
    const refundProcedure = (await submission(filings.refund.id)).procedure_id;
    const planned = dry.perProcedure.find((p) => p.procedureId === refundProcedure)!;
    // the two decided refunds; the held one counted apart; the open one not at all
    expect(planned).toMatchObject({ filings: 2, anonymised: 2, held: 1 });
    expect(planned.attachments).toBeGreaterThanOrEqual(4);
    const keys = [...(await attachmentKeys(filings.refund.id)), ...(await caseFileKeys(filings.refund.id))];
    expect(keys.length).toBeGreaterThan(1);
    const registerBefore = await register(filings.refund.id);
    expect(registerBefore).toHaveLength(1);

    await retention.setEnabled(TEST_PEOPLE.admin, true);
    const first = await retention.run(1);
    expect(first).toMatchObject({ ran: true, filings: 1, more: true });
    // the first filing is done whole, the other untouched: a consistent state to resume from
    expect(await stages(filings.refund.id)).toEqual(['attachments', 'filing', 'messages']);
    expect(await stages(filings.refund2.id)).toEqual([]);
    expect((await submission(filings.refund2.id)).answers).not.toEqual({});

    const second = await retention.run();
    const third = await retention.run();
    expect(third).toMatchObject({ ran: true, filings: 0, more: false });
    // what the two runs did is what the dry run announced, for the refunds
    const done = [first, second].flatMap((r) => r.perProcedure).filter((p) => p.procedureId === refundProcedure);
    expect(done.reduce((n, p) => n + p.filings, 0)).toBe(planned.filings);
    expect(done.reduce((n, p) => n + p.attachments, 0)).toBe(planned.attachments);
    expect(done.reduce((n, p) => n + p.bytes, 0)).toBe(planned.bytes);

    // gone: files (storage and rows), answers, applicant, parties, message texts, notifications
    for (const key of keys) expect(await stored(key)).toBe(false);
    expect(await attachmentKeys(filings.refund.id)).toEqual([]);
    expect(await caseFileKeys(filings.refund.id)).toEqual([]);
    const row = await submission(filings.refund.id);
    expect(row).toMatchObject({ answers: {}, applicant_fiscal_code: '', status: 'approved', office_code: 'tributi', procedure_id: refundProcedure });
    expect(row.applicant.familyName).toBe('');
    expect(row.protocol_number).toBe(registerBefore[0]!.number);
    expect(await t.app.db.selectFrom('submission_parties').selectAll().where('submission_id', '=', filings.refund.id).execute()).toEqual([]);
    expect((await messages(filings.refund.id)).every((m) => m.body === '')).toBe(true);
    expect(await notifications(filings.refund.id)).toEqual([]);
    const c = await t.app.db.selectFrom('cases').selectAll().where('submission_id', '=', filings.refund.id).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ applicant_name: '', status: 'approved' });
    // kept: the protocol register as it was, and every hash chain
    expect(await register(filings.refund.id)).toEqual(registerBefore);
    expect((await verifyChains(t.app.db)).broken).toEqual([]);
  });

  it('keeps a held case, an open case, and what a longer policy keeps', async () => {
    // held: untouched
    expect(await stages(filings.held.id)).toEqual([]);
    expect((await submission(filings.held.id)).answers).not.toEqual({});
    expect((await attachmentKeys(filings.held.id)).length).toBeGreaterThan(0);
    // open: untouched
    expect(await stages(filings.open.id)).toEqual([]);
    expect((await submission(filings.open.id)).answers).not.toEqual({});
    // the residence certificate (50 years): its messages (10) went, its answers stay
    expect(await stages(filings.residence.id)).toEqual(['attachments', 'messages']);
    expect((await submission(filings.residence.id)).applicant_fiscal_code).toBe(CITIZEN.filer.fiscalCode);
    expect(await notifications(filings.residence.id)).toEqual([]);
  });

  it('purges a held case once the hold is removed, and logs hold and release in the case log', async () => {
    await t.app.services.privacy.holds.remove(admin, filings.held.publicId, 'Ricorso respinto, sentenza definitiva');
    const result = await t.app.services.privacy.retention.run();
    expect(result.filings).toBe(1);
    expect((await submission(filings.held.id)).answers).toEqual({});
    const kinds = (await t.app.db.selectFrom('case_events').select('kind').where('submission_id', '=', filings.held.id).execute()).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['legal_hold_placed', 'legal_hold_removed']));
    expect((await verifyChains(t.app.db)).broken).toEqual([]);
  });
});
