// The kinds of procedure on a real database, through the back office service with a moved
// clock and through the app's forms: an istanza with two integration requests and a notice of
// refusal to its decision; a proposal the head of office adopts; a SCIA to controls closed and
// one to prohibition (after an order to conform); a CILA to archived; a report closed with the
// reporter told at each step; a reopening by the head (a clerk refused). What the applicant's
// request page shows of the expected date follows the clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackofficeService, WorkflowRefusedError, type BackofficeService, type StaffActor } from '../../../src/backoffice/backoffice.service.ts';
import { addDays, romeDate } from '../../../src/platform/time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';
import { applicantActor, CITIZEN, CLERK_ANAGRAFE, CLERK_EDILIZIA, fileProcedure, fileResidence, REPRESENTATIVE } from './helpers.ts';

let t: TestApp;
let now: Date;
let service: BackofficeService;
const DAY = 86_400_000;
const start = Date.now();
const later = (days: number) => new Date(start + days * DAY);

beforeAll(async () => {
  t = await createTestApp({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
  now = new Date(start);
  service = createBackofficeService(t.app.db, { storage: t.app.services.storage, clock: () => now });
});
afterAll(async () => t?.close());

const applicant = applicantActor(CITIZEN);
const HEAD_EDILIZIA: StaffActor = { fiscalCode: 'RSSMRA70A01H501S', name: 'Mario Rossi', offices: ['sportello-unico-edilizia'], headOf: ['sportello-unico-edilizia'] };
const HEAD_ANAGRAFE: StaffActor = { ...CLERK_ANAGRAFE, fiscalCode: 'BNCLRA80A41H501X', name: 'Laura Bianchi', headOf: ['anagrafe'] };
const CLERK_AMBIENTE: StaffActor = { fiscalCode: 'VRDLGU75B02H501Q', name: 'Luigi Verdi', offices: ['ambiente'], headOf: [] };
const caseOf = (id: number) => t.app.db.selectFrom('cases').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow();
const filingOf = (id: number) => t.app.db.selectFrom('submissions').select(['status', 'due_date']).where('id', '=', id).executeTakeFirstOrThrow();
const notices = (id: number) => t.app.db.selectFrom('notifications').select(['kind', 'dedupe_key', 'data']).where('dedupe_key', 'like', `case:${id}:%`).orderBy('id').execute();
const events = (id: number, kind: string) => t.app.db.selectFrom('case_events').selectAll().where('submission_id', '=', id).where('kind', '=', kind).orderBy('seq').execute();

describe('an istanza: two integration requests and a notice of refusal to the decision', () => {
  it('suspends for the first request only, suspends for the notice until ten days after the reply, then rejects', async () => {
    now = new Date(start);
    const today = romeDate(now);
    const { id, publicId } = await fileResidence(t.app);
    const filed = await caseOf(id);
    expect(filed).toMatchObject({ kind: 'istanza', status: 'submitted', due_date: addDays(today, 3) });
    await service.take(CLERK_ANAGRAFE, publicId);
    expect(await service.requestIntegration(CLERK_ANAGRAFE, publicId, { text: 'Manca il documento di identità.', replyDays: 10 })).toEqual({ suspends: true });
    now = later(2);
    await service.applicantMessage(applicant, publicId, { text: 'Ecco il documento.', files: [], answer: true });
    // stood still 2 days: due today + 5
    expect(await caseOf(id)).toMatchObject({ status: 'in_review', due_date: addDays(today, 5) });
    expect(await service.requestIntegration(CLERK_ANAGRAFE, publicId, { text: 'Serve anche il contratto di affitto.', replyDays: 10 })).toEqual({ suspends: false });
    expect(await caseOf(id)).toMatchObject({ status: 'integration_requested', paused_since: null, reply_by: addDays(today, 12), due_date: addDays(today, 5) });
    now = later(3);
    await service.applicantMessage(applicant, publicId, { text: 'Ecco il contratto.', files: [], answer: true });
    expect(await caseOf(id)).toMatchObject({ status: 'in_review', due_date: addDays(today, 5), reply_by: null });
    // the second request has messages of its own (not swallowed as a repeat of the first)
    const keys = (await notices(id)).map((n) => n.dedupe_key);
    expect(keys).toEqual(expect.arrayContaining([`case:${id}:integration`, `case:${id}:integration:2`]));
    // art. 10-bis: the notice on day 3 leaves 2 days; observations on day 5 -> runs again on day 15 -> due day 17
    await service.notifyRefusal(CLERK_ANAGRAFE, publicId, { text: 'Dai registri non risulta la dimora abituale.' });
    now = later(5);
    await service.applicantMessage(applicant, publicId, { text: 'Abito lì da marzo.', files: [], answer: true });
    const resumed = await caseOf(id);
    expect(resumed).toMatchObject({ status: 'in_review', due_date: addDays(today, 17) });
    // the filing (the applicant's request page) has the same expected date, and the log says why
    expect(await filingOf(id)).toEqual({ status: 'in_review', due_date: addDays(today, 17) });
    const clock = await events(id, 'clock_changed');
    expect(clock.at(-1)!.data).toMatchObject({ from: addDays(today, 5), to: addDays(today, 17), rule: 'refusal_notice_suspension' });
    await service.decide(CLERK_ANAGRAFE, publicId, { outcome: 'rejected', motivation: 'La dimora abituale non risulta dagli accertamenti.', document: null });
    expect((await caseOf(id)).status).toBe('rejected');
    expect((await notices(id)).find((n) => n.dedupe_key === `case:${id}:decision`)).toMatchObject({ kind: 'decision', data: expect.objectContaining({ outcome: 'rejected' }) });
  });
});

describe('proposal and adoption (permesso di costruire)', () => {
  it('the clerk may not decide, proposes; the head adopts the proposal', async () => {
    now = new Date(start);
    const { id, publicId } = await fileProcedure(t.app, CITIZEN, 'permesso-di-costruire');
    expect(await caseOf(id)).toMatchObject({ kind: 'istanza', regime: 'building', adoption: true });
    await service.take(CLERK_EDILIZIA, publicId);
    await expect(service.decide(CLERK_EDILIZIA, publicId, { outcome: 'approved', motivation: 'Progetto conforme alle norme.', document: null })).rejects.toMatchObject({ reason: 'adoptionRequired' });
    await service.propose(CLERK_EDILIZIA, publicId, { outcome: 'approved', motivation: 'Progetto conforme agli strumenti urbanistici.' });
    expect(await caseOf(id)).toMatchObject({ status: 'proposed', proposal: 'approved' });
    await expect(service.adopt(CLERK_EDILIZIA, publicId)).rejects.toBeInstanceOf(WorkflowRefusedError);
    await service.sendBack(HEAD_EDILIZIA, publicId, { note: 'Verificare le distanze dai confini.' });
    expect(await caseOf(id)).toMatchObject({ status: 'in_review', proposal: null });
    await service.propose(CLERK_EDILIZIA, publicId, { outcome: 'approved', motivation: 'Distanze verificate: progetto conforme.' });
    await service.adopt(HEAD_EDILIZIA, publicId);
    expect(await caseOf(id)).toMatchObject({ status: 'approved', proposal: null });
    const decision = await t.app.db.selectFrom('case_decisions').selectAll().where('submission_id', '=', id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ outcome: 'approved', motivation: 'Distanze verificate: progetto conforme.', decided_by: HEAD_EDILIZIA.fiscalCode });
  });
});

describe('a SCIA (art. 19)', () => {
  it('is effective on filing with 30 days (building) and closes its controls', async () => {
    now = new Date(start);
    const { id, publicId } = await fileProcedure(t.app, CITIZEN, 'scia-edilizia');
    const c = await caseOf(id);
    expect(c).toMatchObject({ kind: 'scia', regime: 'building', status: 'effective', duration_days: 30, due_date: addDays(c.receipt_date, 30) });
    expect(await filingOf(id)).toEqual({ status: 'effective', due_date: addDays(c.receipt_date, 30) });
    await service.closeControls(CLERK_EDILIZIA, publicId);
    expect((await caseOf(id)).status).toBe('controls_closed');
    expect((await notices(id)).at(-1)).toMatchObject({ kind: 'decision', data: expect.objectContaining({ outcome: 'accepted' }) });
  });

  it('an order to conform interrupts the term; without the measures the activity is prohibited', async () => {
    now = new Date(start);
    const { id, publicId } = await fileProcedure(t.app, REPRESENTATIVE, 'scia-esercizio-vicinato');
    const c = await caseOf(id);
    expect(c).toMatchObject({ kind: 'scia', regime: 'general', duration_days: 60, due_date: addDays(c.receipt_date, 60) });
    await service.requestConformation(CLERK_EDILIZIA, publicId, { text: 'Manca la planimetria dei locali aggiornata.', days: 30 });
    expect(await caseOf(id)).toMatchObject({ status: 'conformation_requested', pause_kind: 'conformation', reply_by: addDays(romeDate(now), 30) });
    // past the reply period the job does not touch it: the office decides
    expect(await service.runDeadlineJob(later(40))).toMatchObject({ resumed: 0 });
    now = later(40);
    await service.prohibit(CLERK_EDILIZIA, publicId, { motivation: 'Le misure richieste non sono state adottate nel termine.' });
    expect((await caseOf(id)).status).toBe('prohibited');
    expect(await t.app.db.selectFrom('case_decisions').select('outcome').where('submission_id', '=', id).executeTakeFirstOrThrow()).toEqual({ outcome: 'prohibited' });
  });

  it('the measures restart the term in full; at its end the daily job consolidates it', async () => {
    now = new Date(start);
    const { id, publicId } = await fileProcedure(t.app, REPRESENTATIVE, 'scia-esercizio-vicinato');
    await service.requestConformation(CLERK_EDILIZIA, publicId, { text: 'Manca la planimetria dei locali aggiornata.', days: 30 });
    now = later(10);
    await service.applicantMessage(applicantActor(REPRESENTATIVE), publicId, { text: 'Planimetria aggiornata allegata.', files: [], answer: true });
    expect(await caseOf(id)).toMatchObject({ status: 'effective', due_date: addDays(romeDate(now), 60) });
    expect((await service.runDeadlineJob(later(70))).consolidated).toBe(0);
    expect((await service.runDeadlineJob(later(71))).consolidated).toBeGreaterThanOrEqual(1);
    expect((await caseOf(id)).status).toBe('consolidated');
  });
});

describe('a CILA and a report', () => {
  it('a CILA is acknowledged on taking charge, checked and archived, with no legal term', async () => {
    now = new Date(start);
    const { id, publicId } = await fileProcedure(t.app, CITIZEN, 'cila');
    await service.take(CLERK_EDILIZIA, publicId);
    expect((await caseOf(id)).status).toBe('acknowledged');
    await service.step(CLERK_EDILIZIA, publicId, 'start_control', null);
    await service.archive(CLERK_EDILIZIA, publicId, { reason: 'Verifica conclusa senza rilievi.' });
    expect((await caseOf(id)).status).toBe('archived');
    // never closed by silence, never consolidated
    expect(await service.runDeadlineJob(later(200))).toMatchObject({ silenceAccepted: 0, consolidated: 0 });
  });

  it('a report goes to closed and the reporter is told at each step', async () => {
    now = new Date(start);
    const { id, publicId } = await fileProcedure(t.app, CITIZEN, 'segnalazione-abbandono-rifiuti');
    const office = (await caseOf(id)).office_code;
    const clerk = { ...CLERK_AMBIENTE, offices: [office] };
    expect((await caseOf(id)).status).toBe('submitted');
    await service.step(clerk, publicId, 'take_in_charge', null);
    await service.step(clerk, publicId, 'solve', null);
    await service.step(clerk, publicId, 'close', null);
    expect((await caseOf(id)).status).toBe('closed');
    const told = await notices(id);
    expect(told.map((n) => n.kind)).toEqual(['office.message', 'office.message', 'decision']);
    expect(String((told[0]!.data as { message: string }).message)).toContain('preso in carico');
  });

  it('a report closed without being solved needs a reason', async () => {
    now = new Date(start);
    const { id, publicId } = await fileProcedure(t.app, CITIZEN, 'segnalazione-abbandono-rifiuti');
    const clerk = { ...CLERK_AMBIENTE, offices: [(await caseOf(id)).office_code] };
    await expect(service.step(clerk, publicId, 'close', null)).rejects.toMatchObject({ field: 'motivo' });
    expect((await caseOf(id)).status).toBe('submitted');
    // the reporter's request page: the date is a service target, not a legal deadline
    const citizen = await loginAs(t, TEST_PEOPLE.citizen);
    const page = await citizen.get(`/area-personale/richieste/${publicId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Questa pratica non ha un termine di legge');
    await service.step(clerk, publicId, 'close', 'Area privata: competenza del proprietario.');
    expect((await caseOf(id)).status).toBe('closed');
    expect((await citizen.get(`/area-personale/richieste/${publicId}`)).body).toContain('Chiusa');
  });
});

describe('reopening (riesame in autotutela)', () => {
  it('the head reopens a decided case with a new term from that day; a clerk is refused', async () => {
    now = new Date(start);
    const { id, publicId } = await fileResidence(t.app);
    await service.take(CLERK_ANAGRAFE, publicId);
    await service.decide(CLERK_ANAGRAFE, publicId, { outcome: 'approved', motivation: 'Requisiti verificati in anagrafe.', document: null });
    now = later(20);
    await expect(service.reopen(CLERK_ANAGRAFE, publicId, { reason: 'Errore nei dati anagrafici.' })).rejects.toMatchObject({ reason: 'role' });
    expect((await caseOf(id)).status).toBe('approved');
    await service.reopen(HEAD_ANAGRAFE, publicId, { reason: 'Errore nei dati anagrafici.' });
    const c = await caseOf(id);
    expect(c).toMatchObject({ status: 'in_review', clock_start: romeDate(now), due_date: addDays(romeDate(now), 3), decided_at: null });
    // the earlier decision stays (append-only) but the case has none until the new one
    expect((await service.caseView(HEAD_ANAGRAFE, publicId)).decision).toBeNull();
    const reopened = (await events(id, 'transition')).at(-1)!;
    expect(reopened).toMatchObject({ from_state: 'approved', to_state: 'in_review', reason: 'Errore nei dati anagrafici.', actor_fiscal_code: HEAD_ANAGRAFE.fiscalCode });
    expect(await filingOf(id)).toEqual({ status: 'in_review', due_date: addDays(romeDate(now), 3) });
    // a new decision is told to the applicant again
    await service.decide(HEAD_ANAGRAFE, publicId, { outcome: 'approved', motivation: 'Dati corretti, requisiti confermati.', document: null });
    expect((await notices(id)).filter((n) => n.kind === 'decision')).toHaveLength(2);
    expect((await service.caseView(HEAD_ANAGRAFE, publicId)).decision).toMatchObject({ motivation: 'Dati corretti, requisiti confermati.' });
  });
});

describe('the clerk\'s forms', () => {
  it('a SCIA page offers conformation and prohibition; a bad order is 422 with the summary; a good one 303', async () => {
    const { id, publicId } = await fileProcedure(t.app, CITIZEN, 'scia-edilizia');
    const clerk = await loginAs(t, TEST_PEOPLE.clerkEdilizia);
    const page = await clerk.get(`/backoffice/pratiche/${publicId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ordina la conformazione dell&#39;attività');
    expect(page.body).toContain('for="conformation-giorni"');
    expect(page.body).toContain('Vieta la prosecuzione');
    const bad = await clerk.post(`/backoffice/pratiche/${publicId}/conformazione`, { testo: 'corto', giorni: '10' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#conformation-giorni"');
    expect(bad.body).toContain('Indica un numero di giorni tra 30 e 180.');
    expect((await caseOf(id)).status).toBe('effective');
    const good = await clerk.post(`/backoffice/pratiche/${publicId}/conformazione`, { testo: 'Serve la relazione tecnica asseverata aggiornata.', giorni: '30' });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toContain('fatto=conformation');
    expect((await caseOf(id)).status).toBe('conformation_requested');
    const after = await clerk.get(good.headers.location as string);
    expect(after.body).toContain('Conformazione richiesta');
  });

  it('a permesso di costruire offers the clerk a proposal form, not the decision', async () => {
    const { publicId } = await fileProcedure(t.app, CITIZEN, 'permesso-di-costruire');
    const clerk = await loginAs(t, TEST_PEOPLE.clerkEdilizia);
    await clerk.post(`/backoffice/pratiche/${publicId}/prendi-in-carico`);
    const page = await clerk.get(`/backoffice/pratiche/${publicId}`);
    expect(page.body).toContain('Proponi la decisione al dirigente');
    expect(page.body).not.toContain('action="/backoffice/pratiche/' + publicId + '/decisione');
    const bad = await clerk.post(`/backoffice/pratiche/${publicId}/proposta`, { motivazione: 'breve' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#proposal-esito"');
  });
});
