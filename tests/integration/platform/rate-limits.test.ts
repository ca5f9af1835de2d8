// The rate limits (src/platform/rate-limit-store.ts), as an attacker would try them: behind a
// trusted proxy, a client's own X-Forwarded-For does not give it a fresh counter; two portal
// processes on one database count together; a person cannot mail confirmation links to
// strangers in a row nor flood an office with messages (a 429 page in their language, with a
// way back); a double-click storm on "Invia" never uses up the filing limit, while distinct
// filings still meet it; counters whose window ended are pruned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { testClock, type TestClock } from '../../../src/platform/time.ts';
import { createTestApp, testConfig, type TestApp } from '../../helpers/app.ts';
import { fillResidenceCertificate, RESIDENCE } from '../../helpers/applicants.ts';
import { loginAs, TEST_PEOPLE, type PortalAgent } from '../../helpers/login.ts';
import { CITIZEN, fileResidence, multipart } from '../backoffice/helpers.ts';

const ENV = {
  TRUST_PROXY: '127.0.0.1',
  LOGIN_RATE_LIMIT: '3',
  SUBMIT_RATE_LIMIT: '10',
  OFFICE_MESSAGE_RATE_LIMIT: '3',
};

let t: TestApp;
let clock: TestClock;
// logged in from 127.0.0.1 with no X-Forwarded-For: two of the three logins a minute there
let giulio: PortalAgent;
let mario: PortalAgent;
beforeAll(async () => {
  // from the wall time, so that the logins' tokens are current; moved by hand after that
  clock = testClock(Date.now());
  t = await createTestApp(ENV, { clock });
  giulio = await loginAs(t, TEST_PEOPLE.citizen);
  mario = await loginAs(t, TEST_PEOPLE.citizen3);
});
afterAll(async () => t?.close());

const loginPage = (app: TestApp['app'], remoteAddress: string, forwardedFor?: string) =>
  app.inject({ method: 'GET', url: '/auth/login', remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

describe('the login limit behind a proxy', () => {
  it('is not reset by an untrusted client naming other addresses in X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) statuses.push((await loginPage(t.app, '203.0.113.5', `10.0.0.${i}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('counts each client the trusted proxy names apart', async () => {
    for (let i = 0; i < 3; i++) expect((await loginPage(t.app, '127.0.0.1', '192.0.2.1')).statusCode).toBe(200);
    expect((await loginPage(t.app, '127.0.0.1', '192.0.2.1')).statusCode).toBe(429);
    expect((await loginPage(t.app, '127.0.0.1', '192.0.2.2')).statusCode).toBe(200);
  });

  it('is shared by two portal processes on the same database', async () => {
    const other = await buildApp(await testConfig(ENV), { database: t.database.handle, skipSetup: true, clock });
    try {
      await other.ready();
      for (let i = 0; i < 3; i++) expect((await loginPage(t.app, '198.51.100.7')).statusCode).toBe(200);
      // the second process sees the first one's hits
      expect((await loginPage(other, '198.51.100.7')).statusCode).toBe(429);
      expect((await loginPage(other, '198.51.100.8')).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('e-mail changes', () => {
  it('are limited per person: past 5 an hour, a 429 page with a way back, and no mail', async () => {
    const token = await mario.csrfToken();
    // a refused address sends nothing and is not counted
    expect((await mario.post('/area-personale/preferenze/email', { email: 'not-an-address' }, { csrf: token })).statusCode).toBe(422);
    for (let i = 1; i <= 5; i++) {
      expect((await mario.post('/area-personale/preferenze/email', { email: `stranger${i}@example.it` }, { csrf: token })).statusCode).toBe(303);
    }
    const refused = await mario.post('/area-personale/preferenze/email', { email: 'stranger6@example.it' }, { csrf: token });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('Troppe richieste di cambio e-mail');
    expect(refused.body).toContain('al massimo 5 volte in un&#39;ora');
    expect(refused.body).toContain('href="/area-personale/preferenze">Torna indietro');
    const english = await mario.post('/area-personale/preferenze/email?lang=en', { email: 'stranger7@example.it' }, { csrf: token });
    expect(english.statusCode).toBe(429);
    expect(english.body).toContain('Too many e-mail changes');
    expect(english.body).toContain('Go back');
    const preferences = await t.app.services.notifications.contacts.preferences(TEST_PEOPLE.citizen3);
    expect(preferences.pendingEmail).toBe('stranger5@example.it');
  });
});

describe('the filing limit', () => {
  let token: string;
  beforeAll(async () => {
    token = await giulio.csrfToken();
  });

  const send = (idempotencyKey: string) => giulio.post(`/servizi/${RESIDENCE}/domanda/invia`, { idempotencyKey }, { csrf: token });

  it('is not used up by a double-click storm: 50 sends of one key all show the same receipt', async () => {
    const key = await fillResidenceCertificate(t.app, CITIZEN);
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await send(key));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(303));
    expect(new Set(answers.map((a) => a.headers.location)).size).toBe(1);
    expect(answers[0]!.headers.location).toMatch(/^\/area-personale\/richieste\/[^/]+\/conferma$/);
  });

  it('still stops distinct filings past the limit, with a way back to the summary', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await send(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)).statusCode);
    // the storm above counted once: 9 more fit in the minute
    expect(statuses.slice(0, 9)).not.toContain(429);
    expect(statuses.slice(9)).toEqual(Array(41).fill(429));
    const refused = await send('00000000-0000-4000-8000-999999999999');
    expect(refused.body).toContain(`href="/servizi/${RESIDENCE}/domanda/riepilogo">Torna indietro`);
  });
});

describe('messages to the office', () => {
  it('are limited per person: past the limit a 429 page, the message not sent', async () => {
    const filing = await fileResidence(t.app, CITIZEN);
    const requestPath = `/area-personale/richieste/${filing.publicId}`;
    const form = await giulio.get(`${requestPath}/messaggio`);
    expect(form.statusCode).toBe(200);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(form.body)![1]!.replace(/&amp;/g, '&');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const write = (text: string) => {
      const body = multipart({ _csrf: token, testo: text });
      return giulio.inject({ method: 'POST', url: action, payload: body.payload, headers: body.headers });
    };
    for (let i = 1; i <= 3; i++) expect((await write(`Messaggio numero ${i} per l'ufficio.`)).statusCode).toBe(303);
    const refused = await write('Messaggio numero 4 per l\'ufficio.');
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Troppi messaggi all&#39;ufficio');
    expect(refused.body).toContain(`href="${requestPath}">Torna indietro`);
    const messages = await t.app.db.selectFrom('case_messages').select('body').execute();
    expect(messages.filter((m) => m.body.startsWith('Messaggio numero'))).toHaveLength(3);
  });
});

describe('counters', () => {
  it('start again when their window ends, and are pruned once it has', async () => {
    expect((await loginPage(t.app, '203.0.113.5')).statusCode).toBe(429);
    clock.advance(11 * 60_000);
    expect((await loginPage(t.app, '203.0.113.5')).statusCode).toBe(200);
    const ended = await t.app.db.selectFrom('rate_limit_counters').select('key').where('reset_at', '<', clock()).execute();
    expect(ended).toEqual([]);
    const left = await t.app.db.selectFrom('rate_limit_counters').select('key').execute();
    expect(left.map((r) => r.key)).toContain('GET /auth/login|203.0.113.5');
    // the hour-long windows of the e-mail changes are still running
    expect(left.some((r) => r.key.startsWith('POST /area-personale/preferenze/email|'))).toBe(true);
  });
});
