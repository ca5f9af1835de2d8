// Expected decision dates through the real portal, on a clock the test moves: an office queue
// (received now: the protocol's time is the database's), most of it decided over the last four
// weeks (the clock moved back for each decision), then the person's request page
// (Italian and English), the clerk's case page and the queue show the date the pure rule gives
// for the filing's place and the office's pace; a decided filing shows none, another person's
// request is still a 404, a suspended case says its date moves, and an office without enough
// history shows the legal deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionsPerDay, expectedDecisionDate } from '../../../src/backoffice/expected-date.ts';
import { formatDate, formatNumber } from '../../../src/platform/format.ts';
import { addDays, romeDate, testClock, type TestClock } from '../../../src/platform/time.ts';
import { italianCalendar } from '../../../src/platform/working-days.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, CITIZEN2, CLERK_ANAGRAFE, fileProcedure } from './helpers.ts';

const SLUG = 'iscrizione-albo-presidenti-seggio'; // anagrafe, 90 days, istanza
const OTHERS = 12;
const DECIDED = 10;

let t: TestApp;
let clock: TestClock;
let start: number;
let mine: { publicId: string; id: number };
let decided: { publicId: string; id: number };
let elsewhere: { publicId: string; id: number };
let ahead: Array<{ publicId: string; id: number }>;
let giulio: PortalAgent;
let clerk: PortalAgent;

const day = (offset: number) => addDays(romeDate(new Date(start)), offset);
/** Moves the clock to `hour` (UTC) `offset` days from the start. */
const moveTo = (offset: number, hour = 10) => clock.set(`${day(offset)}T${String(hour).padStart(2, '0')}:00:00Z`);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const dueDateOf = async (id: number) => (await t.app.db.selectFrom('cases').select('due_date').where('submission_id', '=', id).executeTakeFirstOrThrow()).due_date;

async function decide(publicId: string) {
  const service = t.app.services.backoffice;
  await service.take(CLERK_ANAGRAFE, publicId);
  await service.decide(CLERK_ANAGRAFE, publicId, { outcome: 'approved', motivation: 'Requisiti verificati.', document: null });
}

beforeAll(async () => {
  // from the wall time, so that the logins' tokens are current
  start = Date.now();
  clock = testClock(start);
  t = await createTestApp({}, { clock });
  // the office's queue, then the person's two filings, and one to an office that decided nothing
  ahead = [];
  for (let i = 0; i < OTHERS; i++) ahead.push(await fileProcedure(t.app, CITIZEN2, SLUG));
  clock.advance(60_000);
  mine = await fileProcedure(t.app, CITIZEN, SLUG);
  decided = await fileProcedure(t.app, CITIZEN, SLUG);
  elsewhere = await fileProcedure(t.app, CITIZEN, 'accesso-atti-edilizi');
  // decisions spread over the last four weeks (one of them the person's other filing)
  for (let i = 0; i < DECIDED; i++) {
    moveTo(-26 + 2 * i);
    await decide(ahead[i]!.publicId);
  }
  moveTo(-1);
  await decide(decided.publicId);
  moveTo(0);
  [giulio, clerk] = [await loginAs(t, TEST_PEOPLE.citizen), await loginAs(t, TEST_PEOPLE.clerkAnagrafe)];
}, 300_000);
afterAll(async () => t?.close());

