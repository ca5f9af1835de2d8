// "I miei dati" through the real portal: a person with filings (one with an attachment, a
// payment request and the office's messages), a delegation given and one received, contacts,
// and a clerk who opened one of their filings downloads their data as a ZIP; the archive is
// read back here and checked against the database (answers, attachment bytes, payments,
// delegations, the staff read with office and date), and holds nobody else's filing. No
// parameter reaches another person's data; anonymous visitors go to the login; the deletion of
// the optional contacts needs the CSRF token and a confirmation, and changes nothing else.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import type { PartySnapshot } from '../../../src/representation/acting.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { unzip } from '../../helpers/unzip.ts';
import { EXPORTS_PER_HOUR } from '../../../src/personal-data/personal-data.routes.ts';
import { CITIZEN, CITIZEN2, fileProcedure, fileResidence } from '../backoffice/helpers.ts';

let t: TestApp;
let citizen: PortalAgent;
let clerk: PortalAgent;
let withFile: { id: number; publicId: string };
let plain: { id: number; publicId: string };
let othersFiling: { id: number; publicId: string };

const PAGE = '/area-personale/i-miei-dati';
const ZIP = `${PAGE}/archivio.zip`;
const FORGET = `${PAGE}/cancella-contatti`;
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const person = (fiscalCode: string, givenName: string, familyName: string): PartySnapshot => ({ kind: 'person', fiscalCode, name: `${givenName} ${familyName}`, givenName, familyName });
const json = (entries: Map<string, Buffer>, name: string) => JSON.parse(entries.get(name)!.toString('utf8'));

async function download(agent: PortalAgent) {
  const res = await agent.get(ZIP);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  expect(res.headers['cache-control']).toContain('no-store');
  return unzip(res.rawPayload);
}

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  withFile = await fileProcedure(t.app, CITIZEN, 'duplicato-tessera-elettorale', { motivo: 'furto' });
  plain = await fileResidence(t.app, CITIZEN);
  othersFiling = await fileResidence(t.app, CITIZEN2);
  // a delegation Giulio gives Ada, one Mario gives Giulio
  const today = romeDate(t.app.services.clock());
  const giulio = person(TEST_PEOPLE.citizen, 'Giulio', 'Cesare');
  const grant = (delegate: PartySnapshot) => ({ delegate: { fiscalCode: delegate.fiscalCode, givenName: delegate.givenName!, familyName: delegate.familyName! }, scope: { kind: 'all' as const }, access: 'full' as const, validFrom: today, validTo: null });
  await t.app.services.delegations.grant(giulio, grant(person(TEST_PEOPLE.citizen2, 'Ada', 'Lovelace')), { locale: 'it' });
  await t.app.services.delegations.grant(person(TEST_PEOPLE.citizen3, 'Mario', 'Rossi'), grant(giulio), { locale: 'it' });

  // the clerk of the registry office opens the filing with the file, writes and asks a fee
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  const casePath = `/backoffice/pratiche/${withFile.publicId}`;
  expect((await clerk.get(casePath)).statusCode).toBe(200);
  expect((await clerk.post(`${casePath}/prendi-in-carico`)).statusCode).toBe(303);
  expect((await clerk.post(`${casePath}/messaggi`, { testo: 'Buongiorno, stiamo verificando i dati.' })).statusCode).toBe(303);
  const payment = { importo: '16', causale: 'Diritti di segreteria', scadenza: addDays(today, 30), tassonomia: '0101108TS', chiave: randomUUID() };
  expect((await clerk.post(`${casePath}/pagamento`, payment)).statusCode).toBe(303);
  // and exports the procedure's answers (the log links the export to no filing)
  const procedure = await t.app.db.selectFrom('submissions').select('procedure_id').where('id', '=', withFile.id).executeTakeFirstOrThrow();
  expect((await clerk.get(`/backoffice/esportazioni/file?procedura=${procedure.procedure_id}`)).statusCode).toBe(200);
  // logging in stores the identity's e-mail as the contact for notices
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
}, 120_000);
afterAll(async () => t?.close());

