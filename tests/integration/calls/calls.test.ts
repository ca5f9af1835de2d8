// Calls for grants through the real app: filings beyond the cap go onto the reserve list, beyond
// it they are refused and nothing is filed (also 50 at once); a budget is never exceeded; one
// application per person, also two at once; a withdrawal moves the first reserve up and tells
// them; the published ranking (page and CSV) names protocol numbers only; publishing it needs
// the head of office or an administrator, and the CSRF token. One application per person is
// told already when a second application begins; a withdrawn application frees its place under
// the cap and the budget; ranked by score, a budget is assigned in ranking order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callProblems } from '../../../src/calls/call-definition.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicant } from '../../helpers/applicants.ts';
import { publishCall } from '../../helpers/calls.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';
import { applicantActor, CLERK_ANAGRAFE } from '../backoffice/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { poolSize: 20 });
});
afterAll(async () => t?.close());

const call = (slug: string, settings: string) => publishCall(t.app, slug, settings);

/** A draft filled up to the summary, through the service (as the journey pages do). */
async function readyToFile(slug: string, n: number, importo = 100, person = applicant(n)) {
  const service = t.app.services.submissions;
  const context = await service.begin(person, slug);
  await service.acceptPrivacy(context);
  await service.completeStep((await service.loadDraft(person, slug))!, 'dati', { progetto: `Progetto ${n}`, importo: String(importo) });
  return { person, key: (await service.loadDraft(person, slug))!.draft.idempotency_key };
}

const submitAll = (slug: string, drafts: Array<Awaited<ReturnType<typeof readyToFile>>>) =>
  Promise.allSettled(drafts.map((d) => t.app.services.submissions.submit(d.person, slug, d.key, 'it')));

async function filingsOf(procedureId: number) {
  return t.app.db.selectFrom('submissions').select(['id', 'public_id']).where('procedure_id', '=', procedureId).execute();
}

describe('a call with a cap and a reserve list', () => {
  it('takes 10 admitted and 5 on the reserve list of 50 filing at once, and refuses the other 35 filing nothing', async () => {
    const id = await call('bando-cinquanta', 'maxFilings: 10\ncall: { onePer: person, reserve: 5 }');
    const drafts = [];
    for (let n = 100; n < 150; n++) drafts.push(await readyToFile('bando-cinquanta', n));
    const results = await submitAll('bando-cinquanta', drafts);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
    expect(refused).toHaveLength(35);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 'full', statusCode: 409 });
    expect(await filingsOf(id)).toHaveLength(15);
    const ranking = (await t.app.services.calls.rankingOf('bando-cinquanta'))!;
    expect(ranking.entries.filter((e) => e.standing === 'admitted')).toHaveLength(10);
    expect(ranking.entries.filter((e) => e.standing === 'reserve')).toHaveLength(5);
    // receipt order: the admitted were received before every reserve
    const lastAdmitted = Math.max(...ranking.entries.filter((e) => e.standing === 'admitted').map((e) => e.application.receivedAt.getTime()));
    for (const e of ranking.entries.filter((x) => x.standing === 'reserve')) expect(e.application.receivedAt.getTime()).toBeGreaterThanOrEqual(lastAdmitted);
  });

  it('moves the first reserve up when an admitted applicant withdraws, and tells them', async () => {
    await call('bando-ritiro', 'maxFilings: 2\ncall: { reserve: 2 }');
    const drafts = [];
    for (let n = 200; n < 204; n++) drafts.push(await readyToFile('bando-ritiro', n));
    const filed = [];
    for (const d of drafts) filed.push(await t.app.services.submissions.submit(d.person, 'bando-ritiro', d.key, 'it'));
    const ids = filed.map((f) => (f.ok ? f.publicId : ''));
    const standing = async (publicId: string) => {
      const row = await t.app.db.selectFrom('submissions').select('id').where('public_id', '=', publicId).executeTakeFirstOrThrow();
      return t.app.services.calls.standingOf(row.id);
    };
    expect(await standing(ids[2]!)).toEqual({ standing: 'reserve', position: 1 });
    await t.app.services.backoffice.withdraw(applicantActor(drafts[0]!.person), ids[0]!, null);
    expect(await standing(ids[0]!)).toEqual({ standing: 'excluded', position: null });
    expect(await standing(ids[2]!)).toEqual({ standing: 'admitted', position: 2 });
    expect(await standing(ids[3]!)).toEqual({ standing: 'reserve', position: 1 });
    const told = await t.app.db.selectFrom('notifications').selectAll().where('dedupe_key', '=', `call:${(await t.app.db.selectFrom('submissions').select('id').where('public_id', '=', ids[2]!).executeTakeFirstOrThrow()).id}:moved-up`).execute();
    expect(told).toHaveLength(1);
  });

  it('moves the first reserve up when the office rejects an admitted application', async () => {
    await call('bando-rigetto', 'maxFilings: 1\ncall: { reserve: 1 }');
    const filed = [];
    for (let n = 250; n < 252; n++) {
      const d = await readyToFile('bando-rigetto', n);
      filed.push(await t.app.services.submissions.submit(d.person, 'bando-rigetto', d.key, 'it'));
    }
    const [first, second] = filed.map((f) => (f.ok ? f.publicId : ''));
    const idOf = async (publicId: string) => (await t.app.db.selectFrom('submissions').select('id').where('public_id', '=', publicId).executeTakeFirstOrThrow()).id;
    expect(await t.app.services.calls.standingOf(await idOf(second!))).toEqual({ standing: 'reserve', position: 1 });
    const office = t.app.services.backoffice;
    await office.take(CLERK_ANAGRAFE, first!);
    await office.decide(CLERK_ANAGRAFE, first!, { outcome: 'rejected', motivation: 'Requisiti non posseduti.', document: null });
    expect(await t.app.services.calls.standingOf(await idOf(first!))).toEqual({ standing: 'excluded', position: null });
    expect(await t.app.services.calls.standingOf(await idOf(second!))).toEqual({ standing: 'admitted', position: 1 });
  });
});

