// Prefill through the real app, logged in through the bundled provider: the canteen's e-mail
// and DSU protocol filled in from the identity and INPS and marked as such; the rent
// contribution's ISEE read-only and a crafted POST changing it refused; ANPR or INPS down: the
// field empty with a note, the form still files; the source and time recorded with the filing
// and shown to the clerk.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../src/forms/index.ts';
import { formatDate } from '../../../src/platform/format.ts';
import { selfApplicant, type Applicant } from '../../../src/submissions/submissions.service.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ADA: Applicant = selfApplicant({ fiscalCode: 'LVLDAA85T50G702B', givenName: 'Ada', familyName: 'Lovelace', spidLevel: 2, email: 'ada.lovelace@example.it' });
const MARIO: Applicant = selfApplicant({ fiscalCode: 'RSSMRA80A01H501U', givenName: 'Mario', familyName: 'Rossi', spidLevel: 2 });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const today = () => formatDate(new Date(), 'it');
const standIn = () => t.app.services.stateRegisters.standIn()!;

/** Privacy and applicant data over HTTP, to the first step. */
async function begin(agent: PortalAgent, base: string, firstStep: string) {
  expect((await agent.get(base)).headers.location).toBe(`${base}/informativa`);
  expect((await agent.post(`${base}/informativa`, { accept: 'yes' })).headers.location).toBe(`${base}/dati-generali`);
  expect((await agent.post(`${base}/dati-generali`)).headers.location).toBe(`${base}/passo/${firstStep}`);
}

/** The rent contribution's first step (it has a file) completed through the service. */
async function completeContract(person: Applicant) {
  const service = t.app.services.submissions;
  const context = (await service.loadDraft(person, 'contributo-affitto'))!;
  const field = context.definition.form.steps[0]!.fields.find((f) => f.name === 'copiaContratto') as FieldDefinition;
  const file = await service.storeUpload(context, field, { stream: Readable.from([PDF]), fileName: 'contratto.pdf' }, 0);
  await service.completeStep(context, 'contratto', {
    tipoContratto: context.definition.form.steps[0]!.fields[0]!.options![0]!.value,
    estremiRegistrazione: 'Serie 3T n. 1234',
    dataDecorrenza: '2025-01-01',
    canoneMensile: 50000,
    categoriaCatastale: context.definition.form.steps[0]!.fields.find((f) => f.name === 'categoriaCatastale')!.options![0]!.value,
    morosita: false,
    copiaContratto: [file],
  });
}

const idempotencyKey = (html: string) => /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(html)![1]!;