describe('the expected decision date', () => {
  it("is the pure rule's date for the filing's place and the office's pace, on the person's page in Italian and English", async () => {
    const today = romeDate(clock());
    const calendar = italianCalendar();
    const position = OTHERS - DECIDED + 1;
    const perDay = decisionsPerDay(DECIDED + 1, today, calendar);
    const legalDeadline = await dueDateOf(mine.id);
    const expected = expectedDecisionDate({ position, decisionsPerDay: perDay, legalDeadline, today, calendar });
    expect(expected.basis).toBe('queue');

    const it_ = await giulio.get(`/area-personale/richieste/${mine.publicId}`);
    expect(it_.statusCode).toBe(200);
    expect(it_.headers['cache-control']).toContain('no-store');
    const page = text(it_.body);
    expect(page).toContain(`Data prevista della decisione: ${formatDate(expected.date, 'it')} (entro il termine di legge: ${formatDate(legalDeadline, 'it')})`);
    expect(it_.body).toContain('<summary>Come calcoliamo questa data</summary>');
    expect(page).toContain(`la numero ${position} nella coda`);
    expect(page).toContain(`ha concluso ${DECIDED + 1} pratiche, circa ${formatNumber(perDay, 'it')} per giorno lavorativo`);
    expect(page).toContain('È una stima, non un impegno');

    const en = text((await giulio.get(`/area-personale/richieste/${mine.publicId}?lang=en`)).body);
    await giulio.get('/?lang=it');
    expect(en).toContain(`Expected decision date: ${formatDate(expected.date, 'en')} (within the legal deadline: ${formatDate(legalDeadline, 'en')})`);
    expect(en).toContain('How we estimate this date');
    expect(en).toContain(`number ${position} in the office's queue`);
  });

  it('shows the clerk the same date on the case page and in the queue', async () => {
    const today = romeDate(clock());
    const calendar = italianCalendar();
    const legalDeadline = await dueDateOf(mine.id);
    const expected = expectedDecisionDate({ position: OTHERS - DECIDED + 1, decisionsPerDay: decisionsPerDay(DECIDED + 1, today, calendar), legalDeadline, today, calendar });
    const casePage = await clerk.get(`/backoffice/pratiche/${mine.publicId}`);
    expect(casePage.statusCode).toBe(200);
    expect(text(casePage.body)).toContain(`Data prevista della decisione: ${formatDate(expected.date, 'it')} (entro il termine di legge: ${formatDate(legalDeadline, 'it')})`);
    const queue = await clerk.get('/backoffice');
    expect(queue.body).toContain('Decisione prevista');
    expect(queue.body).toContain(`<td data-testid="expected">${formatDate(expected.date, 'it')}</td>`);
    // the first one still waiting is number 1: a date no later than the person's
    const first = expectedDecisionDate({ position: 1, decisionsPerDay: decisionsPerDay(DECIDED + 1, today, calendar), legalDeadline: await dueDateOf(ahead[DECIDED]!.id), today, calendar });
    expect(text((await clerk.get(`/backoffice/pratiche/${ahead[DECIDED]!.publicId}`)).body)).toContain(`Data prevista della decisione: ${formatDate(first.date, 'it')}`);
  });

  it("shows no estimate on a decided filing, and another person's request is still a 404", async () => {
    const done = await giulio.get(`/area-personale/richieste/${decided.publicId}`);
    expect(done.statusCode).toBe(200);
    expect(done.body).not.toContain('Data prevista della decisione');
    expect(done.body).not.toContain('data-testid="expected-date"');
    expect((await giulio.get(`/area-personale/richieste/${ahead[OTHERS - 1]!.publicId}`)).statusCode).toBe(404);
    expect((await clerk.get(`/backoffice/pratiche/${decided.publicId}`)).body).not.toContain('Data prevista della decisione');
  });

  it('says the date moves while the office waits for the applicant', async () => {
    const service = t.app.services.backoffice;
    await service.take(CLERK_ANAGRAFE, mine.publicId);
    await service.requestIntegration(CLERK_ANAGRAFE, mine.publicId, { text: 'Manca la copia del diploma.', replyDays: 20 });
    // the office's places are kept for a minute
    clock.advance(2 * 60_000);
    const today = romeDate(clock());
    const calendar = italianCalendar();
    const view = await service.applicantView(mine.id);
    expect(view!.clock.paused).not.toBeNull();
    const expected = expectedDecisionDate({
      position: OTHERS - DECIDED + 1,
      decisionsPerDay: decisionsPerDay(DECIDED + 1, today, calendar),
      legalDeadline: view!.clock.dueDate,
      today,
      calendar,
      suspended: { daysLeft: view!.clock.remainingDays },
    });
    const waiting = text((await giulio.get(`/area-personale/richieste/${mine.publicId}`)).body);
    expect(waiting).toContain("finché l'ufficio ti aspetta, la data si sposta in avanti");
    expect(waiting).toContain(`Data prevista della decisione: ${formatDate(expected.date, 'it')}`);
    expect(text((await clerk.get(`/backoffice/pratiche/${mine.publicId}`)).body)).toContain('Pratica sospesa in attesa del richiedente');
    expect((await clerk.get('/backoffice')).body).toContain('<td data-testid="expected">In attesa del richiedente</td>');
  });

  it("falls back to the legal deadline, and says so, in an office that decided too little", async () => {
    const legalDeadline = await dueDateOf(elsewhere.id);
    const page = text((await giulio.get(`/area-personale/richieste/${elsewhere.publicId}`)).body);
    expect(page).toContain(`Data prevista della decisione: ${formatDate(legalDeadline, 'it')} (entro il termine di legge: ${formatDate(legalDeadline, 'it')})`);
    expect(page).toContain("Nelle ultime 4 settimane l'ufficio ha concluso meno di 5 pratiche");
  });
});