describe('one application per person', () => {
  it('refuses a second application with the message and a link to the first, filing nothing', async () => {
    const id = await call('bando-unico', 'call: { onePer: person }');
    const person = applicant(300);
    const first = await readyToFile('bando-unico', 300, 100, person);
    const filed = await t.app.services.submissions.submit(person, 'bando-unico', first.key, 'it');
    expect(filed.ok).toBe(true);
    // a second application cannot even begin (the check at filing, the authority, is shown by
    // the household test below: two applications sent at once)
    await expect(readyToFile('bando-unico', 300, 100, person)).rejects.toMatchObject({ statusCode: 409, pageKey: 'calls.alreadyApplied', backHref: `/area-personale/richieste/${filed.ok ? filed.publicId : ''}` });
    expect(await filingsOf(id)).toHaveLength(1);
  });

  it('files one of two applications sent at once for the same household, refusing the other with the message', async () => {
    const id = await call('bando-nucleo', 'call: { onePer: household, householdField: progetto }');
    const drafts = [];
    // five households, two people each, all filing at the same moment
    for (let n = 0; n < 10; n++) drafts.push(await readyToFile('bando-nucleo', 320 + n, 100));
    const service = t.app.services.submissions;
    for (const [n, d] of drafts.entries()) {
      const context = (await service.loadDraft(d.person, 'bando-nucleo'))!;
      await service.completeStep(context, 'dati', { progetto: `Via Roma ${Math.floor(n / 2)}`, importo: '100' });
      d.key = (await service.loadDraft(d.person, 'bando-nucleo'))!.draft.idempotency_key;
    }
    const results = await submitAll('bando-nucleo', drafts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) expect(r.reason).toMatchObject({ statusCode: 409, pageKey: 'calls.alreadyApplied' });
    expect(await filingsOf(id)).toHaveLength(5);
  });
});

describe('a call with a budget', () => {
  it('never takes more than the budget, even when everybody files at once; the rest go onto the reserve list or are refused', async () => {
    const id = await call('bando-budget', 'call: { onePer: person, budget: { amount: contributo, total: "1000.00" }, reserve: 3 }');
    const drafts = [];
    for (let n = 400; n < 420; n++) drafts.push(await readyToFile('bando-budget', n, 300));
    const results = await submitAll('bando-budget', drafts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) expect(r.reason).toMatchObject({ statusCode: 409, pageKey: 'calls.full' });
    expect(await filingsOf(id)).toHaveLength(6);
    const budget = await t.app.db.selectFrom('call_budgets').selectAll().where('procedure_id', '=', id).executeTakeFirstOrThrow();
    expect(Number(budget.used_cents)).toBe(90_000);
    const ranking = (await t.app.services.calls.rankingOf('bando-budget'))!;
    expect(ranking.entries.map((e) => e.standing)).toEqual(['admitted', 'admitted', 'admitted', 'reserve', 'reserve', 'reserve']);
  });
});

