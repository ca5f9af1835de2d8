// The rating of the service received, through the real app: not offered before the office
// decides; once decided, on the person's request page, stars then reasons (CSRF in the body),
// counted per procedure, office and day, and asked only once; another person's filing 404.
// The back office's statistics read the after-outcome figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CLERK_ANAGRAFE, fileResidence } from '../backoffice/helpers.ts';
import { serviceRatingsOf } from '../../../src/feedback/feedback.service.ts';

let t: TestApp;
let citizen: PortalAgent;
let filing: { id: number; publicId: string };
beforeAll(async () => {
  t = await createTestApp();
  filing = await fileResidence(t.app);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

const QUESTION = 'Come valuti il servizio ricevuto?';
const page = () => `/area-personale/richieste/${filing.publicId}`;
const ratings = () => t.app.db.selectFrom('service_ratings').selectAll().execute();

describe('the rating of the service after the outcome', () => {
  it('is not offered before the decision, and cannot be posted then', async () => {
    const res = await citizen.get(page());
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(QUESTION);
    expect((await citizen.post(`${page()}/valutazione`, { stelle: '5' })).statusCode).toBe(404);
    // the confirmation page no longer asks before any outcome
    expect((await citizen.get(`${page()}/conferma`)).body).not.toContain('Quanto è stato facile usare questo servizio?');
  });

  it('is offered once the office decided, and another person\'s filing answers 404', async () => {
    await t.app.services.backoffice.take(CLERK_ANAGRAFE, filing.publicId);
    await t.app.services.backoffice.decide(CLERK_ANAGRAFE, filing.publicId, { outcome: 'approved', motivation: 'Requisiti verificati in anagrafe.', document: null });
    const res = await citizen.get(page());
    expect(res.body).toContain(QUESTION);
    expect(res.body).toContain(`action="${page()}/valutazione"`);
    const other = await loginAs(t, TEST_PEOPLE.citizen2);
    expect((await other.post(`${page()}/valutazione`, { stelle: '1' })).statusCode).toBe(404);
    expect((await other.get(`${page()}/valutazione/motivo?stelle=1`)).statusCode).toBe(404);
    expect((await other.post(`${page()}/valutazione/motivo`, { stelle: '1', motivo: 'other' })).statusCode).toBe(404);
    expect(await ratings()).toEqual([]);
  });

  it('takes the stars, then a reason of those stars, and counts it per procedure and office', async () => {
    const none = await citizen.post(`${page()}/valutazione`, {});
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Scegli da 1 a 5 stelle.');
    const first = await citizen.post(`${page()}/valutazione`, { stelle: '4' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${page()}/valutazione/motivo?stelle=4`);
    const reasons = await citizen.get(first.headers.location as string);
    expect(reasons.body).toContain('Capivo sempre che stavo procedendo correttamente');
    expect((await citizen.post(`${page()}/valutazione/motivo`, { stelle: '4', motivo: 'clear' }, { csrf: false })).statusCode).toBe(403);
    const wrong = await citizen.post(`${page()}/valutazione/motivo`, { stelle: '4', motivo: 'technical' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Scegli una delle risposte proposte.');
    expect(await ratings()).toEqual([]);
    const done = await citizen.post(`${page()}/valutazione/motivo`, { stelle: '4', motivo: 'clear' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(page());
    const procedure = await t.app.db.selectFrom('cases').select(['procedure_id', 'office_code']).where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
    expect(await ratings()).toMatchObject([{ procedure_id: Number(procedure.procedure_id), office_code: 'anagrafe', stars: 4, reason: 'clear', votes: 1 }]);
  });

  it('is asked only once', async () => {
    const res = await citizen.get(page());
    expect(res.body).toContain('Grazie per aver valutato il servizio ricevuto.');
    expect(res.body).not.toContain(`action="${page()}/valutazione"`);
    expect((await citizen.post(`${page()}/valutazione`, { stelle: '1' })).headers.location).toBe(page());
    expect((await citizen.post(`${page()}/valutazione/motivo`, { stelle: '1', motivo: 'other' })).headers.location).toBe(page());
    expect((await ratings()).reduce((sum, r) => sum + r.votes, 0)).toBe(1);
  });

  it('is what the back office statistics read, withheld below five ratings', async () => {
    const clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const res = await clerk.get('/backoffice/statistiche');
    expect(res.statusCode).toBe(200);
    const ratingsOf = await serviceRatingsOf(t.app.db, '2000-01-01', '2100-01-01');
    const procedure = await t.app.db.selectFrom('cases').select('procedure_id').where('submission_id', '=', filing.id).executeTakeFirstOrThrow();
    expect(ratingsOf(Number(procedure.procedure_id), 'anagrafe')).toEqual({ rating: null, ratings: 1 });
  });
});
