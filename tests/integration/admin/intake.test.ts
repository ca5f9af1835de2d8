// Opening and closing: a procedure that opens later says when on its page and refuses to begin
// a draft; one whose deadline has passed refuses drafts and filings (also drafts begun before,
// when a new version moves the deadline earlier); a cap on filings is never exceeded, even
// when many people file at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeClosedError } from '../../../src/catalogue/intake.ts';
import { isoToRomeLocal } from '../../../src/admin/rome-time.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { applicant } from '../../helpers/applicants.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { createProcedure, field, METADATA, post } from './helpers.ts';

let t: TestApp;
let admin: PortalAgent;
const HOUR = 3600_000;
const local = (ms: number) => isoToRomeLocal(new Date(Date.now() + ms).toISOString());

beforeAll(async () => {
  t = await createTestApp({}, { poolSize: 20 });
  admin = await loginAs(t, TEST_PEOPLE.admin);
});
afterAll(async () => t?.close());

/** A one-step call for grants, built and published through the admin pages. */
async function call(slug: string, intake: { opensAt?: string; closesAt?: string; maxFilings?: string }) {
  const { id, base } = await createProcedure(admin, slug);
  await post(admin, `${base}/scheda`, { ...METADATA, titleIt: `Bando ${slug}`, titleEn: `Call ${slug}`, ...intake });
  await post(admin, `${base}/passi/dati/campi`, field({ name: 'progetto', labelIt: 'Titolo del progetto', labelEn: 'Project title' }));
  await post(admin, `${base}/pubblica`, {});
  return { id, base };
}

/** A draft filled up to the summary, through the service (as the journey pages do). */
async function readyToFile(slug: string, n: number) {
  const person = applicant(n);
  const service = t.app.services.submissions;
  let context = await service.begin(person, slug);
  await service.acceptPrivacy(context);
  await service.completeStep(context, 'dati-generali', null);
  context = (await service.loadDraft(person, slug))!;
  await service.completeStep(context, 'dati', { progetto: `Progetto ${n}` });
  return { person, key: (await service.loadDraft(person, slug))!.draft.idempotency_key };
}

describe('opening and closing of applications', () => {
  it('explains when a call opens, and refuses to begin before', async () => {
    await call('bando-futuro', { opensAt: local(48 * HOUR), closesAt: local(96 * HOUR), maxFilings: '10' });
    const page = await t.app.inject('/servizi/bando-futuro');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Quando presentare la domanda');
    expect(page.body).toContain('Le domande non sono ancora aperte: si apriranno il');
    expect(page.body).toContain('Si accettano al massimo 10 domande, in ordine di arrivo.');
    expect(page.body).not.toContain('Compila online');
    const english = await t.app.inject('/servizi/bando-futuro?lang=en');
    expect(english.body).toContain('Applications are not open yet: they open on');

    const citizen = await loginAs(t, TEST_PEOPLE.citizen2);
    const begin = await citizen.get('/servizi/bando-futuro/domanda');
    expect(begin.statusCode).toBe(409);
    expect(begin.body).toContain('Le domande non sono ancora aperte');
    expect(await t.app.db.selectFrom('drafts').select('id').where('owner_fiscal_code', '=', TEST_PEOPLE.citizen2).execute()).toEqual([]);
  });

  it('refuses drafts and filings after the closing, also for a draft begun earlier', async () => {
    const { base } = await call('bando-aperto', { opensAt: local(-48 * HOUR), closesAt: local(48 * HOUR) });
    const open = await t.app.inject('/servizi/bando-aperto');
    expect(open.body).toContain('Le domande si possono presentare fino al');
    expect(open.body).toContain('Compila online');
    const early = await readyToFile('bando-aperto', 1);

    // the deadline is brought forward: version 2 closed an hour ago
    await post(admin, `${base}/scheda`, { ...METADATA, titleIt: 'Bando bando-aperto', titleEn: 'Call', opensAt: local(-48 * HOUR), closesAt: local(-HOUR) });
    const overview = await admin.get(base);
    expect(overview.body).toContain('la data di chiusura delle domande è già passata');
    // a warning: publishing it needs the administrator's confirmation
    await post(admin, `${base}/pubblica`, {}, 422);
    await post(admin, `${base}/pubblica`, { confermaAvvisi: 'yes' });

    await expect(t.app.services.submissions.submit(early.person, 'bando-aperto', early.key, 'it')).rejects.toThrow(IntakeClosedError);
    await expect(t.app.services.submissions.begin(applicant(2), 'bando-aperto')).rejects.toMatchObject({ status: 'closed', statusCode: 409 });
    expect(Number((await t.app.db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
    // anonymous pages are cached for up to a second (page-cache.ts): a logged-in person sees it now
    const closed = await admin.get('/servizi/bando-aperto');
    expect(closed.body).toContain('Le domande sono chiuse dal');
    expect(closed.body).not.toContain('Compila online');
  });

  it('never files beyond the cap, even when everybody files at once', async () => {
    const { id } = await call('click-day', { maxFilings: '3' });
    const drafts = [];
    for (let n = 10; n < 18; n++) drafts.push(await readyToFile('click-day', n));
    const results = await Promise.allSettled(drafts.map((d) => t.app.services.submissions.submit(d.person, 'click-day', d.key, 'it')));
    const filed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(filed).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 'full', statusCode: 409 });
    const rows = await t.app.db.selectFrom('submissions').select('id').where('procedure_id', '=', id).execute();
    expect(rows).toHaveLength(3);
    // the refused keep their drafts (nothing was filed for them)
    expect(await t.app.db.selectFrom('drafts').select('id').where('procedure_id', '=', id).execute()).toHaveLength(5);

    const citizen = await loginAs(t, TEST_PEOPLE.citizen3);
    const page = await citizen.get('/servizi/click-day');
    expect(page.body).toContain('È stato raggiunto il numero massimo di domande');
    const begin = await citizen.get('/servizi/click-day/domanda');
    expect(begin.statusCode).toBe(409);
    expect(begin.body).toContain('Raggiunto il numero massimo di domande');
    const overview = await admin.get(`/admin/procedimenti/${id}`);
    expect(overview.body).toContain('Al massimo 3 domande (3 presentate)');
  });

  it('refuses both sends of a double click once the cap is reached, and files once the one that fits', async () => {
    await call('click-day-due', { maxFilings: '1' });
    const first = await readyToFile('click-day-due', 30);
    const second = await readyToFile('click-day-due', 31);
    const service = t.app.services.submissions;
    // both people double-click at the same moment: one filing fits, the other person is told "full" twice
    const results = await Promise.allSettled([first, first, second, second].map((d) => service.submit(d.person, 'click-day-due', d.key, 'it')));
    const byPerson = [results.slice(0, 2), results.slice(2)];
    const winner = byPerson.findIndex((pair) => pair.some((r) => r.status === 'fulfilled'));
    expect(winner).toBeGreaterThanOrEqual(0);
    const [won, lost] = [byPerson[winner]!, byPerson[1 - winner]!];
    expect(won.every((r) => r.status === 'fulfilled' && r.value.ok)).toBe(true);
    for (const r of lost) expect(r).toMatchObject({ status: 'rejected', reason: { status: 'full', statusCode: 409 } });
  });
});
