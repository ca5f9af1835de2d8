// The waiting room of a click day through the real app: people who begin an application take a
// ticket from one sequence per procedure and go in at the set rate, metered from the call's
// opening time (without one: from the first ticket); the others see their place and the wait,
// on a page that reloads itself; a person keeps one ticket per procedure, across reloads and
// across sessions (another browser, a new login); a person with a draft goes straight on. The
// portal runs on a clock the test moves: the room lets people in as that clock runs.
// (Where a ticket stands, the pure rule: tests/unit/submissions/waiting-room.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { syncSeedCatalogue } from '../../../src/catalogue/catalogue.service.ts';
import { loadConfig } from '../../../src/config.ts';
import { testClock, type TestClock } from '../../../src/platform/time.ts';
import type { TestApp } from '../../helpers/app.ts';
import { callDefinition, publishCall } from '../../helpers/calls.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import { loginAs, TEST_PEOPLE } from '../../helpers/login.ts';

const NO_OPENING = 'sala-senza-apertura';
const WITH_OPENING = 'sala-con-apertura';
const base = (slug: string) => `/servizi/${slug}/domanda`;

let t: TestApp;
let clock: TestClock;
let opening: number;
beforeAll(async () => {
  const database = await createTestDatabase();
  await syncSeedCatalogue(database.handle.db);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', WAITING_ROOM_PROCEDURES: `${NO_OPENING},${WITH_OPENING}`, WAITING_ROOM_RATE: '1', LOGIN_RATE_LIMIT: '10000' });
  // from the wall time, so that the logins' tokens are current
  clock = testClock(Date.now());
  const app = await buildApp(config, { database: database.handle, skipSetup: true, clock });
  await app.ready();
  t = {
    app,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
  // the call opens five minutes from now (whole seconds, as an administrator sets it)
  opening = Math.ceil((clock().getTime() + 5 * 60_000) / 1000) * 1000;
  await publishCall(app, NO_OPENING, '');
  await publishCall(app, WITH_OPENING, `opensAt: "${new Date(opening).toISOString()}"`);
});
afterAll(async () => t?.close());

describe('a room without an opening time (its clock starts at the first ticket)', () => {
  it('lets people begin in order of arrival, at the set rate, showing the others their place', async () => {
    const BASE = base(NO_OPENING);
    const [first, second, third] = [await loginAs(t, TEST_PEOPLE.citizen), await loginAs(t, TEST_PEOPLE.citizen2), await loginAs(t, TEST_PEOPLE.citizen3)];
    const a = await first.get(BASE);
    expect(a.statusCode).toBe(303);
    expect(a.headers.location).toBe(`${BASE}/informativa`);

    const b = await second.get(BASE);
    expect(b.statusCode).toBe(200);
    expect(b.headers['cache-control']).toContain('no-store');
    expect(b.body).toContain('Sala d&#39;attesa virtuale');
    expect(b.body).toContain('Sei il prossimo a entrare.');
    expect(b.body).not.toContain('Le domande si aprono');
    expect(b.body).toMatch(/<meta http-equiv="refresh" content="3">/);
    const c = await third.get(BASE);
    expect(c.body).toContain('Davanti a te c&#39;è una persona.');
    // the same place on a reload, not a new ticket
    expect((await third.get(BASE)).body).toContain('Davanti a te c&#39;è una persona.');

    // a person who already has a draft goes straight on
    expect((await first.get(BASE)).statusCode).toBe(303);

    clock.advance(1100);
    expect((await second.get(BASE)).headers.location).toBe(`${BASE}/informativa`);
    expect((await third.get(BASE)).statusCode).toBe(200);
    clock.advance(1000);
    expect((await third.get(BASE)).headers.location).toBe(`${BASE}/informativa`);
  });

  it('leaves the other procedures alone', async () => {
    const person = await loginAs(t, TEST_PEOPLE.citizen);
    expect((await person.get('/servizi/certificato-residenza/domanda')).statusCode).toBe(303);
  });
});

describe('a room metered from the opening time', () => {
  const BASE = base(WITH_OPENING);
  const position = (body: string) => /Il tuo posto in fila è il numero (\d+)\./.exec(body)?.[1];

  it('gives early arrivals a place in order, lets nobody in before the opening, then lets them in in order at the rate', async () => {
    // arrivals before the opening: Giulio, then Ada in two browsers, then Mario
    const giulio = await loginAs(t, TEST_PEOPLE.citizen);
    const ada = await loginAs(t, TEST_PEOPLE.citizen2);
    const mario = await loginAs(t, TEST_PEOPLE.citizen3);
    clock.set(opening - 240_000);
    const g = await giulio.get(BASE);
    expect(g.statusCode).toBe(200);
    expect(g.body).toContain('Le domande si aprono il');
    expect(position(g.body)).toBe('1');
    // the estimate includes the time to the opening (four minutes)
    expect(g.body).toContain('Attesa stimata: circa 4 minuti.');
    expect(g.body).toMatch(/<meta http-equiv="refresh" content="30">/);
    expect(position((await ada.get(BASE)).body)).toBe('2');
    expect(position((await mario.get(BASE)).body)).toBe('3');

    // a second browser of Ada's, a new login: the same place, not a new one at the end
    const adaElsewhere = await loginAs(t, TEST_PEOPLE.citizen2);
    expect(position((await adaElsewhere.get(BASE)).body)).toBe('2');
    // reloads keep the places
    expect(position((await mario.get(BASE)).body)).toBe('3');
    expect(position((await ada.get(BASE)).body)).toBe('2');

    // a second before the opening: still nobody in
    clock.set(opening - 1000);
    for (const person of [giulio, ada, adaElsewhere, mario]) expect((await person.get(BASE)).statusCode).toBe(200);

    // at the opening, one a second in order of arrival
    clock.set(opening);
    expect((await mario.get(BASE)).statusCode).toBe(200);
    expect((await ada.get(BASE)).statusCode).toBe(200);
    const first = await giulio.get(BASE);
    expect(first.headers.location).toBe(`${BASE}/informativa`);
    const waiting = await mario.get(BASE);
    expect(waiting.body).toContain('Davanti a te c&#39;è una persona.');
    expect(waiting.body).not.toContain('Le domande si aprono');

    clock.set(opening + 1000);
    expect((await mario.get(BASE)).statusCode).toBe(200);
    expect((await adaElsewhere.get(BASE)).headers.location).toBe(`${BASE}/informativa`);
    // Ada's other browser goes on with the draft begun in the first one
    expect((await ada.get(BASE)).headers.location).toBe(`${BASE}/informativa`);

    clock.set(opening + 2000);
    expect((await mario.get(BASE)).headers.location).toBe(`${BASE}/informativa`);

    // one ticket per person in the database, under a hash of the fiscal code
    const tickets = await t.app.db.selectFrom('waiting_room_tickets').selectAll().where('procedure_slug', '=', WITH_OPENING).orderBy('rank').execute();
    expect(tickets.map((row) => Number(row.rank))).toEqual([1, 2, 3]);
    for (const row of tickets) expect(row.holder).toMatch(/^[0-9a-f]{64}$/);
    expect(tickets.map((row) => new Date(row.starts_at).getTime())).toEqual([opening, opening, opening]);
  });

  it('starts again from the first place when the opening time moves to the next click day, forgetting the old places', async () => {
    const next = opening + 3600_000;
    const { id } = await t.app.services.admin.importDefinition(TEST_PEOPLE.admin, callDefinition(WITH_OPENING, `opensAt: "${new Date(next).toISOString()}"`), `${WITH_OPENING}.yaml`, true);
    await t.app.services.admin.publish(TEST_PEOPLE.admin, id, { acceptWarnings: true });
    // the last click day's drafts are gone (filed, or expired); Mario held place 3 of it (in
    // his cookie and in the database): not any more
    await t.app.db.deleteFrom('drafts').where('procedure_id', '=', id).execute();
    const mario = await loginAs(t, TEST_PEOPLE.citizen3);
    const page = await mario.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(position(page.body)).toBe('1');
    const tickets = await t.app.db.selectFrom('waiting_room_tickets').selectAll().where('procedure_slug', '=', WITH_OPENING).execute();
    expect(tickets.map((row) => [Number(row.rank), new Date(row.starts_at).getTime()])).toEqual([[1, next]]);
  });
});