describe('prefill from the identity and the registers', () => {
  it('the canteen: the e-mail from the identity and the DSU protocol from INPS, marked', async () => {
    const ada = await loginAs(t, TEST_PEOPLE.citizen2);
    const base = '/servizi/iscrizione-mensa-scolastica/domanda';
    await begin(ada, base, 'figli');
    const service = t.app.services.submissions;
    let context = (await service.loadDraft(ADA, 'iscrizione-mensa-scolastica'))!;
    const school = context.definition.form.steps[0]!.fields[1]!.fields!.find((f) => f.name === 'ordineScuola')!.options![0]!.value;
    await service.completeStep(context, 'figli', {
      annoScolastico: context.definition.form.steps[0]!.fields[0]!.options![0]!.value,
      figli: [{ nomeFiglio: 'Byron Lovelace', codiceFiscaleFiglio: 'LVLBRN15M01G535F', ordineScuola: school, nomeScuola: 'Scuola Pascoli', classe: '3A' }],
    });
    context = (await service.loadDraft(ADA, 'iscrizione-mensa-scolastica'))!;
    await service.completeStep(context, 'diete', { dietaSanitaria: false, dietaEtica: false });

    const page = await ada.get(`${base}/passo/tariffa`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="f-emailComunicazioni" name="emailComunicazioni" value="ada.lovelace@example.it"[^>]*aria-describedby="f-emailComunicazioni-prefill"/);
    expect(page.body).toContain(`id="f-emailComunicazioni-prefill">Dato da identità digitale, ${today()}</small>`);
    expect(page.body).toContain('value="INPS-ISEE-2026-00012345A-00"');
    expect(page.body).toContain(`Dato da INPS, ${today()}`);
    // editable: not read-only
    expect(page.body).not.toMatch(/name="emailComunicazioni"[^>]*readonly/);
    const english = await ada.get(`${base}/passo/tariffa?lang=en`);
    expect(english.body).toContain(`From digital identity, ${formatDate(new Date(), 'en')}`);

    // the person may change an editable value: the mark goes
    const changed = await ada.post(`${base}/passo/tariffa`, { tariffaAgevolata: 'no', emailComunicazioni: 'ada@altro.example.it' });
    expect(changed.statusCode).toBe(422); // the undertaking is missing
    expect(changed.body).toContain('value="ada@altro.example.it"');
    expect(changed.body).not.toContain('f-emailComunicazioni-prefill');
  });

  it('the rent contribution: the ISEE from INPS read-only, a crafted change refused, then filed and shown to the clerk', async () => {
    const ada = await loginAs(t, TEST_PEOPLE.citizen2);
    const base = '/servizi/contributo-affitto/domanda';
    await begin(ada, base, 'contratto');
    await completeContract(ADA);

    const page = await ada.get(`${base}/passo/nucleo`);
    expect(page.body).toMatch(/name="valoreIsee" value="12345,67"[^>]*readonly/);
    expect(page.body).toContain(`Dato da INPS, ${today()}: non si può modificare qui.`);
    expect(page.body).toMatch(/name="protocolloDsu" value="INPS-ISEE-2026-00012345A-00"[^>]*readonly/);
    // ANPR: Ada and her son
    expect(page.body).toMatch(/name="componentiNucleo" value="2"/);
    expect(page.body).toContain(`Dato da ANPR, ${today()}`);

    const form = { protocolloDsu: 'INPS-ISEE-2026-00012345A-00', valoreIsee: '1,00', componentiNucleo: '2', cittadinanzaNonUe: 'no' };
    const crafted = await ada.post(`${base}/passo/nucleo`, form);
    expect(crafted.statusCode).toBe(422);
    expect(crafted.body).toContain('Questo dato viene da INPS e non si può modificare qui');
    expect(crafted.body).toContain('href="#f-valoreIsee"');
    expect(crafted.body).toMatch(/name="valoreIsee" value="12345,67"/);
    const draft = (await t.app.services.submissions.loadDraft(ADA, 'contributo-affitto'))!.draft;
    expect(draft.completed_steps).not.toContain('nucleo');

    expect((await ada.post(`${base}/passo/nucleo`, { ...form, valoreIsee: '12.345,67' })).headers.location).toBe(`${base}/passo/pagamento`);
    expect((await ada.post(`${base}/passo/pagamento`, { iban: 'IT60X0542811101000000123456', altriContributi: 'no', dichiarazioneRequisiti: 'yes' })).headers.location).toBe(`${base}/riepilogo`);
    const summary = await ada.get(`${base}/riepilogo`);
    const filed = await ada.post(`${base}/invia`, { idempotencyKey: idempotencyKey(summary.body) });
    expect(filed.statusCode).toBe(303);
    const publicId = /richieste\/([0-9a-f-]{36})\//.exec(filed.headers.location as string)![1]!;

    const submission = await t.app.db.selectFrom('submissions').select(['id', 'answers']).where('public_id', '=', publicId).executeTakeFirstOrThrow();
    expect(submission.answers).toMatchObject({ valoreIsee: 1234567, componentiNucleo: 2 });
    const rows = await t.app.db.selectFrom('prefilled_answers').select(['field', 'register', 'source', 'editable', 'draft_id', 'fetched_at']).where('submission_id', '=', submission.id).orderBy('field').execute();
    expect(rows.map((r) => [r.field, r.register, r.source, r.editable, r.draft_id])).toEqual([
      ['componentiNucleo', 'anpr', 'anpr.householdSize', true, null],
      ['protocolloDsu', 'inps', 'inps.iseeProtocol', false, null],
      ['valoreIsee', 'inps', 'inps.isee', false, null],
    ]);
    expect(rows[0]!.fetched_at).toBeInstanceOf(Date);

    const clerk = await loginAs(t, TEST_PEOPLE.clerkSociali);
    const casePage = await clerk.get(`/backoffice/pratiche/${publicId}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain(`da INPS, ${today()}`);
    expect(casePage.body).toContain(`da ANPR, ${today()}`);
  });

  it('a register down: the field empty with a note, the form still files', async () => {
    const mario = await loginAs(t, TEST_PEOPLE.citizen3);
    const base = '/servizi/contributo-affitto/domanda';
    await begin(mario, base, 'contratto');
    await completeContract(MARIO);
    standIn().setDown('inps', true);
    standIn().setDelayMs(0);
    try {
      const page = await mario.get(`${base}/passo/nucleo`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/name="valoreIsee" value=""/);
      expect(page.body).not.toMatch(/name="valoreIsee"[^>]*readonly/);
      expect(page.body).toContain('Non è stato possibile recuperare il dato da INPS: inseriscilo tu.');
      // ANPR did answer
      expect(page.body).toContain(`Dato da ANPR, ${today()}`);
      const next = await mario.post(`${base}/passo/nucleo`, { protocolloDsu: 'INPS-ISEE-2026-99999999Z-00', valoreIsee: '9.000,00', componentiNucleo: '2', cittadinanzaNonUe: 'no' });
      expect(next.headers.location).toBe(`${base}/passo/pagamento`);
    } finally {
      standIn().setDown('inps', false);
    }
    expect((await mario.post(`${base}/passo/pagamento`, { iban: 'IT60X0542811101000000123456', altriContributi: 'no', dichiarazioneRequisiti: 'yes' })).headers.location).toBe(`${base}/riepilogo`);
    const summary = await mario.get(`${base}/riepilogo`);
    const filed = await mario.post(`${base}/invia`, { idempotencyKey: idempotencyKey(summary.body) });
    expect(filed.statusCode).toBe(303);
    expect(filed.headers.location).toMatch(/^\/area-personale\/richieste\/.+\/conferma$/);
  });

  it('a company filing: the company\'s name and VAT number, and no ANPR or INPS call about the person acting for it', async () => {
    const neri = selfApplicant({ fiscalCode: 'NREGNN70H70F205U', givenName: 'Giovanna', familyName: 'Neri', spidLevel: 2, company: { name: 'Neri Forniture S.r.l.', fiscalCode: '01199250158', vatNumber: '01199250158' } });
    const service = t.app.services.submissions;
    let context = await service.begin(neri, 'scia-esercizio-vicinato');
    await service.acceptPrivacy(context);
    await service.completeStep(context, 'dati-generali', null);
    context = (await service.loadDraft(neri, 'scia-esercizio-vicinato'))!;
    standIn().clear();
    const opened = await service.journey.openStep(neri, context, 'impresa', 'it');
    if ('redirect' in opened) throw new Error(`redirected to ${opened.redirect}`);
    expect(opened.values).toMatchObject({ ragioneSociale: 'Neri Forniture S.r.l.', partitaIva: '01199250158' });
    expect(Object.fromEntries(Object.entries(opened.prefill.marks).map(([field, mark]) => [field, [mark.register, mark.editable]]))).toEqual({ ragioneSociale: ['company', true], partitaIva: ['company', false] });
    expect(standIn().requests()).toEqual([]);
  });

  it('a register too slow: the same as down', async () => {
    const giulio = await loginAs(t, TEST_PEOPLE.citizen);
    const base = '/servizi/pasti-a-domicilio/domanda';
    expect((await giulio.get(base)).headers.location).toBe(`${base}/informativa`);
    await giulio.post(`${base}/informativa`, { accept: 'yes' });
    const first = (await giulio.post(`${base}/dati-generali`)).headers.location as string;
    const context = (await t.app.services.submissions.loadDraft(selfApplicant({ fiscalCode: 'CSRGGL44L13H501E', givenName: 'Giulio', familyName: 'Cesare', spidLevel: 2 }), 'pasti-a-domicilio'))!;
    const step = context.definition.form.steps.find((s) => s.fields.some((f) => f.name === 'indirizzoConsegna'))!;
    if (!first.endsWith(`/passo/${step.id}`)) return; // the address is not on the first step: covered by the contract tests
    standIn().setDelayMs(t.app.config.registers.timeoutMs + 1000);
    try {
      const page = await giulio.get(first);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Non è stato possibile recuperare il dato da ANPR: inseriscilo tu.');
    } finally {
      standIn().setDelayMs(0);
    }
    const again = await giulio.get(first);
    expect(again.body).toContain('value="Via dei Fori Imperiali"');
    expect(again.body).toContain(`Dato da ANPR, ${today()}`);
  });
});