describe('the published ranking', () => {
  it('is published by the head of office only, with the CSRF token, and names protocol numbers only', async () => {
    const id = await call('bando-pubblico', 'maxFilings: 2\ncall: { ranking: { by: score, score: punti }, reserve: 2 }');
    const people = [applicant(500), applicant(501), applicant(502)];
    const amounts = [100, 300, 200];
    for (const [i, person] of people.entries()) {
      const d = await readyToFile('bando-pubblico', 500 + i, amounts[i], person);
      await t.app.services.submissions.submit(person, 'bando-pubblico', d.key, 'it');
    }
    const anonymous = await t.app.inject('/bandi/bando-pubblico/graduatoria');
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).toContain('La graduatoria non è ancora stata pubblicata.');
    expect((await t.app.inject('/bandi/bando-pubblico/graduatoria.csv')).statusCode).toBe(404);

    const clerk = await loginAs(t, TEST_PEOPLE.clerkSociali);
    await clerk.get('/bandi/bando-pubblico/graduatoria');
    expect((await clerk.post('/bandi/bando-pubblico/graduatoria/pubblica', {})).statusCode).toBe(403);
    const head = await loginAs(t, TEST_PEOPLE.head);
    const preview = await head.get('/bandi/bando-pubblico/graduatoria');
    expect(preview.body).toContain('Anteprima per l');
    expect((await head.post('/bandi/bando-pubblico/graduatoria/pubblica', {}, { csrf: false })).statusCode).toBe(403);
    expect((await head.post('/bandi/bando-pubblico/graduatoria/pubblica', {})).statusCode).toBe(303);
    const audit = await t.app.db.selectFrom('admin_audit').selectAll().where('action', '=', 'call.publishRanking').execute();
    expect(audit).toHaveLength(1);

    const published = await t.app.inject('/bandi/bando-pubblico/graduatoria');
    const csv = await t.app.inject('/bandi/bando-pubblico/graduatoria.csv');
    expect(csv.statusCode).toBe(200);
    const filings = await t.app.db.selectFrom('submissions').select(['protocol_number', 'protocol_year', 'answers']).where('procedure_id', '=', id).execute();
    for (const person of people) {
      for (const body of [published.body, csv.body]) {
        expect(body).not.toContain(person.fiscalCode);
        expect(body).not.toContain(person.familyName);
      }
    }
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('posizione;protocollo;ricevuta_il;punteggio;stato');
    // by score: 300, 200 admitted; 100 on the reserve list
    expect(lines.slice(1).map((l) => l.split(';').filter((_, i) => i === 0 || i >= 3).join(';'))).toEqual(['1;300;ammessa', '2;200;ammessa', '1;100;riserva']);
    for (const f of filings) expect(csv.body).toContain(`${String(f.protocol_number).padStart(7, '0')}/${f.protocol_year}`);
    const english = await t.app.inject('/bandi/bando-pubblico/graduatoria?lang=en');
    expect(english.body).toContain('Admitted');
    expect(english.body).toContain('Reserve');
  });
});

