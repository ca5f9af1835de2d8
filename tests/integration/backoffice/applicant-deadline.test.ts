// The applicant's "Risposta entro" on the request page follows the legal clock the clerk's
// case page uses (backoffice/legal-clock.ts): while an integration request suspends the term
// (L. 241/1990 art. 2 c. 7) it says since when and what is awaited, not the stale date; once
// answered, the new date, moved by the days the term stood still.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, DAY_MS, romeDate, testClock } from '../../../src/platform/time.ts';
import { formatDate } from '../../../src/platform/format.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileResidence, multipart } from './helpers.ts';

const clock = testClock(new Date());
let t: TestApp;
let clerk: PortalAgent;
let citizen: PortalAgent;
let filing: { id: number; publicId: string };

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  filing = await fileResidence(t.app, CITIZEN);
  clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
  citizen = await loginAs(t, TEST_PEOPLE.citizen);
});
afterAll(async () => t?.close());

const requestPath = () => `/area-personale/richieste/${filing.publicId}`;
const casePath = () => `/backoffice/pratiche/${filing.publicId}`;
const dueDateCell = (body: string) => /<span data-testid="due-date">([^<]*)<\/span>/.exec(body)?.[1];
const day = (date: string, locale: 'it' | 'en' = 'it') => formatDate(date, locale);

describe('the answer-by date on the applicant\'s request page', () => {
  let filedDue: string;

  it('is the due date of the filing while the clock runs', async () => {
    filedDue = (await t.app.db.selectFrom('cases').select('due_date').where('submission_id', '=', filing.id).executeTakeFirstOrThrow()).due_date;
    const page = await citizen.get(requestPath());
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(dueDateCell(page.body)).toBe(day(filedDue));
  });

  it('says the term is suspended, since when and what is awaited, while the office waits for an integration', async () => {
    expect((await clerk.post(`${casePath()}/prendi-in-carico`)).statusCode).toBe(303);
    expect((await clerk.post(`${casePath()}/integrazione`, { testo: 'Allegare copia del contratto di locazione.', giorni: '15' })).statusCode).toBe(303);
    const today = romeDate(clock());
    const page = await citizen.get(requestPath());
    const cell = dueDateCell(page.body)!;
    expect(cell).toContain(`Termine sospeso dal ${day(today)}`);
    expect(cell).toContain('si attendono i documenti o le informazioni chiesti dall&#39;ufficio');
    expect(cell).toContain(`entro il ${day(addDays(today, 15))}`);
    expect(cell).not.toContain(day(filedDue));
    const english = dueDateCell((await citizen.get(`${requestPath()}?lang=en`)).body)!;
    expect(english).toContain(`Deadline suspended since ${day(today, 'en')}`);
    await citizen.get(`${requestPath()}?lang=it`);
  });

  it('shows the new date once answered, moved by the days the term stood still', async () => {
    clock.advance(4 * DAY_MS);
    // four days on, the sessions of before have lapsed: log in again
    citizen = await loginAs(t, TEST_PEOPLE.citizen);
    clerk = await loginAs(t, TEST_PEOPLE.clerkAnagrafe);
    const form = await citizen.get(`${requestPath()}/rispondi`);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(form.body)![1]!.replace(/&amp;/g, '&');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const body = multipart({ _csrf: token, testo: 'Ecco il contratto di locazione registrato.' });
    expect((await citizen.inject({ method: 'POST', url: action, payload: body.payload, headers: body.headers })).statusCode).toBe(303);
    const page = await citizen.get(requestPath());
    expect(dueDateCell(page.body)).toBe(day(addDays(filedDue, 4)));
    // the same date as on the clerk's case page
    expect((await clerk.get(casePath())).body).toContain(day(addDays(filedDue, 4)));
  });
});
