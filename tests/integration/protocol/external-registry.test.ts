// Filing with the external protocol registry (PROTOCOL_REGISTRY=stand-in: the stand-in over real
// HTTP): a filing is queued, not numbered, in its intake transaction; the queue's job registers it
// and the registry's number becomes the filing's, on the request page, the receipt and the
// "received" message. Down: queued, retried with backoff, numbered once when back. Slow: the
// call times out after the registry registered it; the retry gets the same number. Answering
// twice: the first answer stands.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnatura, validateSegnatura } from '../../../src/protocol/segnatura.ts';
import { incomingSegnatura } from '../../../src/protocol/external-registry.ts';
import type { ProtocolRegistryHandle } from '../../../src/protocol/registry-choice.ts';
import type { RegistryStandIn } from '../../../src/protocol/registry.stand-in.ts';
import type { TestApp } from '../../helpers/app.ts';
import { appWithStandInRegistry } from './harness.ts';
import { applicant, fillResidenceCertificate, RESIDENCE } from '../../helpers/applicants.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';
import { CLERK_ANAGRAFE } from '../backoffice/helpers.ts';
import { pdfText } from '../../helpers/pdf-text.ts';

let t: TestApp;
let registry: ProtocolRegistryHandle;
let standIn: RegistryStandIn;
beforeAll(async () => {
  ({ t, registry, standIn } = await appWithStandInRegistry());
});
afterAll(async () => t?.close());

async function file(n: number, overrides = {}) {
  const person = applicant(n, overrides);
  const key = await fillResidenceCertificate(t.app, person);
  const result = await t.app.services.submissions.submit(person, RESIDENCE, key, 'it');
  if (!result.ok) throw new Error('not filed');
  const row = await t.app.db.selectFrom('submissions').selectAll().where('public_id', '=', result.publicId).executeTakeFirstOrThrow();
  return { person, publicId: result.publicId, id: Number(row.id) };
}

const registrationOf = (id: number) => t.app.db.selectFrom('protocol_registrations').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow();
const numberOf = async (id: number) => (await t.app.db.selectFrom('submissions').select(['protocol_year', 'protocol_number']).where('id', '=', id).executeTakeFirstOrThrow()).protocol_number;
/** the backoff has passed (no waiting in tests) */
// a second back: PostgreSQL's now() has microseconds and the portal's clock milliseconds, so on a
// quiet machine `now()` may still lie ahead of the clock the next run reads within the same millisecond
const dueNow = (id: number) => sql`update protocol_registrations set next_attempt_at = now() - interval '1 second' where submission_id = ${id}`.execute(t.app.db);
const receivedNotices = async (id: number) =>
  (await t.app.db.selectFrom('notifications').select('data').where('kind', '=', 'submission.received').execute()).filter((n) => (n.data as { submissionId: number }).submissionId === id);