describe('the builder page of a call', () => {
  it('keeps the settings the administrator saves, and refuses a bad reserve with 422', async () => {
    const id = await call('bando-builder', 'maxFilings: 5\ncall: { reserve: 1 }');
    const admin = await loginAs(t, TEST_PEOPLE.admin);
    const page = await admin.get(`/admin/procedimenti/${id}/bando`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Una sola domanda per');
    const bad = await admin.post(`/admin/procedimenti/${id}/bando`, { isCall: 'yes', onePer: 'person', rankingBy: 'receipt', reserve: 'tanti' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Indica un numero di posti oppure');
    const saved = await admin.post(`/admin/procedimenti/${id}/bando`, { isCall: 'yes', onePer: 'person', rankingBy: 'receipt', reserve: 'illimitata' });
    expect(saved.statusCode).toBe(303);
    const ws = await t.app.services.admin.workspace(id);
    expect((ws.definition as { call?: unknown }).call).toEqual({ onePer: 'person', ranking: { by: 'receipt' }, reserve: 'unlimited' });
  });
});

describe('one application per person, told when the application begins', () => {
  it('refuses to begin a second application with the message and a link to the first, and begins no draft', async () => {
    const id = await call('bando-inizio', 'call: { onePer: person }');
    const person = applicant(600, { fiscalCode: TEST_PEOPLE.citizen2 });
    const first = await readyToFile('bando-inizio', 600, 100, person);
    const filed = await t.app.services.submissions.submit(person, 'bando-inizio', first.key, 'it');
    if (!filed.ok) throw new Error('not filed');
    await expect(t.app.services.submissions.begin(person, 'bando-inizio')).rejects.toMatchObject({ statusCode: 409, pageKey: 'calls.alreadyApplied', backHref: `/area-personale/richieste/${filed.publicId}` });

    // through the page: the same person logged in is told at once, with the link
    const browser = await loginAs(t, TEST_PEOPLE.citizen2);
    const page = await browser.get('/servizi/bando-inizio/domanda');
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('Hai già presentato una domanda per questo bando');
    expect(page.body).toContain(`href="/area-personale/richieste/${filed.publicId}"`);
    const drafts = await t.app.db.selectFrom('drafts').select('id').where('procedure_id', '=', id).execute();
    expect(drafts).toHaveLength(0);

    // still after a withdrawal: the rule is one application, not one at a time
    await t.app.services.backoffice.withdraw(applicantActor(person), filed.publicId, null);
    expect((await browser.get('/servizi/bando-inizio/domanda')).statusCode).toBe(409);
    // someone else begins
    expect((await (await loginAs(t, TEST_PEOPLE.citizen3)).get('/servizi/bando-inizio/domanda')).statusCode).toBe(303);
  });

  it('lets a second person of a household begin (the household is an answer, checked at filing)', async () => {
    await call('bando-nucleo-inizio', 'call: { onePer: household, householdField: progetto }');
    const first = await readyToFile('bando-nucleo-inizio', 610, 100);
    const service = t.app.services.submissions;
    await service.completeStep((await service.loadDraft(first.person, 'bando-nucleo-inizio'))!, 'dati', { progetto: 'Via Roma 1', importo: '100' });
    const key = (await service.loadDraft(first.person, 'bando-nucleo-inizio'))!.draft.idempotency_key;
    expect((await service.submit(first.person, 'bando-nucleo-inizio', key, 'it')).ok).toBe(true);
    await expect(service.begin(applicant(611), 'bando-nucleo-inizio')).resolves.toBeDefined();
  });
});

describe('a withdrawn application frees its place', () => {
  const idOf = async (publicId: string) => (await t.app.db.selectFrom('submissions').select('id').where('public_id', '=', publicId).executeTakeFirstOrThrow()).id;

  it('under a cap by number: the reserve moves up and a later application takes the place left on the reserve list', async () => {
    await call('bando-posto', 'maxFilings: 1\ncall: { reserve: 1 }');
    // three drafts begun while the call had room
    const [a, b, c] = [await readyToFile('bando-posto', 700), await readyToFile('bando-posto', 701), await readyToFile('bando-posto', 702)];
    const filedA = await t.app.services.submissions.submit(a.person, 'bando-posto', a.key, 'it');
    const filedB = await t.app.services.submissions.submit(b.person, 'bando-posto', b.key, 'it');
    if (!filedA.ok || !filedB.ok) throw new Error('not filed');
    await expect(t.app.services.submissions.submit(c.person, 'bando-posto', c.key, 'it')).rejects.toMatchObject({ status: 'full' });

    await t.app.services.backoffice.withdraw(applicantActor(a.person), filedA.publicId, null);
    expect(await t.app.services.calls.standingOf(await idOf(filedB.publicId))).toEqual({ standing: 'admitted', position: 1 });
    const filedC = await t.app.services.submissions.submit(c.person, 'bando-posto', c.key, 'it');
    if (!filedC.ok) throw new Error('not filed');
    expect(await t.app.services.calls.standingOf(await idOf(filedC.publicId))).toEqual({ standing: 'reserve', position: 1 });
    // and the cap holds again: no new application begins
    await expect(readyToFile('bando-posto', 703)).rejects.toMatchObject({ status: 'full' });
  });

  it('under a budget: its amount and its place go back, the reserve moves up, the counters follow the ranking', async () => {
    const id = await call('bando-fondi-ritiro', 'call: { budget: { amount: contributo, total: "1000.00" }, reserve: 1 }');
    const filed = [];
    for (let n = 710; n < 714; n++) {
      const d = await readyToFile('bando-fondi-ritiro', n, 300);
      const f = await t.app.services.submissions.submit(d.person, 'bando-fondi-ritiro', d.key, 'it');
      if (!f.ok) throw new Error('not filed');
      filed.push({ ...d, publicId: f.publicId });
    }
    const late = await readyToFile('bando-fondi-ritiro', 714, 300);
    await expect(t.app.services.submissions.submit(late.person, 'bando-fondi-ritiro', late.key, 'it')).rejects.toMatchObject({ pageKey: 'calls.full' });

    await t.app.services.backoffice.withdraw(applicantActor(filed[0]!.person), filed[0]!.publicId, null);
    expect(await t.app.services.calls.standingOf(await idOf(filed[3]!.publicId))).toEqual({ standing: 'admitted', position: 3 });
    const budget = async () => t.app.db.selectFrom('call_budgets').select(['used_cents', 'reserve_used']).where('procedure_id', '=', id).executeTakeFirstOrThrow();
    expect(await budget()).toMatchObject({ reserve_used: 0 });
    expect(Number((await budget()).used_cents)).toBe(90_000);
    // the place left on the reserve list is taken by the next one, then the call is full again
    const again = await t.app.services.submissions.submit(late.person, 'bando-fondi-ritiro', late.key, 'it');
    if (!again.ok) throw new Error('not filed');
    expect(await t.app.services.calls.standingOf(await idOf(again.publicId))).toEqual({ standing: 'reserve', position: 1 });
    const last = await readyToFile('bando-fondi-ritiro', 715, 300);
    await expect(t.app.services.submissions.submit(last.person, 'bando-fondi-ritiro', last.key, 'it')).rejects.toMatchObject({ pageKey: 'calls.full' });
  });
});

describe('a ranking by score with a budget', () => {
  it('refuses nobody for the budget at filing and assigns the budget in score order in the ranking', async () => {
    const id = await call('bando-punti-fondi', 'call: { budget: { amount: contributo, total: "1000.00" }, ranking: { by: score, score: punti }, reserve: unlimited }');
    // received in this order: 600, 300, 900 (the score is the amount)
    for (const [i, importo] of [600, 300, 900].entries()) {
      const d = await readyToFile('bando-punti-fondi', 720 + i, importo);
      expect((await t.app.services.submissions.submit(d.person, 'bando-punti-fondi', d.key, 'it')).ok).toBe(true);
    }
    const ranking = (await t.app.services.calls.rankingOf('bando-punti-fondi'))!;
    // by receipt the budget would fund 600 + 300; by score 900 goes first and nothing else fits
    expect(ranking.entries.map((e) => [e.application.score, e.standing])).toEqual([[900, 'admitted'], [600, 'reserve'], [300, 'reserve']]);
    const budget = await t.app.db.selectFrom('call_budgets').select('used_cents').where('procedure_id', '=', id).executeTakeFirst();
    expect(Number(budget?.used_cents ?? 0)).toBe(0);
    const placed = await t.app.db.selectFrom('call_applications').select(['score', 'placed']).where('procedure_id', '=', id).orderBy('received_at').execute();
    // where each stood when it was filed (provisional): 600 alone, 600 + 300, then 900 first
    expect(placed.map((p) => p.placed)).toEqual(['admitted', 'admitted', 'admitted']);
  });

  it('is refused with a limited reserve list: nobody can be refused at filing, every application not funded waits', () => {
    const problems = callProblems({ call: { onePer: 'person', budget: { amount: 'contributo', total: '1000.00' }, ranking: { by: 'score', score: 'punti' }, reserve: 3 }, audience: 'citizens', computed: [{ name: 'contributo', format: 'money' }, { name: 'punti', format: 'integer' }], fieldNames: new Set() });
    expect(problems.map((p) => p.path.join('.'))).toEqual(['call.reserve']);
  });
});