describe('I miei dati', () => {
  it('lists the categories with their counts, links the privacy notices, and appears among the area\'s tabs', async () => {
    const res = await citizen.get(PAGE);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body).toContain('Richieste presentate');
    expect(res.body).toContain('Chi ha consultato le tue pratiche');
    expect(res.body).toContain('/servizi/duplicato-tessera-elettorale/privacy');
    expect(res.body).toContain('Che cosa non si può cancellare e perché');
    expect(res.body).toContain(`href="${ZIP}"`);
    const desk = await citizen.get('/area-personale');
    expect(desk.body).toContain(`href="${PAGE}"`);
    const en = await citizen.get(`${PAGE}?lang=en`);
    expect(en.body).toContain('What cannot be deleted and why');
    await citizen.get(`${PAGE}?lang=it`);
  });

  it('downloads everything held about the person as a ZIP, matching the database', async () => {
    const entries = await download(citizen);
    const manifest = json(entries, 'manifest.json');
    expect(manifest.schemaVersion).toBe(1);
    expect(new Date(manifest.generatedAt).getTime()).not.toBeNaN();
    for (const name of ['filings', 'attachments', 'case-messages', 'inbox', 'notifications', 'payments', 'delegations', 'contacts', 'staff-access', 'appointments', 'account', 'companies-and-profession']) {
      expect(entries.has(`${name}.json`), name).toBe(true);
    }
    const html = entries.get('index.html')!.toString('utf8');
    expect(html).toContain('<html lang="it">');
    expect(html).not.toMatch(/<script|<link |src="http/);

    // every filing, with its answers as stored
    const rows = await t.app.db.selectFrom('submissions').select(['public_id', 'answers', 'status']).where('id', 'in', [withFile.id, plain.id]).execute();
    const filings = json(entries, 'filings.json') as Array<{ filing: string; answers: unknown; protocol: unknown }>;
    expect(filings.map((f) => f.filing).sort()).toEqual([withFile.publicId, plain.publicId].sort());
    for (const row of rows) expect(filings.find((f) => f.filing === row.public_id)!.answers).toEqual(row.answers);

    // the attachment's bytes, identical
    const stored = await t.app.db.selectFrom('attachments').select(['original_name', 'sha256']).where('submission_id', '=', withFile.id).execute();
    expect(stored.length).toBeGreaterThan(0);
    const listed = json(entries, 'attachments.json') as Array<{ path: string; sha256: string }>;
    for (const file of stored) {
      const item = listed.find((a) => a.sha256 === file.sha256)!;
      expect(item.path.startsWith(`allegati/${withFile.publicId}/`)).toBe(true);
      expect(sha256(entries.get(item.path)!)).toBe(file.sha256);
    }

    // the office's message, the payment, the delegations both ways
    const messages = json(entries, 'case-messages.json') as Array<{ filing: string; messages: Array<{ body: string; from: string }> }>;
    expect(messages.find((m) => m.filing === withFile.publicId)!.messages.map((m) => m.body)).toContain('Buongiorno, stiamo verificando i dati.');
    const positions = await t.app.db.selectFrom('payment_positions').select(['iuv', 'amount_cents']).where('submission_id', '=', withFile.id).execute();
    expect(positions.length).toBe(1);
    const payments = json(entries, 'payments.json') as Array<{ iuv: string; amountCents: number; filing: string }>;
    expect(payments).toContainEqual(expect.objectContaining({ iuv: positions[0]!.iuv, amountCents: positions[0]!.amount_cents, filing: withFile.publicId }));
    const delegations = json(entries, 'delegations.json') as Array<{ direction: string; events: unknown[] }>;
    expect(delegations.map((d) => d.direction).sort()).toEqual(['given', 'received']);
    expect(delegations.every((d) => d.events.length > 0)).toBe(true);
    expect(json(entries, 'contacts.json').email).toBe('giulio.cesare@example.it');

    // the clerk's read: the registry office, the action, the date as the audit log has it
    const audit = await t.app.db.selectFrom('audit_log').select(['at', 'action', 'office_code']).where('submission_id', '=', withFile.id).where('action', '=', 'case.view').execute();
    expect(audit.length).toBeGreaterThan(0);
    const access = json(entries, 'staff-access.json') as Array<{ filing: string; accesses: Array<{ at: string; action: string; description: string; office: { code: string; name_it: string } }> }>;
    const reads = access.find((a) => a.filing === withFile.publicId)!.accesses.filter((a) => a.action === 'case.view');
    expect(reads[0]!.office.code).toBe('anagrafe');
    expect(reads[0]!.at).toBe(new Date(audit[0]!.at).toISOString());
    expect(reads[0]!.description).toBe('Apertura della pratica');
    const exported = access.find((a) => a.filing === withFile.publicId)!.accesses.filter((a) => a.action === 'answers.export');
    expect(exported.length).toBe(1);
    expect(access.find((a) => a.filing === plain.publicId)?.accesses.some((a) => a.action === 'answers.export') ?? false).toBe(false);
    expect(JSON.stringify(access)).not.toContain(TEST_PEOPLE.clerkAnagrafe);

    // nobody else's filing anywhere in the archive
    for (const [name, bytes] of entries) expect(bytes.includes(othersFiling.publicId), name).toBe(false);
  });

  it('gives each person their own data only: no parameter names anyone else', async () => {
    const ada = await loginAs(t, TEST_PEOPLE.citizen2);
    const res = await ada.get(`${ZIP}?cf=${TEST_PEOPLE.citizen}&fiscalCode=${TEST_PEOPLE.citizen}`);
    expect(res.statusCode).toBe(200);
    const entries = unzip(res.rawPayload);
    const filings = json(entries, 'filings.json') as Array<{ filing: string }>;
    expect(filings.map((f) => f.filing)).toEqual([othersFiling.publicId]);
    for (const [name, bytes] of entries) expect(bytes.includes(withFile.publicId) || bytes.includes(plain.publicId), name).toBe(false);
    // the delegation Giulio gave her is hers too (she is its delegate)
    expect((json(entries, 'delegations.json') as Array<{ direction: string }>).map((d) => d.direction)).toEqual(['received']);
    // the archive is heavy: a few an hour per person, then a page that says so
    for (let i = 1; i < EXPORTS_PER_HOUR; i++) expect((await ada.get(ZIP)).statusCode).toBe(200);
    const limited = await ada.get(ZIP);
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Troppi scaricamenti dei tuoi dati');
    // the page itself is not limited
    expect((await ada.get(PAGE)).statusCode).toBe(200);
  });

  it('keeps to the natural person\'s own data when they act for a company', async () => {
    const representative = await loginAs(t, TEST_PEOPLE.representative, { company: '01199250158' });
    const page = await representative.get(`${PAGE}?lang=it`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`con il suo codice fiscale (${TEST_PEOPLE.representative})`);
    const entries = await download(representative);
    expect(json(entries, 'account.json').fiscalCode).toBe(TEST_PEOPLE.representative);
    expect(json(entries, 'manifest.json').subject).toEqual({ fiscalCode: TEST_PEOPLE.representative });
  });

  it('sends anonymous visitors to the login', async () => {
    for (const url of [PAGE, ZIP, FORGET]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toMatch(/^\/auth\/login/);
    }
  });

  it('refuses the deletion without the CSRF token or the confirmation, then deletes the optional contacts only', async () => {
    const contact = () => t.app.db.selectFrom('notification_contacts').selectAll().where('fiscal_code', '=', TEST_PEOPLE.citizen).executeTakeFirstOrThrow();
    const counts = async () => ({
      submissions: (await t.app.db.selectFrom('submissions').select('id').execute()).length,
      inbox: (await t.app.db.selectFrom('inbox_messages').select('notification_id').where('recipient_fiscal_code', '=', TEST_PEOPLE.citizen).execute()).length,
      delegations: (await t.app.db.selectFrom('delegations').select('id').execute()).length,
      payments: (await t.app.db.selectFrom('payment_positions').select('id').execute()).length,
      others: await t.app.db.selectFrom('notification_contacts').selectAll().where('fiscal_code', '<>', TEST_PEOPLE.citizen).orderBy('fiscal_code').execute(),
    });
    const before = await counts();
    expect((await contact()).email).toBe('giulio.cesare@example.it');

    expect((await citizen.post(FORGET, { conferma: 'si' }, { csrf: false })).statusCode).toBe(403);
    const unconfirmed = await citizen.post(FORGET, {});
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('href="#conferma"');
    expect((await contact()).email).toBe('giulio.cesare@example.it');

    const page = await citizen.get(FORGET);
    expect(page.statusCode).toBe(200);
    const done = await citizen.post(FORGET, { conferma: 'si' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${PAGE}?contatti=cancellati`);
    const after = await contact();
    expect([after.email, after.pending_email, after.io_enabled]).toEqual([null, null, false]);
    expect(await counts()).toEqual(before);
    expect((await citizen.get(`${done.headers.location as string}&lang=it`)).body).toContain('I tuoi contatti facoltativi sono stati cancellati');
    expect((await t.app.services.notifications.contacts.preferences(TEST_PEOPLE.citizen)).ioEnabled).toBe(false);

    // logging in again does not store the identity's e-mail again
    await loginAs(t, TEST_PEOPLE.citizen);
    expect((await contact()).email).toBeNull();
  });
});