describe('filing with the external protocol registry', () => {
  it('runs the stand-in in process outside production and lists it', async () => {
    expect(t.app.config.protocolRegistry.kind).toBe('stand-in');
    expect(registry.standInUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { runningStandIns } = await import('../../../src/platform/stand-ins.ts');
    expect(runningStandIns(t.app).some((s) => s.startsWith('protocol registry stand-in'))).toBe(true);
  });

  it('queues the filing, then shows the registry\'s number on the page, the receipt and the message', async () => {
    const { publicId, id } = await file(0, { fiscalCode: TEST_PEOPLE.citizen3, givenName: 'Mario', familyName: 'Rossi' });
    expect(await numberOf(id)).toBeNull();
    expect(await registrationOf(id)).toMatchObject({ state: 'pending', direction: 'entrata', attempts: 0, message_id: `c_x000/AOO_01/PORTALE/${String(id).padStart(7, '0')}` });
    const citizen = await loginAs(t, TEST_PEOPLE.citizen3);
    const before = await citizen.get(`/area-personale/richieste/${publicId}`);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Registrazione di protocollo in corso');
    expect(await receivedNotices(id)).toHaveLength(0);

    expect(await registry.work()).toBe(1);
    const registration = await registrationOf(id);
    expect(registration).toMatchObject({ state: 'registered', attempts: 1, registry_code: 'REG_UFF', registry_number: '0000001', last_error: null });
    expect(await numberOf(id)).toBe(1);
    const year = registration.registry_year!;
    const after = await citizen.get(`/area-personale/richieste/${publicId}`);
    expect(after.body).toContain(`0000001/${year}`);
    expect(after.body).not.toContain('Registrazione di protocollo in corso');
    const receipt = await citizen.get(`/area-personale/richieste/${publicId}/ricevuta.pdf`);
    expect(receipt.headers['content-disposition']).toMatch(new RegExp(`ricevuta-${year}-0000001\\.pdf`));
    expect((await pdfText(receipt.rawPayload)).replace(/\s+/g, ' ')).toContain('0000001');
    const notices = await receivedNotices(id);
    expect(notices.map((n) => (n.data as { protocolNumber: string }).protocolNumber)).toEqual([`0000001/${year}`]);
    // what the stand-in got is the segnatura the portal validated
    expect(standIn.registrations()).toMatchObject([{ messageId: registration.message_id, number: '0000001', direction: 'entrata' }]);
  }, 60_000);

  it('emits a segnatura the AgID schema accepts for every filing queued', async () => {
    const rows = await t.app.db.selectFrom('protocol_registrations').selectAll().execute();
    for (const row of rows) {
      const identity = { administrationCode: 'c_x000', aooCode: 'AOO_01', senderRegister: 'PORTALE', comuneName: t.app.config.comune.name, classification: t.app.config.protocolRegistry.classification, signingKey: t.app.config.protocolRegistry.signingKey };
      expect(await validateSegnatura(buildSegnatura(identity, incomingSegnatura(identity, Number(row.submission_id), row.payload)))).toEqual({ valid: true, errors: [] });
    }
  });

  it('keeps the filing queued while the registry is down, retries with backoff, numbers it once when back', async () => {
    const { id } = await file(1);
    standIn.behaviour.down = true;
    await registry.work();
    let row = await registrationOf(id);
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/503/);
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
    // not due yet: nothing is sent
    expect(await registry.work()).toBe(0);
    await dueNow(id);
    await registry.work();
    expect(await registrationOf(id)).toMatchObject({ state: 'pending', attempts: 2 });
    standIn.behaviour.down = false;
    await dueNow(id);
    await registry.work();
    row = await registrationOf(id);
    expect(row).toMatchObject({ state: 'registered', attempts: 3, registry_number: '0000002' });
    expect(await numberOf(id)).toBe(2);
    expect(await receivedNotices(id)).toHaveLength(1);
  }, 60_000);

  it('retries a registration the registry answered too late, and keeps the one number', async () => {
    const { id } = await file(2);
    // longer than the call may take (a generous timeout: the stand-in validates on a busy machine)
    standIn.behaviour.delayMs = 15_000;
    await registry.work();
    expect((await registrationOf(id)).last_error).toMatch(/no answer within 10000 ms/);
    expect(await numberOf(id)).toBeNull();
    // the registry registered it before the portal gave up
    await expect.poll(() => standIn.registrations().some((r) => r.messageId.endsWith(String(id).padStart(7, '0'))), { timeout: 20_000 }).toBe(true);
    standIn.behaviour.delayMs = 0;
    await dueNow(id);
    await registry.work();
    expect(await registrationOf(id)).toMatchObject({ state: 'registered', registry_number: '0000003' });
    expect(await numberOf(id)).toBe(3);
    expect(standIn.registrations().filter((r) => r.messageId.endsWith(String(id).padStart(7, '0')))).toHaveLength(1);
  }, 60_000);

  it('records the first answer when the registry answers twice', async () => {
    const { id } = await file(3);
    await registry.work();
    const row = await registrationOf(id);
    expect(row.registry_number).toBe('0000004');
    // a second answer for the same message (a faulty registry numbering it again) changes nothing
    expect(await registry.external!.record(row, { registerCode: 'REG_UFF', number: '0000099', date: row.registry_date!, messageId: row.message_id, duplicate: false })).toBe(false);
    expect(await numberOf(id)).toBe(4);
    expect(await registrationOf(id)).toMatchObject({ registry_number: '0000004' });
    expect(await receivedNotices(id)).toHaveLength(1);
    const register = await t.app.db.selectFrom('protocol_register').select('number').where('submission_id', '=', id).execute();
    expect(register).toEqual([{ number: 4 }]);
  }, 60_000);

  it('sends what was queued in receipt order, so the registry numbers in that order', async () => {
    const filings = [];
    for (const n of [5, 6, 7, 8, 9]) filings.push(await file(n));
    await registry.work();
    const numbers = [];
    for (const f of filings) numbers.push(await numberOf(f.id));
    expect(numbers).toEqual([5, 6, 7, 8, 9]);
  }, 120_000);

  it('numbers an outgoing document in the registry before sending it (details in outgoing-registry.test.ts)', async () => {
    const { id, publicId } = await file(10);
    await registry.work();
    await t.app.services.documents.send(CLERK_ANAGRAFE, publicId, { purpose: 'comunicazione', title: 'Comunicazione', body: 'Testo.', text: 'Testo della comunicazione.' });
    const docs = await t.app.db.selectFrom('generated_documents').select(['protocol_number']).where('submission_id', '=', id).execute();
    expect(docs).toEqual([{ protocol_number: 11 }]);
    expect(standIn.registrations().at(-1)).toMatchObject({ number: '0000011', direction: 'uscita' });
  }, 60_000);

  it('queues a filing nobody queued through the registrar (its safety net)', async () => {
    const { id } = await file(4);
    // as if the batch's queueing had been lost: the registrar finds the filing by its cursor
    await sql`delete from protocol_registrations where submission_id = ${id}`.execute(t.app.db);
    await t.app.services.registrar.flush();
    expect(await registrationOf(id)).toMatchObject({ state: 'pending' });
    await registry.work();
    expect(await numberOf(id)).toBe(12);
  }, 60_000);
});
