// Notices with legal value to the digital domicile, through the real app on its stand-ins: a
// decision for an applicant with a domicile in INAD goes by PEC (SMTP to the stand-in provider),
// the provider's receipts (accettazione, avvenuta-consegna) are read over IMAP and recorded on
// the case, seen in the Storico tab and on the applicant's page; a receipt read twice counts
// once; an address that cannot be reached records errore-consegna for the clerk; an applicant
// without a domicile gets no PEC, and the case says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfApplicant } from '../../../src/submissions/submissions.service.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, CITIZEN2, fileProcedure, multipart, PDF } from '../backoffice/helpers.ts';

let t: TestApp;
let clerk: PortalAgent;

const UNREACHABLE = selfApplicant({ fiscalCode: 'MRNLCU00A01H501J', givenName: 'Luca', familyName: 'Marino', spidLevel: 2 });
const casePath = (publicId: string) => `/backoffice/pratiche/${publicId}`;
const pecRows = (submissionId: number) => t.app.db.selectFrom('pec_messages').selectAll().where('submission_id', '=', submissionId).execute();
const receipts = () => t.app.db.selectFrom('pec_receipts').selectAll().orderBy('id').execute();

function domicileRuntime() {
  const d = t.app.notifications.domicile;
  if (!d.pecStandIn || !d.receipts) throw new Error('the stand-in PEC provider should run in tests');
  return { provider: d.pecStandIn, reader: d.receipts };
}

/** Files, takes in charge and decides (approved, with a signed PDF) a filing of `person`; then the outbox is delivered. */
async function decided(person: typeof CITIZEN) {
  const filing = await fileProcedure(t.app, person, 'certificato-residenza');
  expect((await clerk.post(`${casePath(filing.publicId)}/prendi-in-carico`)).statusCode).toBe(303);
  const page = await clerk.get(casePath(filing.publicId));
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const body = multipart({ _csrf: token, esito: 'approved', motivazione: 'Residenza verificata: si rilascia il certificato.' }, [{ field: 'documento', name: 'provvedimento.pdf', type: 'application/pdf', bytes: PDF }]);
  const res = await clerk.inject({ method: 'POST', url: `${casePath(filing.publicId)}/decisione`, payload: body.payload, headers: body.headers });
  expect(res.statusCode).toBe(303);
  await t.app.notifications.worker.drain();
  return filing;
}

/** Waits (no timing asserted) until the provider has put `count` receipts in the mailbox. */
async function receiptsDropped(count: number) {
  const { provider } = domicileRuntime();
  for (let i = 0; i < 200 && provider.receipts() < count; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(provider.receipts()).toBeGreaterThanOrEqual(count);
}

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
}, 120_000);
afterAll(async () => t?.close());

describe('a decision to an applicant with a digital domicile', () => {
  let filing: { id: number; publicId: string };

  beforeAll(async () => {
    filing = await decided(CITIZEN2);
  }, 120_000);

  it('goes by PEC to the address INAD gives, with its Message-ID recorded', async () => {
    const { provider } = domicileRuntime();
    const sent = provider.messages().filter((m) => m.envelopeTo.includes('ada.lovelace@pec.example.it'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toContain('Esito della richiesta');
    expect(sent[0]!.text).toContain('Residenza verificata');
    // the decision's document goes with it
    expect(sent[0]!.attachments.map((a) => a.filename)).toContain('provvedimento.pdf');
    expect(sent[0]!.attachments.find((a) => a.filename === 'provvedimento.pdf')!.content.equals(PDF)).toBe(true);
    const [row] = await pecRows(filing.id);
    expect(row).toMatchObject({ address: 'ada.lovelace@pec.example.it', register: 'INAD', status: 'sent', recipient_fiscal_code: CITIZEN2.filer.fiscalCode });
    expect(row!.message_id).toBe(sent[0]!.messageId);
    const lookup = await t.app.db.selectFrom('domicile_lookups').selectAll().where('id', '=', Number(row!.lookup_id)).executeTakeFirstOrThrow();
    expect(lookup).toMatchObject({ fiscal_code: CITIZEN2.filer.fiscalCode, register: 'INAD', address: 'ada.lovelace@pec.example.it' });
    const delivery = await t.app.db.selectFrom('notification_deliveries').selectAll().where('channel', '=', 'pec').where('external_id', '=', row!.message_id).executeTakeFirstOrThrow();
    expect(delivery.status).toBe('sent');
  });

  it('records the acceptance and delivery receipts read over IMAP, on the case', async () => {
    const { reader } = domicileRuntime();
    await receiptsDropped(2);
    const round = await reader.pollOnce();
    expect(round).toMatchObject({ recorded: 2, unmatched: 0 });
    const [row] = await pecRows(filing.id);
    expect(row!.status).toBe('delivered');
    expect((await receipts()).filter((r) => Number(r.pec_message_id) === Number(row!.id)).map((r) => r.kind)).toEqual(['accettazione', 'avvenuta-consegna']);
    const storico = await clerk.get(`${casePath(filing.publicId)}?tab=storico`);
    expect(storico.body).toContain('Comunicazione inviata per PEC al domicilio digitale ada.lovelace@pec.example.it (INAD');
    expect(storico.body).toContain('PEC: ricevuta di accettazione del gestore');
    expect(storico.body).toContain('PEC: ricevuta di avvenuta consegna al domicilio digitale ada.lovelace@pec.example.it');
  });

  it('shows the delivery on the applicant\'s request page', async () => {
    const applicant = await loginAs(t, TEST_PEOPLE.citizen2);
    const page = await applicant.get(`/area-personale/richieste/${filing.publicId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Consegnata al domicilio digitale ada.lovelace@pec.example.it il');
  });

  it('records a receipt read twice once', async () => {
    const { provider, reader } = domicileRuntime();
    const before = (await receipts()).length;
    expect(await reader.pollOnce()).toMatchObject({ read: 0 });
    provider.resend(provider.receipts() - 1);
    expect(await reader.pollOnce()).toMatchObject({ read: 1, duplicates: 1, recorded: 0 });
    expect((await receipts()).length).toBe(before);
  });
});

describe('a decision to an address the provider cannot deliver to', () => {
  it('records the errore-consegna, and the clerk sees it', async () => {
    const { reader } = domicileRuntime();
    const dropped = domicileRuntime().provider.receipts();
    const filing = await decided(UNREACHABLE);
    await receiptsDropped(dropped + 2);
    await reader.pollOnce();
    const [row] = await pecRows(filing.id);
    expect(row).toMatchObject({ status: 'delivery-error', address: 'luca.marino@consegna-fallita.pec.example.it' });
    const storico = await clerk.get(`${casePath(filing.publicId)}?tab=storico`);
    expect(storico.body).toContain('PEC: avviso di mancata consegna a luca.marino@consegna-fallita.pec.example.it');
  });
});

describe('a decision to an applicant without a digital domicile', () => {
  it('sends no PEC and records that there is no domicile on the case', async () => {
    const { provider } = domicileRuntime();
    const before = provider.messages().length;
    const filing = await decided(CITIZEN);
    expect(provider.messages().length).toBe(before);
    const [row] = await pecRows(filing.id);
    expect(row).toMatchObject({ status: 'no-domicile', address: null, message_id: null });
    const delivery = await t.app.db
      .selectFrom('notification_deliveries')
      .innerJoin('notifications', 'notifications.id', 'notification_deliveries.notification_id')
      .select(['notification_deliveries.status', 'notification_deliveries.last_error'])
      .where('notification_deliveries.channel', '=', 'pec')
      .where('notifications.dedupe_key', '=', `case:${filing.id}:decision`)
      .executeTakeFirstOrThrow();
    expect(delivery).toEqual({ status: 'skipped', last_error: 'no digital domicile' });
    const storico = await clerk.get(`${casePath(filing.publicId)}?tab=storico`);
    expect(storico.body).toContain('Nessun domicilio digitale in INAD e INI-PEC');
  });
});
